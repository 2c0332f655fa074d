/**
 * The GitHub Action: mode dispatch. Each part a reader can hold on its own:
 *
 * - `evaluate.ts`: inputs → event → policy (from the base commit on pull requests) → changed files →
 *   reviews (when guardians are configured) → gate;
 * - `deliver.ts`: verdict → outputs → reporters (check run with every annotation, sticky comment, JSON,
 *   SARIF, audit record); `summary.ts`: the job summary; `publish.ts`: the check run and comment calls;
 * - `post-report.ts`: `post-report`, posting a report file written by another run (docs/github.md);
 * - `merge.ts`: `mode: merge`, combining the partial reports of a sharded run (docs/sharding.md).
 *
 * The check run is created `in_progress` first; the verdict is decided before any reporting, and a reporting
 * failure never changes it or the exit status. A shard (`shard: i/n`) posts no check run and no comment.
 */
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { createClient } from '../adapters/github/client.js'
import { eventContext, SUPPORTED_EVENTS } from '../adapters/github/event.js'
import { planMessage } from '../reporters/check-run.js'
import { md } from '../reporters/escape.js'
import { failClosed, info, readEnv, setOutputs, warn } from './context.js'
import { deliverPolicyError, deliverResult } from './deliver.js'
import { gate } from './evaluate.js'
import { readInputs } from './inputs.js'
import { mergedRunProblem, readShards } from './merge.js'
import { postReport } from './post-report.js'
import { Publisher } from './publish.js'
import { unsupportedSummary, writeSummary } from './summary.js'

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
    const gh = inputs.token ? await createClient({ token: inputs.token, baseUrl: env.apiUrl, log: warn, debug: info, timeoutMs }) : undefined

    if (inputs.postReport) {
      summary = await postReport(env, inputs, payload, ev, root, gh)
      return
    }

    // A shard writes its part; the merge job (or an unsharded run) posts the check run and the comment.
    publisher = inputs.shard
      ? undefined
      : Publisher.forRun({ gh, owner: ev.owner, repo: ev.repo, headSha: ev.headSha, pullNumber: ev.pullNumber, fork: ev.fork, detailsUrl: env.runUrl }, inputs, { warn, info })

    if (!ev.supported) {
      summary = unsupportedSummary(ev.name)
      core.warning(`modelgate: the \`${ev.name}\` event is not supported (supported: ${SUPPORTED_EVENTS.join(', ')}); nothing was checked and the conclusion is neutral`)
      setOutputs('neutral', [], { errors: 0, warnings: 0 }, [])
      // No check run: GITHUB_SHA of such an event is usually the default branch's head, and a neutral check
      // there would satisfy a required check (and could replace an earlier failure on that commit).
      return
    }

    if (publisher) {
      await publisher.start()
      stopHandler = onStop(publisher)
    }
    const delivery = { env, ev, inputs, root, publisher }
    const failMerge = async (problem: string) => {
      summary = await failClosed(publisher, { checkName: inputs.checkName, step: 'merge', headline: 'The shard reports could not be merged', title: 'The shard reports could not be merged', problem })
    }

    const shards = inputs.mode === 'merge' ? await readShards(env, ev, inputs.reports) : undefined
    if (shards && !shards.ok) return await failMerge(shards.problem)
    const outcome = await gate(env, ev, inputs, root, gh, { shard: inputs.shard, merged: shards?.merged })
    if (outcome.kind === 'policy-error') {
      summary = await deliverPolicyError(delivery, outcome)
      return
    }
    const notes: string[] = []
    if (shards) {
      const problem = mergedRunProblem(shards, outcome)
      if (problem) return await failMerge(problem)
      notes.push(`Merged from ${shards.reports.length} shard reports (${shards.reports.map((r) => r.name).join(', ')}).`)
    }
    if (inputs.shard) {
      notes.push(`Shard ${inputs.shard.index}/${inputs.shard.count}: this is its part of the run only; the merge job (\`mode: merge\`) posts the verdict, the check run and the comment.`)
    }
    summary = await deliverResult({ ...delivery, notes }, outcome)
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
