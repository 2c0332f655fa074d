import { describe, expect, it } from '@jest/globals'
import { loadPolicy, formatProblem } from '../../../src/core/policy/load.js'
import { ruleSet } from '../../../src/rules/index.js'
import { EU, findings, runDoc, STRICT, unit } from './helpers.js'

const RULE = 'doc/required-sections'
const FM = '---\nlicense: mit\n---\n'
const card = (...sections: string[]) => FM + '# Model\n\n' + sections.join('\n\n') + '\n'
const filled = (title: string) => `## ${title}\n\nReal content about ${title.toLowerCase()}.`

describe('doc/required-sections', () => {
  it('reports each missing section at the front matter line, with headings that would satisfy it', async () => {
    const r = await runDoc(unit(card(filled('Intended uses'))), undefined, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.path}:${f.line} ${f.message}`)).toEqual([
      'warning m/README.md:1 card has no evaluation section: add a heading such as "## Evaluation" or "## Evaluation results" with its content',
      'warning m/README.md:1 card has no limitations and risks section: add a heading such as "## Limitations" or "## Bias, Risks, and Limitations" with its content',
      'warning m/README.md:1 card has no training data section: add a heading such as "## Training data" or "## Training dataset" with its content',
    ])
    expect(r.findings[0]!.details).toEqual({ section: 'evaluation', problem: 'missing', headings: ['Evaluation', 'Evaluation results', 'Eval results', 'Results', 'Evaluation data', 'Performance'] })
  })

  it('reports at line 1 of a card without front matter', async () => {
    expect(await findings(unit('# M\n\n## Uses\nx y z\n## Limitations\nx y z\n## Training data\nx y z\n'), RULE)).toEqual([
      'doc/required-sections m/README.md:1 card has no evaluation section: add a heading such as "## Evaluation" or "## Evaluation results" with its content',
    ])
  })

  const families: [string, string[]][] = [
    ['intended use', ['Intended uses & limitations', 'Uses', 'Direct Use', 'Intended Use', '1. Intended purpose', 'Use cases [optional]']],
    ['limitations', ['Bias, Risks, and Limitations', 'Limitations and bias', 'Limitations', 'Risks', 'Known limitations', 'Caveats and Recommendations']],
    ['training data', ['Training data', 'Training Details', 'Training', 'Pre-training data', 'Data Sources', 'Training and evaluation data']],
    ['evaluation', ['Evaluation', 'Eval results', 'Evaluation Results', 'Testing Data, Factors & Metrics', 'Results', 'Performance']],
  ]
  for (const [family, headings] of families) {
    it(`accepts every synonym for ${family}`, async () => {
      const others = families.filter(([f]) => f !== family).map(([, h]) => filled(h[0]!))
      for (const h of headings) {
        expect([h, await findings(unit(card(filled(h), ...others)), RULE)]).toEqual([h, []])
      }
    })
  }

  it('checks the strict synonym families too', async () => {
    const base = ['Uses', 'Limitations', 'Training data', 'Evaluation'].map(filled)
    const strictOk = [filled('Out-of-Scope Use'), filled('Ethical considerations'), filled('Environmental Impact'), filled('Citation')]
    expect(await findings(unit(card(...base, ...strictOk)), RULE, STRICT)).toEqual([])
    const alt = [filled('Misuse, Malicious Use, and Out-of-Scope Use'), filled('Bias and fairness'), filled('Carbon emissions'), filled('Model Card Contact')]
    expect(await findings(unit(card(...base, ...alt)), RULE, STRICT)).toEqual([])
    expect(await findings(unit(card(...base)), RULE, STRICT)).toEqual([
      'doc/required-sections m/README.md:1 card has no bias and ethical considerations section: add a heading such as "## Bias, Risks, and Limitations" or "## Bias" with its content',
      'doc/required-sections m/README.md:1 card has no citation or contact section: add a heading such as "## Citation" or "## Model card contact" with its content',
      'doc/required-sections m/README.md:1 card has no environmental impact section: add a heading such as "## Environmental impact" or "## Carbon emissions" with its content',
      'doc/required-sections m/README.md:1 card has no out-of-scope use section: add a heading such as "## Out-of-scope use" or "## Out-of-scope uses" with its content',
    ])
  })

  it('counts an empty or placeholder-only section as missing, at its heading', async () => {
    const text = card(
      '## Uses\n\n<!-- how is it used? -->\n\n### Direct Use\n\n{{ direct_use | default("[More Information Needed]", true)}}',
      '## Bias, Risks, and Limitations\n\n[More Information Needed]',
      '## Training data\n\nTODO',
      '## Evaluation',
    )
    expect(await findings(unit(text), RULE)).toEqual([
      'doc/required-sections m/README.md:10 section "Direct Use" is only placeholder text ({{ … }} (an unfilled template field)), so the card does not document intended use: write it',
      'doc/required-sections m/README.md:14 section "Bias, Risks, and Limitations" is only placeholder text ([More Information Needed]), so the card does not document limitations and risks: write it',
      'doc/required-sections m/README.md:18 section "Training data" is only placeholder text (TODO), so the card does not document training data: write it',
      'doc/required-sections m/README.md:22 section "Evaluation" is empty, so the card does not document evaluation: write it',
    ])
  })

  it('judges the specific subsection, not the heading that joins topics', async () => {
    const text = card(
      '## Intended uses & limitations\n\nUse it to translate news.\n\n#### Limitations and bias\n',
      filled('Training data'),
      filled('Evaluation'),
    )
    expect(await findings(unit(text), RULE)).toEqual([
      'doc/required-sections m/README.md:10 section "Limitations and bias" is empty, so the card does not document limitations and risks: write it',
    ])
    expect(await findings(unit(text), RULE, STRICT)).toContain(
      'doc/required-sections m/README.md:10 section "Limitations and bias" is empty, so the card does not document limitations and risks or bias and ethical considerations: write it',
    )
  })

  it('takes setext headings and any depth', async () => {
    const text = FM + 'Model\n=====\n\nIntended uses\n-------------\nRouting tickets.\n\n###### Limitations\nShort tickets.\n\n#### Training data\nTickets.\n\n##### Evaluation\nAccuracy 0.9.\n'
    expect(await findings(unit(text), RULE)).toEqual([])
  })

  it('adds the Annex IV sections for a unit declared high-risk, citing each article', async () => {
    const text = '---\nlicense: mit\nrisk_level: high\n---\n# M\n\n' + ['Uses', 'Limitations', 'Training data', 'Evaluation'].map(filled).join('\n\n')
    const r = await runDoc(unit(text), undefined, [RULE])
    expect(r.findings.map((f) => [f.details?.section, f.details?.tier, f.details?.regulation])).toEqual([
      ['bias', 'high', 'EU AI Act Art. 10(2)(f), (g)'],
      ['lifecycle-changes', 'high', 'EU AI Act Annex IV(6); Art. 13(3)(c)'],
      ['cybersecurity', 'high', 'EU AI Act Annex IV(2)(h); Art. 15'],
      ['data-preparation', 'high', 'EU AI Act Annex IV(2)(d); Art. 10(2)(c)'],
      ['environmental-impact', 'high', 'EU AI Act Annex IV(2)(c)'],
      ['human-oversight', 'high', 'EU AI Act Annex IV(2)(e); Art. 13(3)(d); Art. 14'],
      ['instructions-for-use', 'high', 'EU AI Act Annex IV(1)(h); Art. 13(2)'],
      ['out-of-scope-use', 'high', 'EU AI Act Art. 13(3)(b)(iii)'],
      ['per-group-performance', 'high', 'EU AI Act Annex IV(3); Art. 13(3)(b)(v)'],
      ['post-market-monitoring', 'high', 'EU AI Act Annex IV(9); Art. 72'],
      ['technical-specifications', 'high', 'EU AI Act Annex IV(1)(c), (e); Art. 13(3)(e)'],
    ])
    expect(r.findings[0]!.message).toBe(
      'card has no bias and ethical considerations section (required for risk tier `high`): add a heading such as "## Bias, Risks, and Limitations" or "## Bias" with its content [EU AI Act Art. 10(2)(f), (g)]',
    )
    expect(new Set(r.findings.map((f) => f.severity))).toEqual(new Set(['warning']))
  })

  it('lets a policy add headings and its own sections', async () => {
    const policy = [
      'version: 1',
      'settings:',
      '  documentation:',
      '    synonyms:',
      '      intended-use: [Zweck]',
      '    required-sections:',
      '      - intended-use',
      '      - {id: model-risk, title: model risk rating, synonyms: [Model risk, MRM rating], regulation: SR 11-7}',
    ].join('\n')
    expect(await findings(unit(card(filled('Zweck'), filled('MRM rating'))), RULE, policy)).toEqual([])
    expect(await findings(unit(card(filled('Zweck'))), RULE, policy)).toEqual([
      'doc/required-sections m/README.md:1 card has no model risk rating section: add a heading such as "## Model risk" or "## MRM rating" with its content [SR 11-7]',
    ])
  })

  it('rejects unknown section ids and bad patterns in the policy, at their line', () => {
    const text = 'version: 1\nsettings:\n  documentation:\n    required-sections: [intended-use, intended_uses]\n    placeholders: ["([unclosed"]\n'
    const loaded = loadPolicy({ text, source: 'p.yml', ruleSet })
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) {
      expect(loaded.problems.map(formatProblem)).toEqual([
        expect.stringMatching(/^p\.yml:4:\d+: `settings\.documentation\.required-sections\.1`: unknown section id "intended_uses": use one of intended-use, /),
        expect.stringMatching(/^p\.yml:5:\d+: `settings\.documentation\.placeholders\.0`: not a valid RE2 pattern: /),
      ])
    }
  })

  it('reads Model Card Toolkit considerations as sections', async () => {
    const mct = JSON.stringify(
      {
        model_details: { name: 'm' },
        model_parameters: { data: [{ name: 'train', description: 'photos' }] },
        quantitative_analysis: { performance_metrics: [{ type: 'accuracy', value: 0.9 }] },
        considerations: { use_cases: [{ description: 'sorting photos' }], limitations: [{ description: '' }] },
      },
      null,
      2,
    )
    expect(await findings({ 'm/model.pt': 'x', 'm/model_card.json': mct }, RULE)).toEqual([
      'doc/required-sections m/model_card.json:27 section "Limitations" is empty, so the card does not document limitations and risks: write it',
    ])
  })

  it('is an error under the EU preset', async () => {
    const r = await runDoc(unit(card(filled('Uses'))), EU, [RULE])
    expect(r.findings.length).toBe(14)
    expect(new Set(r.findings.map((f) => f.severity))).toEqual(new Set(['error']))
  })
})
