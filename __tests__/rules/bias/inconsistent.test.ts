import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture, policy, report, unit } from './helpers.js'

const ONLY = ['bias/inconsistent']

describe('bias/inconsistent', () => {
  it('accepts stated values within the tolerance of the recomputed ones', async () => {
    // pass.yaml states 0.9091 (10/11 = 0.90909…) and 0.0444 (0.2444… − 0.2 = 0.04444…)
    const r = await check({ files: unit({ report: fixture('pass.yaml') }), only: ONLY })
    expect(r.findings).toEqual([])
  })

  it('reports stated values that differ from the counts, at the line of the stated value', async () => {
    const text = report(`  sex:
    privileged: male
    groups:
      female:
        n: 100
        tp: 30
        fp: 10
        tn: 50
        fn: 10
        metrics: { selection_rate: 0.4, tpr: 0.8, precision: 0.75 }
      male: { n: 101, tp: 45, fp: 15, tn: 30, fn: 10 }
    metrics:
      demographic_parity_ratio: 0.85
      disparate_impact: 0.6667
      equalized_odds_difference: 0.16
      statistical_parity_difference: -0.2
`)
    const r = await check({ files: unit({ report: text }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/inconsistent models/credit/bias_report.yaml:23 report inconsistent with its own counts: group `female` of `sex` states tpr = 0.8, but its counts give 0.7500 (tolerance 0.005)',
      'bias/inconsistent models/credit/bias_report.yaml:24 report inconsistent with its own counts: group `male` of `sex` has n = 101 but tp + fp + tn + fn = 100',
      'bias/inconsistent models/credit/bias_report.yaml:26 report inconsistent with its own counts: `sex` states demographic parity ratio = 0.85, but its counts give 0.6667 (tolerance 0.005)',
      'bias/inconsistent models/credit/bias_report.yaml:28 report inconsistent with its own counts: `sex` states equalized odds difference = 0.16, but its counts give 0.1667 (tolerance 0.005)',
    ])
    expect(r.findings[2]).toMatchObject({ severity: 'error', details: { attribute: 'sex', metric: 'demographic_parity_ratio', stated: 0.85, recomputed: expect.closeTo(2 / 3, 12), basis: 'counts' } })
  })

  it('uses the policy tolerance', async () => {
    const text = report(`  sex:
    groups:
      a: { n: 10, tp: 2, fp: 2, tn: 3, fn: 3 }
      b: { n: 10, tp: 3, fp: 2, tn: 3, fn: 2 }
    metrics: { demographic_parity_difference: 0.11 }
`)
    expect((await check({ files: unit({ report: text }), only: ONLY })).findings).toHaveLength(1)
    expect((await check({ files: unit({ report: text }), policy: policy('    tolerance: 0.01\n'), only: ONLY })).findings).toEqual([])
  })

  it('flags a stated value the counts leave undefined', async () => {
    const text = report(`  sex:
    groups:
      a: { n: 10, tp: 0, fp: 0, tn: 10, fn: 0, metrics: { precision: 1 } }
      b: { n: 10, tp: 3, fp: 2, tn: 3, fn: 2 }
`)
    const r = await check({ files: unit({ report: text }), only: ONLY })
    expect(brief(r)).toEqual(['bias/inconsistent models/credit/bias_report.yaml:16 report inconsistent with its own counts: group `a` of `sex` states precision = 1, but its counts leave it undefined'])
  })

  it('without counts, checks attribute values against the stated per-group values', async () => {
    const text = report(
      `  age_band:
    groups:
      young: { n: 40, metrics: { mae: 2.0 } }
      old: { n: 45, metrics: { mae: 2.6 } }
    metrics: { mae_difference: 0.4, rmse_difference: 0.2 }
`,
      { task: 'regression' },
    )
    const r = await check({ files: unit({ report: text }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/inconsistent models/credit/bias_report.yaml:19 report inconsistent with its own per-group values: `age_band` states mae difference = 0.4, but its per-group values give 0.6000 (tolerance 0.005)',
    ])
  })
})
