import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture, policy, report, unit } from './helpers.js'

const ONLY = ['bias/threshold']
const FOUR_FIFTHS = 'the four-fifths rule of the US EEOC Uniform Guidelines, 29 CFR 1607.4(D), a US employment-law convention'

describe('bias/threshold', () => {
  it('passes a report within the default thresholds and publishes the fairness table', async () => {
    const r = await check({ files: unit({ tier: 'high', report: fixture('pass.yaml') }), only: ONLY })
    expect(r.findings).toEqual([])
    expect(r.report.tables).toEqual([
      {
        id: 'fairness',
        title: 'Fairness',
        model: 'models/credit',
        columns: ['attribute', 'worst group', 'metric', 'value', 'threshold', 'result'],
        rows: [
          // sex: selection rates 0.5 / 0.55; tpr 0.8 / 0.8; fpr 0.2 / 11/45
          ['sex', 'female', 'demographic_parity_ratio', '0.9091', '≥ 0.8', 'pass'],
          ['sex', 'male', 'equalized_odds_difference', '0.0444', '≤ 0.1', 'pass'],
          // age_band: selection rates 0.5 / 0.475; tpr 0.8 / 30/38
          ['age_band', '40_and_over', 'demographic_parity_ratio', '0.9500', '≥ 0.8', 'pass'],
          ['age_band', '40_and_over', 'equalized_odds_difference', '0.0105', '≤ 0.1', 'pass'],
        ],
      },
    ])
  })

  it('reports each breached threshold with the worst group, the basis and the threshold source', async () => {
    // female: sr 40/100, tpr 30/40, fpr 10/60; male: sr 60/100, tpr 45/55, fpr 15/45
    const r = await check({ files: unit({ report: fixture('breach.yaml') }), only: ONLY })
    expect(brief(r)).toEqual([
      `bias/threshold models/credit/bias_report.yaml:17 \`sex\`: demographic parity ratio 0.6667 is below the minimum 0.8 — group \`female\` has selection rate 0.4000 vs 0.6000 for \`male\` (recomputed from the confusion counts; threshold source: ${FOUR_FIFTHS})`,
      'bias/threshold models/credit/bias_report.yaml:18 `sex`: equalized odds difference 0.1667 is above the maximum 0.1 — group `male` has false positive rate 0.3333 vs 0.1667 for `female` (recomputed from the confusion counts; threshold source: modelgate recommended default)',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'error', details: { attribute: 'sex', metric: 'demographic_parity_ratio', basis: 'counts', worstGroup: 'female', threshold: { min: 0.8, source: FOUR_FIFTHS } } })
    expect(r.report.tables![0]!.rows.map((row) => row.at(-1))).toEqual(['fail', 'fail'])
  })

  it('points at the stated value when the report states the breached metric (and judges the recomputed value)', async () => {
    const text = report(`  sex:
    groups:
      female: { n: 100, tp: 30, fp: 10, tn: 50, fn: 10 }
      male: { n: 100, tp: 45, fp: 15, tn: 30, fn: 10 }
    metrics:
      demographic_parity_ratio: 0.95
`)
    const r = await check({ files: unit({ report: text }), only: ONLY, policy: policy('    thresholds: { equalized_odds_difference: off }\n') })
    expect(brief(r)).toEqual([
      `bias/threshold models/credit/bias_report.yaml:19 \`sex\`: demographic parity ratio 0.6667 is below the minimum 0.8 — group \`female\` has selection rate 0.4000 vs 0.6000 for \`male\` (recomputed from the confusion counts; threshold source: ${FOUR_FIFTHS})`,
    ])
  })

  it('lets the policy set thresholds with a source, per attribute, and turn any off', async () => {
    const settings = `    thresholds:
      demographic_parity_ratio: { min: 0.6, source: credit committee 2026-09 }
      equal_opportunity_difference: { max: 0.05 }
    attribute-thresholds:
      sex:
        equalized_odds_difference: off
`
    // equal opportunity: tpr 0.75 vs 45/55 = 0.8182 → 0.0682
    const r = await check({ files: unit({ report: fixture('breach.yaml') }), policy: policy(settings), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/threshold models/credit/bias_report.yaml:17 `sex`: equal opportunity difference 0.0682 is above the maximum 0.05 — group `female` has true positive rate 0.7500 vs 0.8182 for `male` (recomputed from the confusion counts; threshold source: policy settings.bias.thresholds)',
    ])
    expect(r.report.tables![0]!.rows).toEqual([
      ['sex', 'female', 'demographic_parity_ratio', '0.6667', '≥ 0.6', 'pass'],
      ['sex', 'female', 'equal_opportunity_difference', '0.0682', '≤ 0.05', 'fail'],
    ])
  })

  it('uses attribute aliases to find per-attribute thresholds', async () => {
    const settings = `    attribute-aliases: { sex: gender }
    attribute-thresholds:
      gender: { demographic_parity_ratio: off, equalized_odds_difference: off }
`
    const r = await check({ files: unit({ report: fixture('breach.yaml') }), policy: policy(settings), only: ONLY })
    expect(r.findings).toEqual([])
  })

  it('fails closed when a threshold cannot be evaluated, naming the group and the reason', async () => {
    const text = report(`  sex:
    groups:
      female: { n: 40, tp: 0, fp: 14, tn: 26, fn: 0 }
      male: { n: 40, tp: 10, fp: 6, tn: 20, fn: 4 }
`)
    const r = await check({ files: unit({ report: text }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/threshold models/credit/bias_report.yaml:14 `sex`: equalized odds difference cannot be evaluated against the threshold ≤ 0.1 (source: modelgate recommended default): equalized odds needs tpr and fpr: fewer than two groups have a true positive rate; `female`: no actual positives (tp + fn = 0)',
    ])
    expect(r.report.tables![0]!.rows[1]).toEqual(['sex', '', 'equalized_odds_difference', 'unknown', '≤ 0.1', 'fail'])
  })

  it('checks a reduced Fairlearn export from its stated per-group values, and says so', async () => {
    const csv = 'sex,selection_rate,tpr,fpr\nFemale,0.08096590909090909,0.5149802148106275,0.027733481245233307\nMale,0.24085758039816232,0.5766283524904214,0.09436037304240717\n'
    const r = await check({ files: unit({ report: csv, reportName: 'fairness_by_group.csv' }), only: ONLY })
    expect(brief(r)).toEqual([
      `bias/threshold models/credit/fairness_by_group.csv:2 \`sex\`: demographic parity ratio 0.3362 is below the minimum 0.8 — group \`Female\` has selection rate 0.0810 vs 0.2409 for \`Male\` (derived from the stated per-group values (not recomputed: no confusion counts); threshold source: ${FOUR_FIFTHS})`,
    ])
  })

  it('says what a reduced export lacks for a threshold', async () => {
    const csv = 'sex,selection_rate,accuracy\nF,0.5,0.9\nM,0.52,0.91\n'
    const r = await check({ files: unit({ report: csv, reportName: 'fairness_by_group.csv' }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/threshold models/credit/fairness_by_group.csv:2 `sex`: equalized odds difference cannot be evaluated against the threshold ≤ 0.1 (source: modelgate recommended default): the report has no confusion counts and no per-group tpr or fpr',
    ])
  })

  it('applies custom per-group metric thresholds to non-classifiers; classification ones are n/a', async () => {
    const text = report(
      `  age_band:
    groups:
      young: { n: 40, metrics: { mae: 2.0 } }
      old: { n: 45, metrics: { mae: 2.6 } }
`,
      { task: 'regression' },
    )
    const r = await check({ files: unit({ report: text }), policy: policy('    thresholds: { mae_difference: { max: 0.5, source: service level } }\n'), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/threshold models/credit/bias_report.yaml:18 `age_band`: mae difference 0.6000 is above the maximum 0.5 — group `old` has mae 2.6000 vs 2.0000 for `young` (derived from the stated per-group values (not recomputed: no confusion counts); threshold source: service level)',
    ])
    expect(r.report.tables![0]!.rows).toEqual([
      ['age_band', '', 'demographic_parity_ratio', 'n/a', '≥ 0.8', 'n/a'],
      ['age_band', '', 'equalized_odds_difference', 'n/a', '≤ 0.1', 'n/a'],
      ['age_band', 'old', 'mae_difference', '0.6000', '≤ 0.5', 'fail'],
    ])
  })

  it('rejects an unknown metric name in the policy', async () => {
    await expect(check({ files: unit(), policy: policy('    thresholds: { parity: { min: 0.8 } }\n'), only: ONLY })).rejects.toThrow(/settings\.bias\.thresholds\.parity/)
  })
})
