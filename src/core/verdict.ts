/** The verdict: decided from the findings before any reporting happens. */
import { atLeast, type Finding } from './findings.js'
import type { FailOn } from './policy/schema.js'

export type Conclusion = 'success' | 'failure' | 'neutral'

export interface Summary {
  errors: number
  warnings: number
  notices: number
  waived: number
  /** Findings the baseline accepts (present only when there are some). */
  baselined?: number
  models: number
}

export interface Verdict {
  conclusion: Conclusion
  failOn: FailOn
  summary: Summary
  /** Findings that decided a failure (not waived nor baselined, at or above fail-on). */
  blocking: number
}

export function decide(findings: Finding[], failOn: FailOn, models: number): Verdict {
  const counted = findings.filter((f) => !f.waived && !f.baselined)
  const baselined = findings.filter((f) => !f.waived && f.baselined).length
  const summary: Summary = {
    errors: counted.filter((f) => f.severity === 'error').length,
    warnings: counted.filter((f) => f.severity === 'warning').length,
    notices: counted.filter((f) => f.severity === 'notice').length,
    waived: findings.filter((f) => f.waived).length,
    ...(baselined ? { baselined } : {}),
    models,
  }
  if (failOn === 'never') return { conclusion: 'neutral', failOn, summary, blocking: 0 }
  const blocking = counted.filter((f) => atLeast(f.severity, failOn)).length
  return { conclusion: blocking > 0 ? 'failure' : 'success', failOn, summary, blocking }
}
