/**
 * Policy entries that select metrics (bounds, tolerances): by metric name (glob), and optionally by model
 * glob, risk tier, task, dataset and split. The most specific matching entry wins; among equals, the
 * later one in the policy.
 */
import { globMatcher } from '../../core/glob.js'
import * as z from 'zod'
import { once } from '../../core/once.js'
import { TIERS, type Tier } from '../../core/policy/schema.js'
import type { MetricRecord } from '../../formats/metrics/index.js'

export const selectorFields = once(() => ({
  metric: z.string().min(1).describe('Metric type or name (a glob, case-insensitive), e.g. `accuracy` or `rouge*`.'),
  models: z.array(z.string().min(1)).optional().describe('Globs of model unit directories this entry applies to (default: all).'),
  tiers: z.array(z.enum(TIERS)).optional().describe('Risk tiers this entry applies to (default: all).'),
  task: z.string().min(1).optional().describe('Only metrics of this task type.'),
  dataset: z.string().min(1).optional().describe('Only metrics on this dataset (type, or type/config).'),
  split: z.string().min(1).optional().describe('Only metrics on this split.'),
}))

export interface Selector {
  metric: string
  models?: string[]
  tiers?: Tier[]
  task?: string
  dataset?: string
  split?: string
}

const lc = (s: string | undefined) => (s ?? '').trim().toLowerCase()

/** The names a record answers to: its metric, display name, type without config, last key segment. */
export function namesOf(r: Pick<MetricRecord, 'metric' | 'name'>): string[] {
  const out = new Set<string>([r.metric])
  if (r.name) out.add(r.name)
  out.add(r.metric.split('/')[0]!)
  out.add(r.metric.replace(/ \[.*\]$/, ''))
  const dot = r.metric.lastIndexOf('.')
  if (dot >= 0) out.add(r.metric.slice(dot + 1))
  return [...out].map((s) => s.trim())
}

const matchers = new Map<string, (s: string) => boolean>()
function globMatch(glob: string, s: string): boolean {
  let m = matchers.get(glob)
  if (!m) matchers.set(glob, (m = globMatcher(glob, { nocase: true })))
  return m(s)
}

/** True when the entry applies to the unit (model glob and tier). */
export function appliesToUnit(s: Selector, unitPath: string, tier: Tier): boolean {
  if (s.models && !s.models.some((g) => globMatch(g, unitPath) || globMatch(g, unitPath + '/'))) return false
  if (s.tiers && !s.tiers.includes(tier)) return false
  return true
}

/** True when the entry selects the record (metric name, task, dataset, split). */
export function selectsRecord(s: Selector, r: MetricRecord): boolean {
  if (!namesOf(r).some((n) => globMatch(s.metric, n))) return false
  if (s.task && lc(s.task) !== lc(r.task)) return false
  if (s.dataset && lc(s.dataset) !== lc(r.dataset) && lc(s.dataset) !== lc(r.dataset?.split('/')[0])) return false
  if (s.split && lc(s.split) !== lc(r.split)) return false
  return true
}

export function specificity(s: Selector): number {
  return (s.models ? 4 : 0) + (s.tiers ? 2 : 0) + (s.task || s.dataset || s.split ? 1 : 0)
}

/** The most specific entry (later wins ties) among those satisfying `has`. */
export function pick<T extends Selector>(entries: T[], has: (e: T) => boolean): T | undefined {
  let best: T | undefined
  for (const e of entries) if (has(e) && (!best || specificity(e) >= specificity(best))) best = e
  return best
}

/** Describes where an entry applies, for messages: ` for tier high, models/a/**`. */
export function scopeText(s: Selector): string {
  const parts: string[] = []
  if (s.tiers) parts.push(`tier ${s.tiers.join('/')}`)
  if (s.models) parts.push(s.models.join(', '))
  if (s.dataset) parts.push(`dataset ${s.dataset}`)
  if (s.split) parts.push(`split ${s.split}`)
  if (s.task) parts.push(`task ${s.task}`)
  return parts.length ? ` for ${parts.join(', ')}` : ''
}
