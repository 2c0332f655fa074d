/**
 * What `check` and `baseline` share: finding the repository and its policy like eslint and ruff do (walk
 * up from the directory to the repository root for `.github/modelgate.yml`), the change against the base,
 * the baseline, and one local gate run. Paths in reports are relative to that root; a run in a
 * subdirectory checks that subtree with the repository's policy.
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { WorkspaceView } from '../adapters/fs/workspace.js'
import { changedFiles, defaultBranch, GitBaseView, gitWorkTree, listRepositoryFiles, mergeBase, revParse, unchangedBlobs } from '../adapters/git/git.js'
import type { ResultCache } from '../core/cache.js'
import { JobsError, resolveJobs } from '../adapters/workers/jobs.js'
import { tunedLister } from '../app/heap.js'
import { createScanner } from '../adapters/workers/pool.js'
import { DEFAULT_POLICY_PATH, readWorkingTreePolicy, resolvePolicyText, type PolicyOutcome } from '../app/policy.js'
import { DEFAULT_BASELINE_PATH, parseBaseline, type BaselineInput } from '../core/baseline.js'
import type { ChangedFile } from '../core/changes.js'
import { runGate, type GateInput, type GateResult } from '../core/gate.js'
import type { ResolvedPolicy } from '../core/policy/resolve.js'
import type { FailOn } from '../core/policy/schema.js'
import type { RunFacts } from '../core/rule.js'
import { ruleSet } from '../rules/index.js'
import { TOOL } from '../version.js'
import { UsageError, type CliIO } from './io.js'
import { OutputPathError, writeOutputFile } from '../app/output.js'

export interface Located {
  /** The repository root: the nearest directory with `.github/modelgate.yml` up to git's top level, else git's top level, else DIR. */
  root: string
  /** DIR relative to the root, POSIX ('' when DIR is the root). */
  sub: string
  inGit: boolean
  /** git's top level (real path) when DIR is in a work tree. */
  top?: string
}

const posix = (p: string) => p.split(nodePath.sep).join('/')
const exists = (p: string) => stat(p).then(() => true, () => false)

export async function locate(io: CliIO, dirArg: string | undefined): Promise<Located> {
  const given = nodePath.resolve(io.cwd, dirArg ?? '.')
  const st = await stat(given).catch(() => undefined)
  if (!st) throw new UsageError(`${dirArg ?? '.'}: no such directory`)
  if (!st.isDirectory()) throw new UsageError(`${dirArg}: not a directory (give the repository's directory or one inside it)`)
  const start = await realpath(given)
  const work = await gitWorkTree(start)
  const inGit = work !== undefined
  const top = work ? await realpath(work) : undefined
  let root = top ?? start
  if (top) {
    for (let d = start; ; d = nodePath.dirname(d)) {
      if (await exists(nodePath.join(d, DEFAULT_POLICY_PATH))) {
        root = d
        break
      }
      if (d === top || nodePath.dirname(d) === d || !d.startsWith(top)) break
    }
  }
  return { root, sub: posix(nodePath.relative(root, start)), inGit, ...(top ? { top } : {}) }
}

/** The policy for a local run: `--policy`, else the root's `.github/modelgate.yml`, else the built-in preset. */
export async function localPolicy(io: CliIO, where: Located, policyArg: string | undefined): Promise<{ outcome: PolicyOutcome; path: string }> {
  const abs = policyArg ? nodePath.resolve(io.cwd, policyArg) : nodePath.join(where.root, DEFAULT_POLICY_PATH)
  const rel = posix(nodePath.relative(where.root, abs))
  const path = rel.startsWith('..') ? abs : rel
  const read = await readWorkingTreePolicy(where.root, abs)
  return { outcome: resolvePolicyText({ path, ...read, via: 'working tree' }, ruleSet, policyArg !== undefined), path }
}

/** The baseline from the working tree (`--baseline FILE`, else the root's default file when present). */
export async function localBaseline(io: CliIO, where: Located, arg: string | undefined): Promise<BaselineInput | undefined> {
  const abs = arg ? nodePath.resolve(io.cwd, arg) : nodePath.join(where.root, DEFAULT_BASELINE_PATH)
  let text: string
  try {
    text = await readFile(abs, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !arg) return undefined
    throw new UsageError(`cannot read the baseline ${arg ?? DEFAULT_BASELINE_PATH}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'invalid-baseline')
  }
  const source = posix(nodePath.relative(where.root, abs))
  const read = parseBaseline(text)
  if (!read.ok) throw new UsageError(`${source}: ${read.problem} (delete it or run \`modelgate baseline\` again)`, 'invalid-baseline')
  return { baseline: read.baseline, source: source.startsWith('..') ? abs : source }
}

export interface LocalRunInput {
  where: Located
  policy: ResolvedPolicy
  policyPath: string
  baseArg?: string
  all: boolean
  failOn?: FailOn
  notes: string[]
  baseline?: BaselineInput
  /** `--cache DIR`: the result cache folder (absolute). */
  cacheDir?: string
  /** One shard's part of the run, or the run-level rules over merged shard findings (docs/sharding.md). */
  shard?: GateInput['shard']
  merged?: GateInput['merged']
  /** Files scanned at once (`--jobs`); undefined: MODELGATE_JOBS, else one per CPU. */
  jobs?: number
}

export interface LocalRun {
  result: GateResult
  run: RunFacts
  files: WorkspaceView
  startedAt: Date
  /** The base the change was computed against, when there was one. */
  baseRef?: string
}

export async function runLocal(io: CliIO, i: LocalRunInput): Promise<LocalRun> {
  const { root, sub, inGit, top } = i.where
  const inSub = (p: string) => !sub || p === sub || p.startsWith(`${sub}/`)
  const notes = [...i.notes]
  if (sub) notes.push(`Checking \`${sub}/\` of the repository at ${posix(nodePath.relative(io.cwd, root)) || '.'} (paths are relative to it).`)
  let changes: ChangedFile[] | undefined
  let baseSha: string | undefined
  let headSha: string | undefined
  let baseRef = i.baseArg
  if (inGit) {
    headSha = await revParse(root, 'HEAD')
    if (baseRef) {
      if (!(await revParse(root, baseRef))) throw new UsageError(`--base ${baseRef}: no such revision`)
    } else {
      baseRef = await defaultBranch(root)
    }
    if (baseRef) baseSha = (await mergeBase(root, baseRef)) ?? (await revParse(root, baseRef))
    if (baseSha) {
      changes = (await changedFiles(root, baseSha)).filter((c) => inSub(c.path) || (c.previousPath !== undefined && inSub(c.previousPath)))
    } else if (!i.all) {
      notes.push('No base revision found (no default branch): every model unit is checked.')
    }
  } else if (!i.all) {
    notes.push('Not a git repository: every model unit is checked.')
  }
  const startedAt = io.now()
  const lister = async () => {
    const all = inGit ? await listRepositoryFiles(root) : await new WorkspaceView(root).list()
    return all.filter(inSub)
  }
  let cache: ResultCache | undefined
  if (i.cacheDir) {
    // Loaded only when a cache is asked for (cold start).
    const { openResultCache } = await import('../adapters/fs/result-cache.js')
    const opened = await openResultCache(i.cacheDir, { repoRoots: [root, ...(top ? [top] : [])], toolVersion: TOOL.version })
    if (opened.problem) {
      io.stderr(`modelgate: warning: ${opened.problem}\n`)
      notes.push(`Result cache not used: ${opened.problem}.`)
    }
    cache = opened.cache
  }
  const files = new WorkspaceView(root, tunedLister(lister), cache ? { results: cache, blobs: inGit ? () => unchangedBlobs(root) : undefined } : undefined)
  const run: RunFacts = { event: 'local', baseSha, headSha, changes, policyPath: i.policyPath, now: startedAt, cache }
  // Independent file scans on worker threads (--jobs, else MODELGATE_JOBS, else one per CPU; 1: none).
  let jobs: number
  try {
    jobs = resolveJobs(i.jobs, io.env)
  } catch (err) {
    throw err instanceof JobsError ? new UsageError(err.message) : err
  }
  const scanner = createScanner({ root, jobs, files })
  const result = await runGate({
    ruleSet,
    policy: i.policy,
    files,
    base: baseSha ? new GitBaseView(root, baseSha) : undefined,
    run: scanner ? { ...run, scanner } : run,
    all: i.all,
    failOn: i.failOn,
    tool: TOOL,
    notes,
    baseline: i.baseline,
    shard: i.shard,
    merged: i.merged,
  }).finally(() => scanner?.close())
  if (result.units.selected.length === 0 && changes !== undefined && !i.all) {
    const hint = `No model unit changed against ${baseRef ?? 'the base'} (0 evaluated): run \`modelgate check --all\` to check every unit.`
    result.report.notes = [...(result.report.notes ?? []), hint]
  }
  return { result, run, files, startedAt, baseRef }
}

/** Writes a file the user named, creating missing folders; one clean line when it cannot. */
/**
 * Writes an output file (`--output`, `--audit`): never through a symbolic link inside the checked
 * repository `repo` (its content is the change under review), nor through a link at the file itself.
 */
export async function writeOutput(io: CliIO, file: string, text: string | Iterable<string>, repo?: string): Promise<void> {
  const abs = nodePath.resolve(io.cwd, file)
  try {
    await writeOutputFile(abs, text, { roots: [], untrusted: repo, createParents: true })
  } catch (err) {
    if (err instanceof OutputPathError) throw new UsageError(`cannot write ${err.message}`, 'io')
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'io')
  }
}
