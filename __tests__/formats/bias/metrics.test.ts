import { describe, expect, it } from '@jest/globals'
import {
  attributeMetric,
  canonicalGroupMetric,
  difference,
  disparateImpact,
  equalizedOdds,
  groupInputFromCounts,
  groupInputFromStated,
  groupMetric,
  metricShape,
  ratio,
  type Counts,
  type MetricResult,
} from '../../../src/formats/bias/metrics.js'

// Three groups, every value computed by hand:
//        tp  fp  tn  fn   n   selection      tpr           fpr           precision
//   A    20   5  60  15  100  25/100=0.25    20/35=4/7     5/65=1/13     20/25=0.8
//   B    30  20  40  10  100  50/100=0.5     30/40=0.75    20/60=1/3     30/50=0.6
//   C    10  10  20  10   50  20/50=0.4      10/20=0.5     10/30=1/3     10/20=0.5
const A: Counts = { tp: 20, fp: 5, tn: 60, fn: 15 }
const B: Counts = { tp: 30, fp: 20, tn: 40, fn: 10 }
const C: Counts = { tp: 10, fp: 10, tn: 20, fn: 10 }
const groups = [groupInputFromCounts('A', A), groupInputFromCounts('B', B), groupInputFromCounts('C', C)]

function ok(r: MetricResult | undefined) {
  if (!r || !r.ok) throw new Error(`expected a value, got ${JSON.stringify(r)}`)
  return r
}

describe('per-group metrics', () => {
  it('computes selection rate, tpr, fpr, precision, fnr, tnr, accuracy from counts', () => {
    expect(groupMetric('selection_rate', A)).toBeCloseTo(0.25, 12)
    expect(groupMetric('tpr', A)).toBeCloseTo(4 / 7, 12)
    expect(groupMetric('fpr', A)).toBeCloseTo(1 / 13, 12)
    expect(groupMetric('precision', A)).toBeCloseTo(0.8, 12)
    expect(groupMetric('fnr', A)).toBeCloseTo(15 / 35, 12)
    expect(groupMetric('tnr', A)).toBeCloseTo(60 / 65, 12)
    expect(groupMetric('accuracy', A)).toBeCloseTo(0.8, 12)
    expect(groupMetric('selection_rate', C)).toBeCloseTo(0.4, 12)
  })

  it('leaves a metric undefined when its denominator is 0, with the reason', () => {
    const noPositives: Counts = { tp: 0, fp: 3, tn: 7, fn: 0 }
    expect(groupMetric('tpr', noPositives)).toBeUndefined()
    expect(groupMetric('fpr', noPositives)).toBeCloseTo(0.3, 12)
    expect(groupMetric('precision', { tp: 0, fp: 0, tn: 5, fn: 5 })).toBeUndefined()
    expect(groupMetric('selection_rate', { tp: 0, fp: 0, tn: 0, fn: 0 })).toBeUndefined()
    expect(groupInputFromCounts('x', noPositives).missing).toMatchObject({ tpr: 'no actual positives (tp + fn = 0)', fnr: 'no actual positives (tp + fn = 0)' })
  })

  it('maps other tools\' names to ours and derives tpr from fnr', () => {
    expect(canonicalGroupMetric('predicted_positive_rate')).toBe('selection_rate')
    expect(canonicalGroupMetric('positive_rate')).toBeUndefined() // prevalence as often as predictions
    expect(canonicalGroupMetric('True Positive Rate')).toBe('tpr')
    expect(canonicalGroupMetric('recall_score')).toBe('tpr')
    expect(canonicalGroupMetric('false_positive_rate')).toBe('fpr')
    expect(canonicalGroupMetric('roc_auc')).toBeUndefined()
    const g = groupInputFromStated('x', { prediction_rate: 0.1, fnr: 0.25, specificity: 0.9 })
    expect(g.values).toEqual({ selection_rate: 0.1, fnr: 0.25, tnr: 0.9, tpr: 0.75, fpr: expect.closeTo(0.1, 12) })
  })
})

describe('attribute metrics (max − min, min / max; ours, not AIF360\'s signed differences)', () => {
  it('demographic parity difference = 0.5 − 0.25, ratio = 0.25 / 0.5', () => {
    const d = ok(attributeMetric('demographic_parity_difference', groups))
    expect(d.value).toBeCloseTo(0.25, 12)
    expect(d).toMatchObject({ worst: 'A', reference: 'B', basis: 'selection_rate', worstValue: 0.25, referenceValue: 0.5 })
    const r = ok(attributeMetric('demographic_parity_ratio', groups))
    expect(r.value).toBeCloseTo(0.5, 12)
    expect(r).toMatchObject({ worst: 'A', reference: 'B' })
  })

  it('disparate impact divides by the privileged group, else by the highest selection rate', () => {
    // privileged C: A 0.25/0.4 = 0.625, B 0.5/0.4 = 1.25 → min 0.625 (A)
    const p = ok(disparateImpact(groups, 'C'))
    expect(p.value).toBeCloseTo(0.625, 12)
    expect(p).toMatchObject({ worst: 'A', reference: 'C' })
    // no privileged group: reference B (0.5): A 0.5, C 0.8 → 0.5 (A)
    const m = ok(disparateImpact(groups))
    expect(m.value).toBeCloseTo(0.5, 12)
    expect(m).toMatchObject({ worst: 'A', reference: 'B' })
    expect(disparateImpact(groups, 'Z')).toEqual({ ok: false, reason: 'the privileged group `Z` is not one of the groups' })
  })

  it('equalized odds difference = max(tpr difference 0.25, fpr difference 1/3 − 1/13)', () => {
    const e = ok(equalizedOdds(groups))
    expect(e.value).toBeCloseTo(1 / 3 - 1 / 13, 12) // 0.2564…, larger than the tpr difference 0.75 − 0.5
    expect(e).toMatchObject({ basis: 'fpr', worst: 'B', reference: 'A' })
  })

  it('equal opportunity difference = 0.75 − 0.5; predictive parity difference = 0.8 − 0.5', () => {
    const o = ok(attributeMetric('equal_opportunity_difference', groups))
    expect(o.value).toBeCloseTo(0.25, 12)
    expect(o).toMatchObject({ worst: 'C', reference: 'B', basis: 'tpr' })
    const p = ok(attributeMetric('predictive_parity_difference', groups))
    expect(p.value).toBeCloseTo(0.3, 12)
    expect(p).toMatchObject({ worst: 'C', reference: 'A' })
  })

  it('derives <metric>_difference and _ratio for any per-group metric; lower-is-better metrics flip the worst group', () => {
    const stated = [groupInputFromStated('a', { mae: 2 }), groupInputFromStated('b', { mae: 3 })]
    const d = ok(attributeMetric('mae_difference', stated))
    expect(d).toMatchObject({ value: 1, worst: 'b', reference: 'a' })
    expect(ok(attributeMetric('mae_ratio', stated)).value).toBeCloseTo(2 / 3, 12)
    expect(ok(attributeMetric('recall_difference', groups)).value).toBeCloseTo(0.25, 12)
    expect(metricShape('statistical_parity_difference')).toEqual({ kind: 'difference', basis: 'statistical_parity' })
    expect(attributeMetric('auc', groups)).toBeUndefined()
  })

  it('is undefined, with the reason, rather than 0 or 1', () => {
    const allZero = [groupInputFromCounts('a', { tp: 0, fp: 0, tn: 5, fn: 5 }), groupInputFromCounts('b', { tp: 0, fp: 0, tn: 3, fn: 1 })]
    expect(ratio(allZero, 'selection_rate')).toEqual({ ok: false, reason: 'every group has selection rate 0' })
    expect(disparateImpact(allZero)).toEqual({ ok: false, reason: 'the reference group `a` has selection rate 0' })
    const onePositive = [groupInputFromCounts('a', { tp: 0, fp: 2, tn: 8, fn: 0 }), groupInputFromCounts('b', { tp: 4, fp: 1, tn: 4, fn: 1 })]
    expect(difference(onePositive, 'tpr')).toEqual({ ok: false, reason: 'fewer than two groups have a true positive rate; `a`: no actual positives (tp + fn = 0)' })
    expect(equalizedOdds(onePositive)).toEqual({ ok: false, reason: 'equalized odds needs tpr and fpr: fewer than two groups have a true positive rate; `a`: no actual positives (tp + fn = 0)' })
  })

  it('leaves out a group without a value and says so', () => {
    const three = [...groups, groupInputFromCounts('D', { tp: 0, fp: 1, tn: 9, fn: 0 })]
    const r = ok(attributeMetric('equal_opportunity_difference', three))
    expect(r.value).toBeCloseTo(0.25, 12)
    expect(r.excluded).toEqual([{ group: 'D', reason: 'no actual positives (tp + fn = 0)' }])
  })
})

describe('metric names as exports write them', () => {
  it('maps Fairlearn, AIF360, Fairness Indicators and decorated names to the canonical metric', () => {
    const names = ['selection_rate', 'group_selection_rate', 'selection_rate_by_group', 'predicted_positive_rate', 'positive_rate@0.5', 'recall_score', 'recall_at_thr', 'precision_at_threshold', 'true_positive_rate', 'false_positive_rate', 'positive_predictive_value', 'Accuracy Score']
    expect(names.map((n) => canonicalGroupMetric(n))).toEqual(['selection_rate', 'selection_rate', 'selection_rate', 'selection_rate', 'selection_rate', 'tpr', 'tpr', 'precision', 'tpr', 'fpr', 'precision', 'accuracy'])
    // The rate of positive labels is not a selection rate, and `positive_rate` alone is ambiguous.
    expect(['base_rate', 'positive_rate', 'group_positive_rate'].map((n) => canonicalGroupMetric(n))).toEqual([undefined, undefined, undefined])
  })
})
