/**
 * The order every human report shares: what blocks first (by severity, then path), then the rest by
 * severity, then findings the baseline accepts, then waived ones. Pure.
 */
import { atLeast, compareFindings, severityRank, type Finding, type Severity } from '../core/findings.js'
import type { FailOn } from '../core/policy/schema.js'

export interface FindingSection {
  /** error | warning | notice for live findings; baselined; waived. */
  kind: Severity | 'baselined' | 'waived'
  findings: Finding[]
  /** Whether the section's findings decide the verdict (they are shown unfolded). */
  blocking: boolean
}

/** By severity, then path, line, column, rule and message. */
export function bySeverity(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || compareFindings(a, b)
}

export function isLive(f: Finding): boolean {
  return !f.waived && !f.baselined
}

/** Whether a live finding of this severity blocks under fail-on (with `never`, errors are still headlined). */
export function blocks(severity: Severity, failOn: FailOn): boolean {
  return atLeast(severity, failOn === 'never' ? 'error' : failOn)
}

/** The findings in display sections, empty sections left out. */
export function findingSections(findings: Finding[], failOn: FailOn): FindingSection[] {
  const out: FindingSection[] = []
  for (const s of ['error', 'warning', 'notice'] as const) {
    const fs = findings.filter((f) => isLive(f) && f.severity === s).sort(bySeverity)
    if (fs.length) out.push({ kind: s, findings: fs, blocking: blocks(s, failOn) })
  }
  const baselined = findings.filter((f) => !f.waived && f.baselined).sort(bySeverity)
  if (baselined.length) out.push({ kind: 'baselined', findings: baselined, blocking: false })
  const waived = findings.filter((f) => f.waived).sort(bySeverity)
  if (waived.length) out.push({ kind: 'waived', findings: waived, blocking: false })
  return out
}

/** Live findings that block (or, with fail-on never, the errors), by severity then path. */
export function headlineFindings(findings: Finding[], failOn: FailOn): Finding[] {
  return findings.filter((f) => isLive(f) && blocks(f.severity, failOn)).sort(bySeverity)
}

const NOUN: Record<FindingSection['kind'], [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  notice: ['notice', 'notices'],
  baselined: ['baselined finding', 'baselined findings'],
  waived: ['waived finding', 'waived findings'],
}

export function sectionTitle(s: Pick<FindingSection, 'kind'>, n: number): string {
  return `${n} ${NOUN[s.kind][n === 1 ? 0 : 1]}`
}

/** "1 error, 2 warnings, 0 notices, 3 baselined, 1 waived in 2 models" */
export function countsText(s: { errors: number; warnings: number; notices: number; waived: number; baselined?: number; models: number }): string {
  const p = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`
  return `${p(s.errors, 'error')}, ${p(s.warnings, 'warning')}, ${p(s.notices, 'notice')}${s.baselined ? `, ${s.baselined} baselined` : ''}${s.waived ? `, ${s.waived} waived` : ''} in ${p(s.models, 'model')}`
}
