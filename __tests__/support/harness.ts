/**
 * Runs the pure gate over in-memory files: the way rule tests exercise rules without a disk or GitHub.
 */
import { MemoryBaseView, MemoryView } from '../../src/adapters/memory/view.js'
import type { ChangedFile } from '../../src/core/changes.js'
import { runGate, type GateResult } from '../../src/core/gate.js'
import { builtInPolicy, formatProblem, loadPolicy } from '../../src/core/policy/load.js'
import type { ResolvedPolicy } from '../../src/core/policy/resolve.js'
import type { FailOn } from '../../src/core/policy/schema.js'
import type { RunFacts } from '../../src/core/rule.js'
import { ruleSet } from '../../src/rules/index.js'

export interface CheckOptions {
  files: Record<string, string | Uint8Array>
  /** Policy YAML; default: the built-in recommended policy. */
  policy?: string
  /** The change; default: every unit is evaluated (`--all`). */
  changes?: ChangedFile[]
  /** Files at the base revision. */
  base?: Record<string, string>
  baseRef?: string
  only?: string[]
  now?: Date
  failOn?: FailOn
  run?: Partial<RunFacts>
}

export function policyFrom(text: string | undefined): ResolvedPolicy {
  if (text === undefined) return builtInPolicy(ruleSet)
  const loaded = loadPolicy({ text, source: '.github/modelgate.yml', ruleSet })
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'))
  return loaded.policy
}

export async function check(o: CheckOptions): Promise<GateResult> {
  const policy = policyFrom(o.policy)
  return runGate({
    ruleSet,
    policy,
    files: new MemoryView(o.files),
    base: o.base ? new MemoryBaseView(o.baseRef ?? 'base-sha', o.base) : undefined,
    run: {
      event: 'local',
      policyPath: '.github/modelgate.yml',
      changes: o.changes,
      now: o.now ?? new Date('2026-11-26T12:00:00Z'),
      ...o.run,
    },
    failOn: o.failOn,
    tool: { name: 'modelgate', version: 'test' },
    only: o.only,
  })
}

/** Compact form of findings for exact assertions: `ruleId path:line message`. */
export function brief(r: GateResult, ruleId?: string): string[] {
  return r.findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.ruleId} ${f.path}:${f.line ?? 0} ${f.message}`)
}
