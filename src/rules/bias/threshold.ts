import { defineUnitRule } from '../../core/rule.js'
import { basename } from '../../core/files.js'
import { fmt, metricLabel, GROUP_METRIC_INFO, type GroupMetric } from '../../formats/bias/metrics.js'
import { BASIS_TEXT, evaluateMetric, metricAt } from './evaluate.js'
import { loadReports } from './load.js'
import { canonicalAttribute, describeThreshold, settingsOf, thresholdsFor, type EffectiveThreshold } from './settings.js'

/** Absolute slack for float noise when comparing with a threshold (0.8 computed as 0.7999999999). */
const EPSILON = 1e-9

export const FAIRNESS_COLUMNS = ['attribute', 'worst group', 'metric', 'value', 'threshold', 'result']

function breach(v: number, t: EffectiveThreshold): 'min' | 'max' | undefined {
  if (t.min !== undefined && v < t.min - EPSILON) return 'min'
  if (t.max !== undefined && v > t.max + EPSILON) return 'max'
  return undefined
}

function groupLabel(metric: string): string {
  return metric in GROUP_METRIC_INFO ? GROUP_METRIC_INFO[metric as GroupMetric].label : metric
}

export default defineUnitRule({
  id: 'bias/threshold',
  category: 'bias',
  defaultSeverity: 'error',
  description: 'Fairness metrics are within the policy\'s thresholds (default: demographic parity ratio ≥ 0.8, equalized odds difference ≤ 0.1).',
  help: `For every attribute of every bias report, each metric in \`settings.bias.thresholds\` (overridable per attribute
in \`settings.bias.attribute-thresholds\`) must be within its bounds. The value is recomputed from the report's
confusion counts when it has them; the report's own numbers are used only when it has none (the finding says so).
A threshold that cannot be evaluated (e.g. no group has actual positives) is a finding too: the gate fails closed.

Defaults in \`recommended\`: \`demographic_parity_ratio ≥ 0.8\` (the four-fifths rule, a US employment-law
convention) and \`equalized_odds_difference ≤ 0.1\`. Every threshold carries a \`source\` label that findings quote;
set a threshold to \`off\` to turn it off. Metric definitions and signs: docs/bias-report.md.

The rule also publishes the per-model fairness table (attribute, worst group, metric, value, threshold, result).

How to fix: mitigate the disparity (reweighing, threshold adjustment per group, more representative data) and
re-run the evaluation; or, if the threshold does not fit your domain, change it in the policy with a \`source\`.`,
  regulation: ['EU AI Act Art. 10(2)(f)', 'EU AI Act Art. 15'],
  examples: {
    pass: '`female: {n: 100, tp: 40, fp: 10, tn: 40, fn: 10}`, `male: {n: 100, tp: 44, fp: 11, tn: 34, fn: 11}` (parity ratio 0.91, equalized odds difference 0.04)',
    fail: '`female: {n: 100, tp: 30, fp: 10, tn: 50, fn: 10}`, `male: {n: 100, tp: 45, fp: 15, tn: 30, fn: 10}` (parity ratio 0.67, below 0.8)',
  },
  async check(ctx) {
    const s = settingsOf(ctx.policy)
    const { valid } = await loadReports(ctx)
    const rows: string[][] = []
    for (const { path, report } of valid) {
      const prefix = valid.length > 1 ? `${basename(path)}: ` : ''
      for (const attr of report.attributes) {
        const canon = canonicalAttribute(s, attr.name)
        for (const t of thresholdsFor(s, canon)) {
          const e = evaluateMetric(report, attr, t.metric)
          const at = metricAt(attr, e)
          const tText = describeThreshold(t)
          if (!e.ok) {
            rows.push([prefix + attr.name, '', t.metric, e.notApplicable ? 'n/a' : 'unknown', tText, e.notApplicable ? 'n/a' : 'fail'])
            if (e.notApplicable) continue
            ctx.report({
              path,
              line: at.line,
              column: at.column,
              message: `\`${attr.name}\`: ${metricLabel(t.metric)} cannot be evaluated against the threshold ${tText} (source: ${t.source}): ${e.reason}`,
              details: { attribute: attr.name, metric: t.metric, threshold: { min: t.min, max: t.max, source: t.source } },
            })
            continue
          }
          const v = e.result.value
          const b = breach(v, t)
          const worst = e.result.worst
          rows.push([prefix + attr.name, worst ?? '', t.metric, fmt(v), tText, b ? 'fail' : 'pass'])
          if (!b) continue
          const bound = b === 'min' ? `below the minimum ${t.min}` : `above the maximum ${t.max}`
          let why = ''
          if (e.result.worst !== undefined) {
            const r = e.result
            why = ` — group \`${r.worst}\` has ${groupLabel(r.basis)} ${fmt(r.worstValue)} vs ${fmt(r.referenceValue)} for \`${r.reference}\``
          }
          ctx.report({
            path,
            line: at.line,
            column: at.column,
            message: `\`${attr.name}\`: ${metricLabel(t.metric)} ${fmt(v)} is ${bound}${why} (${BASIS_TEXT[e.basis]}; threshold source: ${t.source})`,
            details: {
              attribute: attr.name,
              metric: t.metric,
              value: v,
              basis: e.basis,
              ...(worst !== undefined ? { worstGroup: worst } : {}),
              threshold: { min: t.min, max: t.max, source: t.source },
            },
          })
        }
      }
    }
    if (rows.length) {
      ctx.table({ id: 'fairness', title: 'Fairness', columns: FAIRNESS_COLUMNS, rows })
    }
  },
})
