/**
 * End to end, GitHub integration: the bundled dist/index.js, run as the runner runs it, against the
 * REST API stand-in (which enforces GitHub's limits) — check runs with every annotation, the sticky
 * comment, read-only tokens, faults, guardians, unsupported events and the post-report mode.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { startGitHubStub, type GitHubStub, type StubFile, type StubOptions } from '../support/github-stub.js'
import { TempRepo, tempRepos } from '../support/gitrepo.js'
import { runAction, type ActionRun, type ActionRunOptions } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'

const MARKER = '<!-- modelgate:sticky-comment name="modelgate" -->'
const MERGE_SHA = 'e'.repeat(40)
const POLICY = 'version: 1\nextends: recommended\n'
const GUARDED = `version: 1
extends: recommended
guardians:
  - models: ['models/**']
    users: [alice]
    teams: [acme/risk]
`

let stub: GitHubStub | undefined
const closers: (() => Promise<void>)[] = []
const newRepo = tempRepos()
afterEach(async () => {
  await stub?.close()
  stub = undefined
  for (const c of closers.splice(0)) await c()
})

interface Scenario {
  repo: TempRepo
  base: string
  head: string
  files: StubFile[]
}

/** A repository with a base commit and a head commit on a feature branch; `files` lists the change as the API would. */
function scenario(base: Record<string, string | Uint8Array>, head: Record<string, string | Uint8Array>): Scenario {
  const repo = newRepo()
  repo.write(base)
  const baseSha = repo.commit('base')
  repo.git('checkout', '-q', '-b', 'feature')
  repo.write(head)
  const headSha = repo.commit('head')
  return { repo, base: baseSha, head: headSha, files: diff(repo, baseSha, headSha) }
}

function diff(repo: TempRepo, a: string, b: string): StubFile[] {
  const status: Record<string, string> = { A: 'added', M: 'modified', D: 'removed' }
  return repo
    .git('diff', '--name-status', '--no-renames', a, b)
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [s, f] = l.split('\t')
      return { filename: f!, status: status[s!] ?? 'modified' }
    })
}

/** `n` model units without a card: one doc/model-card-required error each. */
function uncarded(n: number, from = 0): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {}
  for (let i = from; i < from + n; i++) out[`models/m${String(i).padStart(4, '0')}/model.safetensors`] = safetensors()
  return out
}

function prEvent(s: { base: string; head: string }, o: { number?: number; fork?: boolean; author?: string } = {}) {
  const number = o.number ?? 7
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      user: { login: o.author ?? 'dev' },
      base: { sha: s.base, ref: 'main', repo: { full_name: 'acme/models' } },
      head: { sha: s.head, ref: 'feature', repo: { full_name: o.fork ? 'mallory/models' : 'acme/models' } },
    },
    repository: { full_name: 'acme/models' },
  }
}

async function runPr(s: Scenario, o: Partial<ActionRunOptions> = {}, event: unknown = prEvent(s)): Promise<ActionRun> {
  return runAction({ workspace: s.repo.dir, apiUrl: stub!.url, eventName: 'pull_request', event, sha: MERGE_SHA, ...o })
}

const calls = () => stub!.calls.map((c) => `${c.method} ${c.path}${c.query.page ? `?page=${c.query.page}` : ''} ${c.status}`)
const annotationBatches = () => stub!.checkRuns[0]!.updates.map((u) => ((u as { output?: { annotations?: unknown[] } }).output?.annotations ?? []).length)

describe('check run', () => {
  it('120 findings: one create on the head SHA, then updates carrying 50/50/20 annotations; the API calls of a typical run', async () => {
    const s = scenario({ '.github/modelgate.yml': GUARDED, 'models/base/model.safetensors': safetensors(), 'models/base/README.md': GOOD_CARD }, uncarded(120))
    stub = await startGitHubStub({
      pullFiles: { 7: s.files },
      reviews: { 7: [{ user: { login: 'alice' }, state: 'APPROVED', commit_id: s.head, submitted_at: '2026-01-01T00:00:00Z' }] },
    })
    const r = await runPr(s)

    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '120', findings: '120' })
    expect(stub.checkRuns).toHaveLength(1)
    const run = stub.checkRuns[0]!
    expect(run).toMatchObject({ name: 'modelgate', head_sha: s.head, status: 'completed', conclusion: 'failure', details_url: 'https://github.com/acme/models/actions/runs/4242' })
    expect(run.head_sha).not.toBe(MERGE_SHA)
    // The create carries none; three updates carry 50, 50 and 20; the last one completes the run.
    expect(annotationBatches()).toEqual([0, 50, 50, 20])
    expect((run.updates[0] as { status: string }).status).toBe('in_progress')
    expect(run.updates.slice(1, 3).every((u) => (u as { conclusion?: string }).conclusion === undefined)).toBe(true)
    expect((run.updates[3] as { conclusion: string }).conclusion).toBe('failure')
    expect(run.annotations).toHaveLength(120)
    expect(new Set(run.annotations.map((a) => a.path)).size).toBe(120)
    expect(run.annotations[0]).toEqual({
      path: 'models/m0000/model.safetensors',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      message: 'model unit `models/m0000` has no model card: add `models/m0000/README.md` or `models/m0000/MODEL_CARD.md`',
      title: 'modelgate doc/model-card-required',
      raw_details: expect.stringContaining('model card'),
    })
    expect(run.output.title).toBe('Gate failed: 120 errors, 0 warnings, 0 notices in 120 models')
    expect(run.output.summary).toContain('❌ **Gate failed** (fail-on: `error`): 120 errors')
    expect(run.output.summary).toContain(`https://github.com/acme/models/blob/${s.head}/models/m0000/model.safetensors#L1`)
    // No duplicate workflow-command annotations: the check run holds them all.
    expect(r.stdout).not.toContain('::error title=')
    expect(r.summary).toContain('_120 finding(s) are annotated on the diff by the check run ([details](https://github.com/acme/models/runs/')

    // The API calls of a typical pull request run with guardians: list files (2 pages of 100), create the
    // check run, list reviews, ceil(120/50) = 3 updates (the last completes), list comments, 1 write.
    expect(calls()).toEqual([
      'POST /repos/acme/models/check-runs 201',
      'GET /repos/acme/models/pulls/7/files 200',
      'GET /repositories/424242/pulls/7/files?page=2 200',
      'GET /repos/acme/models/pulls/7/reviews 200',
      `PATCH /repos/acme/models/check-runs/${run.id} 200`,
      `PATCH /repos/acme/models/check-runs/${run.id} 200`,
      `PATCH /repos/acme/models/check-runs/${run.id} 200`,
      'GET /repos/acme/models/issues/7/comments 200',
      'POST /repos/acme/models/issues/7/comments 201',
    ])
  })

  it('caps annotations at max-annotations and says how many more in the summary', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(60))
    stub = await startGitHubStub({ pullFiles: { 7: s.files } })
    const r = await runPr(s, { inputs: { 'max-annotations': '55', 'check-name': 'model governance', comment: 'never' } })
    expect(r.code).toBe(1)
    const run = stub.checkRuns[0]!
    expect(run.name).toBe('model governance')
    expect(annotationBatches()).toEqual([0, 50, 5])
    expect(run.output.summary).toContain(
      '_5 more finding(s) are not annotated on the diff (the cap is 55 annotations, input `max-annotations`): see the JSON report (`modelgate-report.json`) of [the workflow run](https://github.com/acme/models/actions/runs/4242)._',
    )
    expect(stub.callsTo('GET', /comments/)).toEqual([])
  })

  it('retries 502s and secondary rate limits (retry-after) without duplicating anything', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    stub = await startGitHubStub({
      pullFiles: { 7: s.files },
      faults: [
        { method: 'POST', pathPattern: /\/check-runs$/, times: 2, kind: '502' },
        { method: 'PATCH', pathPattern: /\/check-runs\/\d+$/, times: 1, kind: 'secondary-rate-limit' },
        { method: 'GET', pathPattern: /\/issues\/7\/comments$/, times: 1, kind: '500' },
      ],
    })
    const r = await runPr(s)
    expect(r.code).toBe(1)
    expect(stub.callsTo('POST', /check-runs$/).map((c) => c.status)).toEqual([502, 502, 201])
    expect(stub.callsTo('PATCH', /check-runs/).map((c) => c.status)).toEqual([403, 200])
    expect(stub.callsTo('GET', /issues\/7\/comments$/).map((c) => c.status)).toEqual([500, 200])
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(stub.checkRuns[0]!.annotations).toHaveLength(1)
    expect(stub.comments.get(7)).toHaveLength(1)
    expect(r.stdout).toContain('GitHub secondary rate limit hit on PATCH')
  })

  it('API errors after retries are warnings: the verdict, outputs and exit status stand', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD }, { 'models/a/README.md': GOOD_CARD + '\nMore.\n' })
    // The check run: every attempt fails (at the start, and once more at the end).
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, faults: [{ pathPattern: /check-runs/, times: 100, kind: '500' }] })
    const r = await runPr(s, { inputs: { comment: 'never' } })
    expect(r.code).toBe(0)
    expect(r.outputs.conclusion).toBe('success')
    expect(r.stdout).toContain('modelgate: could not create the check run at the start (HTTP 500: Server Error); will try again at the end')
    expect(r.stdout).toContain('::warning::modelgate: could not write the check run (HTTP 500: Server Error); findings are shown as workflow annotations and in the job summary. The verdict is unchanged.')
    expect(r.summary).toContain('✅ **Gate passed**')
    // Bounded: two requests, each tried 4 times (1 + 3 retries).
    expect(stub.callsTo('POST', /check-runs/).map((c) => c.status)).toEqual(Array(8).fill(500))
    await stub.close()

    // The comment: the write fails after its retries; a failing gate still exits 1.
    const f = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    stub = await startGitHubStub({ pullFiles: { 7: f.files }, faults: [{ method: 'POST', pathPattern: /issues\/7\/comments/, times: 100, kind: '502' }] })
    const r2 = await runPr(f)
    expect(r2.code).toBe(1)
    expect(r2.outputs.conclusion).toBe('failure')
    expect(r2.stdout).toContain('::warning::modelgate: could not write the pull request comment (HTTP 502: Bad Gateway')
    expect(stub.callsTo('POST', /issues\/7\/comments/)).toHaveLength(4)
    expect(stub.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
  }, 120_000)

  it('an unsupported event is neutral with a clear message', async () => {
    const repo = newRepo()
    repo.write({ 'models/a/model.safetensors': safetensors() })
    const sha = repo.commit('one')
    stub = await startGitHubStub()
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'issues', event: { action: 'opened' }, sha })
    expect(r.code).toBe(0)
    expect(r.outputs.conclusion).toBe('neutral')
    expect(r.stdout).toContain('::warning::modelgate: the `issues` event is not supported (supported: pull_request, pull_request_target, pull_request_review')
    // No check run is posted: a neutral check would satisfy a required check on that commit.
    expect(stub.checkRuns).toHaveLength(0)
    expect(stub.calls).toEqual([])
    expect(r.summary).toContain('⚪ **Not evaluated**: modelgate does not know how to check the `issues` event, so the conclusion is neutral.')
  })
})

describe('events', () => {
  it('merge_group: the check run goes on the merge group commit, the change is base...head, no comment', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD }, uncarded(1))
    stub = await startGitHubStub()
    const event = { action: 'checks_requested', merge_group: { head_sha: s.head, head_ref: 'refs/heads/gh-readonly-queue/main/pr-7', base_sha: s.base, base_ref: 'refs/heads/main' } }
    const r = await runAction({ workspace: s.repo.dir, apiUrl: stub.url, eventName: 'merge_group', event, sha: s.head })
    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', models: '["models/m0000"]' })
    expect(stub.checkRuns[0]).toMatchObject({ head_sha: s.head, conclusion: 'failure' })
    expect(r.summary).toContain(`Policy read from the base commit ${s.base.slice(0, 12)} (git).`)
    expect(calls()).toEqual(['POST /repos/acme/models/check-runs 201', `PATCH /repos/acme/models/check-runs/${stub.checkRuns[0]!.id} 200`])
  })

  it('pull_request_target with the base checked out: warns that the files are not the pull request\'s', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    s.repo.git('checkout', '-q', 'main')
    stub = await startGitHubStub({ pullFiles: { 7: s.files } })
    const r = await runPr(s, { eventName: 'pull_request_target', inputs: { comment: 'never' } })
    expect(r.stdout).toContain(
      `::warning::modelgate: on \`pull_request_target\` the workspace is at ${s.base.slice(0, 12)}, not the pull request's head ${s.head.slice(0, 12)}: the files checked are not the pull request's.`,
    )
    expect(stub.checkRuns[0]).toMatchObject({ head_sha: s.head })
  })
})

describe('sticky comment', () => {
  it('two runs make one comment, updated in place; a clean rerun says so', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(2))
    stub = await startGitHubStub({ pullFiles: { 7: s.files } })
    const r1 = await runPr(s)
    expect(r1.code).toBe(1)
    const list = stub.comments.get(7)!
    expect(list).toHaveLength(1)
    const first = list[0]!
    expect(first.user.login).toBe('github-actions[bot]')
    expect(first.body.startsWith(`${MARKER}\n## modelgate\n\n❌ **Gate failed** (fail-on: \`error\`): 2 errors`)).toBe(true)
    expect(first.body).toContain(`[models/m0000/model.safetensors:1](https://github.com/acme/models/blob/${s.head}/models/m0000/model.safetensors#L1)`)
    expect(first.body).toContain('npx --yes github:modelgate/modelgate check --base')

    // Second run on a new head: one card added, one unit still failing.
    s.repo.write({ 'models/m0000/README.md': GOOD_CARD })
    const head2 = s.repo.commit('card for m0000')
    const r2 = await runPr(s, {}, prEvent({ base: s.base, head: head2 }))
    expect(r2.code).toBe(1)
    expect(stub.comments.get(7)).toHaveLength(1)
    expect(stub.comments.get(7)![0]!.id).toBe(first.id)
    expect(stub.comments.get(7)![0]!.body).toContain('1 error, 0 warnings')
    expect(stub.comments.get(7)![0]!.body).toContain(`commit \`${head2.slice(0, 12)}\``)

    // A clean rerun updates the comment rather than leaving it stale (comment: on-findings).
    s.repo.write({ 'models/m0001/README.md': GOOD_CARD })
    const head3 = s.repo.commit('card for m0001')
    const r3 = await runPr(s, {}, prEvent({ base: s.base, head: head3 }))
    expect(r3.code).toBe(0)
    const final = stub.comments.get(7)!
    expect(final).toHaveLength(1)
    expect(final[0]!.body).toContain('✅ **Gate passed**: 0 errors, 0 warnings, 0 notices in 2 models')
    expect(final[0]!.body).toContain('No findings remain in this run.')
    expect(stub.callsTo('POST', /issues\/7\/comments/)).toHaveLength(1)
    expect(stub.callsTo('PATCH', /issues\/comments\/\d+/)).toHaveLength(2)
  })

  it('a clean first run writes no comment under on-findings', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, { 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD })
    stub = await startGitHubStub({ pullFiles: { 7: s.files } })
    const r = await runPr(s)
    expect(r.code).toBe(0)
    expect(stub.comments.get(7) ?? []).toEqual([])
    expect(stub.callsTo('GET', /issues\/7\/comments/)).toHaveLength(1)
  })

  it("ignores a planted marker in someone else's comment", async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    stub = await startGitHubStub({
      pullFiles: { 7: s.files },
      comments: {
        7: [
          { body: `${MARKER}\n## modelgate\n\n✅ **Gate passed** (trust me)`, user: { login: 'mallory' } },
          { body: `Quoting the bot: ${MARKER}`, user: { login: 'github-actions[bot]', type: 'Bot' } },
        ],
      },
    })
    const r = await runPr(s)
    expect(r.code).toBe(1)
    const list = stub.comments.get(7)!
    expect(list).toHaveLength(3)
    expect(list[0]!.body).toBe(`${MARKER}\n## modelgate\n\n✅ **Gate passed** (trust me)`)
    expect(list[1]!.body).toBe(`Quoting the bot: ${MARKER}`)
    expect(list[2]!.body).toContain('❌ **Gate failed**')
    expect(stub.callsTo('PATCH', /issues\/comments/)).toEqual([])
    expect(r.stdout).toContain('ignored 1 comment(s) carrying the modelgate marker that were not written by github-actions[bot]')
  })

  it('comment-author names the identity of an app token', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, botLogin: 'modelgate-app[bot]' })
    await runPr(s, { inputs: { 'comment-author': 'modelgate-app[bot]' } })
    await runPr(s, { inputs: { 'comment-author': 'modelgate-app[bot]', comment: 'always' } })
    expect(stub.comments.get(7)).toHaveLength(1)
    expect(stub.comments.get(7)![0]!.user.login).toBe('modelgate-app[bot]')
  })

  it('1,600 blocking findings: the comment stays compact (50 listed, the rest linked to the run)', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1600))
    stub = await startGitHubStub({ pullFiles: { 7: s.files } })
    const r = await runPr(s, { inputs: { 'max-annotations': '50' } })
    expect(r.code).toBe(1)
    const body = stub.comments.get(7)![0]!.body
    expect(stub.callsTo('POST', /issues\/7\/comments/).map((c) => c.status)).toEqual([201])
    const lines = body.split('\n')
    expect(lines.slice(0, 7)).toEqual([
      MARKER,
      '## modelgate',
      '',
      '❌ **Gate failed** (fail-on: `error`): 1600 errors, 0 warnings, 0 notices in 1600 models',
      '',
      '### 1600 blocking findings',
      '',
    ])
    expect(lines.filter((l) => l.startsWith('- 🔴'))).toHaveLength(50)
    expect(body).toContain('- _1550 more blocking finding(s): see [the run summary](https://github.com/acme/models/actions/runs/4242)._')
    expect(body.length).toBeLessThan(20_000)
    expect(lines.at(-2)).toMatch(/^<sub>modelgate .+ · commit `[0-9a-f]{12}` · \[workflow run\]\(https:\/\/github\.com\/acme\/models\/actions\/runs\/4242\)<\/sub>$/)
    // The check-run summary still fits its 65,535-byte limit.
    expect(Buffer.byteLength(stub.checkRuns[0]!.output.summary!, 'utf8')).toBeLessThanOrEqual(65_535)
  }, 120_000)
})

describe('fork pull requests and read-only tokens', () => {
  it('warns naming the permissions, falls back to workflow annotations and the job summary, and keeps the exit status', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(12))
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, readOnly: true })
    const r = await runPr(s, {}, prEvent(s, { fork: true }))

    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '12' })
    expect(r.stdout).toContain(
      '::warning::modelgate: could not create the check run (HTTP 403: Resource not accessible by integration): the token lacks `checks: write`. Add `permissions: checks: write` to the job. This pull request comes from a fork: GitHub gives its workflow a read-only token whatever `permissions` says.',
    )
    expect(r.stdout).toContain('::warning::modelgate: could not write the pull request comment (HTTP 403: Resource not accessible by integration): the token lacks `pull-requests: write`.')
    // The first 10 errors as workflow commands, and a note about the rest.
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error title=modelgate doc/model-card-required'))
    expect(errors).toHaveLength(10)
    expect(errors[0]).toBe(
      '::error title=modelgate doc/model-card-required,file=models/m0000/model.safetensors,line=1::model unit `models/m0000` has no model card: add `models/m0000/README.md` or `models/m0000/MODEL_CARD.md`',
    )
    expect(r.summary).toContain('❌ **Gate failed** (fail-on: `error`): 12 errors')
    expect(r.summary).toContain('2 more finding(s) were not annotated on the workflow run (GitHub shows 10 per level per step): 2 errors')
    // One attempt each: the check run is not retried at the end once the token proved read-only.
    expect(calls()).toEqual([
      'POST /repos/acme/models/check-runs 403',
      'GET /repos/acme/models/pulls/7/files 200',
      'GET /repos/acme/models/issues/7/comments 200',
      'POST /repos/acme/models/issues/7/comments 403',
    ])
  })

  it('a clean fork run exits 0', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, { 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD })
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, readOnly: true })
    const r = await runPr(s, {}, prEvent(s, { fork: true }))
    expect(r.code).toBe(0)
    expect(r.outputs.conclusion).toBe('success')
    expect(r.stdout).toContain('the token lacks `checks: write`')
  })
})

describe('guardians', () => {
  const base = { '.github/modelgate.yml': GUARDED, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD }
  const head = { 'models/a/README.md': GOOD_CARD + '\nRetrained on 2026 data.\n' }
  const review = (user: string, state: string, commit: string, at = '2026-01-01T00:00:00Z') => ({ user: { login: user }, state, commit_id: commit, submitted_at: at })
  const guardianFinding = (r: ActionRun) => r.stdout + JSON.stringify(stub!.checkRuns[0]?.annotations ?? [])

  async function gate(reviews: ReturnType<typeof review>[] | ((s: Scenario) => ReturnType<typeof review>[]), extra: Partial<StubOptions> = {}, eventName = 'pull_request') {
    const s = scenario(base, head)
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, reviews: { 7: typeof reviews === 'function' ? reviews(s) : reviews }, ...extra })
    const event = eventName === 'pull_request_review' ? { ...prEvent(s), action: 'submitted', review: { state: 'approved', user: { login: 'alice' } } } : prEvent(s)
    const r = await runPr(s, { eventName, inputs: { comment: 'never' } }, event)
    return { s, r }
  }

  it('no approval: the finding names who may approve', async () => {
    const { r } = await gate([])
    expect(r.code).toBe(1)
    expect(stub!.checkRuns[0]!.annotations).toEqual([
      expect.objectContaining({
        path: 'models/a/README.md',
        title: 'modelgate governance/guardian-approval',
        message: "changing model unit `models/a` (tier minimal) needs an approving review from one of `alice`, `acme/risk` (team) (guardians entry 1 at .github/modelgate.yml:4): no guardian has approved it yet",
      }),
    ])
    expect(stub!.callsTo('GET', /pulls\/7\/reviews/)).toHaveLength(1)
  })

  it('an approval of the head commit passes; pull_request_review re-evaluates', async () => {
    const { r } = await gate((s) => [review('alice', 'APPROVED', s.head)], {}, 'pull_request_review')
    expect(r.code).toBe(0)
    expect(r.outputs.conclusion).toBe('success')
    expect(stub!.checkRuns[0]).toMatchObject({ conclusion: 'success' })
  })

  it('the audit record lists the reviews that were judged', async () => {
    const s = scenario(base, head)
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, reviews: { 7: [review('alice', 'APPROVED', s.head)] } })
    const r = await runPr(s, { inputs: { comment: 'never', audit: 'out/audit.json' } })
    expect(r.code).toBe(0)
    expect(r.outputs['audit-path']).toBe(path.join(s.repo.dir, 'out/audit.json'))
    const record = JSON.parse(readFileSync(path.join(s.repo.dir, 'out/audit.json'), 'utf8'))
    expect(record.predicate.approvals).toEqual([{ user: 'alice', state: 'APPROVED', commitId: s.head, submittedAt: '2026-01-01T00:00:00Z' }])
    expect(record.predicate.event).toMatchObject({ name: 'pull_request', headSha: s.head, pullRequest: { number: 7, author: 'dev' } })
    expect(record.subject.map((x: { name: string }) => x.name)).toEqual(['models/a/model.safetensors'])
  })

  it('a stale approval does not count', async () => {
    const { r } = await gate((s) => [review('alice', 'APPROVED', s.base)])
    expect(r.code).toBe(1)
    expect(guardianFinding(r)).toContain('`alice` approved an earlier commit')
  })

  it('a dismissed approval, or a later change request, does not count', async () => {
    const dismissed = await gate((s) => [review('alice', 'DISMISSED', s.head)])
    expect(dismissed.r.code).toBe(1)
    expect(guardianFinding(dismissed.r)).toContain('no guardian has approved it yet')
    await stub!.close()
    stub = undefined
    const changed = await gate((s) => [review('alice', 'APPROVED', s.head, '2026-01-01T00:00:00Z'), review('alice', 'CHANGES_REQUESTED', s.head, '2026-01-02T00:00:00Z')])
    expect(changed.r.code).toBe(1)
    expect(guardianFinding(changed.r)).toContain('`alice` requested changes')
  })

  it('team members approve when the token can read the team; otherwise the finding says it could not be verified', async () => {
    const ok = await gate((s) => [review('erin', 'APPROVED', s.head)], { teamMembers: { 'acme/risk': ['erin'] } })
    expect(ok.r.code).toBe(0)
    expect(stub!.callsTo('GET', '/orgs/acme/teams/risk/memberships/erin')).toHaveLength(1)
    await stub!.close()
    stub = undefined
    const forbidden = await gate((s) => [review('erin', 'APPROVED', s.head)], { teamsForbidden: true })
    expect(forbidden.r.code).toBe(1)
    expect(guardianFinding(forbidden.r)).toContain('the approval of `erin` could not be verified: the token cannot read the membership of `acme/risk`')
    expect(forbidden.r.stdout).toContain('could not read the membership of team acme/risk (HTTP 403: Resource not accessible by integration)')
  })
})

/** A proxy in front of the stand-in that also answers GET /repos/acme/models/pulls/{n} (not in the stand-in). */
async function pullsProxy(target: string, pulls: Record<number, string>): Promise<string> {
  const server = http.createServer((req, res) => {
    const m = /^\/repos\/acme\/models\/pulls\/(\d+)$/.exec((req.url ?? '').split('?')[0]!)
    if (req.method === 'GET' && m) {
      const sha = pulls[Number(m[1])]
      res.writeHead(sha ? 200 : 404, { 'content-type': 'application/json' })
      res.end(JSON.stringify(sha ? { number: Number(m[1]), head: { sha, repo: { full_name: 'mallory/models' } }, base: { repo: { full_name: 'acme/models' } } } : { message: 'Not Found' }))
      return
    }
    const up = http.request(target + req.url, { method: req.method, headers: req.headers }, (r2) => {
      res.writeHead(r2.statusCode ?? 502, r2.headers)
      r2.pipe(res)
    })
    req.pipe(up)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('post-report (the fork-safe workflow_run pattern)', () => {
  /** Runs the gate read-only (as on a fork) and returns the report file it wrote. */
  async function forkRun(s: Scenario): Promise<string> {
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, readOnly: true })
    const r = await runPr(s, {}, prEvent(s, { fork: true }))
    expect(r.code).toBe(1)
    await stub.close()
    stub = undefined
    return path.join(s.repo.dir, 'modelgate-report.json')
  }

  function workflowRun(head: string, pulls: { number: number; head: { sha: string } }[]) {
    return { action: 'completed', workflow_run: { id: 99, event: 'pull_request', head_sha: head, pull_requests: pulls, conclusion: 'failure' } }
  }

  async function post(s: Scenario, report: string, event: unknown, inputs: Record<string, string> = {}, apiUrl?: string) {
    return runAction({ workspace: s.repo.dir, apiUrl: apiUrl ?? stub!.url, eventName: 'workflow_run', event, sha: 'f'.repeat(40), inputs: { 'post-report': path.relative(s.repo.dir, report), ...inputs } })
  }

  it('posts the check run and comment of a report to the commit and pull request the event names', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(3))
    const report = await forkRun(s)
    stub = await startGitHubStub()
    const r = await post(s, report, workflowRun(s.head, [{ number: 7, head: { sha: s.head } }]))
    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '3' })
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ head_sha: s.head, status: 'completed', conclusion: 'failure' })
    expect(stub.checkRuns[0]!.annotations.map((a) => a.path)).toEqual(['models/m0000/model.safetensors', 'models/m0001/model.safetensors', 'models/m0002/model.safetensors'])
    expect(stub.comments.get(7)![0]!.body).toContain('3 errors')
    expect(r.summary).toContain(`Posted from the report \`modelgate-report.json\` to pull request #7 at ${s.head.slice(0, 12)}.`)
    expect(calls()).toEqual([
      'POST /repos/acme/models/check-runs 201',
      'GET /repos/acme/models/issues/7/comments 200',
      'POST /repos/acme/models/issues/7/comments 201',
    ])
  })

  it('treats the report as untrusted: recomputes the verdict, escapes its text, refuses another commit', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    const file = await forkRun(s)
    const forged = JSON.parse(readFileSync(file, 'utf8'))
    forged.conclusion = 'success'
    forged.summary = { errors: 0, warnings: 0, notices: 0, waived: 0, models: 0 }
    forged.findings[0].message = '<img src=x onerror=alert(1)> [click](javascript:alert(1))'
    forged.findings[0].details = { big: 'x'.repeat(1000) }
    writeFileSync(file, JSON.stringify(forged))
    stub = await startGitHubStub()
    const r = await post(s, file, workflowRun(s.head, [{ number: 7, head: { sha: s.head } }]))
    expect(r.code).toBe(1)
    expect(stub.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
    const body = stub.comments.get(7)![0]!.body
    expect(body).not.toContain('<img')
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1))')

    // A report for another commit is refused: the check run fails closed on the event's commit.
    forged.run.headSha = 'd'.repeat(40)
    writeFileSync(file, JSON.stringify(forged))
    await stub.close()
    stub = await startGitHubStub()
    const other = await post(s, file, workflowRun(s.head, [{ number: 7, head: { sha: s.head } }]))
    expect(other.code).toBe(2)
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ head_sha: s.head, conclusion: 'failure', output: { title: 'The report could not be read' } })
    expect(stub.checkRuns[0]!.output.summary).toContain(`the report is for commit dddddddddddd, but the triggering run is for ${s.head.slice(0, 12)}`)
    expect(stub.comments.get(7) ?? []).toEqual([])
  })

  it('a passing report from a fork\'s workflow cannot satisfy the required check: action_required', async () => {
    // The fork controls its own workflow file, so it can upload a clean report for its head commit.
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    const file = await forkRun(s)
    const forged = JSON.parse(readFileSync(file, 'utf8'))
    forged.conclusion = 'success'
    forged.findings = []
    forged.summary = { errors: 0, warnings: 0, notices: 0, waived: 0, models: 1 }
    writeFileSync(file, JSON.stringify(forged))
    stub = await startGitHubStub()
    const event = {
      action: 'completed',
      repository: { full_name: 'acme/models' },
      workflow_run: { id: 99, event: 'pull_request', head_sha: s.head, pull_requests: [], head_repository: { full_name: 'mallory/models' }, conclusion: 'success' },
    }
    const r = await post(s, file, event)
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ head_sha: s.head, status: 'completed', conclusion: 'action_required' })
    expect(stub.checkRuns[0]!.output.title).toContain("Not verified: the report came from a fork's workflow")
    expect(r.stdout).toContain('its result is posted as action_required, not as a pass')
    // The same report from the repository's own branch is posted as it is.
    await stub.close()
    stub = await startGitHubStub()
    await post(s, file, { ...event, workflow_run: { ...event.workflow_run, head_repository: { full_name: 'acme/models' } } })
    expect(stub.checkRuns[0]).toMatchObject({ conclusion: 'success' })
  })

  it('an invalid report fails closed', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    const file = path.join(s.repo.dir, 'bad.json')
    writeFileSync(file, JSON.stringify({ version: 1, conclusion: 'success', findings: [{ ruleId: 'x', severity: 'fatal' }] }))
    stub = await startGitHubStub()
    const r = await post(s, file, workflowRun(s.head, []))
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('::error::modelgate: post-report: bad.json: not a modelgate report (version 1):')
    expect(stub.checkRuns[0]).toMatchObject({ head_sha: s.head, conclusion: 'failure' })
  })

  it('for a fork (no pull request in the event) comments only on a pull request whose head is the commit', async () => {
    const s = scenario({ '.github/modelgate.yml': POLICY }, uncarded(1))
    const file = await forkRun(s)
    stub = await startGitHubStub()
    const proxy = await pullsProxy(stub.url, { 7: s.head, 8: 'c'.repeat(40) })
    const ok = await post(s, file, workflowRun(s.head, []), { 'pull-request': '7' }, proxy)
    expect(ok.code).toBe(1)
    expect(stub.comments.get(7)).toHaveLength(1)
    const wrong = await post(s, file, workflowRun(s.head, []), { 'pull-request': '8' }, proxy)
    expect(wrong.stdout).toContain(`::warning::modelgate: pull request #8 is at cccccccccccc, not at the reported commit ${s.head.slice(0, 12)}: no comment is posted`)
    expect(stub.comments.get(8) ?? []).toEqual([])
    // The check runs were posted both times on the event's commit.
    expect(stub.checkRuns.map((c) => c.head_sha)).toEqual([s.head, s.head])
  })
})
