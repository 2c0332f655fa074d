import { describe, expect, it } from '@jest/globals'
import type { ChangedFile } from '../../../src/core/changes.js'
import type { Review, RunFacts } from '../../../src/core/rule.js'
import { latestReviews } from '../../../src/rules/governance/guardian-approval.js'
import { brief, check } from '../../support/harness.js'

const RULE = 'governance/guardian-approval'
const HEAD = 'b'.repeat(40)
const OLD = 'a'.repeat(40)
const PR = { number: 7, author: 'dev', baseSha: 'c'.repeat(40), headSha: HEAD }

const POLICY = `version: 1
guardians:
  - models: ['models/fraud/**']
    users: [alice]
    teams: [acme/risk]
  - tiers: [high]
    users: [carol]
  - policy: true
    users: [root]
`

const card = (tier?: string) => (tier ? `---\nrisk_level: ${tier}\n---\n# Model\n` : '# Model\n')

const FILES = {
  '.github/modelgate.yml': POLICY,
  'models/fraud/model.safetensors': 'x',
  'models/fraud/README.md': card('limited'),
  'models/churn/model.safetensors': 'x',
  'models/churn/README.md': card('high'),
  'models/toy/model.safetensors': 'x',
  'models/toy/README.md': card('minimal'),
}

function review(user: string, state: Review['state'], commitId = HEAD, submittedAt = '2026-11-26T10:00:00Z'): Review {
  return { user, state, commitId, submittedAt }
}

async function run(o: { changes: ChangedFile[]; reviews?: Review[]; run?: Partial<RunFacts>; policy?: string; files?: Record<string, string>; base?: Record<string, string> }) {
  return check({
    files: o.files ?? FILES,
    policy: o.policy ?? POLICY,
    changes: o.changes,
    base: o.base,
    only: [RULE],
    run: { event: 'pull_request', pullRequest: PR, reviews: o.reviews, ...o.run },
  })
}

const FRAUD = [{ path: 'models/fraud/model.safetensors', status: 'modified' as const }]
const FRAUD_MSG = 'changing model unit `models/fraud` (tier limited) needs an approving review from one of `alice`, `acme/risk` (team) (guardians entry 1 at .github/modelgate.yml:3)'

describe('governance/guardian-approval', () => {
  it('names who may approve when nobody has', async () => {
    const r = await run({ changes: FRAUD, reviews: [] })
    expect(brief(r)).toEqual([`${RULE} models/fraud/model.safetensors:1 ${FRAUD_MSG}: no guardian has approved it yet`])
    expect(r.findings[0]).toMatchObject({ severity: 'error', category: 'governance', details: { entry: 0, target: 'models/fraud', users: ['alice'], teams: ['acme/risk'] } })
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('is satisfied by a listed user approving the head commit', async () => {
    const r = await run({ changes: FRAUD, reviews: [review('bob', 'COMMENTED'), review('Alice', 'APPROVED')] })
    expect(brief(r)).toEqual([])
    expect(r.verdict.conclusion).toBe('success')
  })

  it('ignores approvals from people who are not guardians, and the author', async () => {
    const r = await run({
      changes: FRAUD,
      reviews: [review('bob', 'APPROVED'), review('dev', 'APPROVED')],
      policy: POLICY.replace('users: [alice]', 'users: [alice, dev]'),
    })
    expect(brief(r)).toHaveLength(1)
  })

  it('does not count a stale approval unless the entry allows it', async () => {
    const stale = [review('alice', 'APPROVED', OLD)]
    const r = await run({ changes: FRAUD, reviews: stale })
    expect(brief(r)).toEqual([
      `${RULE} models/fraud/model.safetensors:1 ${FRAUD_MSG}: \`alice\` approved an earlier commit (aaaaaaa), not the latest (bbbbbbb); this entry does not set \`allow-stale-approvals\``,
    ])
    const allowed = await run({
      changes: FRAUD,
      reviews: stale,
      policy: POLICY.replace("  - models: ['models/fraud/**']\n", "  - models: ['models/fraud/**']\n    allow-stale-approvals: true\n"),
    })
    expect(brief(allowed)).toEqual([])
  })

  it('a later CHANGES_REQUESTED or a dismissal cancels an approval; a later comment does not', async () => {
    const cancelled = await run({
      changes: FRAUD,
      reviews: [review('alice', 'APPROVED', HEAD, '2026-11-26T10:00:00Z'), review('alice', 'CHANGES_REQUESTED', HEAD, '2026-11-26T11:00:00Z')],
    })
    expect(brief(cancelled)).toEqual([`${RULE} models/fraud/model.safetensors:1 ${FRAUD_MSG}: \`alice\` requested changes`])
    const dismissed = await run({ changes: FRAUD, reviews: [review('alice', 'DISMISSED')] })
    expect(brief(dismissed)).toEqual([`${RULE} models/fraud/model.safetensors:1 ${FRAUD_MSG}: no guardian has approved it yet`])
    const commented = await run({
      changes: FRAUD,
      reviews: [review('alice', 'APPROVED', HEAD, '2026-11-26T10:00:00Z'), review('alice', 'COMMENTED', HEAD, '2026-11-26T11:00:00Z')],
    })
    expect(brief(commented)).toEqual([])
    // Order is by submission time, not list order.
    const reapproved = await run({
      changes: FRAUD,
      reviews: [review('alice', 'APPROVED', HEAD, '2026-11-26T12:00:00Z'), review('alice', 'CHANGES_REQUESTED', HEAD, '2026-11-26T11:00:00Z')],
    })
    expect(brief(reapproved)).toEqual([])
  })

  it('resolves team membership, and says so when it cannot be verified', async () => {
    const reviews = [review('erin', 'APPROVED')]
    const member = await run({ changes: FRAUD, reviews, run: { teamMember: async (team, user) => team === 'acme/risk' && user === 'erin' } })
    expect(brief(member)).toEqual([])
    const notMember = await run({ changes: FRAUD, reviews, run: { teamMember: async () => false } })
    expect(brief(notMember)).toEqual([`${RULE} models/fraud/model.safetensors:1 ${FRAUD_MSG}: no guardian has approved it yet`])
    const unknown = await run({ changes: FRAUD, reviews, run: { teamMember: async () => undefined } })
    expect(brief(unknown)).toEqual([
      `${RULE} models/fraud/model.safetensors:1 ${FRAUD_MSG}: the approval of \`erin\` could not be verified: the token cannot read the membership of \`acme/risk\``,
    ])
    expect(unknown.findings[0]!.details).toMatchObject({ unverified: ['erin'] })
    const noResolver = await run({ changes: FRAUD, reviews })
    expect(brief(noResolver)[0]).toContain('could not be verified')
  })

  it('guards by risk tier, at the head and at the base (lowering the tier does not dodge)', async () => {
    const churn = [{ path: 'models/churn/README.md', status: 'modified' as const }]
    const r = await run({ changes: churn, reviews: [] })
    expect(brief(r)).toEqual([
      `${RULE} models/churn/README.md:1 changing model unit \`models/churn\` (tier high) needs an approving review from one of \`carol\` (guardians entry 2 at .github/modelgate.yml:6): no guardian has approved it yet`,
    ])
    const lowered = await run({
      changes: churn,
      reviews: [],
      files: { ...FILES, 'models/churn/README.md': card('minimal') },
      base: { 'models/churn/README.md': card('high') },
    })
    expect(brief(lowered)).toEqual([
      `${RULE} models/churn/README.md:1 changing model unit \`models/churn\` (tier high) needs an approving review from one of \`carol\` (guardians entry 2 at .github/modelgate.yml:6): no guardian has approved it yet`,
    ])
    const approved = await run({ changes: churn, reviews: [review('carol', 'APPROVED')] })
    expect(brief(approved)).toEqual([])
  })

  it('requires every matching entry; an unguarded unit needs nothing', async () => {
    const files = { ...FILES, 'models/fraud/README.md': card('high') }
    const r = await run({ files, changes: FRAUD, reviews: [review('alice', 'APPROVED')] })
    expect(brief(r)).toEqual([
      `${RULE} models/fraud/model.safetensors:1 changing model unit \`models/fraud\` (tier high) needs an approving review from one of \`carol\` (guardians entry 2 at .github/modelgate.yml:6): no guardian has approved it yet`,
    ])
    const toy = await run({ changes: [{ path: 'models/toy/model.safetensors', status: 'modified' }], reviews: [] })
    expect(brief(toy)).toEqual([])
  })

  it('guards the policy file itself', async () => {
    const r = await run({ changes: [{ path: '.github/modelgate.yml', status: 'modified' }], reviews: [review('alice', 'APPROVED')] })
    expect(brief(r)).toEqual([
      `${RULE} .github/modelgate.yml:1 changing the governance policy \`.github/modelgate.yml\` needs an approving review from one of \`root\` (guardians entry 3 at .github/modelgate.yml:8): no guardian has approved it yet`,
    ])
    const ok = await run({ changes: [{ path: '.github/modelgate.yml', status: 'modified' }], reviews: [review('root', 'APPROVED')] })
    expect(brief(ok)).toEqual([])
  })

  it('guards the removal of a whole guarded unit', async () => {
    const files = { ...FILES }
    delete (files as Record<string, string>)['models/fraud/model.safetensors']
    delete (files as Record<string, string>)['models/fraud/README.md']
    const r = await run({
      files,
      changes: [
        { path: 'models/fraud/model.safetensors', status: 'removed' },
        { path: 'models/fraud/README.md', status: 'removed' },
      ],
      reviews: [],
    })
    expect(brief(r)).toEqual([
      `${RULE} models/fraud/model.safetensors:1 removing model files from \`models/fraud\` needs an approving review from one of \`alice\`, \`acme/risk\` (team) (guardians entry 1 at .github/modelgate.yml:3): no guardian has approved it yet`,
    ])
  })

  it('fails closed when the reviews could not be read', async () => {
    const r = await run({ changes: FRAUD, reviews: undefined })
    expect(brief(r)).toEqual([
      `${RULE} models/fraud/model.safetensors:1 changing model unit \`models/fraud\` (tier limited) needs an approving review from one of \`alice\`, \`acme/risk\` (team) (guardians entry 1 at .github/modelgate.yml:3), but the pull request's reviews could not be read, so approval cannot be verified`,
    ])
  })

  it('reports an entry that names nobody, and treats an entry without selectors as guarding every unit', async () => {
    const policy = 'version: 1\nguardians:\n  - models: [models/toy]\n  - users: [zed]\n'
    const r = await run({ policy, changes: [{ path: 'models/toy/model.safetensors', status: 'modified' }], reviews: [] })
    expect(brief(r)).toEqual([
      `${RULE} models/toy/model.safetensors:1 changing model unit \`models/toy\` (tier minimal) needs a guardian's approval, but guardians entry 1 at .github/modelgate.yml:3 names no \`users\` or \`teams\`: nobody can approve`,
      `${RULE} models/toy/model.safetensors:1 changing model unit \`models/toy\` (tier minimal) needs an approving review from one of \`zed\` (guardians entry 2 at .github/modelgate.yml:4): no guardian has approved it yet`,
    ])
  })

  it('reports nothing outside pull requests or without guardians', async () => {
    const push = await check({ files: FILES, policy: POLICY, changes: FRAUD, only: [RULE], run: { event: 'push' } })
    expect(brief(push)).toEqual([])
    const none = await run({ policy: 'version: 1\n', changes: FRAUD, reviews: [] })
    expect(brief(none)).toEqual([])
  })
})

describe('latestReviews', () => {
  it('keeps the latest decisive review per reviewer, case-insensitively', () => {
    const m = latestReviews([
      review('Alice', 'APPROVED', OLD, '2026-01-01T00:00:00Z'),
      review('alice', 'COMMENTED', HEAD, '2026-01-02T00:00:00Z'),
      review('bob', 'CHANGES_REQUESTED', HEAD, '2026-01-01T00:00:00Z'),
      review('bob', 'APPROVED', HEAD, '2026-01-03T00:00:00Z'),
      review('carol', 'PENDING', HEAD, ''),
    ])
    expect([...m.entries()].map(([k, r]) => `${k}:${r.state}:${r.commitId.slice(0, 1)}`)).toEqual(['alice:APPROVED:a', 'bob:APPROVED:b'])
  })
})
