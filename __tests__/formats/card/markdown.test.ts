import { describe, expect, it } from '@jest/globals'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { cutPoints, markdownBlocks } from '../../../src/formats/card/markdown.js'

const headings = (nodes: { type: string; position?: { start: { line: number } } }[]) =>
  nodes.filter((n) => n.type === 'heading').map((n) => n.position!.start.line)

describe('large Markdown in pieces', () => {
  it('cuts only at blank lines outside fenced code and multi-line HTML blocks', () => {
    const lines = ['a', '', '```', '', '# x', '```', '', '<!--', '', '# y', '-->', '', 'b', '']
    expect(cutPoints(lines, 1)).toEqual([1, 6, 11, 13])
    expect(cutPoints(['~~~~', '', '~~~', '', '~~~~', ''], 1)).toEqual([5])
  })

  it('finds the same headings at the same lines as one parse of the whole document', () => {
    const unit = [
      '## Section',
      '',
      'Prose with a [link](http://x) and `code`.',
      '',
      '```python',
      '# a comment, not a heading',
      '',
      'x = 1',
      '```',
      '',
      '<!--',
      '# not a heading either',
      '',
      '-->',
      '',
      '- item',
      '',
      '  continued item',
      '',
      'Setext title',
      '------------',
      '',
    ].join('\n')
    const doc = '# Top\n\n' + unit.repeat(Math.ceil(140_000 / unit.length))
    const whole = headings(fromMarkdown(doc).children)
    const pieces = headings(markdownBlocks(doc))
    expect(pieces.length).toBe(whole.length)
    expect(pieces).toEqual(whole)
  })
})
