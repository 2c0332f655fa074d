/** Settings shared by the evaluation rules: where metrics come from and which way is better. */
import * as z from 'zod'
import { once } from '../../core/once.js'
import { defineSettings, type SettingsSection } from '../../core/rule.js'
import type { ResolvedPolicy } from '../../core/policy/resolve.js'
import { DEFAULT_IGNORED_KEYS, type Direction } from '../../formats/metrics/index.js'

const metricsFileSchema = once(() =>
  z.union([
    z.string().min(1),
    z.strictObject({
      path: z.string().min(1).describe('Glob of the metrics file, relative to the model unit.'),
      key: z.string().min(1).optional().describe('Dot path of the subtree holding the metrics, e.g. `metrics`.'),
      task: z.string().min(1).optional().describe('Task to key these metrics by.'),
      dataset: z.string().min(1).optional().describe('Dataset to key these metrics by.'),
      split: z.string().min(1).optional().describe('Split to key these metrics by (a split in the key path wins).'),
    }),
  ]),
)
export type MetricsFileSetting = z.infer<ReturnType<typeof metricsFileSchema>>

export const evaluationSettingsSchema = once(() =>
  z.strictObject({
    'metrics-files': z
      .array(metricsFileSchema())
      .default([])
      .describe('Metrics files (JSON/YAML) read in each model unit besides the card `model-index`; globs relative to the unit.'),
    dvc: z
      .boolean()
      .default(true)
      .describe('Read the metrics files a `dvc.yaml` in the unit (or above it, when it builds the unit) declares.'),
    directions: z
      .record(z.string().min(1), z.enum(['higher', 'lower']))
      .default({})
      .describe('Which way is better for metrics the built-in table does not know, e.g. `{ my_score: higher }`.'),
    ignore: z
      .array(z.string().min(1))
      .default(DEFAULT_IGNORED_KEYS)
      .describe('Globs of keys in metrics files that are not metrics (epoch, runtime, counts).'),
  }),
)

export type EvaluationSettings = z.infer<ReturnType<typeof evaluationSettingsSchema>>

export const evaluationSettings: SettingsSection<EvaluationSettings> = defineSettings({
  key: 'evaluation',
  schema: evaluationSettingsSchema,
})

export function evaluationSettingsOf(policy: ResolvedPolicy): EvaluationSettings {
  const s = policy.settings.evaluation as EvaluationSettings | undefined
  return s ?? evaluationSettingsSchema().parse({})
}

export type { Direction }
