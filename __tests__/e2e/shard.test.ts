/**
 * End to end, sharding on an Actions matrix (docs/sharding.md): the bundled dist/index.js run as the runner
 * runs it, three shards and a merge against the REST API stand-in, compared with one unsharded run of the
 * same pull request. Shards post nothing; the merge posts one check run carrying every annotation and one
 * comment, with the unsharded verdict. A missing shard, or one for another head commit, fails the merge.
 * Plus the CLI: `check --shard` and `merge`.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { startGitHubStub, type GitHubStub, type StubAnnotation, type StubFile } from '../support/github-stub.js'
import { tempRepos, type TempRepo } from '../support/gitrepo.js'
import { CLI, runAction, runNode, type ActionRun } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'
import { shardOf } from '../../src/core/shard.js'

const MERGE_SHA = 'e'.repeat(40)
const POLICY = `version: 1
extends: recommended
guardians:
  - models: ['models/**']
    users: [alice]
`

let stub: GitHubStub | undefined
const newRepo = tempRepos()
afterEach(async () => {
  await stub?.close()
  stub = undefined
})

interface Scenario {
  repo: TempRepo
  base: string
  head: string
  files: StubFile[]
}

const LFS_ARCHIVES = [0, 1, 2, 3, 4, 5].map((i) => `archives/w${i}.tar.gz`)

/**
 * A pull request that adds 12 uncarded units (one error each), a CSV with e-mail addresses outside every
 * unit, and edits the policy (a run-level finding the merge alone makes); guardians must approve.
 */
function scenario(): Scenario {
  const repo = newRepo()
  repo.write({ '.github/modelgate.yml': POLICY, 'models/base/model.safetensors': safetensors(), 'models/base/README.md': GOOD_CARD })
  const base = repo.commit('base')
  repo.git('checkout', '-q', '-b', 'feature')
  const head: Record<string, string | Uint8Array> = { '.github/modelgate.yml': POLICY + '# reviewed\n', 'data/contacts.csv': 'name,email\nA,alice.smith@example.org\nB,bob.jones@example.net\n' }
  for (let i = 0; i < 12; i++) head[`models/m${String(i).padStart(2, '0')}/model.safetensors`] = safetensors()
  // Git LFS pointers outside every unit: one cause, one finding of the repository scope, whatever shards their
  // paths hash to (a real model zoo gave one finding per shard before the scope went whole to one shard).
  for (const p of LFS_ARCHIVES) head[p] = `version https://git-lfs.github.com/spec/v1\noid sha256:${'0'.repeat(63)}${p.length % 10}\nsize 1234\n`
  repo.write(head)
  const headSha = repo.commit('head')
  const status: Record<string, string> = { A: 'added', M: 'modified', D: 'removed' }
  const files = repo
    .git('diff', '--name-status', '--no-renames', base, headSha)
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [s, f] = l.split('\t')
      return { filename: f!, status: status[s!] ?? 'modified' }
    })
  return { repo, base, head: headSha, files }
}

function prEvent(s: { base: string; head: string }) {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      user: { login: 'dev' },
      base: { sha: s.base, ref: 'main', repo: { full_name: 'acme/models' } },
      head: { sha: s.head, ref: 'feature', repo: { full_name: 'acme/models' } },
    },
    repository: { full_name: 'acme/models' },
  }
}

const newStub = async (s: Scenario) => {
  await stub?.close()
  stub = await startGitHubStub({ pullFiles: { 7: s.files }, reviews: { 7: [{ user: { login: 'bob' }, state: 'APPROVED', commit_id: s.head, submitted_at: '2026-01-01T00:00:00Z' }] } })
  return stub
}
const run = (s: Scenario, inputs: Record<string, string> = {}): Promise<ActionRun> =>
  runAction({ workspace: s.repo.dir, apiUrl: stub!.url, eventName: 'pull_request', event: prEvent(s), sha: MERGE_SHA, inputs })
const key = (a: StubAnnotation) => JSON.stringify([a.path, a.start_line, a.annotation_level, a.title, a.message])
const writes = (g: GitHubStub) => g.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`)

describe('three shards and a merge', () => {
  it('equal one unsharded run: shards post nothing; the merge posts one check run with every annotation and one comment', async () => {
    const s = scenario()

    // The same pull request, unsharded.
    const whole = await newStub(s)
    const w = await run(s)
    expect(w.code).toBe(1)
    expect(whole.checkRuns).toHaveLength(1)
    const wholeRun = whole.checkRuns[0]!
    const wholeAnnotations = wholeRun.annotations.map(key).sort()
    // 12 uncarded units, the CSV, the policy edit and the missing guardian approvals.
    expect(wholeRun.annotations.map((a) => a.title)).toEqual(expect.arrayContaining(['modelgate doc/model-card-required', 'modelgate policy/policy-modified', 'modelgate governance/guardian-approval']))
    expect(wholeRun.annotations.some((a) => a.path === 'data/contacts.csv')).toBe(true)

    // The matrix: each shard writes its report; upload-artifact + download-artifact (merge-multiple) put them in one folder.
    const downloads = path.join(s.repo.dir, 'shard-reports')
    mkdirSync(downloads)
    const shards: ActionRun[] = []
    const models: string[][] = []
    for (const i of [1, 2, 3]) {
      const g = await newStub(s)
      const r = await run(s, { shard: `${i}/3`, report: `modelgate-shard-${i}.json` })
      shards.push(r)
      // No check run, no comment, nothing written to GitHub at all.
      expect(writes(g)).toEqual([])
      expect(g.callsTo('GET', /comments|check-runs/)).toEqual([])
      const file = path.join(s.repo.dir, `modelgate-shard-${i}.json`)
      const rep = JSON.parse(readFileSync(file, 'utf8'))
      expect(rep.shard).toEqual({ index: i, count: 3 })
      expect(rep.run).toEqual({ event: 'pull_request', baseSha: s.base, headSha: s.head })
      // Run-level rules are the merge's.
      expect(rep.findings.filter((f: { ruleId: string }) => /^(policy|governance)\//.test(f.ruleId))).toEqual([])
      models.push(rep.models.map((m: { path: string }) => m.path))
      expect(r.outputs.conclusion).toBe(rep.conclusion)
      expect(r.code).toBe(rep.conclusion === 'failure' ? 1 : 0)
      expect(r.summary).toContain(`Shard ${i}/3: this is its part of the run only`)
      copyFileSync(file, path.join(downloads, `modelgate-shard-${i}.json`))
      rmSync(file)
    }
    // Every shard got some units, and each unit exactly one shard.
    for (const m of models) expect(m.length).toBeGreaterThan(0)
    expect(models.flat().sort()).toEqual(Array.from({ length: 12 }, (_, i) => `models/m${String(i).padStart(2, '0')}`))

    const g = await newStub(s)
    const m = await run(s, { mode: 'merge', reports: 'shard-reports/*.json' })
    expect(m.code).toBe(w.code)
    expect(m.outputs).toMatchObject({ conclusion: w.outputs.conclusion, errors: w.outputs.errors, warnings: w.outputs.warnings, findings: w.outputs.findings, models: w.outputs.models })
    expect(g.checkRuns).toHaveLength(1)
    const merged = g.checkRuns[0]!
    expect(merged).toMatchObject({ name: 'modelgate', head_sha: s.head, status: 'completed', conclusion: wholeRun.conclusion })
    expect(merged.output.title).toBe(wholeRun.output.title)
    expect(merged.annotations.map(key).sort()).toEqual(wholeAnnotations)
    expect(g.callsTo('POST', /issues\/7\/comments$/)).toHaveLength(1)
    expect(g.comments.get(7)).toHaveLength(1)
    expect(g.comments.get(7)![0]!.body).toBe(whole.comments.get(7)![0]!.body)
    expect(m.summary).toContain('Merged from 3 shard reports (shard-reports/modelgate-shard-1.json, shard-reports/modelgate-shard-2.json, shard-reports/modelgate-shard-3.json).')
    const report = JSON.parse(readFileSync(path.join(s.repo.dir, 'modelgate-report.json'), 'utf8'))
    expect(report.shard).toBeUndefined()

    // A missing shard: the merge fails closed (exit 2) on its check run, and posts no comment.
    rmSync(path.join(downloads, 'modelgate-shard-2.json'))
    const g2 = await newStub(s)
    const missing = await run(s, { mode: 'merge', reports: 'shard-reports' })
    expect(missing.code).toBe(2)
    expect(missing.outputs.conclusion).toBe('failure')
    expect(missing.stdout).toContain('::error::modelgate: merge: shard 2/3 is missing (got 1/3, 3/3): did a shard job fail or not upload its report? The gate fails closed')
    expect(g2.checkRuns).toHaveLength(1)
    expect(g2.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'The shard reports could not be merged' } })
    expect(g2.callsTo('POST', /comments/)).toEqual([])

    // A shard report of another head commit (a stale artifact): the merge fails closed.
    const two = path.join(downloads, 'modelgate-shard-2.json')
    const stale = JSON.parse(readFileSync(path.join(downloads, 'modelgate-shard-1.json'), 'utf8'))
    writeFileSync(two, JSON.stringify({ ...stale, shard: { index: 2, count: 3 }, run: { ...stale.run, headSha: 'c'.repeat(40) } }))
    const g3 = await newStub(s)
    const other = await run(s, { mode: 'merge', reports: 'shard-reports/*.json' })
    expect(other.code).toBe(2)
    expect(other.stdout).toContain(`::error::modelgate: merge: the shards disagree on the head commit: shard-reports/modelgate-shard-1.json has ${s.head.slice(0, 12)}, shard-reports/modelgate-shard-2.json has cccccccccccc`)
    expect(g3.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
  }, 180_000)

  it('refuses inputs that do not make sense together', async () => {
    const s = scenario()
    await newStub(s)
    const r = await run(s, { shard: '4/3' })
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('::error::modelgate: input shard: the shard index must be from 1 to 3 (indexes start at 1), got 4')
    const m = await run(s, { mode: 'merge' })
    expect(m.code).toBe(2)
    expect(m.stdout).toContain('input reports: mode merge needs the shard reports')
    expect(stub!.checkRuns).toEqual([])
  }, 60_000)
})

describe('CLI: check --shard and merge', () => {
  it('three shards merged equal one run; a missing or foreign shard exits 2', async () => {
    const s = scenario()
    const cli = (...args: string[]) => runNode(CLI, args, { cwd: s.repo.dir })
    const whole = await cli('check', '--base', 'main', '--format', 'json')
    expect(whole.code).toBe(1)
    for (const i of [1, 2, 3]) {
      const r = await cli('check', '--base', 'main', '--shard', `${i}/3`, '--output', `out/s${i}.json`)
      const rep = JSON.parse(readFileSync(path.join(s.repo.dir, `out/s${i}.json`), 'utf8'))
      expect(rep.shard).toEqual({ index: i, count: 3 })
      expect(r.code).toBe(rep.conclusion === 'failure' ? 1 : 0)
    }
    const merged = await cli('merge', '--base', 'main', '--format', 'json', 'out/s1.json', 'out/s2.json', 'out/s3.json')
    expect(merged.code).toBe(1)
    const a = JSON.parse(whole.stdout)
    const b = JSON.parse(merged.stdout)
    const brief = (r: { findings: { ruleId: string; path: string; line?: number; message: string }[] }) => r.findings.map((f) => `${f.ruleId} ${f.path}:${f.line ?? 0} ${f.message}`)
    expect(brief(b)).toEqual(brief(a))
    // The pointers' paths hash to several shards, and still make one finding.
    expect(new Set(LFS_ARCHIVES.map((p) => shardOf(p, 3))).size).toBeGreaterThan(1)
    expect(brief(b).filter((f) => f.includes('Git LFS pointers'))).toEqual([
      expect.stringMatching(/^artifact\/unscannable-code archives\/w0\.tar\.gz:1 6 files are Git LFS pointers/),
    ])
    expect(b.summary).toEqual(a.summary)
    expect(b.conclusion).toBe(a.conclusion)
    expect(b.models).toEqual(a.models)

    const missing = await cli('merge', '--base', 'main', 'out/s1.json', 'out/s3.json')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('modelgate merge: shard 2/3 is missing (got 1/3, 3/3): did a shard job fail or not upload its report? The gate fails closed\n')
    const twice = await cli('merge', '--base', 'main', 'out/s1.json', 'out/s2.json', 'out/s2.json', 'out/s3.json')
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain('shard 2/3 appears twice')
    // Shards of every unit (--all) do not cover what a merge of the change selects, and the other way round.
    const all = await cli('merge', '--base', 'main', '--all', 'out/s1.json', 'out/s2.json', 'out/s3.json')
    expect(all.code).toBe(2)
    expect(all.stderr).toContain('model unit(s) this run selects were evaluated by no shard (`models/base`)')
    const bad = await cli('check', '--shard', '1/0')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('modelgate check: --shard: the shard count must be from 1 to 256, got 0')
    const whole2 = await cli('merge', '--base', 'main', 'out/s1.json', 'out/s2.json', 'out/s3.json', 'nope.json')
    expect(whole2.code).toBe(2)
    expect(whole2.stderr).toContain('nope.json: no such file')
  }, 120_000)
})
