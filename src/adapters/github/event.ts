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
        fork: Boolean(pr.head?.repo && pr.base?.repo && pr.head.repo.full_name !== pr.base.repo.full_name),
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
