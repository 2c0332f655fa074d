/** The human report for terminals: grouped by model, path:line:col, colour only on a TTY. */
import type { Finding } from '../core/findings.js'
import type { GateReport } from '../core/report.js'

export interface TextOptions {
  color: boolean
}

const COLORS = { red: 31, yellow: 33, cyan: 36, green: 32, dim: 2, bold: 1 } as const

export function renderText(report: GateReport, options: TextOptions): string {
  const c = (name: keyof typeof COLORS, s: string) => (options.color ? `\u001b[${COLORS[name]}m${s}\u001b[0m` : s)
  const lines: string[] = []
  const policyLine = `policy: ${report.policy.source}${report.policy.ref ? ` @ ${report.policy.ref.slice(0, 12)}` : ''} (extends ${report.policy.extends.join(', ')})`
  lines.push(c('dim', policyLine))
  for (const n of report.notes ?? []) lines.push(c('dim', `note: ${n}`))
  lines.push('')
  const byModel = groupByModel(report.findings)
  const models = report.models.map((m) => m.path)
  for (const key of byModel.keys()) if (key !== '' && !models.includes(key)) models.push(key)
  for (const m of models) {
    const fs = byModel.get(m) ?? []
    const mark = fs.some((f) => !f.waived && f.severity === 'error') ? c('red', '✖') : fs.some((f) => !f.waived) ? c('yellow', '!') : c('green', '✔')
    lines.push(`${mark} ${c('bold', m)}${fs.length ? '' : c('dim', '  no findings')}`)
    for (const f of fs) lines.push(renderFinding(f, c))
    lines.push('')
  }
  const general = byModel.get('') ?? []
  if (general.length) {
    lines.push(c('bold', 'repository'))
    for (const f of general) lines.push(renderFinding(f, c))
    lines.push('')
  }
  for (const t of (report.tables ?? []).filter((x) => !x.detail)) {
    lines.push(c('bold', `${t.title}${t.model ? ` — ${t.model}` : ''}`))
    const widths = t.columns.map((col, i) => Math.max(col.length, ...t.rows.map((r) => (r[i] ?? '').length)))
    const row = (cells: string[]) => '  ' + cells.map((x, i) => x.padEnd(widths[i]!)).join('  ')
    lines.push(row(t.columns))
    for (const r of t.rows) lines.push(row(r))
    lines.push('')
  }
  const s = report.summary
  const counts = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.notices} notice${s.notices === 1 ? '' : 's'}${s.waived ? `, ${s.waived} waived` : ''} in ${s.models} model${s.models === 1 ? '' : 's'}`
  const verdict =
    report.conclusion === 'failure'
      ? c('red', `✖ modelgate: gate FAILED (fail-on: ${report.failOn}) — ${counts}`)
      : report.conclusion === 'neutral'
        ? c('yellow', `○ modelgate: gate not enforced (fail-on: never) — ${counts}`)
        : c('green', `✔ modelgate: gate passed — ${counts}`)
  lines.push(verdict)
  return lines.join('\n') + '\n'
}

function renderFinding(f: Finding, c: (n: keyof typeof COLORS, s: string) => string): string {
  const loc = `${f.path}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}`
  const sev = f.waived ? c('dim', 'waived ') : f.severity === 'error' ? c('red', 'error  ') : f.severity === 'warning' ? c('yellow', 'warning') : c('cyan', 'notice ')
  const waived = f.waived ? c('dim', ` (waived until ${f.waived.expires} by ${f.waived.approvedBy}: ${f.waived.reason})`) : ''
  return `  ${sev} ${loc}  ${f.message}${waived}  ${c('dim', f.ruleId)}`
}

export function groupByModel(findings: Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>()
  for (const f of findings) {
    const k = f.model ?? ''
    if (!m.has(k)) m.set(k, [])
    m.get(k)!.push(f)
  }
  return m
}
