/**
 * The report contract (version 1): what `--format json`, the `report` file and every reporter consume.
 * Documented in the README; changes to it are versioned.
 */
import type { BaselineSummary } from './baseline.js'
import type { CacheStats } from './cache.js'
import type { Finding } from './findings.js'
import type { ReportTable } from './rule.js'
import type { ResolvedPolicy } from './policy/resolve.js'
import type { FailOn } from './policy/schema.js'
import type { ModelUnit } from './units.js'
import type { Conclusion, Summary, Verdict } from './verdict.js'
import { safeText } from './text.js'

export const REPORT_VERSION = 1

export interface ReportModel {
  path: string
  changed: boolean
  files: string[]
  status?: string
}

export interface GateReport {
  version: 1
  tool: { name: string; version: string }
  conclusion: Conclusion
  failOn: FailOn
  policy: { source: string; ref?: string; sha256: string; extends: string[] }
  /** The event and revisions checked (informational). */
  run?: { event: string; baseSha?: string; headSha?: string }
  models: ReportModel[]
  findings: Finding[]
  summary: Summary
  /** Tables rules published (fairness, metrics), per model. */
  tables?: ReportTable[]
  /** Notes for humans: no policy file, change list fallbacks, … */
  notes?: string[]
  /** The baseline applied (`.github/modelgate-baseline.json`), when there is one. */
  baseline?: BaselineSummary
  /** How the run went (informational): the result cache's counts when one was used. */
  stats?: { cache?: CacheStats }
  /** A partial report: the part of the run shard `index` of `count` evaluated (docs/sharding.md). */
  shard?: { index: number; count: number }
}

export interface BuildReportInput {
  tool: { name: string; version: string }
  policy: ResolvedPolicy
  verdict: Verdict
  units: ModelUnit[]
  findings: Finding[]
  run?: { event: string; baseSha?: string; headSha?: string }
  notes?: string[]
  tables?: ReportTable[]
  baseline?: BaselineSummary
  shard?: { index: number; count: number }
}

export function buildReport(i: BuildReportInput): GateReport {
  const r: GateReport = {
    version: REPORT_VERSION,
    tool: i.tool,
    conclusion: i.verdict.conclusion,
    failOn: i.verdict.failOn,
    policy: { source: i.policy.source, sha256: i.policy.sha256, extends: i.policy.extends },
    models: i.units.map((u) => ({ path: safeText(u.path), changed: u.changed, files: u.files.map(safeText), status: u.status })),
    findings: i.findings,
    summary: i.verdict.summary,
  }
  if (i.policy.ref) r.policy.ref = i.policy.ref
  if (i.run) r.run = i.run
  if (i.tables?.length) r.tables = i.tables
  if (i.notes?.length) r.notes = i.notes
  if (i.baseline) r.baseline = i.baseline
  if (i.shard) r.shard = { index: i.shard.index, count: i.shard.count }
  return r
}
