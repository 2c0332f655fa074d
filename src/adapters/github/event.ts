/**
 * What the workflow event means for the gate: which commits are base and head, and where the change list
 * comes from. Pure over the event payload.
 */
export interface EventContext {
  name: string
  owner: string
  repo: string
  /** Supported events get base/head; unsupported ones are reported as neutral. */
  supported: boolean
  pullNumber?: number
  baseSha?: string
  headSha?: string
  /** The base branch (pull requests). */
  baseRef?: string
  /** Pull request author login. */
  author?: string
  /** True when the pull request comes from a fork (read-only token). */
  fork?: boolean
  /** The policy must be read from the base commit. */
  policyFromBase: boolean
  /** How to list changed files. */
  changeSource: 'pull-request' | 'compare' | 'none'
}

const ZERO = /^0+$/

/** Events the gate evaluates; anything else ends neutral with a message. */
export const SUPPORTED_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
  'push',
  'merge_group',
  'workflow_dispatch',
  'schedule',
] as const

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Payload = Record<string, any>

export function eventContext(name: string, payload: Payload, repository: string, sha: string | undefined): EventContext {
  const [owner = '', repo = ''] = repository.split('/')
  const base: EventContext = { name, owner, repo, supported: true, policyFromBase: false, changeSource: 'none' }
  switch (name) {
    case 'pull_request':
    case 'pull_request_target':
    case 'pull_request_review':
    case 'pull_request_review_comment': {
      const pr = payload.pull_request ?? {}
      return {
        ...base,
        pullNumber: pr.number ?? payload.number,
        baseSha: pr.base?.sha,
        headSha: pr.head?.sha,
        baseRef: pr.base?.ref,
        author: pr.user?.login,
        // A deleted fork shows as head.repo null: treat it as a fork (its token is read-only too).
        fork: pr.head?.repo === null || Boolean(pr.head?.repo && pr.base?.repo && pr.head.repo.full_name !== pr.base.repo.full_name),
        policyFromBase: true,
        changeSource: 'pull-request',
      }
    }
    case 'push': {
      const before = payload.before as string | undefined
      const after = (payload.after as string | undefined) ?? sha
      const newBranch = !before || ZERO.test(before)
      return { ...base, baseSha: newBranch ? undefined : before, headSha: after, changeSource: newBranch ? 'none' : 'compare' }
    }
    case 'merge_group': {
      const mg = payload.merge_group ?? {}
      return { ...base, baseSha: mg.base_sha, headSha: mg.head_sha ?? sha, policyFromBase: true, changeSource: 'compare' }
    }
    case 'workflow_dispatch':
    case 'schedule':
      return { ...base, headSha: sha, changeSource: 'none' }
    default:
      return { ...base, supported: false, headSha: sha }
  }
}

/**
 * What a `workflow_run` event says about the run that produced a report: the head commit and the pull
 * requests GitHub associates with it (empty for pull requests from forks). Trusted: it comes from GitHub.
 */
export interface WorkflowRunTarget {
  headSha?: string
  event?: string
  /** The run that made the report came from a fork: its result is not trusted to pass a required check. */
  fork: boolean
  pullRequests: { number: number; headSha?: string }[]
}

export function workflowRunTarget(payload: Payload): WorkflowRunTarget | undefined {
  const wr = payload.workflow_run
  if (!wr || typeof wr !== 'object') return undefined
  const prs = Array.isArray(wr.pull_requests) ? wr.pull_requests : []
  return {
    headSha: typeof wr.head_sha === 'string' ? wr.head_sha : undefined,
    event: typeof wr.event === 'string' ? wr.event : undefined,
    // The run that made the report ran code from another repository (a fork): its workflow file, and so
    // its report, are the fork author's.
    fork: Boolean(wr.head_repository?.full_name && payload.repository?.full_name && wr.head_repository.full_name !== payload.repository.full_name),
    pullRequests: prs
      .filter((p: Payload) => p && Number.isInteger(p.number))
      .map((p: Payload) => ({ number: p.number as number, headSha: typeof p.head?.sha === 'string' ? (p.head.sha as string) : undefined })),
  }
}
