/**
 * One gate evaluation, pure: policy + a read-only view of files + the change in; findings, verdict and
 * the report out. Adapters (action, CLI) gather the inputs and hand the result to reporters.
 */
import { readDeclared, sniffScope } from './discover.js'
import { evaluate } from './engine.js'
import type { BaseView, FileView } from './files.js'
import { sortFindings, type Finding } from './findings.js'
import type { ResolvedPolicy } from './policy/resolve.js'
import type { FailOn } from './policy/schema.js'
import { buildReport, type GateReport } from './report.js'
import type { ReportTable, RuleSet, RunFacts } from './rule.js'
import { buildUnits, type UnitSelection } from './units.js'
import { decide, type Verdict } from './verdict.js'
import { applyWaivers } from './waivers.js'
import { applyInlineSuppressions } from './suppressions.js'
import { baselineStep, type BaselineInput, type BaselineSummary } from './baseline.js'
import { inShard, partitionUnits, type Shard } from './shard.js'

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
  /**
   * Evaluate one shard of the run (docs/sharding.md): the unit rules over the units and repository-scope
   * files the shard owns; run-level rules are left to the merge. The report carries `shard`.
   */
  shard?: Shard
  /**
   * Merge shard reports: their findings (without waiver or baseline marks) stand for the unit rules, which
   * do not run again; the run-level rules run once and see them.
   */
  merged?: { findings: Finding[]; tables: ReportTable[] }
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
  const discovered = buildUnits({ files: all, options, changes: input.run.changes, all: input.all, declared, sniffed })
  const units = input.shard ? partitionUnits(discovered, input.shard) : discovered
  // A shard runs the unit rules, a merge the run-level rules; an ordinary run both.
  const scope = input.shard ? 'unit' : input.merged ? 'run' : undefined
  const only = scope ? input.ruleSet.rules.filter((r) => r.scope === scope && (!input.only || input.only.includes(r.id))).map((r) => r.id) : input.only
  const evaluation = await evaluate({
    ruleSet: input.ruleSet,
    policy: input.policy,
    files: input.files,
    base: input.base,
    run: input.run,
    units,
    only,
    prior: input.merged?.findings,
  })
  const raw = input.merged ? sortFindings([...input.merged.findings, ...evaluation.findings]) : evaluation.findings
  let findings = applyWaivers(raw, input.policy.waivers, input.run.now)
  if (input.policy.inlineSuppressions) findings = await applyInlineSuppressions(findings, input.files)
  // Baseline (self-contained step): after waivers, before the verdict.
  let baseline: BaselineSummary | undefined
  const baselineNotes: string[] = []
  if (input.baseline) {
    const changed = (input.run.changes ?? []).flatMap((c) => [c.path, ...(c.previousPath ? [c.previousPath] : [])])
    // A shard judges the entries of its own part only (a path another shard owns is not stale here).
    const shard = input.shard
    const scope = shard
      ? { all: false, units: units.selected.map((u) => u.path), changed: [...(units.repository?.files ?? []), ...changed.filter((p) => inShard(p, shard))] }
      : { all: Boolean(input.run.all), units: units.selected.map((u) => u.path), changed }
    const step = baselineStep(findings, input.baseline, scope)
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
    tables: input.merged ? [...input.merged.tables, ...evaluation.tables] : evaluation.tables,
    baseline,
    shard: input.shard,
  })
  if (input.run.cache) report.stats = { ...report.stats, cache: { ...input.run.cache.stats } }
  return { report, verdict, findings, units }
}
