import * as z from 'zod'
import { defineUnitRule } from '../../core/rule.js'
import { boundSchema, type BoundSetting } from './bounds.js'
import { fmt } from './compare.js'
import { publishTable } from './judge.js'
import { appliesToUnit, scopeText, selectsRecord } from './match.js'

export interface MetricBoundOptions {
  bounds: BoundSetting[]
}

export default defineUnitRule<MetricBoundOptions>({
  id: 'eval/metric-bound',
  category: 'evaluation',
  defaultSeverity: 'error',
  description: 'Metrics in the card `model-index` and metrics files stay within the policy’s floors and ceilings.',
  help: `Checks every metric a model reports (the card's \`model-index\`, and the metrics files named in
\`settings.evaluation\`) against the floors and ceilings in the policy: \`accuracy >= 0.85\`, \`wer <= 0.2\`, or
an entry with \`metric\`, \`min\`/\`max\` and optional \`models\` globs, \`tiers\`, \`task\`, \`dataset\`, \`split\` and
\`required\`. The most specific entry wins (models, then tiers, then task/dataset/split; later entries win ties).

Why: a model that ships below the quality the organisation committed to — or that a regulator was told
about (EU AI Act Art. 15) — should not merge unnoticed.

How to fix: improve the model, or change the bound in the policy with the reviewers' agreement. A value such
as \`85.3\` against a floor of \`0.85\` is reported as a fraction-vs-percentage mismatch: write both on the same
scale.`,
  regulation: ['EU AI Act Art. 15(1)', 'EU AI Act Art. 15(3)'],
  options: () => z.strictObject({
    bounds: z.array(boundSchema()).default([]).describe('Floors and ceilings: `accuracy >= 0.85`, or `{ metric, min, max, models, tiers, required }`.'),
  }),
  examples: {
    pass: 'bounds: ["accuracy >= 0.85"] and model-index accuracy 0.91',
    fail: 'bounds: ["accuracy >= 0.85"] and model-index accuracy 0.83',
  },
  async check(ctx) {
    const j = await publishTable(ctx)
    for (const r of j.rows) {
      const h = r.head
      if (!h || h.value === undefined || !r.boundIssue || !r.bound) continue
      const b = r.boundIssue === 'above' ? r.bound.max! : (r.bound.min ?? r.bound.max)!
      const why = b.bound.why ? `: ${b.bound.why}` : ''
      const scope = scopeText(b.bound)
      let message: string
      if (r.boundIssue === 'below') message = `${r.label} is ${fmt(h.value)}, below the floor ${fmt(b.value)} set by the policy${scope}${why}`
      else if (r.boundIssue === 'above') message = `${r.label} is ${fmt(h.value)}, above the ceiling ${fmt(b.value)} set by the policy${scope}${why}`
      else {
        const kind = r.bound.min ? 'floor' : 'ceiling'
        message =
          h.value > 1
            ? `${r.label} is ${fmt(h.value)}, which looks like a percentage, while its ${kind} ${fmt(b.value)} is a fraction: write both on the same scale`
            : `${r.label} is ${fmt(h.value)}, a fraction, while its ${kind} ${fmt(b.value)} looks like a percentage: write both on the same scale`
      }
      ctx.report({
        path: h.path,
        line: h.line,
        column: h.column,
        message,
        details: { metric: h.metric, task: h.task, dataset: h.dataset, split: h.split, value: h.value, min: r.bound.min?.value, max: r.bound.max?.value, bound: b.bound.index, issue: r.boundIssue },
      })
    }
    // Metrics the policy requires this unit to report.
    for (const b of j.bounds) {
      if (!b.required || !appliesToUnit(b, ctx.unit.path, j.tier)) continue
      if (j.metrics.head.records.some((r) => selectsRecord(b, r))) continue
      const limit = [b.min !== undefined ? `floor ${fmt(b.min)}` : '', b.max !== undefined ? `ceiling ${fmt(b.max)}` : ''].filter(Boolean).join(', ')
      ctx.report({
        path: j.metrics.anchor.path,
        line: j.metrics.anchor.line,
        message: `model \`${ctx.unit.path}\` does not report \`${b.metric}\`, which the policy requires${scopeText(b)} (${limit}): add it to the card's \`model-index\` or a metrics file`,
        details: { metric: b.metric, bound: b.index, tier: j.tier, missing: true },
      })
    }
  },
})
