/**
 * The check run's output: a title with counts, a Markdown summary within GitHub's 65,535 characters AND
 * bytes, and every finding as an annotation, in batches of 50 (GitHub's per-request limit; each update
 * appends), up to a cap beyond which the summary says how many more there are and where to find them.
 */
import type { Finding, Severity } from '../core/findings.js'
import type { GateReport } from '../core/report.js'
import type { Conclusion } from '../core/verdict.js'
import { renderMarkdown, utf8Bytes, type MarkdownOptions } from './markdown.js'
import { countsText } from './order.js'

/** GitHub accepts at most 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50
/** output.summary: at most 65,535 characters and 65,535 UTF-8 bytes. */
export const CHECK_SUMMARY_MAX_BYTES = 65_535
export const CHECK_TITLE_MAX_CHARS = 255
export const ANNOTATION_TITLE_MAX_CHARS = 255
/** message and raw_details: at most 64 KB (bytes). */
export const ANNOTATION_MESSAGE_MAX_BYTES = 65_536
export const DEFAULT_MAX_ANNOTATIONS = 1000

export type AnnotationLevel = 'failure' | 'warning' | 'notice'

/** One check-run annotation, exactly as the REST API takes it. */
export interface CheckAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: AnnotationLevel
  message: string
  title: string
  raw_details?: string
}

export interface CheckRunPlan {
  /** `action_required` does not satisfy a required check: used for reports nobody trusted produced. */
  conclusion: Conclusion | 'action_required'
  title: string
  summary: string
  /** Annotations in request-sized batches (at most 50 each), errors first. */
  batches: CheckAnnotation[][]
  /** Findings annotated, and those left out by the cap. */
  annotated: number
  omitted: number
}

export interface CheckRunOptions {
  /** The cap on annotations (input `max-annotations`). */
  maxAnnotations?: number
  /** The working directory inside the repository ('' or 'sub/dir'): annotation paths are repository-relative. */
  pathPrefix?: string
  /** Links in the summary. */
  links?: MarkdownOptions['links']
  /** The workflow run, for "see the full report". */
  runUrl?: string
  /** Where the full report is, named in the cap note (e.g. "the `modelgate-report` artifact"). */
  reportHint?: string
  reproduce?: string
  /** Heading of the summary (default: modelgate). */
  name?: string
}

const LEVEL: Record<Severity, AnnotationLevel> = { error: 'failure', warning: 'warning', notice: 'notice' }
const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 }

/** Cuts a string to at most `maxBytes` UTF-8 bytes (never splitting a character), marking the cut. */
export function truncateBytes(text: string, maxBytes: number, mark = '…'): string {
  if (utf8Bytes(text) <= maxBytes) return text
  const budget = maxBytes - utf8Bytes(mark)
  let out = ''
  let used = 0
  for (const ch of text) {
    const n = utf8Bytes(ch)
    if (used + n > budget) break
    out += ch
    used += n
  }
  return out + mark
}

function truncateChars(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…'
}

function joinPrefix(prefix: string | undefined, path: string): string {
  const p = (prefix ?? '').replace(/^\/+|\/+$/g, '')
  return p ? `${p}/${path}` : path
}

/** A finding as a check-run annotation: path, lines (columns only within one line), level, message. */
export function toCheckAnnotation(f: Finding, pathPrefix?: string): CheckAnnotation {
  const start = f.line && f.line > 0 ? Math.floor(f.line) : 1
  const end = f.endLine && f.endLine >= start ? Math.floor(f.endLine) : start
  const a: CheckAnnotation = {
    path: joinPrefix(pathPrefix, f.path || '.'),
    start_line: start,
    end_line: end,
    annotation_level: f.baselined ? 'notice' : LEVEL[f.severity],
    message: truncateBytes(f.message || f.ruleId, ANNOTATION_MESSAGE_MAX_BYTES - 1024),
    title: truncateChars(`modelgate ${f.ruleId}${f.baselined ? ' (baselined)' : ''}`, ANNOTATION_TITLE_MAX_CHARS),
  }
  // GitHub accepts columns only when the annotation spans one line.
  if (start === end && f.line && f.column && f.column > 0) {
    a.start_column = Math.floor(f.column)
    a.end_column = f.endColumn && f.endColumn >= f.column && (!f.endLine || f.endLine === f.line) ? Math.floor(f.endColumn) : a.start_column
  }
  if (f.help) a.raw_details = truncateBytes(f.help, 4096)
  return a
}

export function batches<T>(items: T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}


/** "Gate failed: 2 errors, 1 warning in 1 model" (at most 255 characters). */
export function checkRunTitle(report: GateReport): string {
  const s = report.summary
  const head = report.conclusion === 'failure' ? 'Gate failed' : report.conclusion === 'neutral' ? 'Gate not enforced' : 'Gate passed'
  const counts = countsText(s)
  return truncateChars(`${head}: ${counts}`, CHECK_TITLE_MAX_CHARS)
}

/** The whole check-run output for a report: conclusion, title, summary and annotation batches. */
export function planCheckRun(report: GateReport, o: CheckRunOptions = {}): CheckRunPlan {
  const max = Math.max(0, o.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS)
  const live = report.findings
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => !f.waived)
    // Errors first; findings the baseline accepts last (at notice level).
    .sort((a, b) => Number(Boolean(a.f.baselined)) - Number(Boolean(b.f.baselined)) || RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f)
  const kept = live.slice(0, max)
  const omitted = live.length - kept.length
  const footer: string[] = []
  if (omitted > 0) {
    const where = o.reportHint ?? 'the JSON or SARIF report'
    footer.push(
      `_${omitted} more finding(s) are not annotated on the diff (the cap is ${max} annotations, input \`max-annotations\`): see ${where}${o.runUrl ? ` of [the workflow run](${o.runUrl})` : ''}._`,
    )
  }
  const summary = renderMarkdown(report, {
    maxChars: CHECK_SUMMARY_MAX_BYTES,
    measure: utf8Bytes,
    links: o.links,
    fullReportUrl: o.runUrl,
    reproduce: o.reproduce,
    title: o.name,
    footer,
  })
  return {
    conclusion: report.conclusion,
    title: checkRunTitle(report),
    summary,
    batches: batches(kept.map((f) => toCheckAnnotation(f, o.pathPrefix))),
    annotated: kept.length,
    omitted,
  }
}

/** A check-run output for when there is no report to show (invalid policy, a crash, an unsupported event). */
export function planMessage(conclusion: Conclusion, title: string, summaryMarkdown: string, annotations: CheckAnnotation[] = []): CheckRunPlan {
  return {
    conclusion,
    title: truncateChars(title, CHECK_TITLE_MAX_CHARS),
    summary: truncateBytes(summaryMarkdown, CHECK_SUMMARY_MAX_BYTES - 64, '\n\n_(truncated)_\n'),
    batches: batches(annotations),
    annotated: annotations.length,
    omitted: 0,
  }
}
