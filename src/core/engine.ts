/**
 * The engine: runs every enabled rule over the selected model units (unit rules) or once (run rules) and
 * collects findings. A rule that throws becomes an error finding of that rule: the gate fails closed.
 */
import { FileAccessError, type BaseView, type FileView } from './files.js'
import { sortFindings, type Finding, type Severity } from './findings.js'
import { createUnitFacts, type UnitFacts } from './facts.js'
import type { ResolvedPolicy } from './policy/resolve.js'
import type { AnyRule, Report, ReportTable, RunFacts, RuleSet } from './rule.js'
import type { ModelUnit, UnitSelection } from './units.js'
import { safeText, safeValue } from './text.js'

export interface EngineInput {
  ruleSet: RuleSet
  policy: ResolvedPolicy
  files: FileView
  base?: BaseView
  run: RunFacts
  units: UnitSelection
  /** Run only these rules (ids), e.g. for tests. */
  only?: string[]
  /** Findings made elsewhere (a merge's shard reports): rules that run after the others see them too. */
  prior?: Finding[]
}

/** Runs the rules; never throws. Findings are sorted deterministically. */
export interface Evaluation {
  findings: Finding[]
  tables: ReportTable[]
}

/** Units evaluated at once: their file reads overlap; memory stays bounded by this many units' facts. */
const UNIT_CONCURRENCY = 4

export async function evaluate(input: EngineInput): Promise<Evaluation> {
  const findings: Finding[] = []
  // Tables keep the order of rules, then units, whatever order the units finish in.
  const tables: { rule: number; unit: number; table: ReportTable }[] = []
  const enabled = input.ruleSet.rules.filter((r) => {
    const cfg = input.policy.rules[r.id]
    return cfg && cfg.severity !== 'off' && (!input.only || input.only.includes(r.id))
  })
  // Rules that judge other rules' findings run last.
  enabled.sort((a, b) => Number(isAfter(a)) - Number(isAfter(b)))
  const setup = (rule: AnyRule) => {
    const cfg = input.policy.rules[rule.id]!
    const severity = cfg.severity as Severity
    const common = { ruleId: rule.id, options: cfg.options, policy: input.policy, run: input.run, files: input.files, base: input.base }
    return { severity, common }
  }

  // Unit rules, unit by unit: a unit's facts (parsed card, scans) are released when its rules are done, so
  // memory does not grow with the number of units.
  const unitRules = enabled.flatMap((rule, index) => (rule.scope === 'unit' ? [{ rule, index, ...setup(rule) }] : []))
  const targets = [...input.units.selected, ...(input.units.repository ? [input.units.repository] : [])]
  const runUnit = async (unit: ModelUnit, unitIndex: number) => {
    const facts = createUnitFacts(unit, input.files, input.policy, input.base)
    const model = unit.kind === 'model' ? unit.path : undefined
    for (const { rule, index, severity, common } of unitRules) {
      if (unit.kind === 'repository' && rule.reach !== 'files') continue
      const report = (r: Report) => findings.push(toFinding(rule, severity, model ?? r.model, r))
      const table = (t: Omit<ReportTable, 'model'>) => tables.push({ rule: index, unit: unitIndex, table: model === undefined ? { ...safeValue(t) } : { ...safeValue(t), model: safeText(model) } })
      try {
        await rule.check({ ...common, report, table, unit, facts })
      } catch (err) {
        findings.push(toFinding(rule, 'error', model, crashReport(err, unit.path)))
      }
    }
  }
  let next = 0
  const worker = async () => {
    for (let i = next++; i < targets.length; i = next++) await runUnit(targets[i]!, i)
  }
  // With a scanner (worker pool), at least as many units as it has workers, so every worker has work.
  const concurrency = Math.max(UNIT_CONCURRENCY, input.run.scanner?.size ?? 0)
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker))

  // Run rules, once each; the facts they ask for are computed on demand.
  const factsByUnit = new Map<ModelUnit, UnitFacts>()
  const factsFor = (u: ModelUnit) => {
    let f = factsByUnit.get(u)
    if (!f) factsByUnit.set(u, (f = createUnitFacts(u, input.files, input.policy, input.base)))
    return f
  }
  for (const [index, rule] of enabled.entries()) {
    if (rule.scope !== 'run') continue
    const { severity, common } = setup(rule)
    const report = (r: Report) => findings.push(toFinding(rule, severity, r.model, r))
    const table = (t: Omit<ReportTable, 'model'>) => tables.push({ rule: index, unit: -1, table: { ...safeValue(t) } })
    try {
      await rule.check({ ...common, report, table, units: input.units, factsFor, findings: [...(input.prior ?? []), ...findings] })
    } catch (err) {
      findings.push(toFinding(rule, 'error', undefined, crashReport(err, input.run.policyPath)))
    }
  }
  tables.sort((a, b) => a.rule - b.rule || a.unit - b.unit)
  return { findings: sortFindings(findings), tables: tables.map((t) => t.table) }
}

function isAfter(r: AnyRule): boolean {
  return r.scope === 'run' && r.afterOthers === true
}

function toFinding(rule: AnyRule, severity: Severity, model: string | undefined, r: Report): Finding {
  // Repository text (values, keys, names) reaches every output through here: PII redacted, controls escaped.
  const f: Finding = { ruleId: rule.id, category: rule.category, severity, path: safeText(r.path), message: safeText(r.message) }
  if (r.line !== undefined) f.line = r.line
  if (r.column !== undefined) f.column = r.column
  if (r.endLine !== undefined) f.endLine = r.endLine
  if (r.endColumn !== undefined) f.endColumn = r.endColumn
  if (model !== undefined) f.model = safeText(model)
  f.help = helpOf(rule)
  if (r.details !== undefined) f.details = safeValue(r.details)
  return f
}

function crashReport(err: unknown, path: string): Report {
  if (err instanceof FileAccessError) {
    return { path: err.path, message: `could not check: ${err.message}`, details: { error: err.code } }
  }
  const msg = scrub(err instanceof Error ? err.message : String(err))
  return { path, message: `the rule could not complete (${msg}); failing closed`, details: { error: 'internal' } }
}

/**
 * An error message can quote the input it choked on (a parser quoting a cell, a value): keep its shape, not
 * its content, so no personal data reaches a report through a crash.
 */
export function scrub(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/(["'`])(?:(?!\1).){1,}?\1/g, '$1…$1')
    .replace(/[^\s"'`]*@[^\s"'`]+/g, '…@…')
    .replace(/\d[\d\s().+-]{5,}\d/g, '…')
    .slice(0, 200)
}

// One string per rule, shared by all its findings (a 10,000-unit run holds tens of thousands of findings).
const helps = new WeakMap<AnyRule, string>()
function helpOf(rule: AnyRule): string {
  let h = helps.get(rule)
  if (h === undefined) helps.set(rule, (h = firstParagraph(rule.help)))
  return h
}

function firstParagraph(help: string): string {
  return help.trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ')
}
