/** Findings: what a rule reports. Pure data, no I/O. */

export const SEVERITIES = ['error', 'warning', 'notice'] as const
export type Severity = (typeof SEVERITIES)[number]
/** A configured level: a severity, or `off` to disable a rule. */
export type Level = Severity | 'off'
export const LEVELS = ['error', 'warning', 'notice', 'off'] as const

export const CATEGORIES = ['documentation', 'pii', 'bias', 'artifact', 'evaluation', 'policy', 'governance'] as const
export type Category = (typeof CATEGORIES)[number]

export interface Waiver {
  /** Index in the policy's `waivers` list. */
  index: number
  reason: string
  approvedBy: string
  expires: string
}

export interface Finding {
  ruleId: string
  category: Category
  severity: Severity
  /** Repository-relative POSIX path. */
  path: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  /** The model unit the finding belongs to (its directory), if any. */
  model?: string
  message: string
  help?: string
  /** Rule-specific structured data; never holds a raw PII value. */
  details?: Record<string, unknown>
  /** Set when a live waiver matched: the finding is shown but does not count toward the verdict. */
  waived?: Waiver
  /**
   * Set when the repository's baseline (`.github/modelgate-baseline.json`) accepts the finding: shown at
   * notice level, counted apart, never blocks.
   */
  baselined?: boolean
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 }

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s]
}

/** True when `s` is at least as severe as `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[s] <= SEVERITY_RANK[threshold]
}

/** Deterministic order: path, line, column, rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.path, b.path) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  )
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(compareFindings)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
