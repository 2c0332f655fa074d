/**
 * What every mode of the action shares: the runner's environment, paths inside the workspace, outputs,
 * and writing a report file without letting a failure change the verdict.
 */
import * as core from '@actions/core'
import * as nodePath from 'node:path'
import { describeApiError } from '../adapters/github/client.js'
import type { ChangedFile } from '../core/changes.js'
import type { BaseView } from '../core/files.js'
import type { Finding } from '../core/findings.js'
import { planMessage } from '../reporters/check-run.js'
import { md } from '../reporters/escape.js'
import type { Publisher } from './publish.js'

export interface Env {
  workspace: string
  eventName: string
  eventPath?: string
  repository: string
  sha?: string
  apiUrl: string
  serverUrl: string
  runUrl?: string
}

export function readEnv(): Env {
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

export const warn = (m: string) => core.warning(m)
export const info = (m: string) => core.info(m)

export function setOutputs(conclusion: string, findings: Finding[], s: { errors: number; warnings: number }, models: string[]): void {
  core.setOutput('conclusion', conclusion)
  core.setOutput('findings', findings.filter((f) => !f.waived && !f.baselined).length)
  core.setOutput('errors', s.errors)
  core.setOutput('warnings', s.warnings)
  core.setOutput('models', JSON.stringify(models))
}

/** The working directory's path inside the repository ('' at the root). */
export function subdir(env: Env, root: string): string {
  const rel = nodePath.relative(nodePath.resolve(env.workspace), root).split(nodePath.sep).join('/')
  return rel === '' || rel === '.' ? '' : rel
}

export function repoPath(env: Env, root: string, p: string): string {
  const sub = subdir(env, root)
  return sub ? `${sub}/${p}` : p
}

export function rebase(changes: ChangedFile[], env: Env, root: string): ChangedFile[] {
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

export function prefixed(view: BaseView, env: Env, root: string): BaseView {
  const sub = subdir(env, root)
  return sub ? { ref: view.ref, readText: (p) => view.readText(`${sub}/${p}`) } : view
}

/** Output files go inside the workspace (or the runner's temp directory), never through a symbolic link. */
export function outputRoots(env: Env): { roots: string[]; untrusted: string } {
  return { roots: [env.workspace, ...(process.env.RUNNER_TEMP ? [process.env.RUNNER_TEMP] : [])], untrusted: env.workspace }
}

/** Writes one output; a failure is a warning and never changes the verdict. */
export async function report(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f()
  } catch (err) {
    core.warning(`modelgate: could not write the ${what} (${describeApiError(err)}); the verdict is unchanged`)
  }
}

/**
 * Fails the run closed (exit 2) before any verdict: a job summary naming the problem, failure outputs, and the
 * check run finished as a failure with that summary. Returns the summary.
 */
export async function failClosed(publisher: Publisher | undefined, o: { checkName: string; step: string; headline: string; title: string; problem: string }): Promise<string> {
  const text = `## ${md(o.checkName)}\n\n❌ **${o.headline}**: ${md(o.problem)}\n\nThe gate fails closed.\n`
  setOutputs('failure', [], { errors: 1, warnings: 0 }, [])
  core.setFailed(`modelgate: ${o.step}: ${o.problem}`)
  process.exitCode = 2
  await publisher?.finish(planMessage('failure', o.title, text))
  return text
}
