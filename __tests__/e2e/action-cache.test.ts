/** End to end: the action's `cache-dir` input on a push with `check-all` (issue #15 item 6). */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { startGitHubStub, type GitHubStub } from '../support/github-stub.js'
import { tempRepos } from '../support/gitrepo.js'
import { runAction } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'
import { fixture } from '../formats/archive/support.js'

let stub: GitHubStub | undefined
const newRepo = tempRepos('modelgate-action-cache-')
const dirs: string[] = []
afterEach(async () => {
  await stub?.close()
  stub = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('action input cache-dir', () => {
  it('a second push run with check-all takes every scan from the cache and reaches the same verdict', async () => {
    const repo = newRepo()
    repo.write({
      'models/a/README.md': GOOD_CARD,
      'models/a/model.safetensors': safetensors(1024),
      'models/b/README.md': GOOD_CARD,
      'models/b/model.pkl': fixture('malicious/reduce_os_system_p2.pkl'),
    })
    const before = repo.commit('one')
    repo.write({ 'models/a/notes.txt': 'unrelated\n' })
    const after = repo.commit('two')
    const cacheRoot = mkdtempSync(path.join(tmpdir(), 'modelgate-action-cache-dir-'))
    dirs.push(cacheRoot)
    const run = async () => {
      stub = await startGitHubStub()
      const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'push', event: { before, after, ref: 'refs/heads/main' }, sha: after, inputs: { 'check-all': 'true', 'cache-dir': path.join(cacheRoot, 'mg') } })
      await stub.close()
      stub = undefined
      const file = path.join(repo.dir, 'modelgate-report.json')
      const report = JSON.parse(readFileSync(file, 'utf8'))
      rmSync(file) // as on a fresh runner (it would be a new untracked file to scan)
      return { r, report }
    }
    const cold = await run()
    expect(cold.r.code).toBe(1)
    // Two artifacts (artifact scan), two cards and the notes (PII scan).
    expect(cold.report.stats).toEqual({ cache: { hits: 0, misses: 5, stored: 5, invalid: 0, uncached: 0, unstored: 0, hashes: { hits: 0, misses: 1 } } })
    const warm = await run()
    expect(warm.r.code).toBe(1)
    expect(warm.report.stats).toEqual({ cache: { hits: 5, misses: 0, stored: 0, invalid: 0, uncached: 0, unstored: 0, hashes: { hits: 1, misses: 0 } } })
    expect(warm.report.findings).toEqual(cold.report.findings)
    expect(warm.r.outputs).toEqual(cold.r.outputs)
  })

  it('a cache-dir inside the workspace is refused with a warning; the run scans everything', async () => {
    const repo = newRepo()
    repo.write({ 'models/a/README.md': GOOD_CARD, 'models/a/model.safetensors': safetensors() })
    const after = repo.commit('one')
    stub = await startGitHubStub()
    const r = await runAction({ workspace: repo.dir, apiUrl: stub.url, eventName: 'push', event: { before: '0'.repeat(40), after }, sha: after, inputs: { 'check-all': 'true', 'cache-dir': '.modelgate-cache' } })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/::warning::modelgate: the cache folder .*\.modelgate-cache is inside the repository under check/)
    expect(JSON.parse(readFileSync(path.join(repo.dir, 'modelgate-report.json'), 'utf8')).stats).toBeUndefined()
  })
})
