/**
 * The shared judgment of a unit's metrics (computed once per unit and run): head and base metrics, bounds
 * and tolerances from the evaluation rules' resolved options, and the per-model metrics table, published
 * once by whichever evaluation rule runs first.
 */
import type { UnitFacts } from '../../core/facts.js'
import type { UnitContext } from '../../core/rule.js'
import type { Tier } from '../../core/policy/schema.js'
import { normalizeBounds, boundText, type Bound, type BoundSetting } from './bounds.js'
import { unitMetrics, type UnitMetrics } from './collect.js'
import { compareMetrics, fmt, pct, signed, type MetricRow, type RegressionSettings } from './compare.js'
import { evaluationSettingsOf } from './settings.js'

export const BOUND_RULE = 'eval/metric-bound'
export const REGRESSION_RULE = 'eval/regression'

export interface Judgment {
  metrics: UnitMetrics
  tier: Tier
  bounds: Bound[]
  rows: MetricRow[]
}

const published = new WeakSet<UnitFacts>()

function optionsOf<T>(ctx: UnitContext<unknown>, id: string): T | undefined {
  const r = ctx.policy.rules[id]
  return r && r.severity !== 'off' ? (r.options as T) : undefined
}

export function judge(ctx: UnitContext<unknown>): Promise<Judgment> {
  return ctx.facts.shared('evaluation:judgment', () => compute(ctx))
}

async function compute(ctx: UnitContext<unknown>): Promise<Judgment> {
  const metrics = await unitMetrics(ctx)
  const tier = (await ctx.facts.tier()).tier
  const bounds = normalizeBounds(optionsOf<{ bounds: BoundSetting[] }>(ctx, BOUND_RULE)?.bounds ?? [])
  const regression = optionsOf<RegressionSettings>(ctx, REGRESSION_RULE)
  const rows = compareMetrics({
    unitPath: ctx.unit.path,
    tier,
    metrics,
    directions: evaluationSettingsOf(ctx.policy).directions,
    bounds,
    regression,
  })
  return { metrics, tier, bounds, rows }
}

/** `abc1234` for a full SHA, the ref as is otherwise. */
export function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref
}

const NO_BASELINE: Record<string, string> = {
  'no-base': 'no baseline: no base revision',
  'new-unit': 'no baseline: new model',
  unreadable: 'no baseline: the base revision could not be read',
}

/** The metrics table of a unit: columns metric, base, head, delta, bound, status. */
export function metricsTable(ctx: UnitContext<unknown>, j: Judgment): { id: string; title: string; columns: string[]; rows: string[][] } {
  const m = j.metrics
  const baseNote = m.base ? `base ${shortRef(m.baseRef!)}` : NO_BASELINE[m.missing ?? 'no-base']!
  const rows = j.rows.map((r) => {
    const base = !m.base ? 'no baseline' : r.base ? (r.base.value !== undefined ? fmt(r.base.value) : (r.base.raw ?? 'n/a')) : '—'
    const head = r.head ? (r.head.value !== undefined ? fmt(r.head.value) : (r.head.raw ?? 'n/a')) : '—'
    let delta = ''
    if (r.change?.delta === 0) delta = '0'
    else if (r.change) delta = r.change.relative !== undefined ? `${signed(r.change.delta)} (${signed(r.change.relative, pct)})` : signed(r.change.delta)
    const dir = r.direction === 'higher' ? ' ↑' : r.direction === 'lower' ? ' ↓' : ''
    return [`${r.label}${dir}`, base, head, delta, boundText(r.bound), r.status]
  })
  return { id: 'metrics', title: `Metrics (${baseNote})`, columns: ['metric', 'base', 'head', 'delta', 'bound', 'status'], rows }
}

/** Publishes the unit's metrics table once per run (when it has metrics at the head or the base). */
export async function publishTable(ctx: UnitContext<unknown>): Promise<Judgment> {
  const j = await judge(ctx)
  if (!published.has(ctx.facts)) {
    published.add(ctx.facts)
    if (j.rows.length) ctx.table(metricsTable(ctx, j))
  }
  return j
}
