/**
 * The audit record of a run: an in-toto Statement v1 whose subjects are the evaluated model artifacts with
 * their sha256 digests and whose predicate records what was checked, against which policy, with what
 * outcome. Deterministic for the same inputs except for the timestamps.
 */
import type { FileView } from './files.js'
import type { GateResult } from './gate.js'
import type { ResolvedPolicy } from './policy/resolve.js'
import type { RunFacts } from './rule.js'
import { createUnitFacts } from './facts.js'
import { waiverMatches } from './waivers.js'
import { safeText } from './text.js'

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
export const PREDICATE_TYPE = 'https://github.com/modelgate/modelgate/audit-record/v1'

export interface AuditInput {
  result: GateResult
  policy: ResolvedPolicy
  run: RunFacts
  files: FileView
  startedAt: Date
  finishedAt: Date
}

export interface AuditStatement {
  _type: typeof STATEMENT_TYPE
  subject: { name: string; digest: { sha256: string } }[]
  predicateType: typeof PREDICATE_TYPE
  predicate: Record<string, unknown>
}

export async function buildAuditRecord(i: AuditInput): Promise<AuditStatement> {
  const { result, policy, run } = i
  const models = []
  const subjects: AuditStatement['subject'] = []
  for (const unit of result.units.selected) {
    const facts = createUnitFacts(unit, i.files, policy)
    const files = []
    for (const path of unit.files) {
      let sha256: string | null = null
      let error: string | undefined
      try {
        sha256 = await facts.sha256(path)
      } catch (err) {
        error = (err as Error).message
      }
      const size = (await i.files.stat(path).catch(() => undefined))?.size ?? null
      // Names from the repository: PII redacted, controls escaped (src/core/text.ts).
      files.push({ path: safeText(path), sha256, size, ...(error ? { error: safeText(error) } : {}) })
      if (sha256 && unit.artifacts.includes(path)) subjects.push({ name: safeText(path), digest: { sha256 } })
    }
    models.push({ path: safeText(unit.path), status: unit.status, changed: unit.changed, files })
  }
  subjects.sort((a, b) => (a.name < b.name ? -1 : 1))
  const waivers = policy.waivers.map((w) => ({
    index: w.index,
    rule: w.rule,
    models: w.models ?? [],
    paths: w.paths ?? [],
    reason: w.reason,
    approvedBy: w['approved-by'],
    expires: w.expires,
    applied: result.findings.filter((f) => f.waived?.index === w.index).length,
    matchedAny: result.findings.some((f) => waiverMatches(w, f)),
  }))
  const approvals = (run.reviews ?? [])
    .map((r) => ({ user: r.user, state: r.state, commitId: r.commitId, submittedAt: r.submittedAt }))
    .sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : a.user < b.user ? -1 : 1))
  return {
    _type: STATEMENT_TYPE,
    subject: subjects,
    predicateType: PREDICATE_TYPE,
    predicate: {
      tool: result.report.tool,
      policy: { source: policy.source, ref: policy.ref ?? null, sha256: policy.sha256, extends: policy.extends, failOn: result.verdict.failOn },
      event: {
        name: run.event,
        baseSha: run.baseSha ?? null,
        headSha: run.headSha ?? null,
        pullRequest: run.pullRequest ? { number: run.pullRequest.number, author: run.pullRequest.author ?? null } : null,
      },
      models,
      findings: result.findings,
      waivers,
      baseline: result.report.baseline ?? null,
      approvals,
      verdict: { conclusion: result.verdict.conclusion, summary: result.verdict.summary, blocking: result.verdict.blocking },
      timestamps: { startedAt: i.startedAt.toISOString(), finishedAt: i.finishedAt.toISOString() },
    },
  }
}
