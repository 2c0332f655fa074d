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
}

/** Runs the rules; never throws. Findings are sorted deterministically. */
export interface Evaluation {
  findings: Finding[]
  tables: ReportTable[]
}

export async function evaluate(input: EngineInput): Promise<Evaluation> {
  const findings: Finding[] = []
  const tables: ReportTable[] = []
  const factsByUnit = new Map<string, UnitFacts>()
  const factsFor = (u: ModelUnit) => {
    let f = factsByUnit.get(u.path)
    if (!f) factsByUnit.set(u.path, (f = createUnitFacts(u, input.files, input.policy, input.base)))
    return f
  }
  const enabled = input.ruleSet.rules.filter((r) => {
    const cfg = input.policy.rules[r.id]
    return cfg && cfg.severity !== 'off' && (!input.only || input.only.includes(r.id))
  })
  // Rules that judge other rules' findings run last.
  enabled.sort((a, b) => Number(isAfter(a)) - Number(isAfter(b)))
  for (const rule of enabled) {
    const cfg = input.policy.rules[rule.id]!
    const severity = cfg.severity as Severity
    const common = { ruleId: rule.id, options: cfg.options, policy: input.policy, run: input.run, files: input.files, base: input.base }
    const make = (model: string | undefined) => (r: Report) => {
      findings.push(toFinding(rule, severity, model ?? r.model, r))
    }
    if (rule.scope === 'unit') {
      for (const unit of input.units.selected) {
        const report = make(unit.path)
        const table = (t: Omit<ReportTable, 'model'>) => tables.push({ ...safeValue(t), model: safeText(unit.path) })
        try {
          await rule.check({ ...common, report, table, unit, facts: factsFor(unit) })
        } catch (err) {
          findings.push(toFinding(rule, 'error', unit.path, crashReport(err, unit.path)))
        }
      }
    } else {
      const report = make(undefined)
      const table = (t: Omit<ReportTable, 'model'>) => tables.push({ ...safeValue(t) })
      try {
        await rule.check({ ...common, report, table, units: input.units, factsFor, findings: [...findings] })
      } catch (err) {
        findings.push(toFinding(rule, 'error', undefined, crashReport(err, input.run.policyPath)))
      }
    }
  }
  return { findings: sortFindings(findings), tables }
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
  f.help = firstParagraph(rule.help)
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

function firstParagraph(help: string): string {
  return help.trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ')
}
