/** `modelgate baseline`: accept today's findings of an existing repository so that the gate blocks only new ones. */
import * as nodePath from 'node:path'
import { buildBaseline, DEFAULT_BASELINE_PATH, serializeBaseline } from '../../core/baseline.js'
import { formatProblem } from '../../core/policy/load.js'
import { parseCommandArgs } from '../args.js'
import { EXIT, UsageError, type CliIO } from '../io.js'
import { localBaseline, localPolicy, locate, runLocal, writeOutput } from '../local.js'

export const baselineUsage = `Usage: modelgate baseline [DIR] [--policy FILE] [--output FILE]

Evaluates every model unit and writes the findings as accepted to ${DEFAULT_BASELINE_PATH} (at the
repository root). From then on they are reported as "baselined" (notice level) and never block; only new
findings do. Each entry is the rule, the path and a hash of the finding's subject (stable when lines move;
never a raw value). Commit the file; on pull requests it is read from the base commit, like the policy.
Entries that no longer match are reported, so run this again to shrink the file as you fix things.

Waived findings and governance/policy findings (waivers, approvals, policy changes) are never baselined.

Options:
  --policy FILE    policy file (default: the discovered ${'.github/modelgate.yml'})
  --output FILE    where to write (default: ${DEFAULT_BASELINE_PATH} at the repository root)
  --stdout         print the baseline instead of writing it
  --help, -h       this help`

export async function baseline(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { policy: { type: 'string' }, output: { type: 'string', short: 'o' }, stdout: { type: 'boolean', default: false } })
  if (values.help) {
    io.stdout(baselineUsage + '\n')
    return EXIT.pass
  }
  if (positionals.length > 1) throw new UsageError('baseline takes at most one directory')
  const where = await locate(io, positionals[0])
  const { outcome, path: policyPath } = await localPolicy(io, where, values.policy)
  if (!outcome.ok) {
    for (const p of outcome.problems) io.stderr(`${formatProblem(p)}\n`)
    io.stderr('modelgate: the policy is invalid; no baseline was written (exit 2)\n')
    return EXIT.usage
  }
  const { result } = await runLocal(io, { where, policy: outcome.policy, policyPath, all: true, notes: [] })
  const b = buildBaseline(result.findings)
  // From a subdirectory only that subtree was evaluated: keep the existing entries for the rest.
  let kept = 0
  if (where.sub && !values.output) {
    const existing = await localBaseline(io, where, undefined).catch(() => undefined)
    const outside = (existing?.baseline.entries ?? []).filter((e) => e.path !== where.sub && !e.path.startsWith(`${where.sub}/`))
    kept = outside.length
    b.entries = [...outside, ...b.entries].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : x.fingerprint < y.fingerprint ? -1 : 1))
  }
  const text = serializeBaseline(b)
  if (values.stdout) {
    io.stdout(text)
    return EXIT.pass
  }
  const file = values.output ?? nodePath.join(nodePath.relative(io.cwd, where.root) || '.', DEFAULT_BASELINE_PATH)
  await writeOutput(io, file, text)
  const n = b.entries.reduce((a, e) => a + e.count, 0)
  const files = new Set(b.entries.map((e) => e.path)).size
  const skipped = result.findings.length - (n - keptCount(b.entries, where.sub))
  io.stdout(
    `wrote ${file}: ${n} finding${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} accepted${kept ? ` (entries outside \`${where.sub}/\` kept)` : ''}${skipped ? ` (${skipped} waived or governance finding${skipped === 1 ? '' : 's'} not baselined)` : ''}.\n` +
      `Commit it; 'modelgate check' now fails only on new findings. Fix or waive the rest over time, then delete the file.\n`,
  )
  return EXIT.pass
}

/** Findings counted by entries outside the evaluated subtree (kept from the existing file). */
function keptCount(entries: { path: string; count: number }[], sub: string): number {
  if (!sub) return 0
  return entries.filter((e) => e.path !== sub && !e.path.startsWith(`${sub}/`)).reduce((a, e) => a + e.count, 0)
}
