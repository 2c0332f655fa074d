/**
 * The GitHub Action: inputs → event → check run `in_progress` → policy (from the base commit on pull
 * requests) → changed files → reviews (when guardians are configured) → gate → verdict → outputs →
 * reporters (check run with every annotation, sticky comment, JSON/SARIF, job summary). The verdict is
 * decided before any reporting, and a reporting failure never changes it or the exit status.
 *
 * With `post-report`, the action evaluates nothing: it posts the check run and comment of a report file
 * written by another run (the fork-safe `workflow_run` pattern, see docs/github.md).
 */
import * as core from '@actions/core'
import { readFile, stat } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { WorkspaceView } from '../adapters/fs/workspace.js'
import { resolveJobs } from '../adapters/workers/jobs.js'
import { createScanner } from '../adapters/workers/pool.js'
import { GitBaseView, changedFiles, isGitRepo, listRepositoryFiles, revParse, showFile } from '../adapters/git/git.js'
import { FULL_SHA } from '../adapters/github/checks.js'
import { createClient, describeApiError, statusOf, type GitHubClient } from '../adapters/github/client.js'
import { eventContext, SUPPORTED_EVENTS, workflowRunTarget, type EventContext } from '../adapters/github/event.js'
import { ApiBaseView, COMPARE_FILES_CAP, compareFiles, getFileText, listPullRequestFiles, PR_FILES_CAP } from '../adapters/github/repo.js'
import { listReviews, teamMembership } from '../adapters/github/reviews.js'
import { BasePolicyUnreadable, resolvePolicyText, readBasePolicyGit, readWorkingTreeFile, readWorkingTreePolicy, type PolicyRead } from '../app/policy.js'
import { writeOutputFile } from '../app/output.js'
import type { ChangedFile } from '../core/changes.js'
import { buildAuditRecord } from '../core/audit.js'
import type { BaseView, FileView } from '../core/files.js'
import type { Finding } from '../core/findings.js'
import { runGate, type GateResult } from '../core/gate.js'
import { formatProblem, type PolicyProblem } from '../core/policy/load.js'
import type { GateReport } from '../core/report.js'
import type { ResolvedPolicy } from '../core/policy/resolve.js'
import type { Review, RunFacts } from '../core/rule.js'
import { ruleSet } from '../rules/index.js'
import { hiddenNote, selectAnnotations } from '../reporters/annotations.js'
import { planCheckRun, planMessage, type CheckAnnotation, truncateBytes, CHECK_SUMMARY_MAX_BYTES } from '../reporters/check-run.js'
import { countsAsFindings, renderComment, renderCommentFallback, renderCommentMessage, reproduceCommand } from '../reporters/comment.js'
import { code, md, mdNote } from '../reporters/escape.js'
import { renderJson } from '../reporters/json.js'
import { renderMarkdown, utf8Bytes } from '../reporters/markdown.js'
import { renderSarif } from '../reporters/sarif.js'
import { TOOL } from '../version.js'
import { readActionBaseline } from './baseline.js'
import { readInputs, type ActionInputs } from './inputs.js'
import { Publisher } from './publish.js'
import { parseReportText, REPORT_MAX_BYTES } from './report-file.js'

/** GitHub rejects job summaries over 1 MiB (bytes); stay well under. */
export const SUMMARY_MAX_BYTES = 900_000

interface Env {
  workspace: string
  eventName: string
  eventPath?: string
  repository: string
  sha?: string
  apiUrl: string
  serverUrl: string
  runUrl?: string
}

function readEnv(): Env {
  const e = process.env
  const serverUrl = (e.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  return {
    workspace: e.GITHUB_WORKSPACE || process.cwd(),
    eventName: e.GITHUB_EVENT_NAME || 'workflow_dispatch',
    eventPath: e.GITHUB_EVENT_PATH,
    repository: e.GITHUB_REPOSITORY || '',
    sha: e.GITHUB_SHA,
    apiUrl: e.GITHUB_API_URL || 'https://api.github.com',
    serverUrl,
    runUrl: e.GITHUB_RUN_ID && e.GITHUB_REPOSITORY ? `${serverUrl}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}` : undefined,
  }
}

const warn = (m: string) => core.warning(m)
const info = (m: string) => core.info(m)

export async function run(): Promise<void> {
  let summary = ''
  let publisher: Publisher | undefined
  let stopHandler: ((signal: NodeJS.Signals) => void) | undefined
  try {
    const env = readEnv()
    const inputs = readInputs()
    const payload = env.eventPath ? JSON.parse(await readFile(env.eventPath, 'utf8')) : {}
    const ev = eventContext(env.eventName, payload, env.repository, env.sha)
    const root = nodePath.resolve(env.workspace, inputs.workingDirectory)
    const timeoutMs = Number(process.env.MODELGATE_API_TIMEOUT_SECONDS) > 0 ? Number(process.env.MODELGATE_API_TIMEOUT_SECONDS) * 1000 : undefined
    const gh = inputs.token ? createClient({ token: inputs.token, baseUrl: env.apiUrl, log: warn, debug: info, timeoutMs }) : undefined

    if (inputs.postReport) {
      summary = await postReport(env, inputs, payload, ev, root, gh)
      return
    }

    publisher = new Publisher({
      gh,
      owner: ev.owner,
      repo: ev.repo,
      headSha: ev.headSha,
      pullNumber: ev.pullNumber,
      fork: ev.fork,
      checkName: inputs.checkName,
      comment: inputs.comment,
      commentAuthor: inputs.commentAuthor,
      detailsUrl: env.runUrl,
      warn,
      info,
    })

    if (!ev.supported) {
      summary = unsupportedSummary(ev.name)
      core.warning(`modelgate: the \`${ev.name}\` event is not supported (supported: ${SUPPORTED_EVENTS.join(', ')}); nothing was checked and the conclusion is neutral`)
      setOutputs('neutral', [], { errors: 0, warnings: 0 }, [])
      // No check run: GITHUB_SHA of such an event is usually the default branch's head, and a neutral check
      // there would satisfy a required check (and could replace an earlier failure on that commit).
      return
    }

    await publisher.start()
    stopHandler = onStop(publisher)
    const outcome = await gate(env, ev, inputs, root, gh)
    const prefix = subdir(env, root)

    if (outcome.kind === 'policy-error') {
      summary = policyErrorSummary(outcome.problems)
      setOutputs('failure', [], { errors: outcome.problems.length, warnings: 0 }, [])
      core.setFailed(`modelgate: the policy is invalid (${outcome.problems.length} problem(s)); the gate fails closed`)
      process.exitCode = 2
      const annotations: CheckAnnotation[] = outcome.problems.map((p) => ({
        path: prefix ? `${prefix}/${p.file}` : p.file,
        start_line: Math.max(1, p.line),
        end_line: Math.max(1, p.line),
        annotation_level: 'failure',
        message: p.message.slice(0, 4000),
        title: 'modelgate invalid policy',
      }))
      const delivered = await publisher.finish(planMessage('failure', `Invalid policy: ${outcome.problems.length} problem(s)`, summary, annotations.slice(0, 50)))
      if (!delivered) {
        for (const p of outcome.problems) core.error(p.message, { file: p.file, startLine: p.line, startColumn: p.column, title: 'modelgate invalid policy' })
      }
      const body = renderCommentMessage(summary, { name: inputs.checkName, runUrl: env.runUrl })
      await publisher.comment(body, body, true)
      return
    }

    const { result } = outcome
    // The verdict is final here; everything below only reports it.
    const s = result.report.summary
    setOutputs(result.verdict.conclusion, result.findings, s, result.report.models.map((m) => m.path))
    if (result.verdict.conclusion === 'failure') {
      core.setFailed(`modelgate: gate failed — ${s.errors} error(s), ${s.warnings} warning(s) (fail-on: ${result.verdict.failOn})`)
    } else {
      core.info(`modelgate: ${result.verdict.conclusion} — ${s.errors} error(s), ${s.warnings} warning(s), ${s.notices} notice(s)`)
    }

    const links = ev.headSha && env.repository ? { serverUrl: env.serverUrl, repository: env.repository, sha: ev.headSha, pathPrefix: prefix ? `${prefix}/` : '' } : undefined
    const reproduce = reproduceCommand({
      policyPath: result.report.policy.source === 'built-in' ? inputs.policy : result.report.policy.source,
      baseSha: ev.baseSha,
      headSha: ev.headSha,
      workingDirectory: prefix,
      policyFromBase: Boolean(result.report.policy.ref),
      failOn: inputs.failOn,
    })
    await report('JSON report', async () => {
      const file = nodePath.resolve(root, inputs.report)
      await writeOutputFile(file, renderJson(result.report), outputRoots(env))
      core.setOutput('report-path', file)
    })
    if (inputs.sarif) {
      await report('SARIF report', async () => {
        const file = nodePath.resolve(root, inputs.sarif!)
        await writeOutputFile(file, renderSarif(result.report, ruleSet.rules), outputRoots(env))
        core.setOutput('sarif-path', file)
      })
    }
    if (inputs.audit) {
      await report('audit record', async () => {
        const record = await buildAuditRecord({ result, policy: outcome.policy, run: outcome.run, files: outcome.files, startedAt: outcome.startedAt, finishedAt: new Date() })
        const file = nodePath.resolve(root, inputs.audit!)
        await writeOutputFile(file, JSON.stringify(record, null, 2) + '\n', outputRoots(env))
        core.setOutput('audit-path', file)
      })
    }
    const reportHint = `the JSON report (\`${inputs.report}\`)${inputs.sarif ? ` or the SARIF file (\`${inputs.sarif}\`)` : ''}`
    const plan = planCheckRun(result.report, { maxAnnotations: inputs.maxAnnotations, pathPrefix: prefix, links, runUrl: env.runUrl, reportHint, reproduce, name: inputs.checkName })
    const delivered = await publisher.finish(plan)
    const useWorkflowAnnotations = !delivered
    if (useWorkflowAnnotations) await report('workflow annotations', async () => emitAnnotations(result.findings, prefix))
    summary = renderMarkdown(result.report, {
      maxChars: SUMMARY_MAX_BYTES,
      measure: utf8Bytes,
      title: md(inputs.checkName),
      links,
      reproduce,
      footer: summaryFooter(result, useWorkflowAnnotations, plan.omitted, delivered ? publisher.checkRunUrl : undefined),
    })
    const commentOptions = { name: inputs.checkName, links, runUrl: env.runUrl, reproduce, version: TOOL.version }
    await publisher.comment(renderComment(result.report, commentOptions), renderCommentFallback(result.report, commentOptions), countsAsFindings(result.report))
  } catch (err) {
    // An unexpected failure fails closed.
    const message = err instanceof Error ? err.message : String(err)
    core.setFailed(`modelgate: ${message}`)
    if (err instanceof Error && err.stack) core.debug(err.stack)
    summary ||= `## modelgate\n\n❌ **modelgate could not complete**: ${md(message)}\n`
    process.exitCode = 2
    if (publisher?.checkState === 'started') {
      try {
        await publisher.finish(planMessage('failure', 'modelgate could not complete', summary))
      } catch {
        // Reported by the publisher.
      }
    }
  } finally {
    if (stopHandler) for (const sig of STOP_SIGNALS) process.removeListener(sig, stopHandler)
    await writeSummary(summary)
  }
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const

/**
 * When the runner stops the step (a cancelled run, `timeout-minutes`), the check run created at the start
 * is completed with a failure saying why before the process exits: it is never left `in_progress`.
 */
function onStop(publisher: Publisher): (signal: NodeJS.Signals) => void {
  const handler = (signal: NodeJS.Signals) => {
    for (const sig of STOP_SIGNALS) process.removeListener(sig, handler)
    const why = `modelgate was stopped (${signal}) before it finished: nothing was decided and the gate fails closed`
    core.setFailed(`modelgate: ${why}`)
    const done = publisher.checkState === 'started' ? publisher.finish(planMessage('failure', 'modelgate was stopped before it finished', `## modelgate\n\n❌ **${why}.**\n`)) : Promise.resolve(false)
    void done.finally(() => process.exit(2))
  }
  for (const sig of STOP_SIGNALS) process.once(sig, handler)
  return handler
}

function setOutputs(conclusion: string, findings: Finding[], s: { errors: number; warnings: number }, models: string[]): void {
  core.setOutput('conclusion', conclusion)
  core.setOutput('findings', findings.filter((f) => !f.waived && !f.baselined).length)
  core.setOutput('errors', s.errors)
  core.setOutput('warnings', s.warnings)
  core.setOutput('models', JSON.stringify(models))
}

type GateOutcome =
  | { kind: 'policy-error'; problems: PolicyProblem[] }
  | { kind: 'ok'; result: GateResult; policy: ResolvedPolicy; run: RunFacts; files: FileView; startedAt: Date }

async function gate(env: Env, ev: EventContext, inputs: ActionInputs, root: string, gh: GitHubClient | undefined): Promise<GateOutcome> {
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
  const files = new WorkspaceView(root, git ? () => listRepositoryFiles(root) : undefined)
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
  }).finally(() => scanner?.close())
  return { kind: 'ok', result, policy: policy.policy, run, files, startedAt }
}

/**
 * `post-report`: posts the check run and comment of a report written by another run. The commit and the
 * pull request come from the trusted `workflow_run` event (or this run's event), never from the file; a
 * pull request number given as input is checked against the commit. Returns the job summary.
 */
async function postReport(
  env: Env,
  inputs: ActionInputs,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload: Record<string, any>,
  ev: EventContext,
  root: string,
  gh: GitHubClient | undefined,
): Promise<string> {
  const wr = env.eventName === 'workflow_run' ? workflowRunTarget(payload) : undefined
  const headSha = wr ? wr.headSha : ev.headSha
  const prefix = subdir(env, root)

  let pullNumber: number | undefined
  const trusted = wr ? wr.pullRequests.find((p) => !p.headSha || p.headSha === headSha)?.number : ev.pullNumber
  if (trusted !== undefined) {
    pullNumber = trusted
    if (inputs.pullRequest !== undefined && inputs.pullRequest !== trusted) {
      core.warning(`modelgate: input pull-request ${inputs.pullRequest} differs from the event's pull request #${trusted}; using #${trusted}`)
    }
  } else if (inputs.pullRequest !== undefined && gh && headSha) {
    pullNumber = await verifyPullRequest(gh, ev.owner, ev.repo, inputs.pullRequest, headSha)
  }

  const publisher = new Publisher({
    gh,
    owner: ev.owner,
    repo: ev.repo,
    headSha,
    pullNumber,
    checkName: inputs.checkName,
    comment: inputs.comment,
    commentAuthor: inputs.commentAuthor,
    detailsUrl: env.runUrl,
    warn,
    info,
  })
  const why = publisher.unavailableReason()
  if (why) core.warning(`modelgate: post-report: no check run can be posted: ${why}`)

  const file = nodePath.resolve(env.workspace, inputs.postReport!)
  const read = await readReportFile(file)
  const fail = async (problem: string) => {
    const text = `## ${md(inputs.checkName)}\n\n❌ **The report could not be posted**: ${md(problem)}\n\nThe gate fails closed.\n`
    setOutputs('failure', [], { errors: 1, warnings: 0 }, [])
    core.setFailed(`modelgate: post-report: ${problem}`)
    process.exitCode = 2
    await publisher.finish(planMessage('failure', 'The report could not be read', text))
    return text
  }
  if (!read.ok) return fail(`${inputs.postReport}: ${read.problem}`)
  const rep: GateReport = read.report
  if (rep.run?.headSha && headSha && rep.run.headSha.toLowerCase() !== headSha.toLowerCase()) {
    return fail(`the report is for commit ${rep.run.headSha.slice(0, 12)}, but the triggering run is for ${headSha.slice(0, 12)}`)
  }

  const s = rep.summary
  setOutputs(rep.conclusion, rep.findings, s, rep.models.map((m) => m.path))
  if (rep.conclusion === 'failure') core.setFailed(`modelgate: gate failed — ${s.errors} error(s), ${s.warnings} warning(s) (fail-on: ${rep.failOn})`)
  else core.info(`modelgate: ${rep.conclusion} — ${s.errors} error(s), ${s.warnings} warning(s), ${s.notices} notice(s)`)

  const links = headSha && FULL_SHA.test(headSha) && env.repository ? { serverUrl: env.serverUrl, repository: env.repository, sha: headSha, pathPrefix: prefix ? `${prefix}/` : '' } : undefined
  const reproduce = reproduceCommand({ policyPath: inputs.policy, baseSha: rep.run?.baseSha, headSha, workingDirectory: prefix, policyFromBase: Boolean(rep.policy.ref) })
  const plan = planCheckRun(rep, { maxAnnotations: inputs.maxAnnotations, pathPrefix: prefix, links, runUrl: env.runUrl, reportHint: `the report artifact (\`${inputs.postReport}\`)`, reproduce, name: inputs.checkName })
  if (wr?.fork && rep.conclusion !== 'failure') {
    // A fork's workflow file is the fork author's: its report could say anything. A failure is believed (a fork
    // can only fail itself); a pass is not allowed to satisfy the required check.
    plan.conclusion = 'action_required'
    plan.title = `Not verified: the report came from a fork's workflow (${rep.conclusion === 'success' ? 'it claims the gate passed' : 'it claims neutral'})`
    plan.summary = `> **A maintainer must verify this result.** The report was produced by a workflow run from a fork, whose workflow file the fork controls; modelgate does not let it satisfy the required check. Re-run the gate from a trusted branch, or review the findings below.\n\n${plan.summary}`
    plan.summary = truncateBytes(plan.summary, CHECK_SUMMARY_MAX_BYTES - 64, '\n\n_(truncated)_\n')
    core.warning('modelgate: post-report: the report came from a fork; its result is posted as action_required, not as a pass')
  }
  const delivered = await publisher.finish(plan)
  const options = { name: inputs.checkName, links, runUrl: env.runUrl, reproduce, version: TOOL.version }
  await publisher.comment(renderComment(rep, options), renderCommentFallback(rep, options), countsAsFindings(rep))
  const notes = [`Posted from the report \`${inputs.postReport}\`${pullNumber ? ` to pull request #${pullNumber}` : ''}${headSha ? ` at ${headSha.slice(0, 12)}` : ''}.`]
  if (!delivered && !why) notes.push('The check run could not be written completely (see the warnings).')
  return renderMarkdown(rep, { maxChars: SUMMARY_MAX_BYTES, measure: utf8Bytes, title: md(inputs.checkName), links, reproduce, footer: notes.map((n) => `_${mdNote(n)}_`) })
}

async function readReportFile(file: string): Promise<{ ok: true; report: GateReport } | { ok: false; problem: string }> {
  try {
    const st = await stat(file)
    if (!st.isFile()) return { ok: false, problem: 'not a file' }
    if (st.size > REPORT_MAX_BYTES) return { ok: false, problem: `${st.size} bytes: larger than the ${REPORT_MAX_BYTES}-byte limit` }
    return parseReportText(await readFile(file, 'utf8'))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return { ok: false, problem: code === 'ENOENT' ? 'no such file (did the artifact download?)' : (err as Error).message }
  }
}

/** The pull request number from the input, if its head is the event's commit (else no comment). */
async function verifyPullRequest(gh: GitHubClient, owner: string, repo: string, n: number, headSha: string): Promise<number | undefined> {
  try {
    const res = await gh.rest.pulls.get({ owner, repo, pull_number: n })
    if (res.data.head?.sha?.toLowerCase() === headSha.toLowerCase()) return n
    core.warning(`modelgate: pull request #${n} is at ${String(res.data.head?.sha).slice(0, 12)}, not at the reported commit ${headSha.slice(0, 12)}: no comment is posted`)
  } catch (err) {
    core.warning(`modelgate: could not verify pull request #${n} (${describeApiError(err)}${statusOf(err) === 404 ? ': no such pull request in this repository' : ''}): no comment is posted`)
  }
  return undefined
}

/** The working directory's path inside the repository ('' at the root). */
function subdir(env: Env, root: string): string {
  const rel = nodePath.relative(nodePath.resolve(env.workspace), root).split(nodePath.sep).join('/')
  return rel === '' || rel === '.' ? '' : rel
}

function repoPath(env: Env, root: string, p: string): string {
  const sub = subdir(env, root)
  return sub ? `${sub}/${p}` : p
}

function rebase(changes: ChangedFile[], env: Env, root: string): ChangedFile[] {
  const sub = subdir(env, root)
  if (!sub) return changes
  const strip = (p: string) => (p.startsWith(sub + '/') ? p.slice(sub.length + 1) : undefined)
  return changes.flatMap((c) => {
    const path = strip(c.path)
    if (path === undefined) return []
    const prev = c.previousPath ? strip(c.previousPath) : undefined
    return [{ ...c, path, ...(prev ? { previousPath: prev } : {}) }]
  })
}

function prefixed(view: BaseView, env: Env, root: string): BaseView {
  const sub = subdir(env, root)
  return sub ? { ref: view.ref, readText: (p) => view.readText(`${sub}/${p}`) } : view
}

/** Output files go inside the workspace (or the runner's temp directory), never through a symbolic link. */
function outputRoots(env: Env): { roots: string[]; untrusted: string } {
  return { roots: [env.workspace, ...(process.env.RUNNER_TEMP ? [process.env.RUNNER_TEMP] : [])], untrusted: env.workspace }
}

async function report(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f()
  } catch (err) {
    core.warning(`modelgate: could not write the ${what} (${describeApiError(err)}); the verdict is unchanged`)
  }
}

/** Workflow-command annotations (GitHub shows the first 10 per level): the fallback when no check run. */
function emitAnnotations(findings: Finding[], prefix: string): void {
  const { shown } = selectAnnotations(findings)
  for (const a of shown) {
    const props = { title: a.title, file: prefix ? `${prefix}/${a.file}` : a.file, startLine: a.startLine, endLine: a.endLine, startColumn: a.startColumn }
    if (a.level === 'error') core.error(a.message, props)
    else if (a.level === 'warning') core.warning(a.message, props)
    else core.notice(a.message, props)
  }
}

function summaryFooter(result: GateResult, workflowAnnotations: boolean, omitted: number, checkRunUrl: string | undefined): string[] {
  const out: string[] = []
  if (workflowAnnotations) {
    const note = hiddenNote(selectAnnotations(result.findings).hidden)
    if (note) out.push(`_${note}_`)
  } else {
    const n = result.findings.filter((f) => !f.waived).length - omitted
    if (n > 0) out.push(`_${n} finding(s) are annotated on the diff by the check run${checkRunUrl ? ` ([details](${checkRunUrl}))` : ''}${omitted ? `; ${omitted} more are in the report only` : ''}._`)
  }
  return out
}

function unsupportedSummary(event: string): string {
  return [
    '## modelgate',
    '',
    `⚪ **Not evaluated**: modelgate does not know how to check the ${code(event)} event, so the conclusion is neutral.`,
    '',
    `Supported events: ${SUPPORTED_EVENTS.map(code).join(', ')}. To post a report from another run (\`workflow_run\`), set the \`post-report\` input.`,
    '',
  ].join('\n')
}

function policyErrorSummary(problems: PolicyProblem[]): string {
  return [
    '## modelgate',
    '',
    '❌ **The governance policy is invalid**: nothing was checked and the gate fails closed.',
    '',
    '```',
    ...problems.map(formatProblem).map((l) => l.replace(/```/g, "'''")),
    '```',
    '',
  ].join('\n')
}

async function writeSummary(markdown: string): Promise<void> {
  if (!markdown || !process.env.GITHUB_STEP_SUMMARY) return
  try {
    const text = utf8Bytes(markdown) > SUMMARY_MAX_BYTES ? Buffer.from(markdown, 'utf8').subarray(0, SUMMARY_MAX_BYTES).toString('utf8').replace(/\uFFFD$/, '') + '\n\n_(summary truncated)_\n' : markdown
    await core.summary.addRaw(text).write()
  } catch (err) {
    core.warning(`modelgate: could not write the job summary (${(err as Error).message})`)
  }
}
