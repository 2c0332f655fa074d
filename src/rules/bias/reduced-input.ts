import { defineUnitRule } from '../../core/rule.js'
import { basename } from '../../core/files.js'
import { KIND_DESCRIPTIONS } from '../../formats/bias/parse.js'
import { loadReports } from './load.js'
import { settingsOf } from './settings.js'

export default defineUnitRule({
  id: 'bias/reduced-input',
  category: 'bias',
  defaultSeverity: 'warning',
  description: 'A bias report given as a reduced input (e.g. a Fairlearn export) is checked against thresholds only.',
  help: `modelgate accepts a Fairlearn \`MetricFrame.by_group\` export (CSV or JSON), a long per-group CSV, or a
mapping attribute → group → metric values as a reduced bias report. Its thresholds are checked from the per-group
values it states, but without confusion counts the values cannot be recomputed (a hand-edited number passes),
without group sizes the minimum \`n\` cannot be checked, and without weights hashes the report cannot be bound to
the weights it was computed on. This finding says which of these checks were impossible.

How to fix: produce a modelgate bias report with per-group counts and weights hashes:
\`modelgate bias-report --from counts.csv\` (docs/bias-report.md). \`strict\` makes this an error.`,
  presets: { strict: 'error' },
  examples: {
    pass: 'a modelgate bias_report.yaml with per-group counts (`female: {n: 100, tp: 40, fp: 10, tn: 40, fn: 10}`) and `model.weights` hashes',
    fail: 'a Fairlearn export fairness_by_group.csv with header `sex,selection_rate,tpr,fpr` (no counts, group sizes or weights hashes)',
  },
  async check(ctx) {
    const s = settingsOf(ctx.policy)
    const reports = await loadReports(ctx)
    for (const { path, report } of reports.valid) {
      if (report.kind === 'modelgate') continue
      const missing: string[] = []
      const noCounts = report.attributes.some((a) => a.groups.some((g) => !g.counts))
      const noN = report.attributes.some((a) => a.groups.some((g) => g.n === undefined))
      if (noCounts) missing.push('no confusion counts (its values cannot be recomputed)')
      if (noN) missing.push(`no group sizes (the minimum n of ${s['min-group-size']} cannot be checked)`)
      missing.push('no weights hashes (it cannot be bound to the weights it was computed on)')
      const unnamed = report.attributes.some((a) => a.name.includes('(unnamed)'))
      const extra: string[] = []
      if (unnamed) extra.push('it does not name its sensitive feature (name the index, e.g. `mf.by_group.rename_axis("sex").to_csv(path)`)')
      if (report.ignored.length) extra.push(`ignored: ${report.ignored.map((k) => `\`${k}\``).join(', ')}`)
      extra.push(...(report.notes ?? []))
      const list = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}` : missing[0]
      ctx.report({
        path,
        line: 1,
        message: `\`${basename(path)}\` is a ${KIND_DESCRIPTIONS[report.kind]}, a reduced input: its thresholds are checked, but it has ${list}${extra.length ? `; ${extra.join('; ')}` : ''}; convert it with \`modelgate bias-report --from counts.csv\``,
        details: { kind: report.kind, counts: !noCounts, groupSizes: !noN, weights: false, ...(report.notes?.length ? { notes: report.notes } : {}) },
      })
    }
  },
})
