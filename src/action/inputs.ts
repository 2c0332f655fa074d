/** The action's inputs (action.yml), validated. Policy-level defaults live in the policy schema. */
import * as core from '@actions/core'
import { FAIL_ON, type FailOn } from '../core/policy/schema.js'
import { DEFAULT_POLICY_PATH } from '../app/policy.js'
import { DEFAULT_BASELINE_PATH } from '../core/baseline.js'
import { DEFAULT_MAX_ANNOTATIONS } from '../reporters/check-run.js'
import { COMMENT_MODES, type CommentMode } from '../reporters/comment.js'
import { parseShard, type Shard } from '../core/shard.js'
import { JOBS_ENV, JobsError, parseJobs } from '../adapters/workers/jobs.js'

export const DEFAULT_CHECK_NAME = 'modelgate'
/** The identity of the default `GITHUB_TOKEN` (its comments are authored by this login). */
export const DEFAULT_COMMENT_AUTHOR = 'github-actions[bot]'

export interface ActionInputs {
  policy: string
  policyExplicit: boolean
  token: string
  failOn?: FailOn
  report: string
  sarif?: string
  /** Path of the run's audit record (an in-toto Statement v1). */
  audit?: string
  workingDirectory: string
  checkAll: boolean
  /** Name of the check run (and of the sticky comment's marker). */
  checkName: string
  comment: CommentMode
  /** At most this many findings become check-run annotations. */
  maxAnnotations: number
  /** The login whose comments are ours (the token's identity). */
  commentAuthor: string
  /** Post a check run and comment from this report file instead of evaluating (the workflow_run pattern). */
  postReport?: string
  /** Post mode: the pull request to comment on, verified against the event's head SHA. */
  pullRequest?: number
  /** The baseline file (read like the policy); undefined: none (`baseline: none`). */
  baseline?: string
  /** Folder of the result cache across runs (`cache-dir`); undefined: no cache. */
  cacheDir?: string
  /** `gate` (evaluate; one shard of the run with `shard`) or `merge` (combine shard reports; docs/sharding.md). */
  mode: ActionMode
  /** Evaluate this shard of the run and write a partial report; no check run, no comment. */
  shard?: Shard
  /** Merge mode: glob patterns (one per line) of the shard reports, relative to the workspace. */
  reports: string[]
  /** Files scanned at once (input `jobs`, else MODELGATE_JOBS); undefined: one per CPU. */
  jobs?: number
}

export const ACTION_MODES = ['gate', 'merge'] as const
export type ActionMode = (typeof ACTION_MODES)[number]

export class InputError extends Error {}

function bool(name: string): boolean {
  const raw = core.getInput(name).trim().toLowerCase()
  if (raw && !['true', 'false'].includes(raw)) throw new InputError(`input ${name}: expected true or false, got "${raw}"`)
  return raw === 'true'
}

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = core.getInput(name).trim()
  if (!raw) return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new InputError(`input ${name}: expected a whole number from ${min} to ${max}, got "${raw}"`)
  return Number(raw)
}

function baselineInput(): string | undefined {
  const raw = core.getInput('baseline').trim()
  if (['none', 'false'].includes(raw.toLowerCase())) return undefined
  return raw || DEFAULT_BASELINE_PATH
}

function jobsInput(): number | undefined {
  try {
    return parseJobs(core.getInput('jobs'), 'input jobs') ?? parseJobs(process.env[JOBS_ENV], JOBS_ENV)
  } catch (err) {
    if (err instanceof JobsError) throw new InputError(err.message)
    throw err
  }
}

export function readInputs(): ActionInputs {
  const failOnRaw = core.getInput('fail-on').trim()
  if (failOnRaw && !FAIL_ON.includes(failOnRaw as FailOn)) {
    throw new InputError(`input fail-on: expected one of ${FAIL_ON.join(', ')}, got "${failOnRaw}"`)
  }
  const commentRaw = core.getInput('comment').trim().toLowerCase()
  if (commentRaw && !COMMENT_MODES.includes(commentRaw as CommentMode)) {
    throw new InputError(`input comment: expected one of ${COMMENT_MODES.join(', ')}, got "${commentRaw}"`)
  }
  const checkName = core.getInput('check-name').trim() || DEFAULT_CHECK_NAME
  if (checkName.length > 100 || /[\r\n]/.test(checkName)) throw new InputError('input check-name: expected one line of at most 100 characters')
  const pr = core.getInput('pull-request').trim()
  if (pr && !/^[1-9]\d{0,9}$/.test(pr)) throw new InputError(`input pull-request: expected a pull request number, got "${pr.slice(0, 40)}"`)
  const policy = core.getInput('policy').trim()
  const { mode, shard, reports } = shardInputs()
  if (mode === 'merge' || shard) {
    if (core.getInput('post-report').trim()) throw new InputError(`input post-report cannot be combined with ${shard ? 'shard' : 'mode: merge'}`)
  }
  return {
    policy: policy || DEFAULT_POLICY_PATH,
    policyExplicit: policy !== '' && policy !== DEFAULT_POLICY_PATH,
    token: core.getInput('token'),
    failOn: (failOnRaw || undefined) as FailOn | undefined,
    report: core.getInput('report').trim() || 'modelgate-report.json',
    sarif: core.getInput('sarif').trim() || undefined,
    audit: core.getInput('audit').trim() || undefined,
    workingDirectory: core.getInput('working-directory').trim() || '.',
    checkAll: bool('check-all'),
    checkName,
    comment: (commentRaw || 'on-findings') as CommentMode,
    maxAnnotations: int('max-annotations', DEFAULT_MAX_ANNOTATIONS, 0, 100_000),
    commentAuthor: core.getInput('comment-author').trim() || DEFAULT_COMMENT_AUTHOR,
    postReport: core.getInput('post-report').trim() || undefined,
    pullRequest: pr ? Number(pr) : undefined,
    baseline: baselineInput(),
    cacheDir: core.getInput('cache-dir').trim() || undefined,
    mode,
    shard,
    reports,
    jobs: jobsInput(),
  }
}

function shardInputs(): { mode: ActionMode; shard?: Shard; reports: string[] } {
  const modeRaw = core.getInput('mode').trim().toLowerCase()
  if (modeRaw && !ACTION_MODES.includes(modeRaw as ActionMode)) throw new InputError(`input mode: expected one of ${ACTION_MODES.join(', ')}, got "${modeRaw.slice(0, 40)}"`)
  const mode = (modeRaw || 'gate') as ActionMode
  const shardRaw = core.getInput('shard').trim()
  let shard: Shard | undefined
  if (shardRaw) {
    const parsed = parseShard(shardRaw)
    if (!parsed.ok) throw new InputError(`input shard: ${parsed.problem}`)
    if (mode === 'merge') throw new InputError('input shard: a merge combines every shard; set shard on the matrix job only')
    shard = parsed.shard
  }
  const reports = core.getMultilineInput('reports').map((l) => l.trim()).filter(Boolean)
  if (mode === 'merge' && reports.length === 0) throw new InputError('input reports: mode merge needs the shard reports (a glob such as `shard-reports/*.json`)')
  if (mode !== 'merge' && reports.length) throw new InputError('input reports: only used with `mode: merge`')
  return { mode, shard, reports }
}
