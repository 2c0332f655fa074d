/**
 * `post-report`: posts the check run and comment of a report file written by another run (the fork-safe
 * `workflow_run` pattern, see docs/github.md); evaluates nothing.
 */
import * as core from '@actions/core'
import * as nodePath from 'node:path'
import { FULL_SHA } from '../adapters/github/checks.js'
import { describeApiError, statusOf, type GitHubClient } from '../adapters/github/client.js'
import { workflowRunTarget, type EventContext } from '../adapters/github/event.js'
import type { GateReport } from '../core/report.js'
import { planCheckRun, truncateBytes, CHECK_SUMMARY_MAX_BYTES } from '../reporters/check-run.js'
import { countsAsFindings, renderComment, renderCommentFallback, reproduceCommand } from '../reporters/comment.js'
import { md, mdNote } from '../reporters/escape.js'
import { renderMarkdown, utf8Bytes } from '../reporters/markdown.js'
import { TOOL } from '../version.js'
import { failClosed, info, setOutputs, subdir, warn, type Env } from './context.js'
import type { ActionInputs } from './inputs.js'
import { Publisher } from './publish.js'
import { readReportFile } from './report-file.js'
import { SUMMARY_MAX_BYTES } from './summary.js'

/**
 * `post-report`: posts the check run and comment of a report written by another run. The commit and the
 * pull request come from the trusted `workflow_run` event (or this run's event), never from the file; a
 * pull request number given as input is checked against the commit. Returns the job summary.
 */
export async function postReport(
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

  const publisher = Publisher.forRun({ gh, owner: ev.owner, repo: ev.repo, headSha, pullNumber, detailsUrl: env.runUrl }, inputs, { warn, info })
  const why = publisher.unavailableReason()
  if (why) core.warning(`modelgate: post-report: no check run can be posted: ${why}`)

  const file = nodePath.resolve(env.workspace, inputs.postReport!)
  const read = await readReportFile(file)
  const fail = (problem: string) => failClosed(publisher, { checkName: inputs.checkName, step: 'post-report', headline: 'The report could not be posted', title: 'The report could not be read', problem })
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
