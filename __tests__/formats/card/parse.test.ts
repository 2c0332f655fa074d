import { describe, expect, it } from '@jest/globals'
import { parseCard } from '../../../src/formats/card/index.js'

const titles = (text: string) => parseCard('README.md', text).sections.map((s) => [s.title, s.depth, s.line, s.endLine])

describe('parseCard: front matter', () => {
  it('reads the metadata mapping and positions its keys', () => {
    const c = parseCard('README.md', '---\nlicense: mit\ntags:\n- a\n---\n# T\n')
    expect(c.metadata).toEqual({ license: 'mit', tags: ['a'] })
    expect(c.frontMatter).toMatchObject({ startLine: 1, endLine: 5, errors: [] })
    expect(c.frontMatter!.locate(['tags'], { key: true })).toEqual({ line: 3, column: 1 })
    expect(c.bodyLine).toBe(6)
    expect(c.sections[0]).toMatchObject({ title: 'T', line: 6 })
  })

  it('allows leading blank lines and whitespace before the fence, as the Hub does', () => {
    const c = parseCard('README.md', '\n  \n---\nlicense: mit\n---\n# T\n')
    expect(c.frontMatter).toMatchObject({ startLine: 3, endLine: 5 })
    expect(c.metadata).toEqual({ license: 'mit' })
    expect(c.sections[0]!.line).toBe(6)
  })

  it('reads CRLF, CR and a BOM with the same line numbers as LF', () => {
    for (const eol of ['\r\n', '\r', '\n']) {
      const c = parseCard('README.md', '\ufeff' + ['---', 'license: mit', 'language: en', '---', '', '# Hello', '', 'Body.'].join(eol))
      expect(c.metadata).toEqual({ license: 'mit', language: 'en' })
      expect(c.frontMatter!.locate(['language'], { key: true })).toEqual({ line: 3, column: 1 })
      expect(c.sections.map((s) => [s.title, s.line, s.body])).toEqual([['Hello', 6, 'Body.']])
    }
  })

  it('reports a YAML syntax error at its card line and column, and reads no metadata', () => {
    const c = parseCard('README.md', '---\nlicense: mit\ndatasets:\n- a\n  b: c\n---\n')
    expect(c.metadata).toEqual({})
    expect(c.frontMatter!.data).toBeUndefined()
    // `- a` runs on into `b: c`: a key spanning two lines, reported where it starts.
    expect(c.frontMatter!.errors[0]).toEqual({ line: 4, column: 3, message: 'Implicit keys need to be on a single line' })
  })

  it('rejects a list or a scalar as front matter, at its first line', () => {
    const list = parseCard('README.md', '---\n# a comment\n- a\n- b\n---\n')
    expect(list.frontMatter!.errors).toEqual([{ line: 3, column: 1, message: 'front matter must be a YAML mapping (key: value pairs), not a list' }])
    const scalar = parseCard('README.md', '---\njust text\n---\n')
    expect(scalar.frontMatter!.errors[0]!.message).toBe('front matter must be a YAML mapping (key: value pairs), not a string')
  })

  it('treats an empty block as empty metadata', () => {
    expect(parseCard('README.md', '---\n---\n# T').metadata).toEqual({})
    expect(parseCard('README.md', '---\n\n---\n# T').frontMatter!.errors).toEqual([])
  })

  it('reports an opening fence that is never closed, and reads the rest as Markdown', () => {
    const c = parseCard('README.md', '---\nlicense: mit\n# Title\n')
    expect(c.frontMatter).toBeUndefined()
    expect(c.problems).toEqual([
      { kind: 'unclosed-front-matter', line: 1, column: 1, message: 'the front matter opened by `---` on line 1 is never closed by a second `---` line' },
    ])
  })

  it('reports an unfilled template field instead of parsing it as a nested mapping', () => {
    const c = parseCard('README.md', '---\n# see the spec\n{{ card_data }}\n---\n')
    expect(c.frontMatter!.errors).toEqual([{ line: 3, column: 1, message: 'front matter is still a template: `{{ card_data }}` is an unfilled field' }])
    expect(parseCard('README.md', '---\nlicense: "{{ x }}"\n---\n').metadata).toEqual({ license: '{{ x }}' })
  })

  it('accepts quoted values continued on under-indented lines, as PyYAML and the Hub do', () => {
    const c = parseCard('README.md', '---\nwidget:\n- text: "Task: copy.\\n\nPSG won."\n  example_title: "x"\nlicense: mit\n---\n')
    expect(c.frontMatter!.errors).toEqual([])
    expect(c.metadata).toEqual({ widget: [{ text: 'Task: copy.\n PSG won.', example_title: 'x' }], license: 'mit' })
    expect(c.frontMatter!.locate(['license'], { key: true })).toEqual({ line: 6, column: 1 })
  })

  it('keeps the raw YAML lines for source checks', () => {
    expect(parseCard('README.md', '---\na: 1\n---\n').frontMatter!.lines).toEqual(['a: 1'])
  })
})

describe('parseCard: sections', () => {
  it('builds the heading tree from ATX and setext headings at any depth', () => {
    const text = ['# Title', 'intro', '', 'Uses', '----', 'text', '', '#### Deep', 'deep text', '', 'Other', '=====', 'x'].join('\n')
    expect(titles(text)).toEqual([
      ['Title', 1, 1, 10],
      ['Uses', 2, 4, 10],
      ['Deep', 4, 8, 10],
      ['Other', 1, 11, 13],
    ])
    const c = parseCard('README.md', text)
    expect(c.sections.map((s) => s.parent)).toEqual([undefined, 0, 1, undefined])
    expect(c.sections[1]!.body).toBe('text')
    expect(c.sections[1]!.fullBody).toBe('text\n\n#### Deep\ndeep text')
  })

  it('does not take `#` lines in code fences, HTML blocks or indented code for headings', () => {
    const text = ['# A', '```python', '# not a heading', '```', '<div>', '# nor this', '</div>', '', '    # nor this', '', '## B'].join('\n')
    expect(titles(text).map((t) => t[0])).toEqual(['A', 'B'])
  })

  it('flattens inline markup in titles and drops HTML comments', () => {
    expect(titles('## **Bold** `code` [link](x) <!-- c -->\n')[0]![0]).toBe('Bold code link')
  })

  it('separates prose from code, inline code and HTML comments in blocks', () => {
    const c = parseCard('README.md', ['## S', '<!-- hint -->', '', 'Some **text** and `code`.', '', '```', 'x = 1', '```', '', '- item [link](u)'].join('\n'))
    const blocks = c.sections[0]!.blocks
    expect(blocks.map((b) => [b.type, b.line, b.other])).toEqual([
      ['comment', 2, false],
      ['paragraph', 4, true],
      ['code', 6, true],
      ['list', 10, false],
    ])
    expect(blocks[1]!.prose).toEqual([{ line: 4, text: 'Some text and .' }])
    expect(blocks[3]!.prose).toEqual([{ line: 10, text: 'item link' }])
  })

  it('keeps the content before the first heading as the preamble', () => {
    const c = parseCard('README.md', 'Just one line.\n')
    expect(c.sections).toEqual([])
    expect(c.preamble!.map((b) => b.prose)).toEqual([[{ line: 1, text: 'Just one line.' }]])
  })

  it('counts lines after front matter from the card start', () => {
    const c = parseCard('README.md', '---\na: 1\n---\n\n## S\n\ntext\n')
    expect(c.sections[0]).toMatchObject({ line: 5, endLine: 8 })
    expect(c.sections[0]!.blocks[0]!.prose).toEqual([{ line: 7, text: 'text' }])
    expect(c.lineCount).toBe(8)
  })
})
