/**
 * Evaluating a run in the action: the event's policy (from the base commit on pull requests), baseline,
 * change list (pull request files, compare, or git), files at the base and reviews, then the gate.
 */
import * as core from '@actions/core'
import * as nodePath from 'node:path'
import { WorkspaceView } from '../adapters/fs/workspace.js'
import { GitBaseView, changedFiles, isGitRepo, listRepositoryFiles, revParse, showFile, unchangedBlobs } from '../adapters/git/git.js'
import { resolveJobs } from '../adapters/workers/jobs.js'
import { createScanner } from '../adapters/workers/pool.js'
import { tunedLister } from '../app/heap.js'
import { describeApiError, type GitHubClient } from '../adapters/github/client.js'
import type { EventContext } from '../adapters/github/event.js'
import { ApiBaseView, COMPARE_FILES_CAP, compareFiles, getFileText, listPullRequestFiles, PR_FILES_CAP } from '../adapters/github/repo.js'
import { listReviews, teamMembership } from '../adapters/github/reviews.js'
import { BasePolicyUnreadable, resolvePolicyText, readBasePolicyGit, readWorkingTreeFile, readWorkingTreePolicy, type PolicyRead } from '../app/policy.js'
import type { ChangedFile } from '../core/changes.js'
import type { BaseView, FileView } from '../core/files.js'
import { runGate, type GateInput, type GateResult } from '../core/gate.js'
import type { PolicyProblem } from '../core/policy/load.js'
import type { ResolvedPolicy } from '../core/policy/resolve.js'
import type { Review, RunFacts } from '../core/rule.js'
import type { Shard } from '../core/shard.js'
import { ruleSet } from '../rules/index.js'
import { TOOL } from '../version.js'
import { readActionBaseline } from './baseline.js'
import { prefixed, rebase, repoPath, warn, type Env } from './context.js'
import type { ActionInputs } from './inputs.js'

export type GateOutcome =
  | { kind: 'policy-error'; problems: PolicyProblem[] }
  | { kind: 'ok'; result: GateResult; policy: ResolvedPolicy; run: RunFacts; files: FileView; startedAt: Date }

/** How much of the run to evaluate: a shard's part, or the run-level rules over merged shard findings. */
export interface GatePart {
  shard?: Shard
  merged?: GateInput['merged']
}

/**
 * Gathers a run's inputs (policy from the base commit on pull requests, baseline, the change, files at the
 * base, reviews for guardians) and evaluates the gate.
 */
export async function gate(env: Env, ev: EventContext, inputs: ActionInputs, root: string, gh: GitHubClient | undefined, part: GatePart = {}): Promise<GateOutcome> {
  const startedAt = new Date()
  const notes: string[] = []
  const git = await isGitRepo(root)
  const haveCommit = async (sha?: string) => Boolean(sha && git && (await revParse(root, sha)))

  // pull_request_target runs with the base branch checked out unless the workflow checks out the head.
  if (ev.name === 'pull_request_target' && ev.headSha && git) {
    const head = await revParse(root, 'HEAD')
    if (head && head !== ev.headSha) {
      const msg = `on \`pull_request_target\` the workspace is at ${head.slice(0, 12)}, not the pull request's head ${ev.headSha.slice(0, 12)}: the files checked are not the pull request's. Check out \`github.event.pull_request.head.sha\` (see docs/github.md for the safe way).`
      core.warning(`modelgate: ${msg}`)
      notes.push(msg)
    }
  }

  // 1. Policy: from the base commit on pull requests, else the working tree.
  const policyPath = inputs.policy.replace(/^\.\//, '')
  let read: PolicyRead
  if (ev.policyFromBase && ev.baseSha) {
    if (await haveCommit(ev.baseSha)) {
      try {
        read = { path: policyPath, text: await readBasePolicyGit(root, ev.baseSha, policyPath), ref: ev.baseSha, via: 'git' }
      } catch (err) {
        // Listed at the base but its blob is not here (a blob-less clone): the API can read it; no token, no run.
        if (!(err instanceof BasePolicyUnreadable) || !gh) throw err
        const text = await getFileText(gh, ev.owner, ev.repo, repoPath(env, root, policyPath), ev.baseSha)
        if (text === undefined) throw err
        read = { path: policyPath, text, ref: ev.baseSha, via: 'contents API' }
      }
    } else if (gh) {
      read = { path: policyPath, text: await getFileText(gh, ev.owner, ev.repo, repoPath(env, root, policyPath), ev.baseSha), ref: ev.baseSha, via: 'contents API' }
    } else {
      throw new Error('the base commit is not fetched and no token was given to read the policy through the API')
    }
  } else {
    read = { path: policyPath, ...(await readWorkingTreePolicy(root, policyPath)), via: 'working tree' }
  }
  const policy = resolvePolicyText(read, ruleSet, inputs.policyExplicit && !read.ref)
  if (!policy.ok) return { kind: 'policy-error', problems: policy.problems }
  notes.push(...policy.notes)
  // The baseline comes from where the policy came from (the base commit on pull requests).
  const baselinePath = inputs.baseline?.replace(/^\.\//, '')
  const baseline = baselinePath
    ? await readActionBaseline(
        read.ref
          ? { path: baselinePath, ref: read.ref, read: async () => (read.via === 'git' ? showFile(root, read.ref!, baselinePath) : gh ? getFileText(gh, ev.owner, ev.repo, repoPath(env, root, baselinePath), read.ref!) : undefined) }
          : { path: baselinePath, read: () => readWorkingTreeFile(root, baselinePath) },
        warn,
      )
    : {}
  if (baseline.note) notes.push(baseline.note)

  // 2. The change.
  let changes: ChangedFile[] | undefined
  const viaGit = async (): Promise<ChangedFile[] | undefined> => {
    if (!(await haveCommit(ev.baseSha))) return undefined
    const head = (await haveCommit(ev.headSha)) ? ev.headSha! : 'HEAD'
    return changedFiles(root, ev.baseSha!, head)
  }
  if (ev.changeSource === 'pull-request' && ev.pullNumber) {
    try {
      if (!gh) throw new Error('no token')
      const list = await listPullRequestFiles(gh, ev.owner, ev.repo, ev.pullNumber)
      // API paths are repository-relative; git's (diff --relative) are already relative to the working directory.
      changes = rebase(list.files, env, root)
      if (list.files.length === 0) {
        // A pull request always changes something; an empty list (e.g. a 409 the paginator turns into an
        // empty page) must not mean "nothing to check".
        const g = await viaGit()
        changes = g
        notes.push(`GitHub listed no files for pull request #${ev.pullNumber}: ${g ? 'the change list came from `git diff`' : 'every model unit is checked'}.`)
      } else if (list.capped) {
        const g = await viaGit()
        if (g) {
          changes = g
          notes.push(`GitHub lists at most ${PR_FILES_CAP} files of a pull request: the change list came from \`git diff\` instead.`)
        } else {
          // An incomplete list must not let a unit slip through: check every unit instead (fail closed).
          changes = undefined
          notes.push(`GitHub lists at most ${PR_FILES_CAP} files of a pull request and the base commit is not fetched (use \`fetch-depth: 0\`): every model unit is checked.`)
        }
      }
    } catch (err) {
      changes = await viaGit()
      notes.push(`Could not list the pull request's files (${describeApiError(err)}); ${changes ? 'used `git diff`' : 'checked every model unit'}.`)
    }
  } else if (ev.changeSource === 'compare' && ev.baseSha && ev.headSha) {
    changes = await viaGit()
    if (!changes && gh) {
      try {
        const list = await compareFiles(gh, ev.owner, ev.repo, ev.baseSha, ev.headSha)
        if (list.capped) {
          // The compare API lists at most 300 files: an incomplete list must not let a unit slip through.
          notes.push(`GitHub's compare lists at most ${COMPARE_FILES_CAP} files and the base commit is not fetched (use \`fetch-depth: 0\`): every model unit is checked.`)
        } else {
          changes = rebase(list.files, env, root)
        }
      } catch (err) {
        notes.push(`Could not compare ${ev.baseSha.slice(0, 7)}...${ev.headSha.slice(0, 7)} (${describeApiError(err)}); every model unit is checked.`)
      }
    }
  } else if (!inputs.checkAll) {
    notes.push(`Event \`${ev.name}\` has no base to compare with: every model unit is checked.`)
  }

  // 3. Files at the base (regressions, freshness).
  let base: BaseView | undefined
  if (ev.baseSha) {
    if (await haveCommit(ev.baseSha)) base = new GitBaseView(root, ev.baseSha)
    else if (gh) base = prefixed(new ApiBaseView(gh, ev.owner, ev.repo, ev.baseSha), env, root)
  }

  // 4. Reviews, for guardians (pull requests only; one list, team memberships on demand).
  let reviews: Review[] | undefined
  let teamMember: ((team: string, user: string) => Promise<boolean | undefined>) | undefined
  if (policy.policy.guardians.length > 0 && ev.pullNumber) {
    if (gh) {
      try {
        reviews = await listReviews(gh, ev.owner, ev.repo, ev.pullNumber)
      } catch (err) {
        notes.push(`Could not read the pull request's reviews (${describeApiError(err)}): guardian approvals cannot be verified.`)
      }
      teamMember = teamMembership(gh, warn)
    } else {
      notes.push('No token: the pull request\'s reviews cannot be read, so guardian approvals cannot be verified.')
    }
  }

  const run: RunFacts = {
    event: ev.name,
    baseSha: ev.baseSha,
    headSha: ev.headSha,
    changes,
    policyPath,
    pullRequest: ev.pullNumber && ev.baseSha && ev.headSha ? { number: ev.pullNumber, author: ev.author, baseSha: ev.baseSha, headSha: ev.headSha } : undefined,
    reviews,
    teamMember,
    now: startedAt,
  }
  // The result cache across runs (`cache-dir`): unchanged blobs are not read again.
  // Loaded only when a cache is asked for (cold start).
  const cache = inputs.cacheDir
    ? await (await import('../adapters/fs/result-cache.js')).openResultCache(nodePath.resolve(env.workspace, inputs.cacheDir), { repoRoots: [env.workspace, root], toolVersion: TOOL.version })
    : undefined
  if (cache?.problem) warn(`modelgate: ${cache.problem}`)
  run.cache = cache?.cache
  const files = new WorkspaceView(root, tunedLister(git ? () => listRepositoryFiles(root) : () => new WorkspaceView(root).list()), run.cache ? { results: run.cache, blobs: git ? () => unchangedBlobs(root) : undefined } : undefined)
  // Independent file scans on worker threads (input jobs, else MODELGATE_JOBS, else one per CPU).
  const scanner = createScanner({ root, files, jobs: resolveJobs(inputs.jobs, {}) })
  const result = await runGate({
    ruleSet,
    policy: policy.policy,
    files,
    base,
    run: scanner ? { ...run, scanner } : run,
    all: inputs.checkAll || changes === undefined,
    failOn: inputs.failOn,
    tool: TOOL,
    notes,
    baseline: baseline.baseline,
    shard: part.shard,
    merged: part.merged,
  }).finally(() => scanner?.close())
  return { kind: 'ok', result, policy: policy.policy, run, files, startedAt }
}
