/**
 * Check runs through the REST API: created `in_progress` at the start of a run, then completed with the
 * plan's conclusion, title and summary, its annotations sent 50 per request (GitHub appends the
 * annotations of each update). A failed batch does not stop the others, and the run is always completed
 * when the API lets us. Needs `checks: write`.
 */
import type { CheckAnnotation, CheckRunPlan } from '../../reporters/check-run.js'
import { describeApiError, isPermissionError, statusOf, type GitHubClient } from './client.js'

export interface CheckTarget {
  owner: string
  repo: string
  name: string
  /** The commit the check belongs to (a pull request's head, not the merge commit). */
  headSha: string
  detailsUrl?: string
  externalId?: string
}

export const FULL_SHA = /^[0-9a-f]{40}$/i

export class CheckPermissionError extends Error {
  constructor(override readonly cause: unknown) {
    super(describeApiError(cause))
    this.name = 'CheckPermissionError'
  }
}

export interface PublishResult {
  id: number
  url?: string
  /** Annotations GitHub accepted. */
  annotated: number
  /** Problems with individual requests (the run may still be complete). */
  problems: string[]
  /** True when the run ended with the plan's conclusion. */
  completed: boolean
}

/** After this many failed requests in a row, stop sending annotations and only complete the run. */
const MAX_CONSECUTIVE_FAILURES = 2

function base(t: CheckTarget) {
  return { owner: t.owner, repo: t.repo }
}

/** Creates the check run `in_progress`. Throws CheckPermissionError on 401/403. */
export async function startCheckRun(gh: GitHubClient, t: CheckTarget, startedAt = new Date()): Promise<{ id: number; url?: string }> {
  try {
    const res = await gh.rest.checks.create({
      ...base(t),
      name: t.name,
      head_sha: t.headSha,
      status: 'in_progress',
      started_at: startedAt.toISOString(),
      ...(t.detailsUrl ? { details_url: t.detailsUrl } : {}),
      ...(t.externalId ? { external_id: t.externalId } : {}),
      output: { title: 'Evaluating the governance policy…', summary: 'modelgate is checking the model units this change touches.' },
    })
    return { id: res.data.id, url: res.data.html_url ?? undefined }
  } catch (err) {
    if (isPermissionError(err)) throw new CheckPermissionError(err)
    throw err
  }
}

function completion(plan: CheckRunPlan, completedAt: Date) {
  return { status: 'completed' as const, conclusion: plan.conclusion, completed_at: completedAt.toISOString() }
}

function output(plan: CheckRunPlan, annotations?: CheckAnnotation[]) {
  return { title: plan.title, summary: plan.summary, ...(annotations?.length ? { annotations } : {}) }
}

/**
 * Completes a check run with the plan: one update per batch of annotations, the last one completing the
 * run; with no existing run, the first request creates it. Calls: ceil(n/50) (at least 1), plus one
 * completion-only update when the completing request failed. Throws CheckPermissionError when the token
 * may not write checks.
 */
export async function publishCheckRun(gh: GitHubClient, t: CheckTarget, plan: CheckRunPlan, existingId?: number, now: () => Date = () => new Date()): Promise<PublishResult> {
  const batches: (CheckAnnotation[] | undefined)[] = plan.batches.length ? plan.batches : [undefined]
  const problems: string[] = []
  let id = existingId
  let url: string | undefined
  let annotated = 0
  let completed = false
  let failuresInRow = 0
  for (let i = 0; i < batches.length; i++) {
    const last = i === batches.length - 1
    const batch = batches[i]
    if (failuresInRow >= MAX_CONSECUTIVE_FAILURES && !last) {
      problems.push(`skipped annotation batch ${i + 1} of ${batches.length} after repeated failures`)
      continue
    }
    const body = { ...(last ? completion(plan, now()) : {}), output: output(plan, failuresInRow >= MAX_CONSECUTIVE_FAILURES ? undefined : batch) }
    try {
      if (id === undefined) {
        const res = await gh.rest.checks.create({
          ...base(t),
          name: t.name,
          head_sha: t.headSha,
          ...(last ? {} : { status: 'in_progress' as const }),
          ...(t.detailsUrl ? { details_url: t.detailsUrl } : {}),
          ...(t.externalId ? { external_id: t.externalId } : {}),
          ...body,
        })
        id = res.data.id
        url = res.data.html_url ?? undefined
      } else {
        const res = await gh.rest.checks.update({ ...base(t), check_run_id: id, ...body })
        url = res.data.html_url ?? url
      }
      if (body.output.annotations) annotated += body.output.annotations.length
      if (last) completed = true
      failuresInRow = 0
    } catch (err) {
      if (isPermissionError(err)) throw new CheckPermissionError(err)
      failuresInRow++
      problems.push(`${last ? 'completing the check run' : `annotation batch ${i + 1} of ${batches.length}`}: ${describeApiError(err)}`)
      if (id === undefined && i === 0) {
        // GitHub refused the content (422): one plain attempt without annotations, completed. Anything
        // else already went through the retries: give up rather than hold the run.
        if (statusOf(err) !== 422) throw err
        try {
          const res = await gh.rest.checks.create({ ...base(t), name: t.name, head_sha: t.headSha, ...completion(plan, now()), output: output(plan) })
          return { id: res.data.id, url: res.data.html_url ?? undefined, annotated: 0, problems, completed: true }
        } catch (err2) {
          if (isPermissionError(err2)) throw new CheckPermissionError(err2)
          throw err2
        }
      }
    }
  }
  if (!completed && id !== undefined) {
    // The completing request failed (e.g. an annotation GitHub refused): complete without annotations.
    try {
      await gh.rest.checks.update({ ...base(t), check_run_id: id, ...completion(plan, now()), output: output(plan) })
      completed = true
    } catch (err) {
      if (isPermissionError(err)) throw new CheckPermissionError(err)
      problems.push(`completing the check run without annotations: ${describeApiError(err)}`)
    }
  }
  return { id: id!, url, annotated, problems, completed }
}
