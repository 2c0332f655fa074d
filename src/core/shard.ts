/**
 * Sharding a run across an Actions matrix (docs/sharding.md). Pure.
 *
 * The partition: a path belongs to shard `1 + (u32be(sha256(path)[0..4]) mod n)`, where `path` is the
 * repository-relative POSIX path of a model unit (its folder; `.` for the repository scope, which one shard takes
 * whole). The hash depends on nothing but the path and `n`, so every shard of a run (and every rerun) agrees on
 * who owns what, whatever the machine, the order of the file list or the other units.
 *
 * A shard evaluates the unit rules over its part and writes a partial report (`shard: {index, count}`);
 * the merge checks that the parts form one run (every shard once, one shard count, one policy, one base
 * and head), evaluates the run-level rules once and decides one verdict over every shard's findings.
 */
import { createHash } from 'node:crypto'
import type { Finding } from './findings.js'
import type { GateReport } from './report.js'
import type { ReportTable } from './rule.js'
import type { UnitSelection } from './units.js'

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  index: number
  count: number
}

/** Enough for any matrix (GitHub allows 256 jobs per matrix). */
export const MAX_SHARDS = 256

/** Parses `i/n` (1 ≤ i ≤ n ≤ 256); a problem message otherwise. */
export function parseShard(text: string): { ok: true; shard: Shard } | { ok: false; problem: string } {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text)
  if (!m) return { ok: false, problem: `expected INDEX/COUNT such as 1/3, got "${text.slice(0, 40)}"` }
  const index = Number(m[1])
  const count = Number(m[2])
  if (count < 1 || count > MAX_SHARDS) return { ok: false, problem: `the shard count must be from 1 to ${MAX_SHARDS}, got ${count}` }
  if (index < 1 || index > count) return { ok: false, problem: `the shard index must be from 1 to ${count} (indexes start at 1), got ${index}` }
  return { ok: true, shard: { index, count } }
}

/** The shard (1-based) that owns a unit folder or a repository-scope file. */
export function shardOf(path: string, count: number): number {
  const digest = createHash('sha256').update(path, 'utf8').digest()
  return 1 + (digest.readUInt32BE(0) % count)
}

export function inShard(path: string, shard: Shard): boolean {
  return shard.count === 1 || shardOf(path, shard.count) === shard.index
}

/**
 * The part of a selection a shard evaluates: the selected units it owns, and the repository scope (the files
 * outside every unit) when it owns that scope's path, `.`. The repository scope stays whole: its rules group
 * what they find there into one finding per cause (all the Git LFS pointers of the scope are one finding), so
 * a scope split across shards would report one cause several times and the merge would not equal the unsharded
 * run. `all` is kept whole: discovery is the same in every shard.
 */
export function partitionUnits(units: UnitSelection, shard: Shard): UnitSelection {
  const selected = units.selected.filter((u) => inShard(u.path, shard))
  const repo = units.repository
  if (!repo || !inShard(repo.path, shard)) return { all: units.all, selected }
  return { all: units.all, selected, repository: repo }
}

/** A shard report to merge, with the name the user knows it by (its file). */
export interface NamedReport {
  name: string
  report: GateReport
}

export type ShardSetCheck = { ok: true; count: number; policySha256: string; baseSha?: string; headSha?: string; tool: string } | { ok: false; problem: string }

const lower = (s: string | undefined) => s?.toLowerCase()

/**
 * Checks that shard reports form one run: each is a shard report, every shard 1..n appears exactly once,
 * and they agree on the shard count, the policy (its sha256), the base and head commits and the tool
 * version. The first problem found is returned, naming the files.
 */
export function checkShardSet(reports: NamedReport[]): ShardSetCheck {
  if (reports.length === 0) return { ok: false, problem: 'no shard reports to merge (did the shard jobs upload them, and does the pattern match?)' }
  for (const r of reports) {
    if (!r.report.shard) return { ok: false, problem: `${r.name} is not a shard report (it has no \`shard\` block): merge only reports written with \`shard\` / \`--shard\`` }
  }
  const first = reports[0]!
  const count = first.report.shard!.count
  const agree = (what: string, value: (r: GateReport) => string | undefined, show: (v: string | undefined) => string) => {
    const want = value(first.report)
    const other = reports.find((r) => value(r.report) !== want)
    return other ? `the shards disagree on ${what}: ${first.name} has ${show(want)}, ${other.name} has ${show(value(other.report))}` : undefined
  }
  const short = (v: string | undefined) => (v ? v.slice(0, 12) : 'none')
  const problem =
    agree('the shard count', (r) => String(r.shard!.count), (v) => `${v} shards`) ??
    agree('the policy', (r) => r.policy.sha256, (v) => `sha256 ${short(v)}`) ??
    agree('the base commit', (r) => lower(r.run?.baseSha), short) ??
    agree('the head commit', (r) => lower(r.run?.headSha), short) ??
    agree('the modelgate version', (r) => `${r.tool.name} ${r.tool.version}`, (v) => v ?? 'none')
  if (problem) return { ok: false, problem }
  const seen = new Map<number, string>()
  for (const r of reports) {
    const i = r.report.shard!.index
    const prev = seen.get(i)
    if (prev !== undefined) return { ok: false, problem: `shard ${i}/${count} appears twice (${prev} and ${r.name}): merge each shard's report once` }
    seen.set(i, r.name)
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !seen.has(i))
  if (missing.length) {
    return {
      ok: false,
      problem: `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (got ${[...seen.keys()].sort((a, b) => a - b).map((i) => `${i}/${count}`).join(', ')}): did a shard job fail or not upload its report? The gate fails closed`,
    }
  }
  return { ok: true, count, policySha256: first.report.policy.sha256, baseSha: first.report.run?.baseSha, headSha: first.report.run?.headSha, tool: first.report.tool.version }
}

/**
 * The findings a merge starts from: every shard's, as the shard's rules reported them. Waivers, inline
 * suppressions and the baseline are applied again over the whole run (the baseline counts findings across
 * shards), so the marks a shard set for its own verdict are dropped.
 */
export function shardFindings(reports: NamedReport[]): { findings: Finding[]; tables: ReportTable[] } {
  const out: Finding[] = []
  const tables: ReportTable[] = []
  for (const { report } of [...reports].sort((a, b) => (a.report.shard?.index ?? 0) - (b.report.shard?.index ?? 0))) {
    tables.push(...(report.tables ?? []))
    for (const f of report.findings) {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { waived, baselined, ...raw } = f
      out.push(raw)
    }
  }
  return { findings: out, tables }
}

/**
 * The units a merge selects must be exactly the units the shards evaluated: a unit no shard reported was
 * not checked (the shards ran on another checkout, or without the merge's `check-all`).
 */
export function coverageProblem(selected: string[], reports: NamedReport[]): string | undefined {
  const want = new Set(selected)
  const owner = new Map<string, string>()
  for (const r of reports) for (const m of r.report.models) owner.set(m.path, r.name)
  const list = (xs: string[]) => `${xs.slice(0, 3).map((x) => `\`${x}\``).join(', ')}${xs.length > 3 ? ` and ${xs.length - 3} more` : ''}`
  const unchecked = selected.filter((p) => !owner.has(p))
  if (unchecked.length) {
    return `${unchecked.length} model unit(s) this run selects were evaluated by no shard (${list(unchecked)}): the shards must check the same commit with the same \`check-all\` as the merge. The gate fails closed`
  }
  const extra = [...owner.keys()].filter((p) => !want.has(p))
  if (extra.length) {
    return `the shards evaluated ${extra.length} model unit(s) this run does not select (${list(extra)}, in ${owner.get(extra[0]!)}): the shards must check the same commit with the same \`check-all\` as the merge`
  }
  return undefined
}

/** After the merge's own run: the shards checked this run's policy, base and head, and covered the units it selects. */
export function mergeProblem(set: Extract<ShardSetCheck, { ok: true }>, reports: NamedReport[], run: { policySha256: string; baseSha?: string; headSha?: string }, selected: string[]): string | undefined {
  return runProblem(set, run) ?? coverageProblem(selected, reports)
}

/** What a merge checks once its own run is known: the shards' policy, base and head are this run's. */
export function runProblem(set: Extract<ShardSetCheck, { ok: true }>, run: { policySha256: string; baseSha?: string; headSha?: string }): string | undefined {
  if (set.policySha256 !== run.policySha256) {
    return `the shards used another policy (sha256 ${set.policySha256.slice(0, 12)}) than this run (sha256 ${run.policySha256.slice(0, 12)}): the gate fails closed`
  }
  if (set.headSha && run.headSha && set.headSha.toLowerCase() !== run.headSha.toLowerCase()) {
    return `the shards checked commit ${set.headSha.slice(0, 12)}, but this run is for ${run.headSha.slice(0, 12)}: merge the shard reports of this run`
  }
  if (set.baseSha && run.baseSha && set.baseSha.toLowerCase() !== run.baseSha.toLowerCase()) {
    return `the shards compared with base ${set.baseSha.slice(0, 12)}, but this run's base is ${run.baseSha.slice(0, 12)}: merge the shard reports of this run`
  }
  return undefined
}
