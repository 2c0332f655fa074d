/**
 * Fairness metric definitions. The libraries disagree on names and signs (AIF360's statistical parity
 * difference is signed unprivileged − privileged, Fairlearn's demographic parity difference is max − min),
 * so modelgate fixes its own and documents them in docs/bias-report.md:
 *
 * per group (from confusion counts tp, fp, tn, fn; n = tp + fp + tn + fn):
 *   selection_rate = (tp + fp) / n        tpr = tp / (tp + fn)        fpr = fp / (fp + tn)
 *   precision      = tp / (tp + fp)       fnr = fn / (tp + fn)        tnr = tn / (fp + tn)
 *   accuracy       = (tp + tn) / n
 *
 * per attribute (over its groups; every difference is max − min, so never negative):
 *   demographic_parity_difference = max − min of selection_rate
 *   demographic_parity_ratio      = min / max of selection_rate
 *   disparate_impact              = min over groups g other than the reference of selection_rate(g) ÷
 *                                   selection_rate(reference); the reference is the privileged group when
 *                                   the report names one, else the group with the highest selection rate
 *   equalized_odds_difference     = max(tpr difference, fpr difference)
 *   equal_opportunity_difference  = max − min of tpr
 *   predictive_parity_difference  = max − min of precision
 *   <metric>_difference, <metric>_ratio for any other per-group metric (e.g. mae_difference)
 *
 * A metric whose denominator is 0 is undefined (never silently 0 or 1); a group without a value is left out
 * of a difference and the result says so. Pure; no I/O.
 */

export interface Counts {
  tp: number
  fp: number
  tn: number
  fn: number
}

export const GROUP_METRICS = ['selection_rate', 'tpr', 'fpr', 'precision', 'fnr', 'tnr', 'accuracy'] as const
export type GroupMetric = (typeof GROUP_METRICS)[number]

interface GroupMetricInfo {
  label: string
  formula: string
  higherIsBetter: boolean
  ratio(c: Counts): [number, number]
  /** Why the metric is undefined when its denominator is 0. */
  undefinedWhen: string
}

export const GROUP_METRIC_INFO: Record<GroupMetric, GroupMetricInfo> = {
  selection_rate: { label: 'selection rate', formula: '(tp + fp) / n', higherIsBetter: true, ratio: (c) => [c.tp + c.fp, c.tp + c.fp + c.tn + c.fn], undefinedWhen: 'no samples' },
  tpr: { label: 'true positive rate', formula: 'tp / (tp + fn)', higherIsBetter: true, ratio: (c) => [c.tp, c.tp + c.fn], undefinedWhen: 'no actual positives (tp + fn = 0)' },
  fpr: { label: 'false positive rate', formula: 'fp / (fp + tn)', higherIsBetter: false, ratio: (c) => [c.fp, c.fp + c.tn], undefinedWhen: 'no actual negatives (fp + tn = 0)' },
  precision: { label: 'precision', formula: 'tp / (tp + fp)', higherIsBetter: true, ratio: (c) => [c.tp, c.tp + c.fp], undefinedWhen: 'no predicted positives (tp + fp = 0)' },
  fnr: { label: 'false negative rate', formula: 'fn / (tp + fn)', higherIsBetter: false, ratio: (c) => [c.fn, c.tp + c.fn], undefinedWhen: 'no actual positives (tp + fn = 0)' },
  tnr: { label: 'true negative rate', formula: 'tn / (fp + tn)', higherIsBetter: true, ratio: (c) => [c.tn, c.fp + c.tn], undefinedWhen: 'no actual negatives (fp + tn = 0)' },
  accuracy: { label: 'accuracy', formula: '(tp + tn) / n', higherIsBetter: true, ratio: (c) => [c.tp + c.tn, c.tp + c.fp + c.tn + c.fn], undefinedWhen: 'no samples' },
}

/** Names other tools use for the per-group metrics (Fairlearn, scikit-learn, AIF360, hand-written exports). */
const GROUP_ALIASES: Record<string, GroupMetric> = {
  selection_rate: 'selection_rate',
  // Not `positive_rate`: exports use it for the rate of positive labels (prevalence) as often as for predictions
  // (parse.ts decides per report from the other rates it states; see resolvePositiveRate).
  predicted_positive_rate: 'selection_rate',
  pred_positive_rate: 'selection_rate',
  predicted_positive_ratio: 'selection_rate',
  positive_prediction_rate: 'selection_rate',
  positive_predictions_rate: 'selection_rate',
  rate_of_positive_predictions: 'selection_rate',
  prediction_rate: 'selection_rate',
  // TensorFlow Fairness Indicators' "Positive Rate" (`positive_rate@0.5`) counts predictions.
  'positive_rate@': 'selection_rate',
  tpr: 'tpr',
  true_positive_rate: 'tpr',
  recall: 'tpr',
  recall_score: 'tpr',
  sensitivity: 'tpr',
  fpr: 'fpr',
  false_positive_rate: 'fpr',
  fall_out: 'fpr',
  precision: 'precision',
  precision_score: 'precision',
  ppv: 'precision',
  positive_predictive_value: 'precision',
  fnr: 'fnr',
  false_negative_rate: 'fnr',
  miss_rate: 'fnr',
  tnr: 'tnr',
  true_negative_rate: 'tnr',
  specificity: 'tnr',
  accuracy: 'accuracy',
  accuracy_score: 'accuracy',
}

/** Names of group-size columns in exports (Fairlearn's `count` metric, AIF360's `num_instances`). */
export const COUNT_ALIASES = ['n', 'count', 'support', 'size', 'group_size', 'n_samples', 'num_instances', 'instances', 'samples']

/** Confusion-count names in exports (AIF360's `num_true_positives`, …) → tp, fp, tn, fn. */
const CONFUSION_ALIASES: Record<string, 'tp' | 'fp' | 'tn' | 'fn'> = {
  tp: 'tp', fp: 'fp', tn: 'tn', fn: 'fn',
  true_positives: 'tp', false_positives: 'fp', true_negatives: 'tn', false_negatives: 'fn',
  num_true_positives: 'tp', num_false_positives: 'fp', num_true_negatives: 'tn', num_false_negatives: 'fn',
  n_true_positives: 'tp', n_false_positives: 'fp', n_true_negatives: 'tn', n_false_negatives: 'fn',
}

/**
 * A name as written, without the decorations exports add around a metric name: a `group_` prefix, a
 * `_by_group`/`_per_group` suffix, a decision threshold (`_at_thr`, `_at_threshold`, `@0.5`), or a
 * Fairlearn/scikit-learn `_score` suffix.
 */
function undecorated(name: string): string[] {
  const n = normalizeName(name)
  const out = [n]
  const bare = n
    .replace(/^group_/, '')
    .replace(/_(?:by|per)_group$/, '')
    .replace(/(?:_at_(?:thr|threshold)(?:_[\d.]+)?|@[\d.]+)$/, '')
  if (bare !== n) out.push(bare)
  if (/@[\d.]+$/.test(n)) out.push(n.replace(/@[\d.]+$/, '@'))
  return out
}

/** The canonical per-group metric for a column or key name (case-insensitive, decorations removed), or undefined. */
export function canonicalGroupMetric(name: string): GroupMetric | undefined {
  for (const n of undecorated(name)) {
    const hit = GROUP_ALIASES[n] ?? GROUP_ALIASES[n.replace(/_score$/, '')]
    if (hit) return hit
  }
  return undefined
}

/** The confusion count a column or key names (`tp`, `num_true_positives`, …), or undefined. */
export function canonicalCount(name: string): 'tp' | 'fp' | 'tn' | 'fn' | undefined {
  for (const n of undecorated(name)) if (CONFUSION_ALIASES[n]) return CONFUSION_ALIASES[n]
  return undefined
}

/** True when a column or key names the group size (`n`, `count`, `num_instances`, …). */
export function isGroupSize(name: string): boolean {
  return undecorated(name).some((n) => COUNT_ALIASES.includes(n))
}

/** Names that may mean either the selection rate or the rate of positive labels. */
export function isAmbiguousPositiveRate(name: string): boolean {
  return undecorated(name).some((n) => ['positive_rate', 'pos_rate', 'positive_ratio', 'rate_positive'].includes(n))
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_')
}

/** A per-group metric from counts; undefined when its denominator is 0. */
export function groupMetric(name: GroupMetric, c: Counts): number | undefined {
  const [num, den] = GROUP_METRIC_INFO[name].ratio(c)
  return den === 0 ? undefined : num / den
}

export const ATTRIBUTE_METRICS = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'disparate_impact',
  'equalized_odds_difference',
  'equal_opportunity_difference',
  'predictive_parity_difference',
] as const
export type AttributeMetric = (typeof ATTRIBUTE_METRICS)[number]

export interface AttributeMetricInfo {
  label: string
  formula: string
  /** The direction of a natural threshold: ratios need a minimum, differences a maximum. */
  bound: 'min' | 'max'
  /** The per-group metrics it is computed from. */
  basis: GroupMetric[]
}

export const ATTRIBUTE_METRIC_INFO: Record<AttributeMetric, AttributeMetricInfo> = {
  demographic_parity_difference: { label: 'demographic parity difference', formula: 'max − min of selection_rate', bound: 'max', basis: ['selection_rate'] },
  demographic_parity_ratio: { label: 'demographic parity ratio', formula: 'min / max of selection_rate', bound: 'min', basis: ['selection_rate'] },
  disparate_impact: {
    label: 'disparate impact',
    formula: 'min over groups g ≠ reference of selection_rate(g) / selection_rate(reference); reference = privileged group, else the highest selection rate',
    bound: 'min',
    basis: ['selection_rate'],
  },
  equalized_odds_difference: { label: 'equalized odds difference', formula: 'max(tpr difference, fpr difference)', bound: 'max', basis: ['tpr', 'fpr'] },
  equal_opportunity_difference: { label: 'equal opportunity difference', formula: 'max − min of tpr', bound: 'max', basis: ['tpr'] },
  predictive_parity_difference: { label: 'predictive parity difference', formula: 'max − min of precision', bound: 'max', basis: ['precision'] },
}

/** Lower is better for these (error-like) per-group metrics: the worst group is the one with the highest value. */
const LOWER_IS_BETTER = new Set(['fpr', 'fnr', 'error_rate', 'mae', 'mse', 'rmse', 'log_loss', 'brier_score', 'mape', 'wer', 'cer'])

export function higherIsBetter(metric: string): boolean {
  const g = (GROUP_METRICS as readonly string[]).includes(metric) ? GROUP_METRIC_INFO[metric as GroupMetric] : undefined
  return g ? g.higherIsBetter : !LOWER_IS_BETTER.has(metric)
}

/** Per-group inputs of the attribute metrics: values by metric name, and why a value is missing. */
export interface GroupInput {
  name: string
  values: Record<string, number>
  /** Why a metric has no value for this group (e.g. 'no actual positives (tp + fn = 0)'). */
  missing?: Record<string, string>
}

/** Per-group values computed from counts (every canonical per-group metric that is defined). */
export function groupInputFromCounts(name: string, c: Counts): GroupInput {
  const values: Record<string, number> = {}
  const missing: Record<string, string> = {}
  for (const m of GROUP_METRICS) {
    const v = groupMetric(m, c)
    if (v === undefined) missing[m] = GROUP_METRIC_INFO[m].undefinedWhen
    else values[m] = v
  }
  return { name, values, missing }
}

/**
 * Per-group values from stated numbers (an export without counts): aliases become canonical names, and
 * tpr = 1 − fnr, fpr = 1 − tnr fill in when only the complement is stated.
 */
export function groupInputFromStated(name: string, stated: Record<string, number>): GroupInput {
  const values: Record<string, number> = {}
  for (const [k, v] of Object.entries(stated)) {
    const canon = canonicalGroupMetric(k)
    const key = canon ?? normalizeName(k)
    if (!(key in values) || canon === normalizeName(k)) values[key] = v
  }
  if (values.tpr === undefined && values.fnr !== undefined) values.tpr = 1 - values.fnr
  if (values.fnr === undefined && values.tpr !== undefined) values.fnr = 1 - values.tpr
  if (values.fpr === undefined && values.tnr !== undefined) values.fpr = 1 - values.tnr
  if (values.tnr === undefined && values.fpr !== undefined) values.tnr = 1 - values.fpr
  return { name, values }
}

export type MetricResult =
  | {
      ok: true
      value: number
      /** The disadvantaged group of the defining pair, and the group it is compared with. */
      worst: string
      reference: string
      /** The per-group metric that defines the value (for equalized odds: tpr or fpr, whichever differs more). */
      basis: string
      worstValue: number
      referenceValue: number
      /** Groups left out because their value is undefined, with the reason. */
      excluded: { group: string; reason: string }[]
    }
  | { ok: false; reason: string }

/** Parses a metric name: a named attribute metric, or `<group metric>_difference` / `<group metric>_ratio`. */
export function metricShape(name: string): { kind: 'named'; metric: AttributeMetric } | { kind: 'difference' | 'ratio'; basis: string } | undefined {
  if ((ATTRIBUTE_METRICS as readonly string[]).includes(name)) return { kind: 'named', metric: name as AttributeMetric }
  const m = /^(.+)_(difference|ratio)$/.exec(name)
  if (!m) return undefined
  const basis = canonicalGroupMetric(m[1]!) ?? m[1]!
  return { kind: m[2] as 'difference' | 'ratio', basis }
}

function label(metric: string): string {
  return (GROUP_METRICS as readonly string[]).includes(metric) ? GROUP_METRIC_INFO[metric as GroupMetric].label : metric
}

function defined(groups: GroupInput[], metric: string) {
  const have: { name: string; v: number }[] = []
  const excluded: { group: string; reason: string }[] = []
  for (const g of groups) {
    const v = g.values[metric]
    if (v === undefined || !Number.isFinite(v)) excluded.push({ group: g.name, reason: g.missing?.[metric] ?? `no ${label(metric)} stated` })
    else have.push({ name: g.name, v })
  }
  return { have, excluded }
}

function tooFew(metric: string, excluded: { group: string; reason: string }[]): { ok: false; reason: string } {
  const why = excluded.length ? `; ${excluded.map((e) => `\`${e.group}\`: ${e.reason}`).join(', ')}` : ''
  return { ok: false, reason: `fewer than two groups have a ${label(metric)}${why}` }
}

function extremes(have: { name: string; v: number }[]) {
  let lo = have[0]!
  let hi = have[0]!
  for (const h of have) {
    if (h.v < lo.v) lo = h
    if (h.v > hi.v) hi = h
  }
  return { lo, hi }
}

/** max − min of a per-group metric. */
export function difference(groups: GroupInput[], metric: string): MetricResult {
  const { have, excluded } = defined(groups, metric)
  if (have.length < 2) return tooFew(metric, excluded)
  const { lo, hi } = extremes(have)
  const [worst, ref] = higherIsBetter(metric) ? [lo, hi] : [hi, lo]
  return { ok: true, value: hi.v - lo.v, worst: worst.name, reference: ref.name, basis: metric, worstValue: worst.v, referenceValue: ref.v, excluded }
}

/** min / max of a per-group metric. */
export function ratio(groups: GroupInput[], metric: string): MetricResult {
  const { have, excluded } = defined(groups, metric)
  if (have.length < 2) return tooFew(metric, excluded)
  const { lo, hi } = extremes(have)
  if (lo.v < 0) return { ok: false, reason: `a ratio of ${label(metric)} is undefined for negative values (\`${lo.name}\`: ${lo.v})` }
  if (hi.v === 0) return { ok: false, reason: `every group has ${label(metric)} 0` }
  const [worst, ref] = higherIsBetter(metric) ? [lo, hi] : [hi, lo]
  return { ok: true, value: lo.v / hi.v, worst: worst.name, reference: ref.name, basis: metric, worstValue: worst.v, referenceValue: ref.v, excluded }
}

export function disparateImpact(groups: GroupInput[], privileged?: string): MetricResult {
  const { have, excluded } = defined(groups, 'selection_rate')
  if (have.length < 2) return tooFew('selection_rate', excluded)
  let ref: { name: string; v: number } | undefined
  if (privileged !== undefined) {
    ref = have.find((h) => h.name === privileged)
    if (!ref) {
      const why = excluded.find((e) => e.group === privileged)?.reason
      return { ok: false, reason: why ? `the privileged group \`${privileged}\` has no selection rate (${why})` : `the privileged group \`${privileged}\` is not one of the groups` }
    }
  } else {
    ref = extremes(have).hi
  }
  if (ref.v === 0) return { ok: false, reason: `the reference group \`${ref.name}\` has selection rate 0` }
  let worst: { name: string; v: number } | undefined
  for (const h of have) if (h !== ref && (worst === undefined || h.v < worst.v)) worst = h
  return { ok: true, value: worst!.v / ref.v, worst: worst!.name, reference: ref.name, basis: 'selection_rate', worstValue: worst!.v, referenceValue: ref.v, excluded }
}

export function equalizedOdds(groups: GroupInput[]): MetricResult {
  const t = difference(groups, 'tpr')
  const f = difference(groups, 'fpr')
  if (!t.ok) return { ok: false, reason: `equalized odds needs tpr and fpr: ${t.reason}` }
  if (!f.ok) return { ok: false, reason: `equalized odds needs tpr and fpr: ${f.reason}` }
  const pick = f.value > t.value ? f : t
  return { ...pick, excluded: [...t.excluded, ...f.excluded.filter((e) => !t.excluded.some((x) => x.group === e.group))] }
}

/** Computes an attribute metric; undefined when the name is neither a named metric nor `<m>_difference|_ratio`. */
export function attributeMetric(name: string, groups: GroupInput[], privileged?: string): MetricResult | undefined {
  const shape = metricShape(name)
  if (!shape) return undefined
  if (shape.kind !== 'named') return shape.kind === 'difference' ? difference(groups, shape.basis) : ratio(groups, shape.basis)
  switch (shape.metric) {
    case 'demographic_parity_difference':
      return difference(groups, 'selection_rate')
    case 'demographic_parity_ratio':
      return ratio(groups, 'selection_rate')
    case 'disparate_impact':
      return disparateImpact(groups, privileged)
    case 'equalized_odds_difference':
      return equalizedOdds(groups)
    case 'equal_opportunity_difference':
      return difference(groups, 'tpr')
    case 'predictive_parity_difference':
      return difference(groups, 'precision')
  }
}

/** The per-group metrics an attribute metric needs (for messages about what an export lacks). */
export function basisOf(name: string): string[] {
  const shape = metricShape(name)
  if (!shape) return []
  return shape.kind === 'named' ? ATTRIBUTE_METRIC_INFO[shape.metric].basis : [shape.basis]
}

export function metricLabel(name: string): string {
  const shape = metricShape(name)
  if (shape?.kind === 'named') return ATTRIBUTE_METRIC_INFO[shape.metric].label
  return name.replace(/_/g, ' ')
}

/** Formats a metric value for messages and tables (4 decimals, trailing zeros kept for alignment). */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  return v.toFixed(4)
}
