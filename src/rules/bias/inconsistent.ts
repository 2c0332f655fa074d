import { defineUnitRule } from '../../core/rule.js'
import { canonicalGroupMetric, fmt, groupMetric, metricLabel, metricShape } from '../../formats/bias/metrics.js'
import { countsInputs, statedInputs } from './evaluate.js'
import { attributeMetric } from '../../formats/bias/metrics.js'
import { loadReports } from './load.js'
import { settingsOf } from './settings.js'

/** Float noise allowed on top of the tolerance (0.11 − 0.1 is 0.010000000000000009). */
const EPSILON = 1e-9

export default defineUnitRule({
  id: 'bias/inconsistent',
  category: 'bias',
  defaultSeverity: 'error',
  description: 'The values a bias report states match those recomputed from its own counts (within a tolerance).',
  help: `modelgate recomputes every metric a bias report states — per group (selection_rate, tpr, fpr, precision,
fnr, tnr, accuracy) and per attribute (demographic parity, disparate impact, equalized odds, …) — from the
report's confusion counts, and reports each stated value that differs by more than \`settings.bias.tolerance\`
(default 0.005) at the line of the stated value. A group whose \`n\` differs from tp + fp + tn + fn is reported too.
Without counts, attribute-level values are checked against the stated per-group values.

Why: a report edited by hand, or computed on other data than its counts, must not pass.

How to fix: regenerate the report from the counts (\`modelgate bias-report --from counts.csv\`), or correct the
counts if they are the wrong ones. Metric definitions and signs: docs/bias-report.md.`,
  regulation: ['EU AI Act Annex IV(2)(g)'],
  examples: {
    pass: '`female: {n: 100, tp: 40, fp: 10, tn: 40, fn: 10, metrics: {tpr: 0.8}}` (40 / (40 + 10) = 0.8)',
    fail: '`female: {n: 100, tp: 30, fp: 10, tn: 50, fn: 10, metrics: {tpr: 0.8}}` (the counts give 0.75)',
  },
  async check(ctx) {
    const tol = settingsOf(ctx.policy).tolerance
    const { valid } = await loadReports(ctx)
    for (const { path, report } of valid) {
      for (const attr of report.attributes) {
        for (const g of attr.groups) {
          if (!g.counts) continue
          const sum = g.counts.tp + g.counts.fp + g.counts.tn + g.counts.fn
          if (g.n !== undefined && g.n !== sum && g.nAt) {
            ctx.report({
              path,
              line: g.nAt.line,
              column: g.nAt.column,
              message: `report inconsistent with its own counts: group \`${g.name}\` of \`${attr.name}\` has n = ${g.n} but tp + fp + tn + fn = ${sum}`,
              details: { attribute: attr.name, group: g.name, stated: g.n, recomputed: sum },
            })
          }
          for (const st of g.stated) {
            const m = canonicalGroupMetric(st.metric)
            if (!m) continue
            const v = groupMetric(m, g.counts)
            const where = `group \`${g.name}\` of \`${attr.name}\``
            if (v === undefined) {
              ctx.report({ path, line: st.at.line, column: st.at.column, message: `report inconsistent with its own counts: ${where} states ${st.metric} = ${st.value}, but its counts leave it undefined`, details: { attribute: attr.name, group: g.name, metric: st.metric, stated: st.value } })
            } else if (Math.abs(v - st.value) > tol + EPSILON) {
              ctx.report({
                path,
                line: st.at.line,
                column: st.at.column,
                message: `report inconsistent with its own counts: ${where} states ${st.metric} = ${st.value}, but its counts give ${fmt(v)} (tolerance ${tol})`,
                details: { attribute: attr.name, group: g.name, metric: st.metric, stated: st.value, recomputed: v },
              })
            }
          }
        }
        const fromCounts = countsInputs(attr)
        const inputs = fromCounts ?? statedInputs(attr)
        const source = fromCounts ? 'its own counts' : 'its own per-group values'
        for (const st of attr.stated) {
          const shape = metricShape(st.metric)
          // Names modelgate does not define (e.g. AIF360's signed statistical_parity_difference) are kept, not checked.
          if (!shape || (shape.kind !== 'named' && !inputs.some((g) => g.values[shape.basis] !== undefined))) continue
          const r = attributeMetric(st.metric, inputs, attr.privileged)!
          if (!r.ok) {
            if (!fromCounts) continue
            ctx.report({ path, line: st.at.line, column: st.at.column, message: `report inconsistent with ${source}: \`${attr.name}\` states ${st.metric} = ${st.value}, but it cannot be computed from the counts (${r.reason})`, details: { attribute: attr.name, metric: st.metric, stated: st.value } })
            continue
          }
          if (Math.abs(r.value - st.value) <= tol + EPSILON) continue
          ctx.report({
            path,
            line: st.at.line,
            column: st.at.column,
            message: `report inconsistent with ${source}: \`${attr.name}\` states ${metricLabel(st.metric)} = ${st.value}, but ${fromCounts ? 'its counts give' : 'its per-group values give'} ${fmt(r.value)} (tolerance ${tol})`,
            details: { attribute: attr.name, metric: st.metric, stated: st.value, recomputed: r.value, basis: fromCounts ? 'counts' : 'per-group values' },
          })
        }
      }
    }
  },
})
