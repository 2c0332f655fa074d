/**
 * Compares a unit's head metrics with its bounds and its base metrics: one row per metric key, the
 * judgment every evaluation rule and the metrics table share.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'
import type { Tier } from '../../core/policy/schema.js'
import {
  directionOf,
  isUnitInterval,
  metricLabel,
  type Direction,
  type MetricRecord,
} from '../../formats/metrics/index.js'
import { boundFor, type Bound, type EffectiveBound } from './bounds.js'
import type { UnitMetrics } from './collect.js'
import { appliesToUnit, pick, selectorFields, selectsRecord, type Selector } from './match.js'

const allowance = once(() => ({
  relative: z.number().min(0).optional().describe('Allowed drop as a fraction of the base value (0.01 = 1%).'),
  absolute: z.number().min(0).optional().describe('Allowed drop in the metric’s own units.'),
}))
const oneOf = (t: { relative?: number; absolute?: number }) => t.relative !== undefined || t.absolute !== undefined
const oneOfMessage = { message: 'a tolerance needs `relative` or `absolute`' }

export const toleranceSchema = once(() => z.strictObject(allowance()).refine(oneOf, oneOfMessage))
export const metricToleranceSchema = once(() => z.strictObject({ ...selectorFields(), ...allowance() }).refine(oneOf, oneOfMessage))

export interface Tolerance {
  relative?: number
  absolute?: number
}
export type MetricTolerance = Tolerance & Selector

export interface RegressionSettings {
  tolerance: Tolerance
  metrics: MetricTolerance[]
}

export interface Change {
  /** head − base. */
  delta: number
  /** delta / |base|; undefined when base is 0. */
  relative?: number
  /** How much worse the head is (positive) given the direction; undefined when the direction is unknown. */
  worse?: number
  /** The worsening exceeds the tolerance. */
  exceeded: boolean
  tolerance: Tolerance
}

export interface MetricRow {
  key: string
  label: string
  head?: MetricRecord
  base?: MetricRecord
  direction?: Direction
  bound?: EffectiveBound
  /** The head value breaks its bound (or cannot be compared with it: a fraction vs a percentage). */
  boundIssue?: 'below' | 'above' | 'scale'
  change?: Change
  status: string
}

export interface CompareInput {
  unitPath: string
  tier: Tier
  metrics: UnitMetrics
  directions: Record<string, Direction>
  /** Bounds in force (empty when the bound rule is off). */
  bounds: Bound[]
  /** Undefined when the regression rule is off. */
  regression?: RegressionSettings
}

export function recordDirection(r: MetricRecord, declared: Record<string, Direction>): Direction | undefined {
  const type = r.metric.split('/')[0]!.replace(/ \[.*\]$/, '')
  return directionOf(r.metric, declared) ?? directionOf(type, declared) ?? (r.name ? directionOf(r.name, declared) : undefined)
}

function toleranceFor(s: RegressionSettings, r: MetricRecord, unitPath: string, tier: Tier): Tolerance {
  const e = pick(s.metrics.filter((m) => appliesToUnit(m, unitPath, tier) && selectsRecord(m, r)), () => true)
  return e ? { relative: e.relative, absolute: e.absolute } : s.tolerance
}

/** How far a metric may drop before it counts: the larger of the absolute and relative allowances. */
export function allowedDrop(t: Tolerance, base: number): number {
  return Math.max(t.absolute ?? 0, (t.relative ?? 0) * Math.abs(base))
}

export function toleranceText(t: Tolerance): string {
  const rel = t.relative !== undefined ? `${pct(t.relative)} relative` : undefined
  const abs = t.absolute !== undefined ? `${fmt(t.absolute)} absolute` : undefined
  if (rel && abs) return `${rel} or ${abs}, whichever is larger`
  return rel ?? abs ?? 'none'
}

/** A number for people: at most 6 significant digits, no trailing zeros. */
export function fmt(n: number): string {
  return String(Number(n.toPrecision(6)))
}

export function pct(f: number): string {
  return `${String(Number((f * 100).toFixed(2)))}%`
}

export function signed(n: number, f: (n: number) => string = fmt): string {
  return n > 0 ? `+${f(n)}` : n < 0 ? `-${f(-n)}` : f(0)
}

/**
 * A fraction metric compared across scales: 83 against a floor of 0.85, or 0.91 against a floor of 85. For
 * lower-is-better metrics a value under 1 against a ceiling above 1 is plausible (0.8% errors), so only
 * the first case counts there.
 */
function scaleMismatch(r: MetricRecord, value: number, e: EffectiveBound, dir: Direction | undefined): boolean {
  if (!isUnitInterval(r.metric) && !(r.name && isUnitInterval(r.name))) return false
  const b = e.min?.value ?? e.max!.value
  if (value > 1 && value <= 100 && b <= 1) return true
  return dir !== 'lower' && value >= 0 && value <= 1 && b > 1 && b <= 100
}

export function compareMetrics(i: CompareInput): MetricRow[] {
  const rows: MetricRow[] = []
  const baseByKey = new Map((i.metrics.base?.records ?? []).map((r) => [r.key, r]))
  const headKeys = new Set<string>()
  for (const h of i.metrics.head.records) {
    headKeys.add(h.key)
    const row: MetricRow = { key: h.key, label: metricLabel(h), head: h, status: '' }
    const dir = recordDirection(h, i.directions)
    if (dir) row.direction = dir
    const b = baseByKey.get(h.key)
    if (b) row.base = b
    const bound = boundFor(i.bounds, h, i.unitPath, i.tier)
    if (bound) row.bound = bound
    if (bound && h.value !== undefined) {
      if (scaleMismatch(h, h.value, bound, dir)) row.boundIssue = 'scale'
      else if (bound.min && h.value < bound.min.value) row.boundIssue = 'below'
      else if (bound.max && h.value > bound.max.value) row.boundIssue = 'above'
    }
    if (b?.value !== undefined && h.value !== undefined) {
      const delta = h.value - b.value
      const change: Change = { delta, exceeded: false, tolerance: {} }
      if (b.value !== 0) change.relative = delta / Math.abs(b.value)
      if (dir) {
        change.worse = dir === 'higher' ? -delta : delta
        if (i.regression) {
          change.tolerance = toleranceFor(i.regression, h, i.unitPath, i.tier)
          const eps = 1e-9 * Math.max(1, Math.abs(b.value))
          change.exceeded = change.worse > allowedDrop(change.tolerance, b.value) + eps
        }
      }
      row.change = change
    }
    row.status = statusOf(row, i.metrics, i.regression !== undefined)
    rows.push(row)
  }
  for (const b of i.metrics.base?.records ?? []) {
    if (headKeys.has(b.key)) continue
    rows.push({ key: b.key, label: metricLabel(b), base: b, status: 'removed', ...(recordDirection(b, i.directions) ? { direction: recordDirection(b, i.directions) } : {}) })
  }
  return rows
}

function statusOf(row: MetricRow, m: UnitMetrics, regressionOn: boolean): string {
  const out: string[] = []
  if (row.head?.value === undefined) out.push('not a number')
  if (row.boundIssue === 'below') out.push('below floor')
  if (row.boundIssue === 'above') out.push('above ceiling')
  if (row.boundIssue === 'scale') out.push('fraction vs percentage')
  if (!m.base) out.push('no baseline')
  else if (!row.base) out.push('new')
  else if (row.base.value === undefined) out.push('base not a number')
  else if (row.change) {
    const c = row.change
    if (c.delta === 0) out.push('unchanged')
    else if (c.worse === undefined) out.push('changed')
    else if (c.worse < 0) out.push('improved')
    else out.push(c.exceeded ? 'regressed' : regressionOn ? 'within tolerance' : 'worse')
  }
  return out.length ? out.join('; ') : 'ok'
}
