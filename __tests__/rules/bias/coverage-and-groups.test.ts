import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture, policy, report, unit } from './helpers.js'

describe('bias/attribute-coverage', () => {
  const ONLY = ['bias/attribute-coverage']

  it('requires nothing when the policy lists no protected attributes', async () => {
    expect((await check({ files: unit({ report: fixture('breach.yaml') }), only: ONLY })).findings).toEqual([])
  })

  it('reports each protected attribute the report misses, at `attributes`', async () => {
    const r = await check({ files: unit({ report: fixture('pass.yaml') }), policy: policy('    protected-attributes: [sex, race, age_band, disability]\n'), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/attribute-coverage models/credit/bias_report.yaml:15 the bias report does not cover protected attribute `disability`, which the policy requires (settings.bias.protected-attributes); it covers `sex`, `age_band`',
      'bias/attribute-coverage models/credit/bias_report.yaml:15 the bias report does not cover protected attribute `race`, which the policy requires (settings.bias.protected-attributes); it covers `sex`, `age_band`',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'error', details: { attribute: 'disability', covered: ['sex', 'age_band'] } })
  })

  it('maps names through aliases, and counts intersectional attributes for each part', async () => {
    const csv = 'gender,race,selection_rate\nF,A,0.5\nM,A,0.5\n'
    const r = await check({
      files: unit({ report: csv, reportName: 'fairness_by_group.csv' }),
      policy: policy('    protected-attributes: [sex, race]\n    attribute-aliases: { gender: sex }\n'),
      only: ONLY,
    })
    expect(r.findings).toEqual([])
  })

  it('recognizes a one-hot column name and says how to map it', async () => {
    const csv = 'sex_Male,selection_rate\nFemale,0.08\nMale,0.24\n'
    const r = await check({ files: unit({ report: csv, reportName: 'fairness_by_group.csv' }), policy: policy('    protected-attributes: [sex]\n'), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/attribute-coverage models/credit/fairness_by_group.csv:2 the bias report does not cover protected attribute `sex`, which the policy requires (settings.bias.protected-attributes); it covers `sex_Male`; `sex_Male` looks like a one-hot column of `sex`: name the sensitive feature `sex`, or map it with `settings.bias.attribute-aliases: {sex_Male: sex}`',
    ])
  })

  it('takes the union of the unit\'s reports', async () => {
    const files = { ...unit({ report: fixture('breach.yaml') }), 'models/credit/eval/fairness_by_group.csv': 'race,selection_rate\nA,0.5\nB,0.5\n' }
    const r = await check({ files, policy: policy('    protected-attributes: [sex, race]\n'), only: ONLY })
    expect(r.findings).toEqual([])
  })
})

describe('bias/group-too-small', () => {
  const ONLY = ['bias/group-too-small']
  const text = report(`  age_band:
    groups:
      under_65: { n: 188, tp: 40, fp: 10, tn: 128, fn: 10 }
      65_plus:
        n: 12
        tp: 3
        fp: 1
        tn: 7
        fn: 1
`)

  it('reports a group below the minimum n at its `n`, as a warning', async () => {
    const r = await check({ files: unit({ report: text }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/group-too-small models/credit/bias_report.yaml:18 group `65_plus` of `age_band` has n = 12, below the policy minimum of 30 (settings.bias.min-group-size): too few samples to measure its fairness metrics; evaluate on more samples of this group or merge it with another',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'warning', details: { attribute: 'age_band', group: '65_plus', n: 12, min: 30 } })
    expect(r.verdict.conclusion).toBe('success')
  })

  it('uses the policy minimum, and is an error under strict', async () => {
    expect((await check({ files: unit({ report: text }), policy: policy('    min-group-size: 10\n'), only: ONLY })).findings).toEqual([])
    const strict = await check({ files: unit({ report: text }), policy: 'version: 1\nextends: strict\n', only: ONLY })
    expect(strict.findings.map((f) => f.severity)).toEqual(['error'])
    expect(strict.verdict.conclusion).toBe('failure')
  })

  it('checks Fairlearn `count` columns too', async () => {
    const csv = 'sex,selection_rate,count\nF,0.5,29\nM,0.5,300\n'
    const r = await check({ files: unit({ report: csv, reportName: 'fairness_by_group.csv' }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/group-too-small models/credit/fairness_by_group.csv:2 group `F` of `sex` has n = 29, below the policy minimum of 30 (settings.bias.min-group-size): too few samples to measure its fairness metrics; evaluate on more samples of this group or merge it with another',
    ])
  })
})
