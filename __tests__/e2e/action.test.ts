/**
 * End to end: the bundled dist/index.js, run as the Actions runner runs it, against the GitHub REST API
 * stand-in on 127.0.0.1, on a temporary git repository.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { startGitHubStub, type GitHubStub } from '../support/github-stub.js'
import { tempRepos } from '../support/gitrepo.js'
import { CLI, runAction, runNode } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'

const BASE_POLICY = 'version: 1\nextends: recommended\nrules:\n  doc/model-card-required: error\n'
const WEAKENED_POLICY = 'version: 1\nextends: recommended\nrules:\n  doc/model-card-required: off\n'

let stub: GitHubStub | undefined
const newRepo = tempRepos()
afterEach(async () => {
  await stub?.close()
  stub = undefined
})

function prEvent(base: string, head: string, number = 7) {
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      user: { login: 'dev' },
      base: { sha: base, ref: 'main', repo: { full_name: 'acme/models' } },
      head: { sha: head, ref: 'feature', repo: { full_name: 'acme/models' } },
    },
    repository: { full_name: 'acme/models' },
  }
}

/** Base: policy + a documented unit. Head: a new unit without a card, and a policy that tries to turn the rule off. */
function pullRequestRepo() {
  const repo = newRepo()
  repo.write({ '.github/modelgate.yml': BASE_POLICY, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD })
  const base = repo.commit('base')
  repo.git('checkout', '-q', '-b', 'feature')
  repo.write({ 'models/b/model.safetensors': safetensors(3), '.github/modelgate.yml': WEAKENED_POLICY })
  const head = repo.commit('head')
  return { repo, base, head }
}

const PR_FILES = [
  { filename: '.github/modelgate.yml', status: 'modified' },
  { filename: 'models/b/model.safetensors', status: 'added' },
]

describe('action (dist/index.js) on pull_request', () => {
  it('reads the policy from the base commit with git, evaluates only the changed unit and fails', async () => {
    const { repo, base, head } = pullRequestRepo()
    stub = await startGitHubStub({ pullFiles: { 7: PR_FILES } })
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'pull_request', event: prEvent(base, head), sha: head })

    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '1', warnings: '1', findings: '2', models: '["models/b"]' })
    expect(r.outputs['report-path']).toBe(path.join(repo.dir, 'modelgate-report.json'))
    // Annotations on the check run at the pull request's head, with file and line (no duplicate
    // workflow-command annotations when the check run holds them all).
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ name: 'modelgate', head_sha: head, status: 'completed', conclusion: 'failure' })
    expect(stub.checkRuns[0]!.annotations).toEqual([
      expect.objectContaining({
        path: 'models/b/model.safetensors', start_line: 1, end_line: 1, annotation_level: 'failure', title: 'modelgate doc/model-card-required',
        message: 'model unit `models/b` has no model card: add `models/b/README.md` or `models/b/MODEL_CARD.md`',
      }),
      expect.objectContaining({ path: '.github/modelgate.yml', start_line: 1, annotation_level: 'warning', title: 'modelgate policy/policy-modified' }),
    ])
    expect(r.stdout).not.toContain('::error title=')
    // The job summary.
    expect(r.summary).toContain('❌ **Gate failed** (fail-on: `error`): 1 error, 1 warning, 0 notices in 1 model')
    expect(r.summary).toContain(`Policy read from the base commit ${base.slice(0, 12)} (git).`)
    expect(r.summary).toContain(`https://github.com/acme/models/blob/${head}/models/b/model.safetensors#L1`)
    // The JSON report follows the contract and records the base policy.
    const report = JSON.parse(readFileSync(path.join(repo.dir, 'modelgate-report.json'), 'utf8'))
    expect(report).toMatchObject({
      version: 1,
      tool: { name: 'modelgate' },
      conclusion: 'failure',
      failOn: 'error',
      policy: { source: '.github/modelgate.yml', ref: base, extends: ['recommended'] },
      models: [{ path: 'models/b', changed: true, files: ['models/b/model.safetensors'] }],
      summary: { errors: 1, warnings: 1, notices: 0, models: 1 },
    })
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['policy/policy-modified', 'doc/model-card-required'])
    // API calls: the check run, the pull request's files (the policy came from git), the comment.
    expect(stub.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /repos/acme/models/check-runs',
      'GET /repos/acme/models/pulls/7/files',
      'PATCH /repos/acme/models/check-runs/1001',
      'GET /repos/acme/models/issues/7/comments',
      'POST /repos/acme/models/issues/7/comments',
    ])
  })

  it('reads the policy through the contents API at the base SHA when the base is not fetched', async () => {
    const { repo, base, head } = pullRequestRepo()
    // A shallow-like workspace: only the head tree, no base commit.
    const shallow = newRepo()
    shallow.write({ '.github/modelgate.yml': WEAKENED_POLICY, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD, 'models/b/model.safetensors': safetensors(3) })
    shallow.commit('head only')
    void repo
    stub = await startGitHubStub({ pullFiles: { 7: PR_FILES }, contents: { [base]: { '.github/modelgate.yml': BASE_POLICY } } })
    const r = await runAction({ workspace: shallow.dir, apiUrl: stub.url, eventName: 'pull_request', event: prEvent(base, head), sha: head })

    expect(r.code).toBe(1)
    expect(r.outputs.conclusion).toBe('failure')
    expect(r.summary).toContain(`Policy read from the base commit ${base.slice(0, 12)} (contents API).`)
    const contents = stub.calls.filter((c) => c.path.startsWith('/repos/acme/models/contents/'))
    // The policy, then the baseline (absent), both at the base commit.
    expect(contents).toHaveLength(2)
    expect(contents[0]).toMatchObject({ method: 'GET', path: '/repos/acme/models/contents/.github/modelgate.yml', status: 200 })
    expect(contents[0]!.query.ref).toBe(base)
    expect(contents[1]).toMatchObject({ method: 'GET', path: '/repos/acme/models/contents/.github/modelgate-baseline.json', status: 404 })
    expect(contents[1]!.query.ref).toBe(base)
  })

  it('fails closed with exit 2 and file:line:col when the base policy is broken', async () => {
    const repo = newRepo()
    repo.write({ '.github/modelgate.yml': 'version: 1\nrules:\n  doc/model-card-requird: error\n', 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD })
    const base = repo.commit('base')
    repo.write({ 'models/a/README.md': GOOD_CARD + '\nMore.\n' })
    const head = repo.commit('head')
    stub = await startGitHubStub({ pullFiles: { 7: [{ filename: 'models/a/README.md', status: 'modified' }] } })
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'pull_request', event: prEvent(base, head), sha: head })

    expect(r.code).toBe(2)
    expect(stub.checkRuns[0]).toMatchObject({ head_sha: head, conclusion: 'failure', output: { title: 'Invalid policy: 1 problem(s)' } })
    expect(stub.checkRuns[0]!.annotations).toEqual([
      {
        path: '.github/modelgate.yml', start_line: 3, end_line: 3, annotation_level: 'failure', title: 'modelgate invalid policy',
        message: 'unknown rule "doc/model-card-requird" in `rules` (did you mean "doc/model-card-required"?)',
      },
    ])
    expect(r.outputs.conclusion).toBe('failure')
    expect(r.summary).toContain('.github/modelgate.yml:3:3: unknown rule "doc/model-card-requird"')
  })

  it('passes a clean pull request', async () => {
    const repo = newRepo()
    repo.write({ '.github/modelgate.yml': BASE_POLICY, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD })
    const base = repo.commit('base')
    repo.write({ 'models/c/model.safetensors': safetensors(), 'models/c/README.md': GOOD_CARD })
    const head = repo.commit('head')
    stub = await startGitHubStub({
      pullFiles: { 7: [{ filename: 'models/c/README.md', status: 'added' }, { filename: 'models/c/model.safetensors', status: 'added' }] },
    })
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'pull_request', event: prEvent(base, head), sha: head })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({ conclusion: 'success', errors: '0', warnings: '0', findings: '0', models: '["models/c"]' })
    expect(r.summary).toContain('✅ **Gate passed**: 0 errors, 0 warnings, 0 notices in 1 model')
    expect(r.stdout).not.toContain('::error')
  })
})

describe('action (dist/index.js): waivers come from the base policy', () => {
  it('a waiver the pull request adds to its own policy does not apply', async () => {
    const repo = newRepo()
    repo.write({ '.github/modelgate.yml': BASE_POLICY, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD })
    const base = repo.commit('base')
    repo.git('checkout', '-q', '-b', 'feature')
    const waived = BASE_POLICY + 'waivers:\n  - rule: doc/model-card-required\n    models: ["models/b"]\n    reason: trust me\n    approved-by: "@dev"\n    expires: 2026-12-31\n'
    repo.write({ 'models/b/model.safetensors': safetensors(3), '.github/modelgate.yml': waived })
    const head = repo.commit('head')
    stub = await startGitHubStub({ pullFiles: { 7: PR_FILES } })
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'pull_request', event: prEvent(base, head), sha: head, inputs: { comment: 'never' } })
    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '1' })
    const report = JSON.parse(readFileSync(path.join(repo.dir, 'modelgate-report.json'), 'utf8'))
    const f = report.findings.find((x: { ruleId: string }) => x.ruleId === 'doc/model-card-required')
    expect(f.model).toBe('models/b')
    expect(f.waived).toBeUndefined()
    expect(report.summary.waived).toBe(0)
  })
})

describe('action (dist/index.js): an empty pull request file list', () => {
  it('is not read as "nothing changed": without git every unit is checked', async () => {
    const repo = newRepo()
    repo.write({ 'models/z/model.safetensors': safetensors() })
    const head = repo.commit('head only')
    stub = await startGitHubStub({ pullFiles: { 7: [] } })
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'pull_request', event: prEvent('b'.repeat(40), head), sha: head, inputs: { comment: 'never' } })
    expect(r.code).toBe(1)
    expect(r.outputs.models).toBe('["models/z"]')
    expect(r.summary).toContain('GitHub listed no files for pull request #7: every model unit is checked.')
  })
})

describe('action (dist/index.js): GitHub\'s 3,000-file cap', () => {
  it('checks every unit when the pull request lists 3,000+ files and the base is not fetched (fail closed)', async () => {
    const repo = newRepo()
    // Two units; the one without a card is NOT among the first 3,000 files GitHub lists.
    repo.write({ 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD, 'models/z/model.safetensors': safetensors() })
    const head = repo.commit('head only')
    const base = 'b'.repeat(40)
    const listed = Array.from({ length: 3001 }, (_, i) => ({ filename: `data/part-${String(i).padStart(5, '0')}.csv`, status: 'added' }))
    stub = await startGitHubStub({ pullFiles: { 7: listed }, contents: { [base]: {} } })
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'pull_request', event: prEvent(base, head), sha: head, inputs: { comment: 'never' } })
    expect(r.code).toBe(1)
    expect(r.outputs.models).toBe('["models/a","models/z"]')
    expect(r.summary).toContain('GitHub lists at most 3000 files of a pull request and the base commit is not fetched (use `fetch-depth: 0`): every model unit is checked.')
    expect(stub.calls.filter((c) => c.path.endsWith('/pulls/7/files'))).toHaveLength(30)
  })
})

describe('action (dist/index.js) on push', () => {
  it('diffs before...after with git and uses the working tree policy', async () => {
    const repo = newRepo()
    repo.write({ '.github/modelgate.yml': BASE_POLICY, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD })
    const before = repo.commit('one')
    repo.write({ 'models/b/model.safetensors': safetensors() })
    const after = repo.commit('two')
    stub = await startGitHubStub()
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'push', event: { before, after, ref: 'refs/heads/main' }, sha: after })
    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '1', models: '["models/b"]' })
    // No pull request: the check run on the pushed commit, no comment, no other call (git did the diff).
    expect(stub.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /repos/acme/models/check-runs', 'PATCH /repos/acme/models/check-runs/1001'])
    expect(stub.checkRuns[0]).toMatchObject({ head_sha: after, conclusion: 'failure' })
  })

  it('with a working-directory below the root, git-diffed paths still map to units', async () => {
    const repo = newRepo()
    repo.write({ 'sub/.github/modelgate.yml': BASE_POLICY, 'sub/models/a/model.safetensors': safetensors(), 'sub/models/a/README.md': GOOD_CARD })
    const before = repo.commit('one')
    repo.write({ 'sub/models/b/model.safetensors': safetensors() })
    const after = repo.commit('two')
    stub = await startGitHubStub()
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'push', event: { before, after }, sha: after, inputs: { 'working-directory': 'sub' } })
    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '1', models: '["models/b"]' })
  })

  it('checks every unit when the compare API hits its 300-file cap and the base is not fetched (fail closed)', async () => {
    const repo = newRepo()
    repo.write({ 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD, 'models/z/model.safetensors': safetensors() })
    const after = repo.commit('head only')
    const before = 'b'.repeat(40)
    const listed = Array.from({ length: 300 }, (_, i) => ({ filename: `docs/page-${i}.md`, status: 'added' }))
    stub = await startGitHubStub({ compareFiles: { [`${before}...${after}`]: listed } })
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'push', event: { before, after }, sha: after })
    expect(r.code).toBe(1)
    expect(r.outputs.models).toBe('["models/a","models/z"]')
    expect(r.summary).toContain("GitHub's compare lists at most 300 files and the base commit is not fetched (use `fetch-depth: 0`): every model unit is checked.")
  })

  it('fail-on never makes the gate neutral and exits 0', async () => {
    const repo = newRepo()
    repo.write({ '.github/modelgate.yml': BASE_POLICY, 'models/b/model.safetensors': safetensors() })
    const sha = repo.commit('one')
    stub = await startGitHubStub()
    const r = await runAction({
      workspace: repo.dir,
      apiUrl: stub.url,
      eventName: 'workflow_dispatch',
      event: {},
      sha,
      inputs: { 'fail-on': 'never', sarif: 'out/modelgate.sarif' },
    })
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({ conclusion: 'neutral', errors: '1', models: '["models/b"]' })
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, 'out/modelgate.sarif'), 'utf8'))
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'doc/model-card-required', level: 'error' })
  })
})

describe('action (dist/index.js): the baseline comes from the base commit', () => {
  it('baselined findings pass; a finding the pull request baselines in its own head still blocks', async () => {
    const repo = newRepo()
    // The existing repository: models/legacy has no card, accepted by the base's baseline.
    repo.write({ '.github/modelgate.yml': BASE_POLICY, 'models/legacy/model.safetensors': safetensors(), 'models/a/model.safetensors': safetensors(2), 'models/a/README.md': GOOD_CARD })
    repo.commit('existing')
    const b = await runNode(CLI, ['baseline'], { cwd: repo.dir })
    expect(b.code).toBe(0)
    const base = repo.commit('baseline')
    repo.git('checkout', '-q', '-b', 'feature')
    // The pull request touches the legacy unit (still baselined) and adds an undocumented one, then
    // regenerates the baseline in its own head to hide it: the base's baseline applies.
    repo.write({ 'models/legacy/notes.txt': 'x', 'models/b/model.safetensors': safetensors(3) })
    const own = await runNode(CLI, ['baseline'], { cwd: repo.dir })
    expect(own.code).toBe(0)
    const head = repo.commit('head')
    const files = [
      { filename: 'models/legacy/notes.txt', status: 'added' },
      { filename: 'models/b/model.safetensors', status: 'added' },
      { filename: '.github/modelgate-baseline.json', status: 'modified' },
    ]
    stub = await startGitHubStub({ pullFiles: { 7: files } })
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'pull_request', event: prEvent(base, head), sha: head, inputs: { comment: 'never' } })
    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '1', findings: '1' })
    const report = JSON.parse(readFileSync(path.join(repo.dir, 'modelgate-report.json'), 'utf8'))
    const cards = report.findings.filter((x: { ruleId: string }) => x.ruleId === 'doc/model-card-required')
    expect(cards.map((x: { model: string; baselined?: boolean }) => `${x.model} ${x.baselined ?? false}`)).toEqual(['models/b false', 'models/legacy true'])
    expect(report.baseline).toMatchObject({ source: '.github/modelgate-baseline.json', ref: base, matched: 1, stale: [] })
    expect(report.summary).toMatchObject({ errors: 1, baselined: 1 })
  })
})
