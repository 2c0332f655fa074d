import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { card, fixture, unit } from './helpers.js'

const RULES = ['bias/report-required', 'bias/report-recommended']

describe('bias/report-required and bias/report-recommended', () => {
  it('requires a report for a high-tier unit: an error at the tier in the card', async () => {
    const r = await check({ files: unit({ tier: 'high' }), only: RULES })
    expect(brief(r)).toEqual([
      'bias/report-required models/credit/README.md:2 the policy requires a bias report for model unit `models/credit` by risk tier `high` (declared in `models/credit/README.md`), and there is none: add `models/credit/bias_report.yaml` in the modelgate format (docs/bias-report.md; `modelgate bias-report --from counts.csv` writes one)',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'error', category: 'bias', model: 'models/credit', details: { tier: 'high', tierDeclared: true } })
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('recommends one for a limited-tier unit: a warning that does not fail the gate', async () => {
    const r = await check({ files: unit({ tier: 'limited' }), only: RULES })
    expect(brief(r)).toEqual([
      'bias/report-recommended models/credit/README.md:2 the policy recommends a bias report for model unit `models/credit` by risk tier `limited` (declared in `models/credit/README.md`), and there is none: add `models/credit/bias_report.yaml` in the modelgate format (docs/bias-report.md; `modelgate bias-report --from counts.csv` writes one)',
    ])
    expect(r.findings[0]!.severity).toBe('warning')
    expect(r.verdict.conclusion).toBe('success')
  })

  it('asks nothing of a minimal-tier unit', async () => {
    const r = await check({ files: unit({ tier: 'minimal' }), only: RULES })
    expect(r.findings).toEqual([])
  })

  it('uses the policy default tier when the card declares none, at the first artifact', async () => {
    const r = await check({ files: unit(), policy: 'version: 1\ndefault-tier: high\n', only: RULES })
    expect(brief(r)).toEqual([
      "bias/report-required models/credit/model.safetensors:1 the policy requires a bias report for model unit `models/credit` by risk tier `high` (the policy's default tier: the model card declares no `risk_level`), and there is none: add `models/credit/bias_report.yaml` in the modelgate format (docs/bias-report.md; `modelgate bias-report --from counts.csv` writes one)",
    ])
  })

  it('requires it for every unit under strict, without a second (recommended) finding', async () => {
    for (const tier of ['minimal', 'limited']) {
      const r = await check({ files: unit({ tier }), policy: 'version: 1\nextends: strict\n', only: RULES })
      expect(r.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['bias/report-required error'])
    }
  })

  it('requires it by path, and one rule per unit when both would apply', async () => {
    const policy = "version: 1\nrules:\n  bias/report-required: { paths: ['models/credit'] }\n"
    const r = await check({ files: unit({ tier: 'limited' }), policy, only: RULES })
    expect(brief(r)).toEqual([
      'bias/report-required models/credit/README.md:2 the policy requires a bias report for model unit `models/credit` by its path (matches `models/credit`), and there is none: add `models/credit/bias_report.yaml` in the modelgate format (docs/bias-report.md; `modelgate bias-report --from counts.csv` writes one)',
    ])
  })

  it('names a Markdown report it cannot read', async () => {
    const r = await check({ files: unit({ tier: 'high', extra: { 'models/credit/reports/fairness_report.md': '# Fairness\n' } }), only: RULES })
    expect(brief(r)[0]).toContain('and there is none; `models/credit/reports/fairness_report.md` was found, but modelgate reads numbers only from JSON, YAML or CSV: add')
  })

  it('is satisfied by any report found by name (even an invalid one, which bias/report-invalid reports)', async () => {
    for (const name of ['bias_report.yaml', 'bias_report.json', 'eval/fairness_report.yml', 'fairness_by_group.csv', 'Bias_Report.YAML']) {
      const r = await check({ files: unit({ tier: 'high', report: 'x', reportName: name }), only: RULES })
      expect([name, r.findings]).toEqual([name, []])
    }
  })

  it('is satisfied by a report the card names outside the unit; a missing one is invalid', async () => {
    const linked = '---\nrisk_level: high\nbias_report: ../../reports/credit/bias_report.yaml\n---\n# M\n'
    const files = { ...unit({ tier: 'high' }), 'models/credit/README.md': linked, 'reports/credit/bias_report.yaml': fixture('pass.yaml') }
    const ok = await check({ files, only: [...RULES, 'bias/report-invalid'] })
    expect(ok.findings).toEqual([])
    const { ['reports/credit/bias_report.yaml']: _gone, ...missing } = files
    const r = await check({ files: missing, only: [...RULES, 'bias/report-invalid'] })
    expect(brief(r)).toEqual([
      'bias/report-invalid models/credit/README.md:3 invalid bias report: the model card names bias report `reports/credit/bias_report.yaml` (`bias_report`), which does not exist',
    ])
  })

  it('can be configured: limited units required, the warning off', async () => {
    const policy = 'version: 1\nrules:\n  bias/report-required: { tiers: [high, limited] }\n  bias/report-recommended: off\n'
    const r = await check({ files: { ...unit({ tier: 'limited' }), 'models/other/m.pt': 'x', 'models/other/README.md': card('minimal') }, policy, only: RULES })
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.model}`)).toEqual(['bias/report-required error models/credit'])
  })
})
