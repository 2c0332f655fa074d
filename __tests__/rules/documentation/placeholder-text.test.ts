import { describe, expect, it } from '@jest/globals'
import { fixture, findings, runDoc, STRICT, unit } from './helpers.js'

const RULE = 'doc/placeholder-text'

describe('doc/placeholder-text', () => {
  it('reports leftover template text in one finding per card, listing the sections, as a notice', async () => {
    const r = await runDoc(unit(fixture('template-unfilled.md')), undefined, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'notice 7 4 sections still hold template placeholder text ({{ … }} (an unfilled template field), [More Information Needed], TODO, …): "Model Card for {{ model_id }}" (line 7), "Model Details" (line 13), "Out-of-Scope Use" (line 26), "Citation [optional]" (line 47); replace it or remove it',
    ])
    expect(r.findings[0]!.details?.sections).toEqual([
      { heading: 'Model Card for {{ model_id }}', line: 7, placeholders: ['{{ … }} (an unfilled template field)'], lines: [7] },
      { heading: 'Model Details', line: 13, placeholders: ['[More Information Needed]'], lines: [13] },
      { heading: 'Out-of-Scope Use', line: 26, placeholders: ['TODO'], lines: [26] },
      { heading: 'Citation [optional]', line: 47, placeholders: ['[optional]'], lines: [47] },
    ])
  })

  it('skips sections that doc/required-sections reports as placeholder-only, unless it is off', async () => {
    const sections = async (policy: string) => ((await runDoc(unit(fixture('template-unfilled.md')), policy, [RULE])).findings[0]!.details!.sections as { line: number }[]).map((s) => s.line)
    expect(await sections(STRICT)).toEqual([7, 13, 47])
    expect(await sections('version: 1\nrules:\n  doc/required-sections: off\n')).toEqual([7, 13, 22, 26, 30, 36, 47])
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

describe('the older Hugging Face card template', () => {
  // The shape of the transformers `model_cards/` template (2020–2021), written for this test.
  const old = [
    '---',
    'language: "ISO 639-1 code for your language, or `multilingual`"',
    'thumbnail: "url to a thumbnail used in social sharing"',
    'tags: [text-classification]',
    'license: "any valid license identifier"',
    'datasets:',
    '- array of dataset identifiers',
    '---',
    '',
    '# Ticket router',
    '',
    '## Model description',
    '',
    'You can embed local or remote images using `![](...)`',
    '',
    '## Intended uses & limitations',
    '',
    'Routes support tickets to a queue.',
    '',
    '#### Limitations and bias',
    '',
    'Provide examples of latent issues and potential remediations.',
    '',
    '## Training data',
    '',
    'Describe the data you used to train the model.',
    'If you initialized it with pre-trained weights, add a link to the pre-trained model card or repository with description of the pre-training data.',
    '',
    '## Training procedure',
    '',
    'Preprocessing, hardware used, hyperparameters...',
    '',
    '## Eval results',
    '',
    '### BibTeX entry and citation info',
    '',
    '```bibtex',
    '@inproceedings{x, year={2020}}',
    '```',
    '',
  ].join('\n')

  it('treats its guidance sentences as placeholders, and an "Eval results" holding only a citation as empty', async () => {
    const r = await runDoc(unit(old), undefined, [RULE, 'doc/required-sections', 'doc/required-fields'])
    expect(r.findings.map((f) => `${f.ruleId} ${f.line} ${f.message}`)).toEqual([
      'doc/required-fields 2 `language` holds placeholder text (ISO 639-1 code for your language, or `multilingual`): set a real value',
      'doc/required-fields 5 `license` holds placeholder text (any valid license identifier): set a real value',
      'doc/placeholder-text 14 2 sections still hold template placeholder text (the template’s “You can embed local or remote images…”, the template’s “Preprocessing, hardware used, hyperparameters…”): "Model description" (line 14), "Training procedure" (line 31); replace it or remove it',
      'doc/required-sections 20 3 required sections are empty or only placeholder text: "Limitations and bias" (line 20: limitations and risks); "Training data" (line 24: training data); "Eval results" (line 33: evaluation); write them',
    ])
  })
})
