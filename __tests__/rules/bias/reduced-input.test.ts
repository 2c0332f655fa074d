import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture, unit } from './helpers.js'

const ONLY = ['bias/reduced-input']

describe('bias/reduced-input', () => {
  it('says what a Fairlearn export cannot show, as a warning', async () => {
    const csv = 'sex,selection_rate,tpr,fpr\nFemale,0.08,0.51,0.03\nMale,0.24,0.58,0.09\n'
    const r = await check({ files: unit({ report: csv, reportName: 'fairness_by_group.csv' }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/reduced-input models/credit/fairness_by_group.csv:1 `fairness_by_group.csv` is a Fairlearn MetricFrame.by_group CSV export, a reduced input: its thresholds are checked, but it has no confusion counts (its values cannot be recomputed), no group sizes (the minimum n of 30 cannot be checked) and no weights hashes (it cannot be bound to the weights it was computed on); convert it with `modelgate bias-report --from counts.csv`',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'warning', details: { kind: 'fairlearn-csv', counts: false, groupSizes: false, weights: false } })
    expect(r.verdict.conclusion).toBe('success')
  })

  it('lists only what is missing, and what was ignored', async () => {
    const json = '{"threshold_used": 0.5, "race": {"A": {"n": 60, "positive_rate": 0.12}, "B": {"n": 40, "positive_rate": 0.1}}}'
    const r = await check({ files: unit({ report: json, reportName: 'fairness_report.json' }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/reduced-input models/credit/fairness_report.json:1 `fairness_report.json` is a per-attribute, per-group metrics file, a reduced input: its thresholds are checked, but it has no confusion counts (its values cannot be recomputed) and no weights hashes (it cannot be bound to the weights it was computed on); ignored: `threshold_used`; `positive_rate` of `race` is read as the selection rate (the rate of positive predictions); name it `selection_rate` to say so; convert it with `modelgate bias-report --from counts.csv`',
    ])
    expect(r.findings[0]!.details?.notes).toEqual(['`positive_rate` of `race` is read as the selection rate (the rate of positive predictions); name it `selection_rate` to say so'])
  })

  it('checks the thresholds of per-group positive rates and AIF360 counts as people export them', async () => {
    // group_positive_rate per group: a demographic parity export. 0.2 / 0.5 = 0.4, under the default floor.
    const rates = '{"sex": {"F": {"count": 50, "group_positive_rate": 0.2}, "M": {"count": 50, "group_positive_rate": 0.5}}}'
    const r = await check({ files: unit({ report: rates, reportName: 'fairness_report.json' }), only: ['bias/threshold'] })
    const dp = r.findings.find((f) => f.details?.metric === 'demographic_parity_ratio')
    expect(dp?.message).toMatch(/0\.4000/)
    // AIF360 ClassificationMetric names: num_instances and num_true_positives… are the counts.
    const aif = 'sex,group,num_instances,num_true_positives,num_false_positives,num_true_negatives,num_false_negatives\nsex,F,100,10,10,70,10\nsex,M,100,30,20,40,10\n'
    const a = await check({ files: unit({ report: aif, reportName: 'fairness_by_group.csv' }), only: ONLY })
    expect(a.findings[0]!.details).toMatchObject({ counts: true, groupSizes: true })
  })

  it('asks to name an unnamed sensitive feature; is an error under strict', async () => {
    const json = '{"selection_rate": {"F": 0.2, "M": 0.3}, "count": {"F": 40, "M": 50}}'
    const r = await check({ files: unit({ report: json, reportName: 'fairness_by_group.json' }), policy: 'version: 1\nextends: strict\n', only: ONLY })
    expect(brief(r)).toEqual([
      'bias/reduced-input models/credit/fairness_by_group.json:1 `fairness_by_group.json` is a Fairlearn MetricFrame.by_group JSON export, a reduced input: its thresholds are checked, but it has no confusion counts (its values cannot be recomputed) and no weights hashes (it cannot be bound to the weights it was computed on); it does not name its sensitive feature (name the index, e.g. `mf.by_group.rename_axis("sex").to_csv(path)`); convert it with `modelgate bias-report --from counts.csv`',
    ])
    expect(r.findings[0]!.severity).toBe('error')
  })

  it('says nothing about a modelgate report', async () => {
    expect((await check({ files: unit({ report: fixture('pass.yaml') }), only: ONLY })).findings).toEqual([])
  })
})
