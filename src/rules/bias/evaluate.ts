/**
 * The values the bias rules judge: per attribute metric, recomputed from the confusion counts when every
 * group has them, else derived from the stated per-group values, else the attribute-level value as stated.
 */
import {
  attributeMetric,
  basisOf,
  groupInputFromCounts,
  groupInputFromStated,
  isAmbiguousPositiveRate,
  metricShape,
  type GroupInput,
  type MetricResult,
} from '../../formats/bias/metrics.js'
import type { ParsedAttribute, ParsedBiasReport, StatedValue } from '../../formats/bias/parse.js'
import type { Position } from '../../formats/yaml.js'

export type Basis = 'counts' | 'per-group values' | 'stated'

export const BASIS_TEXT: Record<Basis, string> = {
  counts: 'recomputed from the confusion counts',
  'per-group values': 'derived from the stated per-group values (not recomputed: no confusion counts)',
  stated: 'as stated in the report (not recomputed)',
}

export type Evaluated =
  | { ok: true; basis: Basis; result: Extract<MetricResult, { ok: true }> | { value: number; worst?: undefined }; stated?: StatedValue }
  | { ok: false; reason: string; notApplicable?: boolean; stated?: StatedValue }

export function countsInputs(attr: ParsedAttribute): GroupInput[] | undefined {
  if (!attr.groups.every((g) => g.counts)) return undefined
  return attr.groups.map((g) => groupInputFromCounts(g.name, g.counts!))
}

export function statedInputs(attr: ParsedAttribute): GroupInput[] {
  return attr.groups.map((g) => {
    if (g.counts) return groupInputFromCounts(g.name, g.counts)
    const values: Record<string, number> = {}
    for (const s of g.stated) values[s.as ?? s.metric] = s.value
    return groupInputFromStated(g.name, values)
  })
}

export function statedValue(attr: ParsedAttribute, metric: string): StatedValue | undefined {
  return attr.stated.find((s) => s.metric === metric)
}

export function evaluateMetric(report: ParsedBiasReport, attr: ParsedAttribute, metric: string): Evaluated {
  const stated = statedValue(attr, metric)
  if (!metricShape(metric)) {
    return stated ? { ok: true, basis: 'stated', result: { value: stated.value }, stated } : { ok: false, reason: `\`${metric}\` is not a metric modelgate can compute`, stated }
  }
  const fromCounts = countsInputs(attr)
  const inputs = fromCounts ?? statedInputs(attr)
  const basis: Basis = fromCounts ? 'counts' : 'per-group values'
  const r = attributeMetric(metric, inputs, attr.privileged)!
  if (r.ok) return { ok: true, basis, result: r, stated }
  // Without counts, an attribute-level value as stated is the last resort.
  if (!fromCounts && stated) return { ok: true, basis: 'stated', result: { value: stated.value }, stated }
  const needs = basisOf(metric)
  const anyValues = inputs.some((g) => needs.some((m) => g.values[m] !== undefined))
  if (!fromCounts && !anyValues) {
    if (report.task && report.task !== 'classification' && metricShape(metric)?.kind === 'named') {
      return { ok: false, reason: `not applicable to a ${report.task} report`, notApplicable: true }
    }
    const ambiguous = needs.includes('selection_rate') && attr.groups.some((g) => g.stated.some((st) => st.as === undefined && isAmbiguousPositiveRate(st.metric)))
    const hint = ambiguous ? ' (`positive_rate` is not read as the selection rate: exports use it for the rate of positive labels as often as for positive predictions; name it `selection_rate` if it counts predictions)' : ''
    return { ok: false, reason: `the report has no confusion counts and no per-group ${needs.join(' or ')}${hint}`, stated }
  }
  return { ok: false, reason: r.reason, stated }
}

/** Where a finding about an attribute's metric points: its stated value, else the worst group, else the attribute. */
export function metricAt(attr: ParsedAttribute, e: Evaluated): Position {
  if (e.stated) return e.stated.at
  if (e.ok && e.result.worst !== undefined) {
    const g = attr.groups.find((x) => x.name === e.result.worst)
    if (g) return g.at
  }
  return attr.at
}
