/**
 * The GitHub Action: inputs → event → policy (from the base commit on pull requests) → changed files →
 * gate → verdict → reporters → outputs. The verdict is decided before any reporting, and a reporting
 * failure never changes it.
 */
import * as core from '@actions/core'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { WorkspaceView } from '../adapters/fs/workspace.js'
import { changedFiles, GitBaseView, isGitRepo, revParse, showFile } from '../adapters/git/git.js'
import { createClient, describeApiError, type GitHubClient } from '../adapters/github/client.js'
import { eventContext, type EventContext } from '../adapters/github/event.js'
import { ApiBaseView, compareFiles, getFileText, listPullRequestFiles, PR_FILES_CAP } from '../adapters/github/repo.js'
import { resolvePolicyText, readWorkingTreePolicy, type PolicyRead } from '../app/policy.js'
import type { ChangedFile } from '../core/changes.js'
import type { BaseView } from '../core/files.js'
import { runGate, type GateResult } from '../core/gate.js'
import { formatProblem, type PolicyProblem } from '../core/policy/load.js'
import { ruleSet } from '../rules/index.js'
import { hiddenNote, selectAnnotations } from '../reporters/annotations.js'
import { renderJson } from '../reporters/json.js'
import { renderMarkdown } from '../reporters/markdown.js'
import { renderSarif } from '../reporters/sarif.js'
import { TOOL } from '../version.js'
import { readInputs, type ActionInputs } from './inputs.js'

/** GitHub rejects job summaries over 1 MiB; stay well under. */
export const SUMMARY_MAX_CHARS = 900_000

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
  const serverUrl = e.GITHUB_SERVER_URL || 'https://github.com'
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

export async function run(): Promise<void> {
  let summary = ''
  try {
    const env = readEnv()
    const inputs = readInputs()
    const payload = env.eventPath ? JSON.parse(await readFile(env.eventPath, 'utf8')) : {}
    const ev = eventContext(env.eventName, payload, env.repository, env.sha)
    const root = nodePath.resolve(env.workspace, inputs.workingDirectory)
    const gh = inputs.token ? createClient({ token: inputs.token, baseUrl: env.apiUrl, log: (m) => core.warning(m) }) : undefined
    const outcome = await gate(env, ev, inputs, root, gh)
    if (outcome.kind === 'policy-error') {
      summary = policyErrorSummary(outcome.problems)
      for (const p of outcome.problems) {
        core.error(p.message, { file: p.file, startLine: p.line, startColumn: p.column, title: 'modelgate invalid policy' })
      }
      core.setOutput('conclusion', 'failure')
      core.setOutput('findings', 0)
      core.setOutput('errors', outcome.problems.length)
      core.setOutput('warnings', 0)
      core.setOutput('models', '[]')
      core.setFailed(`modelgate: the policy is invalid (${outcome.problems.length} problem(s)); the gate fails closed`)
      process.exitCode = 2
      return
    }
    const { result } = outcome
    // The verdict is final here; everything below only reports it.
    const failed = result.verdict.conclusion === 'failure'
    summary = renderMarkdown(result.report, {
      maxChars: SUMMARY_MAX_CHARS,
      links: ev.headSha && env.repository ? { serverUrl: env.serverUrl, repository: env.repository, sha: ev.headSha } : undefined,
      footer: annotationFooter(result),
    })
    await report('workflow annotations', async () => emitAnnotations(result))
    await report('JSON report', async () => {
      const file = nodePath.resolve(root, inputs.report)
      await mkdir(nodePath.dirname(file), { recursive: true })
      await writeFile(file, renderJson(result.report))
      core.setOutput('report-path', file)
    })
    if (inputs.sarif) {
      await report('SARIF report', async () => {
        const file = nodePath.resolve(root, inputs.sarif!)
        await mkdir(nodePath.dirname(file), { recursive: true })
        await writeFile(file, renderSarif(result.report, ruleSet.rules))
        core.setOutput('sarif-path', file)
      })
    }
    const s = result.report.summary
    core.setOutput('conclusion', result.verdict.conclusion)
    core.setOutput('findings', result.findings.filter((f) => !f.waived).length)
    core.setOutput('errors', s.errors)
    core.setOutput('warnings', s.warnings)
    core.setOutput('models', JSON.stringify(result.report.models.map((m) => m.path)))
    if (failed) {
      core.setFailed(`modelgate: gate failed — ${s.errors} error(s), ${s.warnings} warning(s) (fail-on: ${result.verdict.failOn})`)
    } else {
      core.info(`modelgate: ${result.verdict.conclusion} — ${s.errors} error(s), ${s.warnings} warning(s), ${s.notices} notice(s)`)
    }
  } catch (err) {
    // An unexpected failure fails closed.
    core.setFailed(`modelgate: ${err instanceof Error ? err.message : String(err)}`)
    if (err instanceof Error && err.stack) core.debug(err.stack)
    summary ||= `## modelgate\n\n❌ **modelgate could not complete**: ${String((err as Error)?.message ?? err)}\n`
    process.exitCode = 2
  } finally {
    await writeSummary(summary)
  }
}

type GateOutcome = { kind: 'policy-error'; problems: PolicyProblem[] } | { kind: 'ok'; result: GateResult }

async function gate(env: Env, ev: EventContext, inputs: ActionInputs, root: string, gh: GitHubClient | undefined): Promise<GateOutcome> {
  const notes: string[] = []
  const git = await isGitRepo(root)
  const haveCommit = async (sha?: string) => Boolean(sha && git && (await revParse(root, sha)))
  if (!ev.supported) notes.push(`Event \`${ev.name}\` is not one modelgate knows how to diff; every model unit is checked.`)

  // 1. Policy: from the base commit on pull requests, else the working tree.
  const policyPath = inputs.policy.replace(/^\.\//, '')
  let read: PolicyRead
  if (ev.policyFromBase && ev.baseSha) {
    if (await haveCommit(ev.baseSha)) {
      read = { path: policyPath, text: await showFile(root, ev.baseSha, policyPath), ref: ev.baseSha, via: 'git' }
    } else if (gh) {
      read = { path: policyPath, text: await getFileText(gh, ev.owner, ev.repo, repoPath(env, root, policyPath), ev.baseSha), ref: ev.baseSha, via: 'contents API' }
    } else {
      throw new Error('the base commit is not fetched and no token was given to read the policy through the API')
    }
  } else {
    read = { path: policyPath, text: await readWorkingTreePolicy(root, policyPath), via: 'working tree' }
  }
  const policy = resolvePolicyText(read, ruleSet, inputs.policyExplicit && !read.ref)
  if (!policy.ok) return { kind: 'policy-error', problems: policy.problems }
  notes.push(...policy.notes)

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
      changes = list.files
      if (list.capped) {
        const g = await viaGit()
        if (g) {
          changes = g
          notes.push(`GitHub lists at most ${PR_FILES_CAP} files of a pull request: the change list came from \`git diff\` instead.`)
        } else {
          notes.push(`GitHub lists at most ${PR_FILES_CAP} files of a pull request and the base commit is not fetched (use \`fetch-depth: 0\`): files past the cap may be missed.`)
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
        changes = (await compareFiles(gh, ev.owner, ev.repo, ev.baseSha, ev.headSha)).files
      } catch (err) {
        notes.push(`Could not compare ${ev.baseSha.slice(0, 7)}...${ev.headSha.slice(0, 7)} (${describeApiError(err)}); every model unit is checked.`)
      }
    }
  } else if (ev.supported && !inputs.checkAll) {
    notes.push(`Event \`${ev.name}\` has no base to compare with: every model unit is checked.`)
  }
  // Paths from the API are repository-relative; make them relative to the working directory.
  if (changes) changes = rebase(changes, env, root)

  // 3. Files at the base (regressions, freshness).
  let base: BaseView | undefined
  if (ev.baseSha) {
    if (await haveCommit(ev.baseSha)) base = new GitBaseView(root, ev.baseSha)
    else if (gh) base = prefixed(new ApiBaseView(gh, ev.owner, ev.repo, ev.baseSha), env, root)
  }

  const result = await runGate({
    ruleSet,
    policy: policy.policy,
    files: new WorkspaceView(root),
    base,
    run: {
      event: ev.name,
      baseSha: ev.baseSha,
      headSha: ev.headSha,
      changes,
      policyPath,
      pullRequest: ev.pullNumber && ev.baseSha && ev.headSha ? { number: ev.pullNumber, author: ev.author, baseSha: ev.baseSha, headSha: ev.headSha } : undefined,
      now: new Date(),
    },
    all: inputs.checkAll || changes === undefined,
    failOn: inputs.failOn,
    tool: TOOL,
    notes,
  })
  return { kind: 'ok', result }
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

async function report(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f()
  } catch (err) {
    core.warning(`modelgate: could not write the ${what} (${describeApiError(err)}); the verdict is unchanged`)
  }
}

function emitAnnotations(result: GateResult): void {
  const { shown } = selectAnnotations(result.findings)
  for (const a of shown) {
    const props = { title: a.title, file: a.file, startLine: a.startLine, endLine: a.endLine, startColumn: a.startColumn }
    if (a.level === 'error') core.error(a.message, props)
    else if (a.level === 'warning') core.warning(a.message, props)
    else core.notice(a.message, props)
  }
}

function annotationFooter(result: GateResult): string[] {
  const note = hiddenNote(selectAnnotations(result.findings).hidden)
  return note ? [`_${note}_`] : []
}

function policyErrorSummary(problems: PolicyProblem[]): string {
  return [
    '## modelgate',
    '',
    '❌ **The governance policy is invalid**: nothing was checked and the gate fails closed.',
    '',
    '```',
    ...problems.map(formatProblem),
    '```',
    '',
  ].join('\n')
}

async function writeSummary(markdown: string): Promise<void> {
  if (!markdown || !process.env.GITHUB_STEP_SUMMARY) return
  try {
    const text = markdown.length > SUMMARY_MAX_CHARS ? markdown.slice(0, SUMMARY_MAX_CHARS) + '\n\n_(summary truncated)_\n' : markdown
    await core.summary.addRaw(text).write()
  } catch (err) {
    core.warning(`modelgate: could not write the job summary (${(err as Error).message})`)
  }
}
