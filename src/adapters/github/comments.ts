/**
 * The sticky pull request comment through the REST API. Ours is the comment whose body starts with the
 * marker AND whose author is the token's identity (`github-actions[bot]` for the default token): anyone
 * can paste the marker into a comment of their own, and that one is never touched. Calls: the comment
 * list (pages of 100) and at most one write (none when the body is unchanged, or a second, minimal one
 * when GitHub refuses the first as too long). Needs `pull-requests: write` (or `issues: write`).
 */
import { hasMarker } from '../../reporters/comment.js'
import { statusOf, type GitHubClient } from './client.js'

export interface StickyTarget {
  owner: string
  repo: string
  issue: number
  marker: string
  /** The login whose comments count as ours. */
  author: string
}

export interface FoundComment {
  id: number
  body: string
  url?: string
}

export interface StickyResult {
  action: 'created' | 'updated' | 'unchanged' | 'skipped'
  id?: number
  url?: string
  /** True when the minimal fallback body was posted. */
  fallback?: boolean
  /** Comments carrying the marker that were not ours (ignored). */
  foreign: number
}

export async function findStickyComment(gh: GitHubClient, t: StickyTarget): Promise<{ comment?: FoundComment; foreign: number }> {
  const author = t.author.toLowerCase()
  let foreign = 0
  let comment: FoundComment | undefined
  for await (const page of gh.paginate.iterator(gh.rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.issue, per_page: 100 })) {
    for (const c of page.data) {
      if (!hasMarker(c.body, t.marker)) continue
      if ((c.user?.login ?? '').toLowerCase() !== author) {
        foreign++
        continue
      }
      // The oldest of ours wins; we never create a second one.
      comment ??= { id: c.id, body: c.body ?? '', url: c.html_url }
    }
  }
  return { comment, foreign }
}

export interface UpsertInput extends StickyTarget {
  /** Renders the body (the existing comment, if any, is passed for `on-findings` decisions). */
  body: string
  /** A minimal body for when GitHub refuses `body` (422: too long). */
  fallback: string
  /** Whether to write at all, given whether our comment exists. */
  write: (existing: boolean) => boolean
}

export async function upsertStickyComment(gh: GitHubClient, i: UpsertInput): Promise<StickyResult> {
  const { comment, foreign } = await findStickyComment(gh, i)
  if (!i.write(comment !== undefined)) return { action: 'skipped', foreign }
  if (comment && comment.body === i.body) return { action: 'unchanged', id: comment.id, url: comment.url, foreign }
  const send = async (body: string) => {
    if (comment) {
      const res = await gh.rest.issues.updateComment({ owner: i.owner, repo: i.repo, comment_id: comment.id, body })
      return { action: 'updated' as const, id: res.data.id, url: res.data.html_url }
    }
    const res = await gh.rest.issues.createComment({ owner: i.owner, repo: i.repo, issue_number: i.issue, body })
    return { action: 'created' as const, id: res.data.id, url: res.data.html_url }
  }
  try {
    return { ...(await send(i.body)), foreign }
  } catch (err) {
    if (statusOf(err) !== 422 || i.fallback === i.body) throw err
    return { ...(await send(i.fallback)), fallback: true, foreign }
  }
}
