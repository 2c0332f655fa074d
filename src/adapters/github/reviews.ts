/**
 * Pull request reviews and team membership, for `governance/guardian-approval`. Reading reviews works
 * with the default token (also on forks: it is a read). Team membership needs a token that can read the
 * organization's teams (`members: read` for a GitHub App, `read:org` for a PAT); the default token
 * usually cannot, and then membership is "unknown", never "yes".
 */
import type { Review } from '../../core/rule.js'
import { describeApiError, type GitHubClient } from './client.js'

const STATES = new Set<Review['state']>(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'])

/** Every review of the pull request, in the API's (chronological) order. Calls: pages of 100. */
export async function listReviews(gh: GitHubClient, owner: string, repo: string, pull: number): Promise<Review[]> {
  const out: Review[] = []
  for await (const page of gh.paginate.iterator(gh.rest.pulls.listReviews, { owner, repo, pull_number: pull, per_page: 100 })) {
    for (const r of page.data) {
      const user = r.user?.login
      const state = String(r.state ?? '').toUpperCase() as Review['state']
      if (!user || !STATES.has(state)) continue
      out.push({ user, state, commitId: r.commit_id ?? '', submittedAt: r.submitted_at ?? '' })
    }
  }
  return out
}

/**
 * A memoized membership resolver: true (an active member), false (404 or a pending invitation), or
 * undefined when the token may not read the team (401/403) or the API failed. One call per team and user.
 */
export function teamMembership(gh: GitHubClient, log: (msg: string) => void = () => {}): (team: string, user: string) => Promise<boolean | undefined> {
  const memo = new Map<string, Promise<boolean | undefined>>()
  let warned = false
  return (team, user) => {
    const key = `${team.toLowerCase()}\u0000${user.toLowerCase()}`
    let p = memo.get(key)
    if (!p) {
      p = (async () => {
        const [org, slug] = team.split('/')
        if (!org || !slug) return undefined
        try {
          const res = await gh.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: user })
          return res.data.state === 'active'
        } catch (err) {
          // GitHub answers 404 both for 'not a member' and 'this token cannot see the team' (the default
          // GITHUB_TOKEN cannot read org teams): it cannot be verified either way.
          if (!warned) {
            warned = true
            log(`modelgate: could not read the membership of team ${team} (${describeApiError(err)}); approvals by team members cannot be verified with this token`)
          }
          return undefined
        }
      })()
      memo.set(key, p)
    }
    return p
  }
}
