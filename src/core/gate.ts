/**
 * One gate evaluation, pure: policy + a read-only view of files + the change in; findings, verdict and
 * the report out. Adapters (action, CLI) gather the inputs and hand the result to reporters.
 */
import { readDeclared, sniffScope } from './discover.js'
import { evaluate } from './engine.js'
import type { BaseView, FileView } from './files.js'
import type { Finding } from './findings.js'
import type { ResolvedPolicy } from './policy/resolve.js'
import type { FailOn } from './policy/schema.js'
import { buildReport, type GateReport } from './report.js'
import type { RuleSet, RunFacts } from './rule.js'
import { buildUnits, type UnitSelection } from './units.js'
import { decide, type Verdict } from './verdict.js'
import { applyWaivers } from './waivers.js'
import { applyInlineSuppressions } from './suppressions.js'
import { baselineStep, type BaselineInput, type BaselineSummary } from './baseline.js'

export interface GateInput {
  ruleSet: RuleSet
  policy: ResolvedPolicy
  files: FileView
  base?: BaseView
  run: RunFacts
  /** Evaluate every unit, not only those the change touches. */
  all?: boolean
  /** Overrides the policy's fail-on (action input, CLI flag). */
  failOn?: FailOn
  tool: { name: string; version: string }
  notes?: string[]
  only?: string[]
  /** Accepted findings of an existing repository (applied after waivers; they never block). */
  baseline?: BaselineInput
}

export interface GateResult {
  report: GateReport
  verdict: Verdict
  findings: Finding[]
  units: UnitSelection
}

export async function runGate(input: GateInput): Promise<GateResult> {
  input = { ...input, run: { ...input.run, all: Boolean(input.all || input.run.changes === undefined) } }
  const all = await input.files.list()
  const options = input.policy.models
  const [declared, sniffed] = await Promise.all([readDeclared(input.files, all, options), sniffScope(input.files, all, options, input.run.changes, input.all)])
  const units = buildUnits({ files: all, options, changes: input.run.changes, all: input.all, declared, sniffed })
  const evaluation = await evaluate({
    ruleSet: input.ruleSet,
    policy: input.policy,
    files: input.files,
    base: input.base,
    run: input.run,
    units,
    only: input.only,
  })
  let findings = applyWaivers(evaluation.findings, input.policy.waivers, input.run.now)
  if (input.policy.inlineSuppressions) findings = await applyInlineSuppressions(findings, input.files)
  // Baseline (self-contained step): after waivers, before the verdict.
  let baseline: BaselineSummary | undefined
  const baselineNotes: string[] = []
  if (input.baseline) {
    const changed = (input.run.changes ?? []).flatMap((c) => [c.path, ...(c.previousPath ? [c.previousPath] : [])])
    const step = baselineStep(findings, input.baseline, { all: Boolean(input.run.all), units: units.selected.map((u) => u.path), changed })
    findings = step.findings
    baseline = step.summary
    if (step.note) baselineNotes.push(step.note)
  }
  const failOn = input.failOn ?? input.policy.failOn.value
  const verdict = decide(findings, failOn, units.selected.length)
  const notes = [...(input.notes ?? []), ...baselineNotes]
  const report = buildReport({
    tool: input.tool,
    policy: input.policy,
    verdict,
    units: units.selected,
    findings,
    run: { event: input.run.event, baseSha: input.run.baseSha, headSha: input.run.headSha },
    notes,
    tables: evaluation.tables,
    baseline,
  })
  if (input.run.cache) report.stats = { ...report.stats, cache: { ...input.run.cache.stats } }
  return { report, verdict, findings, units }
}
