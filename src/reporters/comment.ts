/**
 * The sticky pull request comment: one per pull request (and check name), found again by a hidden marker
 * on its first line AND by its author (the adapter checks the author: a marker alone can be planted).
 * Body: verdict, per-model table, findings grouped by model with links to the lines at the head SHA,
 * tables (fairness), waivers applied, how to reproduce locally; within GitHub's 65,536 characters, with a
 * minimal fallback that links to the run's summary.
 */
import type { Finding } from '../core/findings.js'
import type { GateReport } from '../core/report.js'
import { code, md } from './escape.js'
import { minimal, renderMarkdown, type MarkdownOptions } from './markdown.js'

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

/** Findings that call for a comment under `on-findings`: any not waived. */
export function countsAsFindings(report: GateReport): boolean {
  return report.findings.some((f) => !f.waived)
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
  const args = ['npx', 'modelgate', 'check']
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

/** The comment body (within the budget; the minimal rendering when even the tables do not fit). */
export function renderComment(report: GateReport, o: CommentOptions = {}): string {
  const marker = commentMarker(o.name)
  const footer: string[] = []
  if (!countsAsFindings(report)) footer.push('No findings remain in this run.')
  const waivers = waiverLines(report.findings)
  if (waivers.length) footer.push(waivers.join('\n'))
  footer.push(footerLine(report, o))
  const options: MarkdownOptions = {
    maxChars: BUDGET,
    marker,
    title: md(o.name ?? 'modelgate'),
    links: o.links,
    fullReportUrl: o.runUrl,
    reproduce: o.reproduce,
    footer,
  }
  const body = renderMarkdown(report, options)
  // renderMarkdown falls back to its minimal form when even the model table does not fit: use ours.
  return body.length <= BUDGET && body !== minimal(report, options) ? body : renderCommentFallback(report, o)
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
