/**
 * The sticky pull request comment: one per pull request (and check name), found again by a hidden marker
 * on its first line AND by its author (the adapter checks the author: a marker alone can be planted).
 * Body: compact — the verdict, the blocking findings with links to the lines at the head SHA, one line of
 * counts linking the check run / run summary for the rest, waivers applied, how to reproduce locally;
 * within GitHub's 65,536 characters, with a minimal fallback that links to the run's summary.
 */
import type { Finding } from '../core/findings.js'
import type { GateReport } from '../core/report.js'
import { code, md } from './escape.js'
import { findingLine, fitFindingList, minimal, verdictLine, type MarkdownOptions } from './markdown.js'
import { headlineFindings, isLive } from './order.js'

/** GitHub rejects comment bodies over 65,536 characters. */
export const COMMENT_MAX_CHARS = 65_536
/** Leave room for the marker and for GitHub counting differently than we do. */
const BUDGET = COMMENT_MAX_CHARS - 1_000

export const COMMENT_MODES = ['always', 'on-findings', 'never'] as const
export type CommentMode = (typeof COMMENT_MODES)[number]

/** The hidden marker for the comment of one check name (so two configurations keep two comments). */
export function commentMarker(name = 'modelgate'): string {
  const safe = name.replace(/[^A-Za-z0-9 ._/:@()[\]+-]/g, '_')
  return `<!-- modelgate:sticky-comment name="${safe}" -->`
}

/** True when the body starts with the marker (a marker quoted later in a body never counts). */
export function hasMarker(body: string | undefined | null, marker: string): boolean {
  return typeof body === 'string' && body.replace(/^\uFEFF/, '').trimStart().startsWith(marker)
}

/** Findings that call for a comment under `on-findings`: any not waived nor baselined. */
export function countsAsFindings(report: GateReport): boolean {
  return report.findings.some((f) => !f.waived && !f.baselined)
}

/**
 * Whether to write the comment: `never` never; `always` always; `on-findings` when there are findings or
 * when a comment already exists (a clean rerun updates it rather than leaving it stale).
 */
export function shouldWriteComment(mode: CommentMode, report: GateReport | undefined, existing: boolean): boolean {
  if (mode === 'never') return false
  if (mode === 'always' || existing) return true
  return report === undefined || countsAsFindings(report)
}

export interface ReproduceInput {
  /** The policy path (relative to the working directory). */
  policyPath: string
  /** The base commit the run compared with and read the policy from. */
  baseSha?: string
  headSha?: string
  /** The working directory inside the repository ('' for the root). */
  workingDirectory?: string
  /** Whether the policy was read from the base commit. */
  policyFromBase?: boolean
  failOn?: string
}

const SHA = /^[0-9a-f]{7,64}$/i
const SAFE_PATH = /^[A-Za-z0-9._/-]+$/

function shellArg(s: string): string {
  return SAFE_PATH.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/** The shell commands that reproduce the run locally with the CLI. */
export function reproduceCommand(r: ReproduceInput): string {
  const lines: string[] = []
  const head = r.headSha && SHA.test(r.headSha) ? r.headSha : undefined
  const base = r.baseSha && SHA.test(r.baseSha) ? r.baseSha : undefined
  if (head) lines.push(`git fetch origin ${head} && git checkout ${head}`)
  const args = ['npx', '--yes', 'github:modelgate/modelgate', 'check']
  const dir = (r.workingDirectory ?? '').replace(/^\.?\/?|\/+$/g, '')
  if (dir) args.push(shellArg(dir))
  if (base) args.push('--base', base)
  if (base && r.policyFromBase) {
    const repoPolicy = dir ? `${dir}/${r.policyPath}` : r.policyPath
    lines.push(`# the policy this run used: the base commit's`)
    lines.push(`git show ${base}:${shellArg(repoPolicy)} > /tmp/modelgate-base-policy.yml`)
    args.push('--policy', '/tmp/modelgate-base-policy.yml')
  } else if (r.policyPath !== '.github/modelgate.yml') {
    args.push('--policy', shellArg(r.policyPath))
  }
  if (r.failOn && r.failOn !== 'error') args.push('--fail-on', shellArg(r.failOn))
  lines.push(args.join(' '))
  return lines.join('\n')
}

export interface CommentOptions {
  /** The check name (marker and heading). */
  name?: string
  links?: MarkdownOptions['links']
  /** The workflow run: its summary holds the full report. */
  runUrl?: string
  /** The check run, when known: the comment links it for everything it does not list. */
  checkRunUrl?: string
  reproduce?: string
  /** Tool version, for the footer. */
  version?: string
}

const MAX_WAIVER_LINES = 25

function waiverLines(findings: Finding[]): string[] {
  const byWaiver = new Map<number, { f: Finding; n: number }>()
  for (const f of findings) {
    if (!f.waived) continue
    const cur = byWaiver.get(f.waived.index)
    if (cur) cur.n++
    else byWaiver.set(f.waived.index, { f, n: 1 })
  }
  if (byWaiver.size === 0) return []
  const out = [`<details><summary>Waivers applied (${byWaiver.size})</summary>`, '']
  const entries = [...byWaiver.entries()].sort((a, b) => a[0] - b[0])
  for (const [index, { f, n }] of entries.slice(0, MAX_WAIVER_LINES)) {
    const w = f.waived!
    out.push(`- waiver ${index + 1}: ${md(w.reason)} — approved by ${md(w.approvedBy)}, expires ${md(w.expires)}; covers ${n} finding${n === 1 ? '' : 's'} (first: ${code(f.ruleId)} in ${code(f.path)})`)
  }
  if (entries.length > MAX_WAIVER_LINES) out.push(`- … and ${entries.length - MAX_WAIVER_LINES} more`)
  out.push('', '</details>')
  return out
}

function footerLine(report: GateReport, o: CommentOptions): string {
  const parts: string[] = []
  parts.push(`modelgate ${md(o.version ?? report.tool.version)}`)
  const head = report.run?.headSha
  if (head && SHA.test(head)) parts.push(`commit ${code(head.slice(0, 12))}`)
  if (o.runUrl) parts.push(`[workflow run](${o.runUrl})`)
  return `<sub>${parts.join(' · ')}</sub>`
}

/** At most this many blocking findings are listed in the comment; the check run and summary hold the rest. */
export const COMMENT_MAX_FINDINGS = 50

/**
 * The comment body: compact by design (it is read in the pull request's timeline). The verdict, the
 * blocking findings (errors first, then by path; at most COMMENT_MAX_FINDINGS), one line of counts with
 * a link to the check run or the run's summary for everything else, waivers applied, and how to
 * reproduce locally. Within the budget; the minimal rendering when even that does not fit.
 */
export function renderComment(report: GateReport, o: CommentOptions = {}): string {
  const marker = commentMarker(o.name)
  const mdo: MarkdownOptions = { maxChars: BUDGET, marker, title: md(o.name ?? 'modelgate'), links: o.links, fullReportUrl: o.checkRunUrl ?? o.runUrl }
  const head = [marker, `## ${mdo.title}`, '', verdictLine(report), '', '']
  const tail: string[] = []
  const s = report.summary
  const headline = headlineFindings(report.findings, report.failOn)
  const rest: string[] = []
  const headlined = new Set(headline)
  const other = report.findings.filter((f) => isLive(f) && !headlined.has(f))
  for (const sev of ['error', 'warning', 'notice'] as const) {
    const n = other.filter((f) => f.severity === sev).length
    if (n) rest.push(`${n} ${sev}${n === 1 ? '' : 's'}`)
  }
  if (s.baselined) rest.push(`${s.baselined} baselined`)
  if (s.waived) rest.push(`${s.waived} waived`)
  const where = o.checkRunUrl ? `[the check run](${o.checkRunUrl})` : o.runUrl ? `[the run summary](${o.runUrl})` : 'the job summary'
  if (rest.length) tail.push(`Also ${rest.join(', ')}: see ${where}.`, '')
  else if (headline.length) tail.push(`Details: ${where}.`, '')
  if (!countsAsFindings(report)) tail.push('No findings remain in this run.', '')
  const stale = report.baseline?.stale.reduce((a, e) => a + e.count, 0) ?? 0
  if (stale) tail.push(`_${stale} baselined finding${stale === 1 ? '' : 's'} no longer occur: run \`modelgate baseline\` to shrink ${code(report.baseline!.source)}._`, '')
  const waivers = waiverLines(report.findings)
  if (waivers.length) tail.push(waivers.join('\n'), '')
  if (o.reproduce) tail.push('<details><summary>Reproduce locally</summary>', '', '```sh', o.reproduce, '```', '', '</details>', '')
  tail.push(footerLine(report, o), '')
  const start = head.join('\n')
  const end = tail.join('\n')
  const room = BUDGET - start.length - end.length - 200
  let body = start
  if (headline.length) {
    const shownMax = headline.slice(0, COMMENT_MAX_FINDINGS)
    const more = (n: number) => `- _${n + headline.length - shownMax.length} more blocking finding(s): see ${where}._`
    const title = `${headline.length} blocking finding${headline.length === 1 ? '' : 's'}`
    const r = fitFindingList(title, shownMax, false, room, (t) => t.length, (f) => commentFindingLine(f, mdo), more)
    if (!r.text && headline.length) return renderCommentFallback(report, o)
    let text = r.text
    if (r.shown === shownMax.length && headline.length > shownMax.length) text = text.replace(/\n$/, '') + more(0) + '\n\n'
    body += text
  }
  body += end
  return body.length <= BUDGET ? body : renderCommentFallback(report, o)
}

/** One finding in the comment: the same line as in the summary, linked to the file at the head commit. */
function commentFindingLine(f: Finding, o: MarkdownOptions): string {
  return findingLine(f, o)
}

/** The smallest useful comment: the verdict and a link to the run's summary. */
export function renderCommentFallback(report: GateReport, o: CommentOptions = {}): string {
  const text = minimal(report, { maxChars: BUDGET, marker: commentMarker(o.name), title: md(o.name ?? 'modelgate'), fullReportUrl: o.runUrl })
  return text.trimEnd() + '\n\n' + footerLine(report, o) + '\n'
}

/** A comment for a run without a report (an invalid policy): the given Markdown under the marker. */
export function renderCommentMessage(markdown: string, o: CommentOptions = {}): string {
  const body = `${commentMarker(o.name)}\n${markdown.trimEnd()}\n`
  if (body.length <= BUDGET) return body
  return `${commentMarker(o.name)}\n## ${md(o.name ?? 'modelgate')}\n\nThe details are too long to show here${o.runUrl ? `: see the [run summary](${o.runUrl})` : ''}.\n`
}
