import * as z from 'zod'
import { defineUnitRule } from '../../core/rule.js'
import { fmt, metricToleranceSchema, pct, signed, toleranceSchema, toleranceText, type RegressionSettings } from './compare.js'
import { publishTable, shortRef } from './judge.js'

export default defineUnitRule<RegressionSettings>({
  id: 'eval/regression',
  category: 'evaluation',
  defaultSeverity: 'warning',
  presets: { 'eu-ai-act-high-risk': 'error' },
  description: 'A metric does not get worse than the base revision by more than the policy’s tolerance.',
  help: `Compares each metric of a changed model (card \`model-index\`, metrics files) with the same metric —
same task, dataset, split and metric type — at the base revision of the pull request (or the push's previous
commit). A drop larger than the tolerance is reported at the head value, naming both values and the base
commit. Which way is better is known for common metrics (accuracy, f1, auc, precision, recall, rouge, bleu:
higher; loss, wer, cer, perplexity, mae, rmse: lower); declare others in \`settings.evaluation.directions\`.
Metrics whose direction is unknown are listed in the metrics table but not judged.

Default tolerance: any drop of more than 1% relative. Set \`tolerance: { relative: 0.02 }\` or
\`{ absolute: 0.005 }\` (both: the larger allowance applies), and per metric in \`metrics\` (with optional
\`models\`, \`tiers\`, \`dataset\`, \`split\`).

Why: a pull request that silently lowers a production model's quality should not merge unnoticed.

How to fix: improve the model, or — if the drop is accepted — record the decision with a waiver.
A new model has no baseline: the metrics table says so and nothing is reported.`,
  regulation: ['EU AI Act Art. 15(1)', 'EU AI Act Annex IV(2)(g)'],
  options: () => z.strictObject({
    tolerance: toleranceSchema().default({ relative: 0.01 }).describe('How far any metric may drop: `{ relative: 0.01 }` (default) or `{ absolute: 0.005 }`.'),
    metrics: z.array(metricToleranceSchema()).default([]).describe('Per-metric tolerances: `{ metric, relative | absolute, models, tiers, dataset, split }`.'),
  }),
  examples: {
    pass: 'accuracy 0.910 at base, 0.905 at head (−0.5%)',
    fail: 'accuracy 0.910 at base, 0.880 at head (−3.3%)',
  },
  async check(ctx) {
    const j = await publishTable(ctx)
    const m = j.metrics
    if (m.missing === 'unreadable') {
      ctx.report({
        path: m.anchor.path,
        line: m.anchor.line,
        message: `the base revision ${shortRef(m.baseRef ?? '')} could not be read (${m.baseError}): metric regressions were not checked`,
        details: { baseRef: m.baseRef, error: m.baseError },
      })
      return
    }
    if (!m.base) return
    const ref = shortRef(m.baseRef!)
    for (const r of j.rows) {
      const c = r.change
      const h = r.head
      if (!c?.exceeded || !h || h.value === undefined || r.base?.value === undefined) continue
      const verb = c.delta < 0 ? 'dropped' : 'rose'
      const change = c.relative !== undefined ? `${signed(c.delta)}, ${signed(c.relative, pct)}` : signed(c.delta)
      ctx.report({
        path: h.path,
        line: h.line,
        column: h.column,
        message: `${r.label} ${verb} from ${fmt(r.base.value)} at base ${ref} to ${fmt(h.value)} (${change}; ${r.direction} is better; tolerance ${toleranceText(c.tolerance)})`,
        details: {
          metric: h.metric,
          task: h.task,
          dataset: h.dataset,
          split: h.split,
          base: r.base.value,
          head: h.value,
          delta: c.delta,
          relative: c.relative,
          direction: r.direction,
          tolerance: c.tolerance,
          baseRef: m.baseRef,
        },
      })
    }
  },
})
