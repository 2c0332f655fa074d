/**
 * `settings.bias` of the policy: where reports are found, which attributes the policy protects, the
 * minimum group size, the thresholds (per metric, overridable per attribute, each with a source label) and
 * the recomputation tolerance. Shared by every bias rule.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'
import { defineSettings, type SettingsSection } from '../../core/rule.js'
import type { ResolvedPolicy } from '../../core/policy/resolve.js'
import { ATTRIBUTE_METRICS } from '../../formats/bias/metrics.js'

const METRIC_KEY = new RegExp(`^(${ATTRIBUTE_METRICS.join('|')}|[a-z0-9_]+_(difference|ratio))$`)

const metricKey = once(() => z.string().regex(METRIC_KEY, 'expected a metric name such as demographic_parity_ratio, equalized_odds_difference or <per-group metric>_difference'))

export const thresholdSchema = once(() =>
  z.union([
    z.literal('off'),
    z.literal(false),
    z
      .strictObject({
        min: z.number().optional().describe('The metric must be at least this.'),
        max: z.number().optional().describe('The metric must be at most this.'),
        source: z.string().min(1).optional().describe('Where the threshold comes from (shown in findings), e.g. a law, a standard or an internal decision.'),
      })
      .refine((t) => t.min !== undefined || t.max !== undefined, 'give `min`, `max` or both (or `off` to turn the threshold off)'),
  ]),
)
export type ThresholdEntry = z.infer<ReturnType<typeof thresholdSchema>>
export interface Threshold {
  min?: number
  max?: number
  source?: string
}

export const FOUR_FIFTHS_SOURCE = 'the four-fifths rule of the US EEOC Uniform Guidelines, 29 CFR 1607.4(D), a US employment-law convention'

/** The `recommended` thresholds; a policy overrides any of them, or turns one off with `off`. */
export const DEFAULT_THRESHOLDS: Record<string, ThresholdEntry> = {
  demographic_parity_ratio: { min: 0.8, source: FOUR_FIFTHS_SOURCE },
  equalized_odds_difference: { max: 0.1, source: 'modelgate recommended default' },
}

export const DEFAULT_REPORT_NAMES = [
  '**/bias_report.{json,yaml,yml}',
  '**/fairness_report.{json,yaml,yml,csv}',
  '**/fairness_by_group.{csv,json}',
  '**/fairlearn_by_group.{csv,json}',
]

const thresholds = once(() => z.record(metricKey(), thresholdSchema()))

export const biasSettingsSchema = once(() =>
  z.object({
    'report-names': z
      .array(z.string().min(1))
      .default(DEFAULT_REPORT_NAMES)
      .describe('Globs (relative to the model unit directory) of bias report files.'),
    'card-key': z
      .string()
      .min(1)
      .default('bias_report')
      .describe('Model card metadata key whose value is the path (relative to the card) of a bias report kept elsewhere.'),
    'protected-attributes': z
      .array(z.string().min(1))
      .default([])
      .describe('Attributes every bias report must cover (e.g. sex, age_band, race).'),
    'attribute-aliases': z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe('Attribute names in reports mapped to the policy\'s names (e.g. sex_Male: sex, gender: sex).'),
    'min-group-size': z.int().min(1).default(30).describe('Minimum number of samples in every group (n).'),
    tolerance: z.number().min(0).default(0.005).describe('Largest difference between a stated value and the value recomputed from the counts.'),
    thresholds: thresholds()
      .default({})
      .transform((t) => ({ ...DEFAULT_THRESHOLDS, ...t }))
      .describe('Thresholds per metric ({min, max, source} or off); merged over the defaults (demographic_parity_ratio ≥ 0.8, equalized_odds_difference ≤ 0.1).'),
    'attribute-thresholds': z
      .record(z.string().min(1), thresholds())
      .default({})
      .describe('Per-attribute overrides of the thresholds (e.g. age_band: {demographic_parity_ratio: off}).'),
  }),
)

export type BiasSettings = z.infer<ReturnType<typeof biasSettingsSchema>>

export const biasSettings: SettingsSection<BiasSettings> = defineSettings({
  key: 'bias',
  schema: biasSettingsSchema,
})

export function settingsOf(policy: ResolvedPolicy): BiasSettings {
  const s = policy.settings.bias as BiasSettings | undefined
  return s ?? biasSettingsSchema().parse({})
}

/** The policy's name for an attribute of a report (through `attribute-aliases`). */
export function canonicalAttribute(s: BiasSettings, name: string): string {
  return s['attribute-aliases'][name] ?? s['attribute-aliases'][name.toLowerCase()] ?? name
}

export interface EffectiveThreshold extends Threshold {
  metric: string
  /** Human label of where the threshold is set. */
  source: string
}

/** The thresholds that apply to an attribute: the global ones, overridden per attribute; `off` removes one. */
export function thresholdsFor(s: BiasSettings, attribute: string): EffectiveThreshold[] {
  const out = new Map<string, EffectiveThreshold>()
  const apply = (entries: Record<string, ThresholdEntry>, where: string) => {
    for (const [metric, t] of Object.entries(entries)) {
      if (t === 'off' || t === false) out.delete(metric)
      else out.set(metric, { metric, min: t.min, max: t.max, source: t.source ?? where })
    }
  }
  apply(s.thresholds, 'policy settings.bias.thresholds')
  const per = s['attribute-thresholds'][attribute]
  if (per) apply(per, `policy settings.bias.attribute-thresholds.${attribute}`)
  return [...out.values()]
}

export function describeThreshold(t: Threshold): string {
  if (t.min !== undefined && t.max !== undefined) return `${t.min} ≤ x ≤ ${t.max}`
  if (t.min !== undefined) return `≥ ${t.min}`
  return `≤ ${t.max}`
}
