import picomatch from 'picomatch'
import { CARD_NAMES } from '../../core/facts.js'
import { dirname, isWithin, joinPath } from '../../core/files.js'
import type { PositionedGuardian } from '../../core/policy/resolve.js'
import { TIERS, type Tier } from '../../core/policy/schema.js'
import { defineRunRule, type Review, type RunContext } from '../../core/rule.js'
import { isArtifact, unitOf } from '../../core/units.js'
import { parseCard } from '../../formats/card/index.js'

/**
 * What a pull request changes that guardians protect: a model unit (present at the head), model files
 * removed from a unit that no longer exists, or the policy file itself.
 */
interface Target {
  kind: 'unit' | 'removed' | 'policy'
  /** The unit directory, or the policy path. */
  path: string
  /** Where the finding is anchored. */
  anchor: string
  /** Risk tiers the unit has at the head and at the base (both count, so lowering a tier cannot dodge). */
  tiers: Tier[]
  /** Files to match guardian globs against (the unit's files and changed paths). */
  files: string[]
}

/** An approving reviewer's standing. */
interface Approval {
  user: string
  commitId: string
  stale: boolean
}

const DECISIVE = new Set<Review['state']>(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'])

/**
 * The latest decisive review of each reviewer, in submission order: a later CHANGES_REQUESTED or a
 * dismissal cancels an approval; comments neither grant nor cancel one (as on GitHub).
 */
export function latestReviews(reviews: Review[]): Map<string, Review> {
  const latest = new Map<string, Review>()
  const ordered = reviews
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => DECISIVE.has(r.state))
    .sort((a, b) => (a.r.submittedAt < b.r.submittedAt ? -1 : a.r.submittedAt > b.r.submittedAt ? 1 : a.i - b.i))
  for (const { r } of ordered) latest.set(r.user.toLowerCase(), r)
  return latest
}

function tierOfCardText(text: string | undefined, key: string): Tier | undefined {
  if (text === undefined) return undefined
  try {
    const raw = parseCard('card', text).metadata[key]
    const v = raw === undefined || raw === null ? '' : String(raw).trim().toLowerCase()
    return (TIERS as readonly string[]).includes(v) ? (v as Tier) : undefined
  } catch {
    return undefined
  }
}

async function baseTier(ctx: RunContext, dir: string): Promise<Tier | undefined> {
  if (!ctx.base) return undefined
  for (const name of CARD_NAMES) {
    try {
      const text = await ctx.base.readText(joinPath(dir, name))
      if (text !== undefined) return tierOfCardText(text, ctx.policy.tierKey.value)
    } catch {
      return undefined
    }
  }
  return undefined
}

async function targets(ctx: RunContext): Promise<Target[]> {
  const out: Target[] = []
  const changes = ctx.run.changes
  // Units the change touches (every selected unit when there is no change list: fail closed).
  const touched = changes === undefined ? ctx.units.selected : ctx.units.all.filter((u) => u.changes.length > 0)
  for (const u of touched) {
    const tiers = new Set<Tier>()
    try {
      tiers.add((await ctx.factsFor(u).tier()).tier)
    } catch {
      tiers.add(ctx.policy.defaultTier.value)
    }
    const bt = await baseTier(ctx, u.path)
    if (bt) tiers.add(bt)
    const changed = u.changes.find((c) => c.status !== 'removed') ?? u.changes[0]
    const anchor = changed && changed.status !== 'removed' ? changed.path : (u.artifacts[0] ?? u.files[0] ?? u.path)
    out.push({ kind: 'unit', path: u.path, anchor, tiers: [...tiers], files: [...u.files, ...u.changes.map((c) => c.path)] })
  }
  // Model files removed (or renamed away) from a directory that is no longer a unit: the unit was deleted.
  const roots = new Set(ctx.units.all.map((u) => u.path))
  const removed = new Map<string, string[]>()
  for (const c of changes ?? []) {
    const gone = c.status === 'removed' ? c.path : c.status === 'renamed' ? c.previousPath : undefined
    if (!gone || unitOf(gone, roots) !== undefined) continue
    if (!isArtifact(gone, ctx.policy.models.artifactExtensions)) continue
    const dir = dirname(gone)
    removed.set(dir, [...(removed.get(dir) ?? []), gone])
  }
  for (const [dir, files] of removed) {
    // A nested removal belongs to the outermost removed unit already listed, if any.
    if ([...removed.keys()].some((d) => d !== dir && isWithin(dir, d))) continue
    const bt = await baseTier(ctx, dir)
    out.push({ kind: 'removed', path: dir, anchor: files[0]!, tiers: bt ? [bt] : [], files })
  }
  const policyPath = ctx.run.policyPath
  if (changes?.some((c) => c.path === policyPath || c.previousPath === policyPath)) {
    out.push({ kind: 'policy', path: policyPath, anchor: policyPath, tiers: [], files: [policyPath] })
  }
  return out
}

function guards(g: PositionedGuardian, t: Target): boolean {
  if (t.kind === 'policy') return g.policy === true
  const hasSelector = (g.models?.length ?? 0) > 0 || (g.tiers?.length ?? 0) > 0 || g.policy === true
  // An entry that names no models, tiers or policy guards every model unit.
  if (!hasSelector) return true
  if (g.models?.length) {
    // Repository paths use `/` on every platform, as in core/glob.ts.
    const m = picomatch(g.models, { dot: true, windows: false })
    if (m(t.path) || m(t.path + '/') || t.files.some((f) => m(f))) return true
  }
  if (g.tiers?.length && t.tiers.some((tier) => g.tiers!.includes(tier))) return true
  return false
}

function who(g: PositionedGuardian): string {
  const names = [...(g.users ?? []).map((u) => `\`${u}\``), ...(g.teams ?? []).map((t) => `\`${t}\` (team)`)]
  return names.join(', ')
}

function entryRef(g: PositionedGuardian, policyPath: string): string {
  return `guardians entry ${g.index + 1} at ${policyPath}:${g.line}`
}

function describeTarget(t: Target): string {
  if (t.kind === 'policy') return `changing the governance policy \`${t.path}\``
  const tier = t.tiers.length ? ` (tier ${t.tiers.join('/')})` : ''
  if (t.kind === 'removed') return `removing model files from \`${t.path}\`${tier}`
  return `changing model unit \`${t.path}\`${tier}`
}

function shortSha(s: string): string {
  return s.slice(0, 7)
}

export default defineRunRule({
  id: 'governance/guardian-approval',
  category: 'governance',
  defaultSeverity: 'error',
  description: 'A pull request that changes a guarded model (or the policy) has an approving review from one of its guardians.',
  help: `The policy's \`guardians\` name who must approve changes to which model units (by glob or risk tier)
and to the policy file itself. Until one of them approves the pull request's latest commit, this finding
names who may approve.

Each matching \`guardians\` entry is a separate requirement (one approval from any user or team member it
lists). An entry naming no \`models\`, \`tiers\` or \`policy\` guards every model unit. A unit's tier counts at
the head and at the base, so lowering the tier in the same pull request does not remove the requirement.
Reviews are judged as GitHub does: the latest review per reviewer counts, a later \`CHANGES_REQUESTED\` or a
dismissal cancels an approval, and the author's own review never counts. An approval of an earlier commit
counts only with \`allow-stale-approvals: true\`. Team membership is read through the API; when the token
cannot read it, the finding says the approval could not be verified.

The rule applies to pull request events only (\`pull_request\`, \`pull_request_target\`,
\`pull_request_review\`); on other events it reports nothing.

How to fix: ask one of the named guardians for an approving review. Add \`on: pull_request_review\` to the
workflow so the gate re-runs when a review is submitted.`,
  examples: {
    pass: '`guardians: [{tiers: [high], users: [carol]}]` and carol approved the latest commit of a pull request changing a high-tier model',
    fail: 'the same pull request with no approval from carol, or only her approval of an earlier commit',
  },
  async check(ctx) {
    const pr = ctx.run.pullRequest
    const guardians = ctx.policy.guardians
    if (!pr || guardians.length === 0) return
    const policyPath = ctx.policy.source === 'built-in' ? ctx.run.policyPath : ctx.policy.source
    const all = await targets(ctx)
    const required = all.map((t) => ({ t, entries: guardians.filter((g) => guards(g, t)) })).filter((x) => x.entries.length > 0)
    if (required.length === 0) return

    const author = pr.author?.toLowerCase()
    const reviews = ctx.run.reviews
    const latest = reviews ? latestReviews(reviews) : undefined
    const approvals: Approval[] = []
    const changesRequested: string[] = []
    for (const r of latest?.values() ?? []) {
      if (author && r.user.toLowerCase() === author) continue
      if (r.state === 'APPROVED') approvals.push({ user: r.user, commitId: r.commitId, stale: r.commitId !== pr.headSha })
      else if (r.state === 'CHANGES_REQUESTED') changesRequested.push(r.user)
    }
    const membership = new Map<string, Promise<boolean | undefined>>()
    const isMember = (team: string, user: string): Promise<boolean | undefined> => {
      const key = `${team.toLowerCase()} ${user.toLowerCase()}`
      if (!membership.has(key)) {
        const f = ctx.run.teamMember
        membership.set(key, f ? f(team, user).catch(() => undefined) : Promise.resolve(undefined))
      }
      return membership.get(key)!
    }
    /** Whether `user` is one of the entry's guardians: true, false, or undefined (a team could not be read). */
    const isGuardian = async (g: PositionedGuardian, user: string): Promise<boolean | undefined> => {
      if ((g.users ?? []).some((u) => u.toLowerCase() === user.toLowerCase())) return true
      let unknown = false
      for (const team of g.teams ?? []) {
        const m = await isMember(team, user)
        if (m === true) return true
        if (m === undefined) unknown = true
      }
      return unknown ? undefined : false
    }

    for (const { t, entries } of required) {
      for (const g of entries) {
        const where = entryRef(g, policyPath)
        const subject = describeTarget(t)
        if (!(g.users?.length || g.teams?.length)) {
          ctx.report({
            path: t.anchor,
          model: t.kind === 'policy' ? undefined : t.path,
            line: 1,
            message: `${subject} needs a guardian's approval, but ${where} names no \`users\` or \`teams\`: nobody can approve`,
            details: { entry: g.index, target: t.path },
          })
          continue
        }
        if (!latest) {
          ctx.report({
            path: t.anchor,
          model: t.kind === 'policy' ? undefined : t.path,
            line: 1,
            message: `${subject} needs an approving review from one of ${who(g)} (${where}), but the pull request's reviews could not be read, so approval cannot be verified`,
            details: { entry: g.index, target: t.path, reason: 'reviews-unavailable' },
          })
          continue
        }
        const fresh: string[] = []
        const stale: Approval[] = []
        const unverified: string[] = []
        for (const a of approvals) {
          const ok = await isGuardian(g, a.user)
          if (ok === undefined) unverified.push(a.user)
          if (ok !== true) continue
          if (!a.stale || g['allow-stale-approvals'] === true) fresh.push(a.user)
          else stale.push(a)
        }
        if (fresh.length > 0) continue
        const why: string[] = []
        for (const a of stale) {
          why.push(`\`${a.user}\` approved an earlier commit (${shortSha(a.commitId)}), not the latest (${shortSha(pr.headSha)}); this entry does not set \`allow-stale-approvals\``)
        }
        if (unverified.length) {
          why.push(`the approval of ${unverified.map((u) => `\`${u}\``).join(', ')} could not be verified: the token cannot read the membership of ${(g.teams ?? []).map((x) => `\`${x}\``).join(', ')}`)
        }
        const blockers: string[] = []
        for (const u of changesRequested) if ((await isGuardian(g, u)) === true) blockers.push(`\`${u}\``)
        if (blockers.length) why.push(`${blockers.join(', ')} requested changes`)
        if (why.length === 0) why.push('no guardian has approved it yet')
        ctx.report({
          path: t.anchor,
          model: t.kind === 'policy' ? undefined : t.path,
          line: 1,
          message: `${subject} needs an approving review from one of ${who(g)} (${where}): ${why.join('; ')}`,
          details: {
            entry: g.index,
            target: t.path,
            users: g.users ?? [],
            teams: g.teams ?? [],
            stale: stale.map((a) => a.user),
            unverified,
          },
        })
      }
    }
  },
})

