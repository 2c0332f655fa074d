/**
 * The human report for terminals: errors first (by severity, then path), then warnings and notices, then
 * the baselined and waived counts; tables and models after the findings; the verdict last. Colour only on
 * a TTY.
 */
import type { Finding } from '../core/findings.js'
import type { GateReport } from '../core/report.js'
import { countsText, findingSections, isLive, sectionTitle } from './order.js'

export interface TextOptions {
  color: boolean
  /** Errors only: no warnings, notices or tables (the counts still say how many there are). */
  quiet?: boolean
  /** List baselined and waived findings one by one (default: only waived ones). */
  showBaselined?: boolean
}

const COLORS = { red: 31, yellow: 33, cyan: 36, green: 32, dim: 2, bold: 1 } as const
/** Up to this many models are listed one per line; more are summed up in one line. */
const MAX_MODEL_LINES = 12

export function renderText(report: GateReport, options: TextOptions): string {
  const c = (name: keyof typeof COLORS, s: string) => (options.color ? `\u001b[${COLORS[name]}m${s}\u001b[0m` : s)
  const lines: string[] = []
  const policyLine = `policy: ${report.policy.source}${report.policy.ref ? ` @ ${report.policy.ref.slice(0, 12)}` : ''} (extends ${report.policy.extends.join(', ')})`
  lines.push(c('dim', policyLine))
  for (const n of report.notes ?? []) lines.push(c('dim', `note: ${n}`))
  lines.push('')
  const mark = { error: c('red', '✖'), warning: c('yellow', '!'), notice: c('cyan', 'i'), baselined: c('dim', '○'), waived: c('dim', '○') }
  for (const s of findingSections(report.findings, report.failOn)) {
    if (options.quiet && s.kind !== 'error') continue
    if (s.kind === 'baselined' && !options.showBaselined) {
      lines.push(`${mark.baselined} ${c('dim', `${sectionTitle(s, s.findings.length)} (accepted by ${report.baseline?.source ?? 'the baseline'}; they do not block; --show-baselined lists them)`)}`, '')
      continue
    }
    lines.push(`${mark[s.kind]} ${c('bold', sectionTitle(s, s.findings.length))}`)
    for (const f of s.findings) lines.push(renderFinding(f, c))
    lines.push('')
  }
  if (!options.quiet) {
    for (const t of (report.tables ?? []).filter((x) => !x.detail)) {
      lines.push(c('bold', `${t.title}${t.model ? ` — ${t.model}` : ''}`))
      const widths = t.columns.map((col, i) => Math.max(col.length, ...t.rows.map((r) => (r[i] ?? '').length)))
      const row = (cells: string[]) => '  ' + cells.map((x, i) => x.padEnd(widths[i]!)).join('  ')
      lines.push(row(t.columns))
      for (const r of t.rows) lines.push(row(r))
      lines.push('')
    }
    lines.push(...modelLines(report, c))
  }
  const counts = countsText(report.summary)
  const verdict =
    report.conclusion === 'failure'
      ? c('red', `✖ modelgate: gate FAILED (fail-on: ${report.failOn}) — ${counts}`)
      : report.conclusion === 'neutral'
        ? c('yellow', `○ modelgate: gate not enforced (fail-on: never) — ${counts}`)
        : c('green', `✔ modelgate: gate passed — ${counts}`)
  lines.push(verdict)
  return lines.join('\n') + '\n'
}

function modelLines(report: GateReport, c: (n: keyof typeof COLORS, s: string) => string): string[] {
  if (!report.models.length) return []
  const byModel = groupByModel(report.findings.filter(isLive))
  const rows = report.models.map((m) => {
    const fs = byModel.get(m.path) ?? []
    const n = (sev: string) => fs.filter((f) => f.severity === sev).length
    const e = n('error')
    const w = fs.length - e
    const mark = e ? c('red', '✖') : w ? c('yellow', '!') : c('green', '✔')
    const what = (['error', 'warning', 'notice'] as const).filter((x) => n(x)).map((x) => `${n(x)} ${x}${n(x) === 1 ? '' : 's'}`).join(', ') || 'no findings'
    return { e, w, line: `  ${mark} ${m.path}  ${c('dim', what)}` }
  })
  if (rows.length <= MAX_MODEL_LINES) return [c('bold', `models (${rows.length})`), ...rows.map((r) => r.line), '']
  const failing = rows.filter((r) => r.e).length
  const warned = rows.filter((r) => !r.e && r.w).length
  return [c('bold', `models (${rows.length}): ${failing} with errors, ${warned} with other findings, ${rows.length - failing - warned} clean`), '']
}

function renderFinding(f: Finding, c: (n: keyof typeof COLORS, s: string) => string): string {
  const loc = `${f.path}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}`
  const sev = f.waived
    ? c('dim', 'waived ')
    : f.baselined
      ? c('dim', 'baseline')
      : f.severity === 'error'
        ? c('red', 'error  ')
        : f.severity === 'warning'
          ? c('yellow', 'warning')
          : c('cyan', 'notice ')
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
