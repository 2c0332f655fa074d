import { defineUnitRule } from '../../core/rule.js'
import { fmt } from './compare.js'
import { publishTable, shortRef } from './judge.js'

export default defineUnitRule({
  id: 'eval/metric-removed',
  category: 'evaluation',
  defaultSeverity: 'warning',
  presets: { strict: 'error' },
  description: 'A metric reported at the base revision is still reported by the change.',
  help: `Reports each metric (same task, dataset, split and metric type) that the model reported at the base
revision — in its card's \`model-index\` or a metrics file — and no longer reports.

Why: a metric that disappears cannot be compared, so dropping it is an easy way to hide a regression.

How to fix: keep reporting the metric; if it was retired on purpose, say so in a waiver.`,
  regulation: ['EU AI Act Art. 15(3)', 'EU AI Act Annex IV(3)'],
  examples: {
    pass: 'base and head both report accuracy on imdb/test',
    fail: 'base reports f1 on imdb/test; the head card no longer lists it',
  },
  async check(ctx) {
    const j = await publishTable(ctx)
    const m = j.metrics
    if (!m.base) return
    const ref = shortRef(m.baseRef!)
    const present = new Set(ctx.unit.files)
    for (const r of j.rows) {
      if (r.head || !r.base) continue
      const b = r.base
      // A metrics file that still exists carries the finding; otherwise the card's model-index (or the card).
      const at = b.source !== 'card' && present.has(b.source) ? { path: b.source, line: 1 } : m.anchor
      const value = b.value !== undefined ? fmt(b.value) : (b.raw ?? 'n/a')
      ctx.report({
        path: at.path,
        line: at.line,
        message: `${r.label} was ${value} at base ${ref} but is no longer reported: it cannot be judged`,
        details: { metric: b.metric, task: b.task, dataset: b.dataset, split: b.split, source: b.source, base: b.value, baseRef: m.baseRef },
      })
    }
  },
})
