/**
 * The run itself fails closed and stays inside (issue #17 items 6 and 7), end to end on dist/: the base
 * policy decided from the base tree listing, output files never written through a symlink or outside the
 * workspace, API requests with a timeout, and a check run that is always completed.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { startGitHubStub, type GitHubStub, type StubFile } from '../support/github-stub.js'
import { tempRepos, type TempRepo } from '../support/gitrepo.js'
import { CLI, runAction, runNode } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'

const MERGE_SHA = 'e'.repeat(40)
const STRICT = 'version: 1\nextends: strict\n'
let stub: GitHubStub | undefined
const newRepo = tempRepos('modelgate-hostile-')
afterEach(async () => {
  await stub?.close()
  stub = undefined
})

function scenario(base: Record<string, string | Uint8Array>, head: Record<string, string | Uint8Array>) {
  const repo = newRepo()
  repo.write(base)
  const baseSha = repo.commit('base')
  repo.git('checkout', '-q', '-b', 'feature')
  repo.write(head)
  const headSha = repo.commit('head')
  const files: StubFile[] = repo
    .git('diff', '--name-status', '--no-renames', baseSha, headSha)
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ filename: l.split('\t')[1]!, status: l.startsWith('A') ? 'added' : l.startsWith('D') ? 'removed' : 'modified' }))
  return { repo, base: baseSha, head: headSha, files }
}

const event = (s: { base: string; head: string }) => ({
  action: 'synchronize',
  number: 7,
  pull_request: { number: 7, user: { login: 'dev' }, base: { sha: s.base, ref: 'main', repo: { full_name: 'acme/models' } }, head: { sha: s.head, ref: 'feature', repo: { full_name: 'acme/models' } } },
  repository: { full_name: 'acme/models' },
})

const runPr = (s: ReturnType<typeof scenario>, o: { inputs?: Record<string, string>; env?: Record<string, string>; onSpawn?: (pid: number) => void } = {}) =>
  runAction({ workspace: s.repo.dir, apiUrl: stub!.url, eventName: 'pull_request', event: event(s), sha: MERGE_SHA, ...o })

/** Removes the loose object of `path` at `rev`, as a blob-less clone lacks it. */
function dropBlob(repo: TempRepo, rev: string, p: string): void {
  const oid = repo.git('rev-parse', `${rev}:${p}`)
  rmSync(path.join(repo.dir, '.git/objects', oid.slice(0, 2), oid.slice(2)))
}

describe('base policy', () => {
  it('listed at the base but unreadable (blob missing, API 404): error, exit 2, check run completed as a failure, no preset', async () => {
    const s = scenario({ '.github/modelgate.yml': STRICT, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD }, { '.github/modelgate.yml': 'version: 1\nextends: recommended\n', 'models/a/README.md': GOOD_CARD + '\nMore.\n' })
    dropBlob(s.repo, s.base, '.github/modelgate.yml')
    stub = await startGitHubStub({ pullFiles: { 7: s.files } })
    const r = await runPr(s, { inputs: { comment: 'never' } })
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/::error::modelgate: the policy `\.github\/modelgate\.yml` exists at the base commit [0-9a-f]{12} but could not be read \(git cat-file blob .*\): the gate fails closed/)
    expect(r.summary).not.toContain('recommended')
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'modelgate could not complete' } })
  })

  it('listed at the base, blob missing locally: read through the contents API instead', async () => {
    const s = scenario({ '.github/modelgate.yml': STRICT, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD }, { 'models/a/README.md': GOOD_CARD + '\nMore.\n' })
    dropBlob(s.repo, s.base, '.github/modelgate.yml')
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, contents: { [s.base]: { '.github/modelgate.yml': STRICT } } })
    const r = await runPr(s, { inputs: { comment: 'never' } })
    const report = JSON.parse(readFileSync(path.join(s.repo.dir, 'modelgate-report.json'), 'utf8'))
    expect(report.policy).toMatchObject({ source: '.github/modelgate.yml', extends: ['strict'] })
    expect(report.notes).toContain(`Policy read from the base commit ${s.base.slice(0, 12)} (contents API).`)
    expect(r.code).not.toBe(2)
  })

  it('not in the base tree: the preset, and the note says so', async () => {
    const s = scenario({ 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD }, { 'models/a/README.md': GOOD_CARD + '\nMore.\n' })
    stub = await startGitHubStub({ pullFiles: { 7: s.files } })
    const r = await runPr(s, { inputs: { comment: 'never' } })
    expect(r.code).toBe(0)
    const report = JSON.parse(readFileSync(path.join(s.repo.dir, 'modelgate-report.json'), 'utf8'))
    expect(report.notes).toContain(`No policy file \`.github/modelgate.yml\` at the base commit ${s.base.slice(0, 12)}: using the built-in \`recommended\` preset.`)
  })
})

describe('output files', () => {
  it('a report path the pull request commits as a symlink is not written through; SARIF outside the workspace is refused', async () => {
    const s = scenario({ '.github/modelgate.yml': STRICT }, { 'models/a/model.safetensors': safetensors() })
    const outside = path.join(path.dirname(s.repo.dir), `${path.basename(s.repo.dir)}-victim.txt`)
    writeFileSync(outside, 'precious\n')
    symlinkSync(outside, path.join(s.repo.dir, 'modelgate-report.json'))
    mkdirSync(path.join(s.repo.dir, 'out'))
    symlinkSync(path.dirname(s.repo.dir), path.join(s.repo.dir, 'out/up'))
    stub = await startGitHubStub({ pullFiles: { 7: s.files } })
    try {
      const r = await runPr(s, { inputs: { comment: 'never', sarif: '../escape.sarif', audit: 'out/up/audit.json' } })
      expect(r.code).toBe(1)
      expect(readFileSync(outside, 'utf8')).toBe('precious\n')
      expect(existsSync(path.join(path.dirname(s.repo.dir), 'escape.sarif'))).toBe(false)
      expect(existsSync(path.join(path.dirname(s.repo.dir), 'audit.json'))).toBe(false)
      expect(r.stdout).toContain(`::warning::modelgate: could not write the JSON report (${path.join(s.repo.dir, 'modelgate-report.json')}: is a symbolic link: output is never written through one; nothing was written); the verdict is unchanged`)
      expect(r.stdout).toMatch(/::warning::modelgate: could not write the SARIF report \(.*escape\.sarif: outside the workspace .*: refused; nothing was written\); the verdict is unchanged/)
      expect(r.stdout).toContain(`::warning::modelgate: could not write the audit record (${path.join(s.repo.dir, 'out/up/audit.json')}: out/up is a symbolic link: output is never written through one; nothing was written); the verdict is unchanged`)
      expect(stub.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    } finally {
      rmSync(outside, { force: true })
    }
  })

  it('CLI: --output through a symlink in the checked directory is refused, exit 2', async () => {
    const repo = newRepo().write({ 'models/a/model.safetensors': safetensors() })
    const outside = path.join(path.dirname(repo.dir), `${path.basename(repo.dir)}-victim.txt`)
    writeFileSync(outside, 'precious\n')
    symlinkSync(outside, path.join(repo.dir, 'report.json'))
    try {
      const r = await runNode(CLI, ['check', '--all', '--format', 'json', '--output', 'report.json', '.'], { cwd: repo.dir })
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(`modelgate check: cannot write ${path.join(repo.dir, 'report.json')}: is a symbolic link: output is never written through one; nothing was written\n`)
      expect(readFileSync(outside, 'utf8')).toBe('precious\n')
    } finally {
      rmSync(outside, { force: true })
    }
  })
})

describe('policy path (CLI)', () => {
  const cases: [string, (repo: TempRepo) => void, string][] = [
    ['a directory', (r) => mkdirSync(path.join(r.dir, '.github/modelgate.yml'), { recursive: true }), 'the policy path is a directory, not a file'],
    ['a FIFO', (r) => { mkdirSync(path.join(r.dir, '.github'), { recursive: true }); execFileSync('mkfifo', [path.join(r.dir, '.github/modelgate.yml')]) }, 'the policy path is a FIFO, not a file'],
    ['over 1 MiB', (r) => r.write({ '.github/modelgate.yml': 'version: 1\n' + '#'.repeat(1024 * 1024) + '\n' }), 'the policy file is 1048588 bytes, over the 1048576-byte limit (1 MiB): refused, not read'],
  ]
  cases.push([
    'nested 100,000 levels deep',
    (r) => r.write({ '.github/modelgate.yml': 'version: 1\nrules: ' + '['.repeat(100_000) + '\n' }),
    "invalid YAML: too complex to read: collections are nested more than 64 levels deep (modelgate's limit for YAML and JSON)",
  ])
  for (const [what, make, message] of cases) {
    it(`${what}: one line, exit 2`, async () => {
      const repo = newRepo().write({ 'models/a/model.safetensors': safetensors() })
      make(repo)
      const r = await runNode(CLI, ['check', '--all', '.'], { cwd: repo.dir })
      expect(r.code).toBe(2)
      const at = what.startsWith('nested') ? '2:71' : '1:1'
      expect(r.stderr).toBe(`.github/modelgate.yml:${at}: ${message}\nmodelgate: the policy is invalid; nothing was checked (exit 2)\n`)
    })
  }
})

describe('the check run is always completed', () => {
  it('an API request that never answers times out; the run completes the check run with its verdict', async () => {
    const s = scenario({ '.github/modelgate.yml': STRICT }, { 'models/a/model.safetensors': safetensors() })
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, faults: [{ method: 'GET', pathPattern: /\/pulls\/7\/files$/, times: 1, kind: 'hang' }] })
    const r = await runPr(s, { env: { MODELGATE_API_TIMEOUT_SECONDS: '1' } })
    expect(r.code).toBe(1)
    expect(r.outputs.conclusion).toBe('failure')
    const report = JSON.parse(readFileSync(path.join(s.repo.dir, 'modelgate-report.json'), 'utf8'))
    expect(report.notes).toContain("Could not list the pull request's files (no answer from the GitHub API within 1 s (GET " + stub.url + '/repos/acme/models/pulls/7/files)); used `git diff`.')
    // Not retried, and nothing but completing the check run is tried after it.
    expect(stub.callsTo('GET', /\/pulls\/7\/files$/)).toHaveLength(1)
    expect(stub.callsTo('GET', /comments/)).toEqual([])
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
  })

  it('a check-run create that never answers: the run creates it completed at the end', async () => {
    const s = scenario({ '.github/modelgate.yml': STRICT }, { 'models/a/model.safetensors': safetensors() })
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, faults: [{ method: 'POST', pathPattern: /\/check-runs$/, times: 1, kind: 'hang' }] })
    const r = await runPr(s, { env: { MODELGATE_API_TIMEOUT_SECONDS: '1' }, inputs: { comment: 'never' } })
    expect(r.code).toBe(1)
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
  })

  it('a primary rate limit nearly spent: other requests are skipped, the check run is completed with the verdict', async () => {
    const s = scenario({ '.github/modelgate.yml': STRICT }, { 'models/a/model.safetensors': safetensors() })
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, rateLimit: 4 })
    const r = await runPr(s)
    expect(r.code).toBe(1)
    expect(stub.checkRuns).toHaveLength(1)
    expect(stub.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(stub.calls.filter((c) => c.status === 403)).toEqual([])
    const report = JSON.parse(readFileSync(path.join(s.repo.dir, 'modelgate-report.json'), 'utf8'))
    expect(report.notes).toContain("Could not list the pull request's files (skipped: the GitHub API rate limit is nearly spent (3 requests left), kept for completing the check run); used `git diff`.")
    expect(r.stdout).toContain('could not write the pull request comment (skipped: the GitHub API rate limit is nearly spent (2 requests left), kept for completing the check run)')
  })

  it('stopped by the runner (SIGTERM) after the check run was created: completed as a failure saying why', async () => {
    const s = scenario({ '.github/modelgate.yml': STRICT }, { 'models/a/model.safetensors': safetensors() })
    stub = await startGitHubStub({ pullFiles: { 7: s.files }, faults: [{ method: 'GET', pathPattern: /\/pulls\/7\/files$/, times: 1, kind: 'hang' }] })
    let pid = 0
    const run = runPr(s, { env: { MODELGATE_API_TIMEOUT_SECONDS: '60' }, onSpawn: (p) => (pid = p) })
    for (let i = 0; i < 400 && stub.callsTo('GET', /\/pulls\/7\/files$/).length === 0; i++) await new Promise((res) => setTimeout(res, 50))
    expect(pid).toBeGreaterThan(0)
    process.kill(pid, 'SIGTERM')
    const r = await run
    expect(r.code).toBe(2)
    expect(stub.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'modelgate was stopped before it finished' } })
  })
})
