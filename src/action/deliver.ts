/**
 * Delivering a decided verdict: outputs, the JSON report, SARIF and audit record, the check run with every
 * annotation, the sticky comment and the job summary (returned, written last by main). The verdict is final
 * before anything here runs, and a failure here never changes it. A shard delivers its part only: outputs,
 * its partial report and summary; the merge job posts the check run and comment.
 */
import * as core from '@actions/core'
import * as nodePath from 'node:path'
import type { EventContext } from '../adapters/github/event.js'
import { writeOutputFile } from '../app/output.js'
import { buildAuditRecord } from '../core/audit.js'
import type { Finding } from '../core/findings.js'
import { ruleSet } from '../rules/index.js'
import { selectAnnotations } from '../reporters/annotations.js'
import { planCheckRun, planMessage, type CheckAnnotation } from '../reporters/check-run.js'
import { countsAsFindings, renderComment, renderCommentFallback, renderCommentMessage, reproduceCommand } from '../reporters/comment.js'
import { md, mdNote } from '../reporters/escape.js'
import { batched, renderJsonChunks } from '../reporters/json.js'
import { renderMarkdown, utf8Bytes } from '../reporters/markdown.js'
import { renderSarif } from '../reporters/sarif.js'
import { TOOL } from '../version.js'
import { outputRoots, report, setOutputs, subdir, type Env } from './context.js'
import type { GateOutcome } from './evaluate.js'
import type { ActionInputs } from './inputs.js'
import type { Publisher } from './publish.js'
import { policyErrorSummary, SUMMARY_MAX_BYTES, summaryFooter } from './summary.js'

export interface Delivery {
  env: Env
  ev: EventContext
  inputs: ActionInputs
  root: string
  /** Undefined for a shard: it posts no check run and no comment. */
  publisher?: Publisher
  /** Notes for the job summary's footer (Markdown-escaped here). */
  notes?: string[]
}

/** An invalid policy: the gate fails closed (exit 2), with an annotation per problem. Returns the summary. */
export async function deliverPolicyError(d: Delivery, outcome: Extract<GateOutcome, { kind: 'policy-error' }>): Promise<string> {
  const { inputs, publisher } = d
  const prefix = subdir(d.env, d.root)
  const summary = policyErrorSummary(outcome.problems)
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
  const delivered = publisher ? await publisher.finish(planMessage('failure', `Invalid policy: ${outcome.problems.length} problem(s)`, summary, annotations.slice(0, 50))) : false
  if (!delivered) {
    for (const p of outcome.problems) core.error(p.message, { file: p.file, startLine: p.line, startColumn: p.column, title: 'modelgate invalid policy' })
  }
  if (publisher) {
    const body = renderCommentMessage(summary, { name: inputs.checkName, runUrl: d.env.runUrl })
    await publisher.comment(body, body, true)
  }
  return summary
}

/** A decided verdict: outputs, files, check run, comment. Returns the job summary. */
export async function deliverResult(d: Delivery, outcome: Extract<GateOutcome, { kind: 'ok' }>): Promise<string> {
  const { env, ev, inputs, root, publisher } = d
  const { result } = outcome
  const prefix = subdir(env, root)
  const shard = result.report.shard
  // The verdict is final here; everything below only reports it.
  const s = result.report.summary
  setOutputs(result.verdict.conclusion, result.findings, s, result.report.models.map((m) => m.path))
  const part = shard ? ` (shard ${shard.index}/${shard.count})` : ''
  if (result.verdict.conclusion === 'failure') {
    core.setFailed(`modelgate: gate failed${part} — ${s.errors} error(s), ${s.warnings} warning(s) (fail-on: ${result.verdict.failOn})`)
  } else {
    core.info(`modelgate: ${result.verdict.conclusion}${part} — ${s.errors} error(s), ${s.warnings} warning(s), ${s.notices} notice(s)`)
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
    await writeOutputFile(file, batched(renderJsonChunks(result.report)), outputRoots(env))
    core.setOutput('report-path', file)
  })
  if (shard && (inputs.sarif || inputs.audit)) {
    core.warning(`modelgate: shard ${shard.index}/${shard.count}: ${[inputs.sarif ? 'sarif' : '', inputs.audit ? 'audit' : ''].filter(Boolean).join(' and ')} ${inputs.sarif && inputs.audit ? 'are' : 'is'} written by the merge job (\`mode: merge\`), not by a shard`)
  }
  if (inputs.sarif && !shard) {
    await report('SARIF report', async () => {
      const file = nodePath.resolve(root, inputs.sarif!)
      await writeOutputFile(file, renderSarif(result.report, ruleSet.rules), outputRoots(env))
      core.setOutput('sarif-path', file)
    })
  }
  if (inputs.audit && !shard) {
    await report('audit record', async () => {
      const record = await buildAuditRecord({ result, policy: outcome.policy, run: outcome.run, files: outcome.files, startedAt: outcome.startedAt, finishedAt: new Date() })
      const file = nodePath.resolve(root, inputs.audit!)
      await writeOutputFile(file, JSON.stringify(record, null, 2) + '\n', outputRoots(env))
      core.setOutput('audit-path', file)
    })
  }
  const extra = (d.notes ?? []).map((n) => `_${mdNote(n)}_`)
  if (!publisher) {
    // A shard: its part of the summary; the merge job posts the check run, its annotations and the comment.
    return renderMarkdown(result.report, { maxChars: SUMMARY_MAX_BYTES, measure: utf8Bytes, title: md(inputs.checkName), links, reproduce, footer: extra })
  }
  const reportHint = `the JSON report (\`${inputs.report}\`)${inputs.sarif ? ` or the SARIF file (\`${inputs.sarif}\`)` : ''}`
  const plan = planCheckRun(result.report, { maxAnnotations: inputs.maxAnnotations, pathPrefix: prefix, links, runUrl: env.runUrl, reportHint, reproduce, name: inputs.checkName })
  const delivered = await publisher.finish(plan)
  const useWorkflowAnnotations = !delivered
  if (useWorkflowAnnotations) await report('workflow annotations', async () => emitAnnotations(result.findings, prefix))
  const summary = renderMarkdown(result.report, {
    maxChars: SUMMARY_MAX_BYTES,
    measure: utf8Bytes,
    title: md(inputs.checkName),
    links,
    reproduce,
    footer: [...summaryFooter(result.findings, useWorkflowAnnotations, plan.omitted, delivered ? publisher.checkRunUrl : undefined), ...extra],
  })
  const commentOptions = { name: inputs.checkName, links, runUrl: env.runUrl, reproduce, version: TOOL.version }
  await publisher.comment(renderComment(result.report, commentOptions), renderCommentFallback(result.report, commentOptions), countsAsFindings(result.report))
  return summary
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
