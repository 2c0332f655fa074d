/**
 * Workflow-command annotations: GitHub shows only 10 per level per step (50 per job) and drops the rest
 * silently, so we pick the first 10 per level and say how many more there are.
 */
import type { Finding, Severity } from '../core/findings.js'

export const SHOWN_PER_LEVEL = 10

export interface Annotation {
  level: Severity
  message: string
  title: string
  file: string
  startLine?: number
  endLine?: number
  startColumn?: number
}

export interface AnnotationSelection {
  shown: Annotation[]
  /** Findings not annotated, per level. */
  hidden: Record<Severity, number>
}

export function selectAnnotations(findings: Finding[], perLevel = SHOWN_PER_LEVEL): AnnotationSelection {
  const count: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  const hidden: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  const shown: Annotation[] = []
  for (const f of findings) {
    if (f.waived || f.baselined) continue
    if (count[f.severity] >= perLevel) {
      hidden[f.severity]++
      continue
    }
    count[f.severity]++
    const a: Annotation = { level: f.severity, message: f.message, title: `modelgate ${f.ruleId}`, file: f.path }
    if (f.line) a.startLine = f.line
    if (f.endLine) a.endLine = f.endLine
    if (f.column && (!f.endLine || f.endLine === f.line)) a.startColumn = f.column
    shown.push(a)
  }
  return { shown, hidden }
}

export function hiddenNote(hidden: Record<Severity, number>): string | undefined {
  const total = hidden.error + hidden.warning + hidden.notice
  if (!total) return undefined
  return `${total} more finding(s) were not annotated on the workflow run (GitHub shows ${SHOWN_PER_LEVEL} per level per step): ${hidden.error} errors, ${hidden.warning} warnings, ${hidden.notice} notices. See the report.`
}
