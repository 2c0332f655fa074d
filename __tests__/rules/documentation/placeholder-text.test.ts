import { describe, expect, it } from '@jest/globals'
import { fixture, findings, runDoc, STRICT, unit } from './helpers.js'

const RULE = 'doc/placeholder-text'

describe('doc/placeholder-text', () => {
  it('reports leftover template text once per section, at its first line, as a notice', async () => {
    const r = await runDoc(unit(fixture('template-unfilled.md')), undefined, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'notice 7 section "Model Card for {{ model_id }}" still holds template placeholder text: {{ … }} (an unfilled template field); replace it or remove it',
      'notice 13 section "Model Details" still holds template placeholder text: [More Information Needed]; replace it or remove it',
      'notice 26 section "Out-of-Scope Use" still holds template placeholder text: TODO; replace it or remove it',
      'notice 47 section "Citation [optional]" still holds template placeholder text: [optional]; replace it or remove it',
    ])
  })

  it('skips sections that doc/required-sections reports as placeholder-only, unless it is off', async () => {
    const strict = await findings(unit(fixture('template-unfilled.md')), RULE, STRICT)
    expect(strict.map((l) => l.split(' ')[1])).toEqual(['m/README.md:7', 'm/README.md:13', 'm/README.md:47'])
    const off = await findings(unit(fixture('template-unfilled.md')), RULE, 'version: 1\nrules:\n  doc/required-sections: off\n')
    expect(off.map((l) => l.split(' ')[1])).toEqual([
      'm/README.md:7',
      'm/README.md:13',
      'm/README.md:22',
      'm/README.md:26',
      'm/README.md:30',
      'm/README.md:36',
      'm/README.md:47',
    ])
  })

  it('lists several placeholders and their lines', async () => {
    const card = '# M\n\n## Details\n\n- **Developed by:** [More Information Needed]\n- **Funded by [optional]:** TBD\n- **License:** MIT\n'
    expect(await findings(unit(card), RULE)).toEqual([
      'doc/placeholder-text m/README.md:5 section "Details" still holds template placeholder text: [More Information Needed], [optional], TBD (lines 5, 6); replace it or remove it',
    ])
  })

  it('checks the introduction before the first heading, but not code or comments', async () => {
    expect(await findings(unit('Lorem ipsum dolor sit amet.\n\n# M\n\n```\n# TODO\n```\n<!-- TODO -->\n'), RULE)).toEqual([
      'doc/placeholder-text m/README.md:1 the card’s introduction still holds template placeholder text: Lorem ipsum; replace it or remove it',
    ])
  })

  it('uses the policy’s extra patterns and can drop the built-in ones', async () => {
    const card = '# M\n\n## Notes\n\nDRAFT — numbers to be confirmed. TODO\n'
    const extra = 'version: 1\nsettings:\n  documentation:\n    placeholders: ["(?i)\\\\bdraft\\\\b"]\n'
    expect(await findings(unit(card), RULE, extra)).toEqual([
      'doc/placeholder-text m/README.md:5 section "Notes" still holds template placeholder text: TODO, (?i)\\bdraft\\b; replace it or remove it',
    ])
    const only = 'version: 1\nsettings:\n  documentation:\n    builtin-placeholders: false\n    placeholders: ["(?i)\\\\bdraft\\\\b"]\n'
    expect(await findings(unit(card), RULE, only)).toEqual([
      'doc/placeholder-text m/README.md:5 section "Notes" still holds template placeholder text: (?i)\\bdraft\\b; replace it or remove it',
    ])
  })
})
