/** Floors and ceilings from the policy: `accuracy >= 0.85`, or `{ metric, min, max, models, tiers, … }`. */
import * as z from 'zod'
import { once } from '../../core/once.js'
import type { Tier } from '../../core/policy/schema.js'
import type { MetricRecord } from '../../formats/metrics/index.js'
import { appliesToUnit, pick, selectorFields, selectsRecord, type Selector } from './match.js'

const NUM = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?'
export const BOUND_TEXT = new RegExp(`^\\s*(\\S(?:.*?\\S)?)\\s*(>=|<=|≥|≤)\\s*(${NUM})\\s*$`)

export const boundSchema = once(() =>
  z.union([
    z.string().regex(BOUND_TEXT, 'expected `<metric> >= <number>` or `<metric> <= <number>`'),
    z
      .strictObject({
        ...selectorFields(),
        min: z.number().optional().describe('Floor: the value must be at least this.'),
        max: z.number().optional().describe('Ceiling: the value must be at most this.'),
        required: z.boolean().optional().describe('Units this bound applies to must report the metric.'),
        why: z.string().min(1).optional().describe('Why the bound exists (shown in findings).'),
      })
      .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'a bound needs `min` or `max`' }),
  ]),
)
export type BoundSetting = z.infer<ReturnType<typeof boundSchema>>

export interface Bound extends Selector {
  /** Index in the policy's `bounds` list. */
  index: number
  min?: number
  max?: number
  required: boolean
  why?: string
}

export function normalizeBounds(list: BoundSetting[]): Bound[] {
  return list.map((b, index) => {
    if (typeof b === 'string') {
      const m = BOUND_TEXT.exec(b)!
      const value = Number(m[3])
      const lower = m[2] === '>=' || m[2] === '≥'
      return { index, metric: m[1]!, required: false, ...(lower ? { min: value } : { max: value }) }
    }
    const { required, ...rest } = b
    return { ...rest, index, required: required ?? false }
  })
}

export interface EffectiveBound {
  min?: { value: number; bound: Bound }
  max?: { value: number; bound: Bound }
}

/** The floor and ceiling that apply to a record in a unit (each from its most specific entry). */
export function boundFor(bounds: Bound[], r: MetricRecord, unitPath: string, tier: Tier): EffectiveBound | undefined {
  const applicable = bounds.filter((b) => appliesToUnit(b, unitPath, tier) && selectsRecord(b, r))
  const lo = pick(applicable, (b) => b.min !== undefined)
  const hi = pick(applicable, (b) => b.max !== undefined)
  if (!lo && !hi) return undefined
  const e: EffectiveBound = {}
  if (lo) e.min = { value: lo.min!, bound: lo }
  if (hi) e.max = { value: hi.max!, bound: hi }
  return e
}

export function boundText(e: EffectiveBound | undefined): string {
  if (!e) return ''
  if (e.min && e.max) return `${e.min.value} – ${e.max.value}`
  if (e.min) return `>= ${e.min.value}`
  return `<= ${e.max!.value}`
}
