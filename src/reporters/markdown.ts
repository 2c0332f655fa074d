/**
 * Markdown for people on GitHub: the job summary, the check-run summary and the PR comment share it.
 * Every file name and message is escaped; the output fits the given character budget.
 */
import type { Finding } from '../core/findings.js'
import type { GateReport } from '../core/report.js'
import { code, md, mdMessage, mdNote, mdText } from './escape.js'
import { groupByModel } from './text.js'

export interface MarkdownOptions {
  /** Character budget (GitHub: 65,536 for comments, 65,535 for check summaries, 1 MiB for job summaries). */
  maxChars: number
  /**
   * Links findings to file lines at this commit: `${server}/${repo}/blob/${sha}/${prefix}${path}#L${line}`;
   * `pathPrefix` is the working directory inside the repository ('' or 'sub/dir/').
   */
  links?: { serverUrl: string; repository: string; sha: string; pathPrefix?: string }
  /**
   * How the budget is measured (default: UTF-16 length, which is never below the code-point count GitHub
   * uses for comments). Check-run summaries are limited in UTF-8 bytes too: pass a byte count.
   */
  measure?: (text: string) => number
  /** Heading level-1 title and a hidden marker (PR comment). */
  title?: string
  marker?: string
  /** Where the full report is, for truncation notes (e.g. the run's URL). */
  fullReportUrl?: string
  /** A "reproduce locally" command. */
  reproduce?: string
  /** Extra lines appended (e.g. "N more annotations were not shown"). */
  footer?: string[]
}

const ICON = { error: '🔴', warning: '🟡', notice: '🔵' } as const

export function verdictLine(report: GateReport): string {
  const s = report.summary
  const counts = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.notices} notice${s.notices === 1 ? '' : 's'}${s.waived ? `, ${s.waived} waived` : ''} in ${s.models} model${s.models === 1 ? '' : 's'}`
  if (report.conclusion === 'failure') return `❌ **Gate failed** (fail-on: \`${report.failOn}\`): ${counts}`
  if (report.conclusion === 'neutral') return `⚪ **Gate not enforced** (fail-on: \`never\`): ${counts}`
  return `✅ **Gate passed**: ${counts}`
}

/** UTF-8 byte length, for budgets GitHub counts in bytes. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

export function renderMarkdown(report: GateReport, o: MarkdownOptions): string {
  const size = o.measure ?? ((t: string) => t.length)
  const head: string[] = []
  if (o.marker) head.push(o.marker)
  head.push(`## ${o.title ?? 'modelgate'}`, '', verdictLine(report), '')
  const policy = `Policy: ${code(report.policy.source)}${report.policy.ref ? ` at ${code(report.policy.ref.slice(0, 12))}` : ''}, extends ${report.policy.extends.map(code).join(', ')}.`
  head.push(policy)
  for (const n of report.notes ?? []) head.push('', `> ${mdNote(n)}`)
  head.push('')
  const byModel = groupByModel(report.findings)
  const table: string[] = []
  if (report.models.length) {
    table.push('| Model | Status | Errors | Warnings | Notices |', '|---|---|--:|--:|--:|')
    for (const m of report.models) {
      const fs = (byModel.get(m.path) ?? []).filter((f) => !f.waived)
      const n = (s: string) => fs.filter((f) => f.severity === s).length
      const status = n('error') ? '❌' : n('warning') || n('notice') ? '⚠️' : '✅'
      table.push(`| ${cellCode(m.path)} | ${status} ${m.status ?? ''} | ${n('error')} | ${n('warning')} | ${n('notice')} |`)
    }
    table.push('')
  } else {
    table.push('No model units were evaluated (the change touches none).', '')
  }
  const tables: string[] = []
  for (const t of report.tables ?? []) {
    const title = `${md(t.title)}${t.model ? ` — ${code(t.model)}` : ''}`
    // Inside an HTML <summary> Markdown code spans do not protect: escape the model path as HTML text.
    if (t.detail) tables.push(`<details><summary>${md(t.title)}${t.model ? ` — <code>${md(t.model)}</code>` : ''}</summary>`, '')
    else tables.push(`#### ${title}`, '')
    tables.push(`| ${t.columns.map(md).join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`)
    for (const r of t.rows) tables.push(`| ${r.map((x) => mdText(x)).join(' | ')} |`)
    tables.push('')
    if (t.detail) tables.push('</details>', '')
  }
  const tail: string[] = []
  if (o.reproduce) tail.push('<details><summary>Reproduce locally</summary>', '', '```sh', o.reproduce, '```', '', '</details>', '')
  for (const f of o.footer ?? []) tail.push(f, '')

  const fixed = [...head, ...table].join('\n')
  const end = tail.join('\n')
  const findingsBlocks = renderFindings(report, byModel, o)
  const truncNote = (shown: number) =>
    `\n_${report.findings.length - shown} more finding(s) not shown here${o.fullReportUrl ? `: see the [full report](${o.fullReportUrl})` : '; see the JSON or SARIF report'}._\n`
  // Fit: header + table, then tables, then as many findings as the budget allows.
  let out = fixed
  const reserve = size(end) + 300 + (o.fullReportUrl ? size(o.fullReportUrl) : 0)
  const tablesText = tables.join('\n')
  if (size(out) + size(tablesText) + reserve < o.maxChars) out += '\n' + tablesText
  let shown = 0
  const parts: string[] = []
  let used = size(out)
  for (const b of findingsBlocks) {
    const n = size(b.text)
    if (used + n + reserve > o.maxChars) break
    parts.push(b.text)
    used += n
    shown += b.count
  }
  if (parts.length) out += '\n### Findings\n\n' + parts.join('')
  if (shown < report.findings.length) out += truncNote(shown)
  out += '\n' + end
  if (size(out) > o.maxChars) return minimal(report, o)
  return out
}

function renderFindings(report: GateReport, byModel: Map<string, Finding[]>, o: MarkdownOptions): { text: string; count: number }[] {
  const blocks: { text: string; count: number }[] = []
  const keys = [...byModel.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1))
  for (const k of keys) {
    const fs = byModel.get(k)!
    // A heading travels with its model's first finding, so truncation never leaves an empty group.
    const heading = `**${k ? code(k) : 'Repository'}**\n\n`
    fs.forEach((f, i) => blocks.push({ text: (i === 0 ? heading : '') + findingLine(f, o) + '\n' + (i === fs.length - 1 ? '\n' : ''), count: 1 }))
  }
  return blocks
}

/** A URL path segment safe inside a Markdown link destination (parentheses too). */
function urlSegment(s: string): string {
  return encodeURIComponent(s).replace(/\(/g, '%28').replace(/\)/g, '%29')
}

/** A code span inside a table cell: GFM splits cells on `|` even inside code spans unless escaped. */
function cellCode(s: string): string {
  return code(s).replace(/\|/g, '\\|')
}

function findingLine(f: Finding, o: MarkdownOptions): string {
  const loc = `${f.path}${f.line ? `:${f.line}` : ''}`
  const where = o.links
    ? `[${mdText(loc)}](${o.links.serverUrl}/${o.links.repository}/blob/${o.links.sha}/${`${o.links.pathPrefix ?? ''}${f.path}`.split('/').map(urlSegment).join('/')}${f.line ? `#L${f.line}${f.endLine && f.endLine !== f.line ? `-L${f.endLine}` : ''}` : ''})`
    : code(loc)
  const waived = f.waived ? ` — _waived until ${md(f.waived.expires)} by ${md(f.waived.approvedBy)}: ${md(f.waived.reason)}_` : ''
  const icon = f.waived ? '⚪' : ICON[f.severity]
  return `- ${icon} ${where} ${mdMessage(f.message)} (${code(f.ruleId)})${waived}`
}

/** The smallest useful rendering, for when the full one does not fit. */
export function minimal(report: GateReport, o: MarkdownOptions): string {
  const lines = [o.marker ?? '', `## ${o.title ?? 'modelgate'}`, '', verdictLine(report), '']
  lines.push(`The full report (${report.findings.length} findings) is too long to show here${o.fullReportUrl ? `: see the [run summary](${o.fullReportUrl})` : ''}.`)
  return lines.filter((l, i) => i > 0 || l).join('\n') + '\n'
}
