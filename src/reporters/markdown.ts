/**
 * Markdown for people on GitHub: the job summary, the check-run summary and the PR comment share it.
 * Every file name and message is escaped; the output fits the given character budget.
 */
import type { Finding } from '../core/findings.js'
import type { GateReport } from '../core/report.js'
import { code, md, mdMessage, mdNote, mdText } from './escape.js'
import { countsText, findingSections, isLive, sectionTitle } from './order.js'
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
  const counts = countsText(report.summary)
  if (report.conclusion === 'failure') return `❌ **Gate failed** (fail-on: \`${report.failOn}\`): ${counts}`
  if (report.conclusion === 'neutral') return `⚪ **Gate not enforced** (fail-on: \`never\`): ${counts}`
  return `✅ **Gate passed**: ${counts}`
}

/** UTF-8 byte length, for budgets GitHub counts in bytes. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

const SECTION_ICON = { ...ICON, baselined: '⚪', waived: '⚪' } as const

/**
 * A list of findings that fits `room`: a heading (or a folded `<details>`), as many lines as fit, and a
 * line saying how many more there are. Empty when not even the heading and that line fit.
 */
export function fitFindingList(
  title: string,
  fs: Finding[],
  folded: boolean,
  room: number,
  size: (t: string) => number,
  line: (f: Finding) => string,
  more: (n: number) => string,
): { text: string; shown: number } {
  const open = folded ? `<details><summary>${title}</summary>\n\n` : `### ${title}\n\n`
  const close = folded ? '\n</details>\n\n' : '\n'
  let used = size(open) + size(close) + size(more(fs.length)) + 2
  if (used > room) return { text: '', shown: 0 }
  const parts: string[] = []
  for (const f of fs) {
    const l = line(f) + '\n'
    const n = size(l)
    if (used + n > room) break
    parts.push(l)
    used += n
  }
  const rest = fs.length - parts.length
  return { text: open + parts.join('') + (rest ? more(rest) + '\n' : '') + close, shown: parts.length }
}

export function renderMarkdown(report: GateReport, o: MarkdownOptions): string {
  const size = o.measure ?? ((t: string) => t.length)
  const head: string[] = []
  if (o.marker) head.push(o.marker)
  head.push(`## ${o.title ?? 'modelgate'}`, '', verdictLine(report), '')
  const policy = `Policy: ${code(report.policy.source)}${report.policy.ref ? ` at ${code(report.policy.ref.slice(0, 12))}` : ''}, extends ${report.policy.extends.map(code).join(', ')}.`
  head.push(policy)
  for (const n of report.notes ?? []) head.push('', `> ${mdNote(n)}`)
  head.push('', '')
  // Models and rule tables come after the findings, folded.
  const byModel = groupByModel(report.findings.filter(isLive))
  const table: string[] = []
  if (report.models.length) {
    const failing = report.models.filter((m) => (byModel.get(m.path) ?? []).some((f) => f.severity === 'error')).length
    table.push(`<details><summary>Models (${report.models.length}${failing ? `, ${failing} with errors` : ''})</summary>`, '')
    table.push('| Model | Status | Errors | Warnings | Notices |', '|---|---|--:|--:|--:|')
    for (const m of report.models) {
      const fs = byModel.get(m.path) ?? []
      const n = (s: string) => fs.filter((f) => f.severity === s).length
      const status = n('error') ? '❌' : n('warning') || n('notice') ? '⚠️' : '✅'
      table.push(`| ${cellCode(m.path)} | ${status} ${m.status ?? ''} | ${n('error')} | ${n('warning')} | ${n('notice')} |`)
    }
    table.push('', '</details>', '')
  } else {
    table.push('No model units were evaluated (the change touches none).', '')
  }
  const tables: string[] = []
  for (const t of report.tables ?? []) {
    // Inside an HTML <summary> Markdown code spans do not protect: escape the model path as HTML text.
    tables.push(`<details><summary>${md(t.title)}${t.model ? ` — <code>${md(t.model)}</code>` : ''}</summary>`, '')
    tables.push(`| ${t.columns.map(md).join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`)
    for (const r of t.rows) tables.push(`| ${r.map((x) => mdText(x)).join(' | ')} |`)
    tables.push('', '</details>', '')
  }
  const tail: string[] = []
  if (o.reproduce) tail.push('<details><summary>Reproduce locally</summary>', '', '```sh', o.reproduce, '```', '', '</details>', '')
  for (const f of o.footer ?? []) tail.push(f, '')

  const end = tail.join('\n')
  const reserve = size(end) + 300 + (o.fullReportUrl ? size(o.fullReportUrl) : 0)
  let out = head.join('\n')
  if (size(out) + reserve > o.maxChars) return minimal(report, o)
  const more = (n: number) =>
    `- _${n} more not shown here${o.fullReportUrl ? `: see the [full report](${o.fullReportUrl})` : '; see the JSON or SARIF report'}._`
  // Findings first: blocking sections open, the rest folded; each gets what room is left.
  for (const s of findingSections(report.findings, report.failOn)) {
    const title = `${SECTION_ICON[s.kind]} ${sectionTitle(s, s.findings.length)}${s.kind === 'baselined' ? ' (accepted by the baseline; they do not block)' : ''}`
    const r = fitFindingList(title, s.findings, !s.blocking, o.maxChars - reserve - size(out), size, (f) => findingLine(f, o), more)
    out += r.text
  }
  const modelsText = table.join('\n') + '\n'
  if (size(out) + size(modelsText) + reserve < o.maxChars) out += modelsText
  const tablesText = tables.join('\n')
  if (tablesText && size(out) + size(tablesText) + reserve < o.maxChars) out += tablesText + '\n'
  out += end
  if (size(out) > o.maxChars) return minimal(report, o)
  return out
}

/** A URL path segment safe inside a Markdown link destination (parentheses too). */
function urlSegment(s: string): string {
  return encodeURIComponent(s).replace(/\(/g, '%28').replace(/\)/g, '%29')
}

/** A code span inside a table cell: GFM splits cells on `|` even inside code spans unless escaped. */
function cellCode(s: string): string {
  return code(s).replace(/\|/g, '\\|')
}

export function findingLine(f: Finding, o: MarkdownOptions): string {
  const loc = `${f.path}${f.line ? `:${f.line}` : ''}`
  const where = o.links
    ? `[${mdText(loc)}](${o.links.serverUrl}/${o.links.repository}/blob/${o.links.sha}/${`${o.links.pathPrefix ?? ''}${f.path}`.split('/').map(urlSegment).join('/')}${f.line ? `#L${f.line}${f.endLine && f.endLine !== f.line ? `-L${f.endLine}` : ''}` : ''})`
    : code(loc)
  const waived = f.waived ? ` — _waived until ${md(f.waived.expires)} by ${md(f.waived.approvedBy)}: ${md(f.waived.reason)}_` : ''
  const icon = f.waived || f.baselined ? '⚪' : ICON[f.severity]
  return `- ${icon} ${where} ${mdMessage(f.message)} (${code(f.ruleId)})${waived}`
}

/** The smallest useful rendering, for when the full one does not fit. */
export function minimal(report: GateReport, o: MarkdownOptions): string {
  const lines = [o.marker ?? '', `## ${o.title ?? 'modelgate'}`, '', verdictLine(report), '']
  lines.push(`The full report (${report.findings.length} findings) is too long to show here${o.fullReportUrl ? `: see the [run summary](${o.fullReportUrl})` : ''}.`)
  return lines.filter((l, i) => i > 0 || l).join('\n') + '\n'
}
