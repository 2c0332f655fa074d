/**
 * `mode: merge`: the final job of a sharded run (docs/sharding.md). Finds the shard reports the `reports`
 * globs name (what actions/download-artifact put in a folder), validates each as untrusted input, and checks
 * they form one run of this event (every shard once; one shard count, policy, base and head). The run-level
 * rules, the verdict and every report are then produced once by the ordinary gate path.
 */
import { lstat, readdir } from 'node:fs/promises'
import * as nodePath from 'node:path'
import picomatch from 'picomatch'
import type { EventContext } from '../adapters/github/event.js'
import { checkShardSet, mergeProblem, runProblem, shardFindings, type NamedReport, type ShardSetCheck } from '../core/shard.js'
import type { GateInput } from '../core/gate.js'
import type { Env } from './context.js'
import type { GateOutcome } from './evaluate.js'
import { readShardReports } from './report-file.js'

/** Files listed while expanding a glob; a folder holding more is refused rather than read for minutes. */
const MAX_LISTED = 50_000
const GLOB_CHARS = /[*?[\]{}!]/

/** Expands the `reports` patterns (relative to the workspace) to regular files, sorted; a folder means its `*.json`. */
export async function expandReports(workspace: string, patterns: string[]): Promise<{ name: string; path: string }[]> {
  const found = new Map<string, string>()
  let listed = 0
  const posix = (p: string) => p.split(nodePath.sep).join('/')
  for (const raw of patterns) {
    const pattern = posix(raw).replace(/^\.\//, '')
    const abs = nodePath.resolve(workspace, pattern)
    const st = GLOB_CHARS.test(pattern) ? undefined : await lstat(abs).catch(() => undefined)
    if (st?.isFile()) {
      found.set(abs, posix(nodePath.relative(workspace, abs)))
      continue
    }
    const glob = st?.isDirectory() ? `${pattern.replace(/\/+$/, '')}/*.json` : pattern
    const segments = glob.split('/')
    const fixed = segments.findIndex((s) => GLOB_CHARS.test(s))
    const baseDir = nodePath.resolve(workspace, segments.slice(0, fixed < 0 ? segments.length - 1 : fixed).join('/') || '.')
    const match = picomatch(nodePath.isAbsolute(glob) ? glob : posix(nodePath.resolve(workspace, glob)), { dot: false })
    const walk = async (dir: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
      for (const e of entries) {
        if (++listed > MAX_LISTED) throw new Error(`more than ${MAX_LISTED} files under the reports pattern: name the folder the artifacts were downloaded to`)
        const p = nodePath.join(dir, e.name)
        // Symbolic links are not followed nor read: a report is a file download-artifact wrote.
        if (e.isDirectory() && depth < 8) await walk(p, depth + 1)
        else if (e.isFile() && match(posix(p))) found.set(p, posix(nodePath.relative(workspace, p)))
      }
    }
    await walk(baseDir, 0)
  }
  return [...found.entries()].map(([path, name]) => ({ name, path })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

export type ShardRead = { ok: true; set: Extract<ShardSetCheck, { ok: true }>; reports: NamedReport[]; merged: NonNullable<GateInput['merged']> } | { ok: false; problem: string }

/** Reads and checks the shard reports of a merge against this run's event. */
export async function readShards(env: Env, ev: EventContext, patterns: string[]): Promise<ShardRead> {
  const files = await expandReports(env.workspace, patterns)
  if (files.length === 0) return { ok: false, problem: `no shard report matches \`${patterns.join('`, `')}\` (did the shard jobs upload their reports, and did download-artifact put them there?)` }
  const read = await readShardReports(files)
  if (!read.ok) return read
  const set = checkShardSet(read.reports)
  if (!set.ok) return set
  const early = runProblem(set, { policySha256: set.policySha256, baseSha: ev.baseSha, headSha: ev.headSha })
  if (early) return { ok: false, problem: early }
  return { ok: true, set, reports: read.reports, merged: shardFindings(read.reports) }
}

/** Once the merge's own run is evaluated: the shards' policy is this run's, and they covered its units. */
export function mergedRunProblem(shards: Extract<ShardRead, { ok: true }>, outcome: Extract<GateOutcome, { kind: 'ok' }>): string | undefined {
  const run = { policySha256: outcome.policy.sha256, baseSha: outcome.run.baseSha, headSha: outcome.run.headSha }
  return mergeProblem(shards.set, shards.reports, run, outcome.result.report.models.map((m) => m.path))
}

