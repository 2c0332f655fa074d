/**
 * Posting a verdict to GitHub: the check run (created at the start, completed with every annotation) and
 * the sticky pull request comment. Every failure here is caught and reported as a warning that says what
 * is missing; nothing here can change the verdict or the exit status. When the check run cannot be
 * written (a read-only token on a fork pull request), the caller falls back to workflow-command
 * annotations and the job summary.
 */
import { describeApiError, isPermissionError, type GitHubClient } from '../adapters/github/client.js'
import { CheckPermissionError, FULL_SHA, publishCheckRun, startCheckRun, type CheckTarget } from '../adapters/github/checks.js'
import { upsertStickyComment, type StickyResult } from '../adapters/github/comments.js'
import type { CheckRunPlan } from '../reporters/check-run.js'
import { commentMarker, type CommentMode } from '../reporters/comment.js'

export interface PublisherOptions {
  gh?: GitHubClient
  owner: string
  repo: string
  /** The commit the check belongs to. */
  headSha?: string
  /** The pull request to comment on. */
  pullNumber?: number
  /** The pull request comes from a fork (its token is read-only). */
  fork?: boolean
  checkName: string
  comment: CommentMode
  commentAuthor: string
  detailsUrl?: string
  warn: (msg: string) => void
  info: (msg: string) => void
}

export type CheckState = 'none' | 'started' | 'completed' | 'forbidden' | 'failed'

const DOCS = 'docs/github.md'

/** What the action's inputs say about publishing (check name, comment mode and author), for `Publisher`. */
export interface PublishInputs {
  checkName: string
  comment: CommentMode
  commentAuthor: string
}

export class Publisher {
  checkState: CheckState = 'none'
  checkRunId?: number
  checkRunUrl?: string
  /** Annotations GitHub accepted on the check run. */
  annotated = 0
  commentResult?: StickyResult

  constructor(private readonly o: PublisherOptions) {}

  /** The run's publisher for a check on `target`, with the action's publishing inputs and its logging. */
  static forRun(
    target: Pick<PublisherOptions, 'gh' | 'owner' | 'repo' | 'headSha' | 'pullNumber' | 'fork' | 'detailsUrl'>,
    inputs: PublishInputs,
    log: Pick<PublisherOptions, 'warn' | 'info'>,
  ): Publisher {
    return new Publisher({ ...target, checkName: inputs.checkName, comment: inputs.comment, commentAuthor: inputs.commentAuthor, ...log })
  }

  private get target(): CheckTarget | undefined {
    const { gh, headSha } = this.o
    if (!gh || !headSha || !FULL_SHA.test(headSha) || !this.o.owner || !this.o.repo) return undefined
    return { owner: this.o.owner, repo: this.o.repo, name: this.o.checkName, headSha, detailsUrl: this.o.detailsUrl }
  }

  /** Why no check run can be posted at all (no token, no commit), or undefined. */
  unavailableReason(): string | undefined {
    if (!this.o.gh) return 'no token was given'
    if (!this.o.headSha || !FULL_SHA.test(this.o.headSha)) return 'the event names no commit to attach it to'
    if (!this.o.owner || !this.o.repo) return 'GITHUB_REPOSITORY is not set'
    return undefined
  }

  private forkHint(): string {
    return this.o.fork
      ? ' This pull request comes from a fork: GitHub gives its workflow a read-only token whatever `permissions` says.'
      : ' On pull requests from forks GitHub gives a read-only token whatever `permissions` says.'
  }

  private permissionWarning(what: string, permission: string, err: unknown, fallback: string): void {
    this.o.warn(
      `modelgate: could not ${what} (${describeApiError(err)}): the token lacks \`${permission}\`. Add \`permissions: ${permission}\` to the job.${this.forkHint()} For fork pull requests use the two-workflow pattern (\`post-report\`, see ${DOCS}). ${fallback} The verdict is unchanged.`,
    )
  }

  /** Creates the check run `in_progress`. Never throws. */
  async start(): Promise<void> {
    const t = this.target
    if (!t) return
    try {
      const r = await startCheckRun(this.o.gh!, t)
      this.checkRunId = r.id
      this.checkRunUrl = r.url
      this.checkState = 'started'
    } catch (err) {
      if (err instanceof CheckPermissionError) {
        this.checkState = 'forbidden'
        this.permissionWarning('create the check run', 'checks: write', err.cause, 'Findings are shown as workflow annotations (the first 10 per level) and in the job summary instead.')
      } else {
        // It will be created at the end instead.
        this.o.info(`modelgate: could not create the check run at the start (${describeApiError(err)}); will try again at the end`)
      }
    }
  }

  /**
   * Completes (or creates and completes) the check run with the plan. Returns true when GitHub holds the
   * conclusion and every planned annotation. Never throws.
   */
  async finish(plan: CheckRunPlan): Promise<boolean> {
    const t = this.target
    if (!t || this.checkState === 'forbidden') return false
    try {
      const r = await publishCheckRun(this.o.gh!, t, plan, this.checkRunId)
      this.checkRunId = r.id
      this.checkRunUrl = r.url ?? this.checkRunUrl
      this.annotated = r.annotated
      this.checkState = r.completed ? 'completed' : 'failed'
      for (const p of r.problems) this.o.warn(`modelgate: check run: ${p}; the verdict is unchanged`)
      const all = plan.batches.reduce((n, b) => n + b.length, 0)
      if (r.completed) this.o.info(`modelgate: check run "${t.name}" completed (${plan.conclusion}) with ${r.annotated} annotation(s)${this.checkRunUrl ? `: ${this.checkRunUrl}` : ''}`)
      return r.completed && r.annotated === all
    } catch (err) {
      this.checkState = err instanceof CheckPermissionError ? 'forbidden' : 'failed'
      if (err instanceof CheckPermissionError) {
        this.permissionWarning('write the check run', 'checks: write', err.cause, 'Findings are shown as workflow annotations (the first 10 per level) and in the job summary instead.')
      } else {
        this.o.warn(`modelgate: could not write the check run (${describeApiError(err)}); findings are shown as workflow annotations and in the job summary. The verdict is unchanged.`)
      }
      return false
    }
  }

  /**
   * Creates or updates the sticky comment. `hasFindings` decides `on-findings`; an existing comment is
   * always updated (a clean rerun says so). Never throws.
   */
  async comment(body: string, fallback: string, hasFindings: boolean): Promise<void> {
    const { gh, pullNumber } = this.o
    if (this.o.comment === 'never' || !pullNumber) return
    if (!gh) {
      this.o.info('modelgate: no token: no pull request comment')
      return
    }
    const mode = this.o.comment
    try {
      const r = await upsertStickyComment(gh, {
        owner: this.o.owner,
        repo: this.o.repo,
        issue: pullNumber,
        marker: commentMarker(this.o.checkName),
        author: this.o.commentAuthor,
        body,
        fallback,
        write: (existing) => mode === 'always' || existing || hasFindings,
      })
      this.commentResult = r
      if (r.foreign) this.o.info(`modelgate: ignored ${r.foreign} comment(s) carrying the modelgate marker that were not written by ${this.o.commentAuthor}`)
      if (r.action !== 'skipped') this.o.info(`modelgate: pull request comment ${r.action}${r.fallback ? ' (minimal version: the full one is too long)' : ''}${r.url ? `: ${r.url}` : ''}`)
    } catch (err) {
      if (isPermissionError(err)) {
        this.permissionWarning('write the pull request comment', 'pull-requests: write', err, 'The findings are in the job summary.')
      } else {
        this.o.warn(`modelgate: could not write the pull request comment (${describeApiError(err)}); the findings are in the job summary. The verdict is unchanged.`)
      }
    }
  }
}
