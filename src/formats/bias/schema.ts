/**
 * The modelgate bias report format (version 1), as a zod schema. The committed JSON Schema
 * (schema/bias-report.schema.json) is generated from it by scripts/gen-bias-schema.mjs; docs/bias-report.md
 * documents it with a full example. Rules the JSON Schema cannot express (counts all-or-none, the privileged
 * group is one of the groups, classification groups carry counts) are checked here with refinements.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'

export const BIAS_REPORT_VERSION = 1
export const TASKS = ['classification', 'regression', 'ranking', 'other'] as const
export type Task = (typeof TASKS)[number]

const count = once(() => z.int().nonnegative())
const name = once(() => z.union([z.string().min(1), z.number()]))
const metricValues = once(() =>
  z
    .record(z.string().min(1), z.number())
    .describe('Metric values by name (see docs/bias-report.md for the names modelgate recomputes).'),
)

const groupSchema = once(() =>
  z
    .strictObject({
      n: count().describe('Number of evaluation samples in the group.'),
      tp: count().optional().describe('True positives (predicted 1, actual 1).'),
      fp: count().optional().describe('False positives (predicted 1, actual 0).'),
      tn: count().optional().describe('True negatives (predicted 0, actual 0).'),
      fn: count().optional().describe('False negatives (predicted 0, actual 1).'),
      metrics: metricValues().optional().describe('Per-group metric values the author reports (selection_rate, tpr, fpr, precision, …; for non-classifiers e.g. mae).'),
    })
    .superRefine((g, ctx) => {
      const present = (['tp', 'fp', 'tn', 'fn'] as const).filter((k) => g[k] !== undefined)
      if (present.length > 0 && present.length < 4) {
        const missing = (['tp', 'fp', 'tn', 'fn'] as const).filter((k) => g[k] === undefined)
        ctx.addIssue({ code: 'custom', message: `confusion counts come as a set: add ${missing.map((m) => `\`${m}\``).join(', ')} (or remove ${present.map((m) => `\`${m}\``).join(', ')})`, path: [] })
      }
    }),
)

export type BiasGroup = z.infer<ReturnType<typeof groupSchema>>

const attributeSchema = once(() =>
  z
    .strictObject({
      privileged: name().optional().describe('The privileged (reference) group for disparate impact; default: the group with the highest selection rate.'),
      groups: z.record(z.string().min(1), groupSchema()).describe('The groups of this attribute, by name.'),
      metrics: metricValues().optional().describe('Attribute-level metrics the author reports (demographic_parity_ratio, equalized_odds_difference, …).'),
    })
    .superRefine((a, ctx) => {
      const names = Object.keys(a.groups)
      if (names.length < 2) ctx.addIssue({ code: 'custom', message: `an attribute needs at least two groups to compare (found ${names.length})`, path: ['groups'] })
      if (a.privileged !== undefined && !names.includes(String(a.privileged))) {
        ctx.addIssue({ code: 'custom', message: `the privileged group \`${a.privileged}\` is not one of the groups (${names.map((n) => `\`${n}\``).join(', ')})`, path: ['privileged'] })
      }
    }),
)

export type BiasAttribute = z.infer<ReturnType<typeof attributeSchema>>

const isoDate = once(() => z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected a date as YYYY-MM-DD (or an ISO 8601 date-time)'))

export const biasReportSchema = once(() =>
  z
    .strictObject({
      $schema: z.string().optional().describe('The JSON Schema of this file (for editors).'),
      version: z.literal(BIAS_REPORT_VERSION).describe('Format version: 1.'),
      task: z.enum(TASKS).default('classification').describe('The model task; classification reports carry confusion counts per group.'),
      model: z
        .strictObject({
          name: z.string().min(1).describe('The model name.'),
          version: name().describe('The model version (quote it in YAML: "1.10").'),
          weights: z
            .array(
              z.strictObject({
                path: z.string().min(1).describe('Path of the weights file, relative to this report.'),
                sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits').describe('sha256 of the file content (for a Git LFS file: its oid).'),
              }),
            )
            .min(1, 'record at least one weights file the report was computed on')
            .describe('The weights files the metrics were computed on.'),
        })
        .describe('The model the report describes.'),
      dataset: z
        .strictObject({
          name: z.string().min(1).describe('The evaluation dataset.'),
          split: z.string().min(1).describe('The split evaluated (e.g. test).'),
          revision: name().describe('The dataset revision (a commit, tag, DVC hash or version).'),
        })
        .describe('The evaluation dataset.'),
      date: isoDate().describe('When the evaluation ran (YYYY-MM-DD).'),
      author: z.string().min(1).describe('Who produced the report (a person, team or job).'),
      attributes: z
        .record(z.string().min(1), attributeSchema())
        .describe('Per protected attribute (sex, age_band, race, …): its groups and metrics.'),
      notes: z.string().optional().describe('Free text: caveats, how groups were formed.'),
    })
    .superRefine((r, ctx) => {
      if (Object.keys(r.attributes).length === 0) ctx.addIssue({ code: 'custom', message: 'the report covers no protected attribute', path: ['attributes'] })
      for (const [an, a] of Object.entries(r.attributes)) {
        for (const [gn, g] of Object.entries(a.groups)) {
          const hasCounts = g.tp !== undefined && g.fp !== undefined && g.tn !== undefined && g.fn !== undefined
          if (r.task === 'classification' && !hasCounts && !(g.tp !== undefined || g.fp !== undefined || g.tn !== undefined || g.fn !== undefined)) {
            ctx.addIssue({ code: 'custom', message: 'a classification report needs confusion counts `tp`, `fp`, `tn`, `fn` for every group (for other models set `task: regression` or `other` and give per-group `metrics`)', path: ['attributes', an, 'groups', gn] })
          }
          if (r.task !== 'classification' && !hasCounts && Object.keys(g.metrics ?? {}).length === 0) {
            ctx.addIssue({ code: 'custom', message: 'give the group\'s metric values under `metrics` (or its confusion counts)', path: ['attributes', an, 'groups', gn] })
          }
        }
      }
    }),
)

export type BiasReportDoc = z.infer<ReturnType<typeof biasReportSchema>>

/** The JSON Schema of the format, as committed in schema/bias-report.schema.json. */
export function biasReportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(biasReportSchema(), { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>
  return {
    ...schema,
    $id: 'https://raw.githubusercontent.com/modelgate/modelgate/main/schema/bias-report.schema.json',
    title: 'modelgate bias report',
    description: 'A fairness evaluation of one model, bound to its weights by sha256 (docs/bias-report.md).',
  }
}
