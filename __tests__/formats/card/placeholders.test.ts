import { describe, expect, it } from '@jest/globals'
import { parseCard } from '../../../src/formats/card/index.js'
import {
  compilePlaceholders,
  DEFAULT_PLACEHOLDERS,
  headingPlaceholders,
  isPlaceholderValue,
  judgeBlocks,
  sectionTreeBlocks,
  stripPlaceholders,
  type PlaceholderHit,
} from '../../../src/formats/card/placeholders.js'

const { compiled } = compilePlaceholders(DEFAULT_PLACEHOLDERS)
const judge = (md: string) => {
  const card = parseCard('README.md', `## S\n${md}`)
  return judgeBlocks(card.sections[0]!.blocks, compiled)
}

describe('placeholders', () => {
  it('finds the Hugging Face template markers, TODO/TBD and Lorem ipsum in prose', () => {
    expect(judge('[More Information Needed]')).toEqual({ filled: false, hits: [{ line: 2, label: '[More Information Needed]' }] })
    expect(judge('{{ direct_use | default("[More Information Needed]", true)}}')).toEqual({
      filled: false,
      hits: [{ line: 2, label: '{{ … }} (an unfilled template field)' }],
    })
    expect(judge('TODO: describe the data').hits).toEqual([{ line: 2, label: 'TODO' }])
    expect(judge('TBD').filled).toBe(false)
    expect(judge('Lorem ipsum dolor sit amet, consectetur adipiscing elit.')).toEqual({ filled: false, hits: [{ line: 2, label: 'Lorem ipsum' }] })
  })

  it('counts a label with a placeholder value as empty, and real text as filled', () => {
    expect(judge('- **Developed by:** [More Information Needed]\n- **Funded by [optional]:** [More Information Needed]').filled).toBe(false)
    expect(judge('- **Developed by:** Acme\n').filled).toBe(true)
    expect(judge('Trained on 7,000 descriptions. [More Information Needed]')).toEqual({
      filled: true,
      hits: [{ line: 2, label: '[More Information Needed]' }],
    })
  })

  it('ignores HTML comments and code, which count as content but hold no placeholders', () => {
    expect(judge('<!-- Provide a longer summary. TODO -->')).toEqual({ filled: false, hits: [] })
    expect(judge('```\n# TODO later\nrun()\n```')).toEqual({ filled: true, hits: [] })
    expect(judge('Use `{{ x }}` in prompts.').hits).toEqual([])
  })

  it('is case-sensitive for TODO/TBD (a "todo list" is not a placeholder)', () => {
    expect(judge('A todo list assistant; tbd is not shouted.')).toEqual({ filled: true, hits: [] })
  })

  it('strips the template boilerplate sentences', () => {
    const env = judge(
      'Carbon emissions can be estimated using the [Machine Learning Impact calculator](https://mlco2.github.io/impact#compute) presented in [Lacoste et al. (2019)](https://arxiv.org/abs/1910.09700).\n\n- **Hardware Type:** [More Information Needed]',
    )
    expect(env.filled).toBe(false)
    expect(env.hits.map((h) => h.label)).toEqual(['the template’s carbon-calculator sentence', '[More Information Needed]'])
  })

  it('judges a section with its subsections, and heading markers separately', () => {
    const card = parseCard('README.md', '## Uses\n<!-- c -->\n### Direct Use\nReal text here.\n## Next\n')
    expect(judgeBlocks(sectionTreeBlocks(card, 0), compiled).filled).toBe(true)
    expect(judgeBlocks(card.sections[0]!.blocks, compiled).filled).toBe(false)
    expect(headingPlaceholders(parseCard('R', '### Model Sources [optional]\n').sections[0]!, compiled)).toEqual([{ line: 1, label: '[optional]' }])
  })

  it('recognises placeholder metadata values', () => {
    expect(isPlaceholderValue('TODO', compiled)).toBe(true)
    expect(isPlaceholderValue('{{ license }}', compiled)).toBe(true)
    expect(isPlaceholderValue('apache-2.0', compiled)).toBe(false)
    expect(isPlaceholderValue(['TODO', ''], compiled)).toBe(true)
    expect(isPlaceholderValue(['TODO', 'audio'], compiled)).toBe(false)
    expect(isPlaceholderValue(42, compiled)).toBe(false)
  })

  it('returns invalid patterns as errors instead of throwing', () => {
    const r = compilePlaceholders(['(?i)draft', '([unclosed'])
    expect(r.compiled.map((c) => c.pattern)).toEqual(['(?i)draft'])
    expect(r.errors.map((e) => e.pattern)).toEqual(['([unclosed'])
  })
})

describe('built-in placeholders on the native engine', () => {
  // The built-in patterns run on V8's RegExp for speed; they must strip exactly what RE2 strips.
  const lines = [
    'Developed by: [More Information Needed]',
    '{{ model_description | default("[More Information Needed]", true)}} and more',
    'TODO: write this. TBD. Lorem ipsum dolor sit amet',
    '[optional] [Insert the dataset here] and [your name]',
    'Carbon emissions can be estimated using the Machine Learning Impact calculator presented in Lacoste et al. (2019).',
    'Use the code below to get started with the model. More information needed',
    'Real content: accuracy 0.91 on 2,000 tickets; no TODOs here (TODOLIST is a word).',
    '{% if x %}{% endif %} Provide some evaluation results.',
    'Any valid license identifier; ISO 639-1 code for your language, or `multilingual`',
  ]
  it.each(lines)('%s', (line) => {
    const native = compilePlaceholders(DEFAULT_PLACEHOLDERS).compiled
    expect(native.every((p) => p.native instanceof RegExp && p.re === undefined)).toBe(true)
    const re2 = compilePlaceholders(DEFAULT_PLACEHOLDERS, { native: false }).compiled
    expect(re2.every((p) => p.native === undefined && p.re !== undefined)).toBe(true)
    const a: PlaceholderHit[] = []
    const b: PlaceholderHit[] = []
    expect(stripPlaceholders(line, 1, native, a)).toBe(stripPlaceholders(line, 1, re2, b))
    expect(a).toEqual(b)
  })
  it('policy patterns stay on RE2', () => {
    const { compiled } = compilePlaceholders(['(?i)pending review'])
    expect(compiled[0]!.native).toBeUndefined()
  })
})
