/** The job summary: what each mode writes to the run's page (GitHub's limit is 1 MiB). */
import * as core from '@actions/core'
import { SUPPORTED_EVENTS } from '../adapters/github/event.js'
import type { Finding } from '../core/findings.js'
import { formatProblem, type PolicyProblem } from '../core/policy/load.js'
import { hiddenNote, selectAnnotations } from '../reporters/annotations.js'
import { code } from '../reporters/escape.js'
import { utf8Bytes } from '../reporters/markdown.js'

/** GitHub rejects job summaries over 1 MiB (bytes); stay well under. */
export const SUMMARY_MAX_BYTES = 900_000

export function summaryFooter(findings: Finding[], workflowAnnotations: boolean, omitted: number, checkRunUrl: string | undefined): string[] {
  const out: string[] = []
  if (workflowAnnotations) {
    const note = hiddenNote(selectAnnotations(findings).hidden)
    if (note) out.push(`_${note}_`)
  } else {
    const n = findings.filter((f) => !f.waived).length - omitted
    if (n > 0) out.push(`_${n} finding(s) are annotated on the diff by the check run${checkRunUrl ? ` ([details](${checkRunUrl}))` : ''}${omitted ? `; ${omitted} more are in the report only` : ''}._`)
  }
  return out
}

export function unsupportedSummary(event: string): string {
  return [
    '## modelgate',
    '',
    `⚪ **Not evaluated**: modelgate does not know how to check the ${code(event)} event, so the conclusion is neutral.`,
    '',
    `Supported events: ${SUPPORTED_EVENTS.map(code).join(', ')}. To post a report from another run (\`workflow_run\`), set the \`post-report\` input.`,
    '',
  ].join('\n')
}

export function policyErrorSummary(problems: PolicyProblem[]): string {
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

export async function writeSummary(markdown: string): Promise<void> {
  if (!markdown || !process.env.GITHUB_STEP_SUMMARY) return
  try {
    const text = utf8Bytes(markdown) > SUMMARY_MAX_BYTES ? Buffer.from(markdown, 'utf8').subarray(0, SUMMARY_MAX_BYTES).toString('utf8').replace(/\uFFFD$/, '') + '\n\n_(summary truncated)_\n' : markdown
    await core.summary.addRaw(text).write()
  } catch (err) {
    core.warning(`modelgate: could not write the job summary (${(err as Error).message})`)
  }
}
