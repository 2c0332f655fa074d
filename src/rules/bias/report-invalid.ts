import { defineUnitRule } from '../../core/rule.js'
import { loadReports } from './load.js'

/** Problems reported per report file at most (a broken file would otherwise flood the summary). */
export const MAX_PROBLEMS = 20

export default defineUnitRule({
  id: 'bias/report-invalid',
  category: 'bias',
  defaultSeverity: 'error',
  description: 'Bias reports parse and match the modelgate bias report schema.',
  help: `Every bias report of a model unit must be valid JSON, YAML or CSV and follow the modelgate bias report format
(schema/bias-report.schema.json, docs/bias-report.md) or be a recognized reduced input (a Fairlearn
\`MetricFrame.by_group\` export). Each problem is reported at the line of the bad field.

Why: a report the gate cannot read cannot show anything; it must not pass silently.

How to fix: correct the field named in the finding; \`modelgate bias-report --from counts.csv\` writes a valid report.`,
  regulation: ['EU AI Act Annex IV(2)(g)'],
  examples: {
    pass: 'bias_report.yaml with `dataset: {name: credit-applications, split: test, revision: r1}`',
    fail: 'bias_report.yaml with `dataset: {name: credit-applications, splits: test, revision: r1}` (unknown key `splits`, `split` missing)',
  },
  async check(ctx) {
    const reports = await loadReports(ctx)
    for (const r of reports.all) {
      if (r.parse.ok) continue
      const problems = r.parse.problems
      for (const p of problems.slice(0, MAX_PROBLEMS)) {
        ctx.report({ path: r.path, line: p.line, column: p.column, message: `invalid bias report: ${p.message}` })
      }
      if (problems.length > MAX_PROBLEMS) {
        const last = problems[MAX_PROBLEMS]!
        ctx.report({ path: r.path, line: last.line, column: last.column, message: `invalid bias report: ${problems.length - MAX_PROBLEMS} more problems not shown` })
      }
    }
  },
})
