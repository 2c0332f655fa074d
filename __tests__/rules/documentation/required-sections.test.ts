import { describe, expect, it } from '@jest/globals'
import { loadPolicy, formatProblem } from '../../../src/core/policy/load.js'
import { ruleSet } from '../../../src/rules/index.js'
import { EU, findings, runDoc, STRICT, unit } from './helpers.js'

const RULE = 'doc/required-sections'
const FM = '---\nlicense: mit\n---\n'
const card = (...sections: string[]) => FM + '# Model\n\n' + sections.join('\n\n') + '\n'
const filled = (title: string) => `## ${title}\n\nReal content about ${title.toLowerCase()}.`

describe('doc/required-sections', () => {
  it('reports the missing sections in one finding at the front matter line, with headings that would satisfy them', async () => {
    const r = await runDoc(unit(card(filled('Intended uses'))), undefined, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.path}:${f.line} ${f.message}`)).toEqual([
      'warning m/README.md:1 card lacks 3 required sections: limitations and risks; training data; evaluation; add a heading for each ("## Limitations", "## Training data", "## Evaluation") with its content',
    ])
    expect(r.findings[0]!.details).toEqual({
      problem: 'missing',
      missing: [
        { section: 'limitations', title: 'limitations and risks', headings: ['Limitations', 'Bias, Risks, and Limitations', 'Risks', 'Known limitations', 'Limitation', 'Risks and limitations'] },
        { section: 'training-data', title: 'training data', headings: ['Training data', 'Training dataset', 'Training datasets', 'Training', 'Training details', 'Pretraining data'] },
        { section: 'evaluation', title: 'evaluation', headings: ['Evaluation', 'Evaluation results', 'Eval results', 'Results', 'Evaluation data', 'Performance'] },
      ],
    })
  })

  it('reports a single missing section with its own message, at the first heading of a card without front matter', async () => {
    const r = await runDoc(unit('<!-- badge -->\n\n# M\n\n## Uses\nx y z\n## Limitations\nx y z\n## Training data\nx y z\n'), undefined, [RULE])
    expect(r.findings.map((f) => `${f.ruleId} ${f.path}:${f.line} ${f.message}`)).toEqual([
      'doc/required-sections m/README.md:3 card has no evaluation section: add a heading such as "## Evaluation" or "## Evaluation results" with its content',
    ])
    expect(r.findings[0]!.details).toEqual({ section: 'evaluation', problem: 'missing', headings: ['Evaluation', 'Evaluation results', 'Eval results', 'Results', 'Evaluation data', 'Performance'] })
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
      'doc/required-sections m/README.md:1 card lacks 4 required sections: out-of-scope use; bias and ethical considerations; environmental impact; citation or contact; add a heading for each ("## Out-of-scope use", "## Bias, Risks, and Limitations", "## Environmental impact", "## Citation") with its content',
    ])
  })

  it('counts empty or placeholder-only sections as missing, in one finding at the first heading', async () => {
    const text = card(
      '## Uses\n\n<!-- how is it used? -->\n\n### Direct Use\n\n{{ direct_use | default("[More Information Needed]", true)}}',
      '## Bias, Risks, and Limitations\n\n[More Information Needed]',
      '## Training data\n\nTODO',
      '## Evaluation',
    )
    const r = await runDoc(unit(text), undefined, [RULE])
    expect(r.findings.map((f) => `${f.path}:${f.line} ${f.message}`)).toEqual([
      'm/README.md:10 4 required sections are empty or only placeholder text: "Direct Use" (line 10: intended use); "Bias, Risks, and Limitations" (line 14: limitations and risks); "Training data" (line 18: training data); "Evaluation" (line 22: evaluation); write them',
    ])
    expect(r.findings[0]!.details).toEqual({
      problem: 'unfilled',
      unfilled: [
        { heading: 'Direct Use', line: 10, sections: ['intended-use'], problem: 'placeholder' },
        { heading: 'Bias, Risks, and Limitations', line: 14, sections: ['limitations'], problem: 'placeholder' },
        { heading: 'Training data', line: 18, sections: ['training-data'], problem: 'placeholder' },
        { heading: 'Evaluation', line: 22, sections: ['evaluation'], problem: 'empty' },
      ],
    })
    // One such section keeps its own message at its heading.
    expect(await findings(unit(card(filled('Uses'), filled('Limitations'), filled('Training data'), '## Evaluation\n\nTBD')), RULE)).toEqual([
      'doc/required-sections m/README.md:18 section "Evaluation" is only placeholder text (TBD), so the card does not document evaluation: write it',
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

  it('adds the Annex IV sections for a unit declared high-risk in one finding, citing each article', async () => {
    const text = '---\nlicense: mit\nrisk_level: high\n---\n# M\n\n' + ['Uses', 'Limitations', 'Training data', 'Evaluation'].map(filled).join('\n\n')
    const r = await runDoc(unit(text), undefined, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.path}:${f.line} ${f.message}`)).toEqual([
      'warning m/README.md:1 card lacks 11 sections required for risk tier `high`: instructions for use (Annex IV(1)(h); Art. 13(2)); system, software and hardware (Annex IV(1)(c), (e); Art. 13(3)(e)); data labelling and cleaning (Annex IV(2)(d); Art. 10(2)(c)); bias and ethical considerations (Art. 10(2)(f), (g)); performance per group (Annex IV(3); Art. 13(3)(b)(v)); out-of-scope use (Art. 13(3)(b)(iii)); human oversight measures (Annex IV(2)(e); Art. 13(3)(d); Art. 14); cybersecurity (Annex IV(2)(h); Art. 15); changes over the lifecycle (Annex IV(6); Art. 13(3)(c)); post-market monitoring plan (Annex IV(9); Art. 72); environmental impact (Annex IV(2)(c)); add a heading for each ("## How to use", "## Technical specifications", "## Preprocessing", "## Bias, Risks, and Limitations", …) with its content [EU AI Act Annex IV; Art. 13; Art. 10; Art. 14; Art. 15; Art. 72]',
    ])
    const d = r.findings[0]!.details as { tier: string; missing: { section: string; regulation: string }[] }
    expect(d.tier).toBe('high')
    expect(d.missing.map((m) => [m.section, m.regulation])).toEqual([
      ['instructions-for-use', 'EU AI Act Annex IV(1)(h); Art. 13(2)'],
      ['technical-specifications', 'EU AI Act Annex IV(1)(c), (e); Art. 13(3)(e)'],
      ['data-preparation', 'EU AI Act Annex IV(2)(d); Art. 10(2)(c)'],
      ['bias', 'EU AI Act Art. 10(2)(f), (g)'],
      ['per-group-performance', 'EU AI Act Annex IV(3); Art. 13(3)(b)(v)'],
      ['out-of-scope-use', 'EU AI Act Art. 13(3)(b)(iii)'],
      ['human-oversight', 'EU AI Act Annex IV(2)(e); Art. 13(3)(d); Art. 14'],
      ['cybersecurity', 'EU AI Act Annex IV(2)(h); Art. 15'],
      ['lifecycle-changes', 'EU AI Act Annex IV(6); Art. 13(3)(c)'],
      ['post-market-monitoring', 'EU AI Act Annex IV(9); Art. 72'],
      ['environmental-impact', 'EU AI Act Annex IV(2)(c)'],
    ])
  })

  it('keeps the base sections and a tier’s sections apart: one finding per cause', async () => {
    const r = await runDoc(unit('---\nlicense: mit\nrisk_level: high\n---\n# M\n\n' + filled('Uses')), undefined, [RULE])
    expect(r.findings.map((f) => [f.details?.tier, (f.details?.missing as unknown[]).length])).toEqual([
      ['high', 11],
      [undefined, 3],
    ])
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

  it('is one error under the EU preset, listing all 14 missing sections', async () => {
    const r = await runDoc(unit(card(filled('Uses'))), EU, [RULE])
    expect(r.findings.map((f) => [f.severity, (f.details?.missing as unknown[]).length])).toEqual([['error', 14]])
    expect(r.findings[0]!.message).toMatch(/^card lacks 14 required sections: instructions for use \(Annex IV\(1\)\(h\); Art\. 13\(2\)\); .* \[EU AI Act Annex IV; Art\. 13; Art\. 10; Art\. 14; Art\. 15; Art\. 72\]$/)
  })
})
