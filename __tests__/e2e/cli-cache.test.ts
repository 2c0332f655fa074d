/** End to end: `modelgate check --all --cache DIR` twice on a committed repository (issue #15 item 6). */
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterEach } from '@jest/globals'
import { tempRepos } from '../support/gitrepo.js'
import { CLI, runNode } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'
import { fixture } from '../formats/archive/support.js'

const repo = tempRepos('modelgate-cli-cache-')
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const cacheDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'modelgate-cache-dir-'))
  dirs.push(d)
  return path.join(d, 'cache')
}
const cli = (cwd: string, ...args: string[]) => runNode(CLI, args, { cwd, env: { NO_COLOR: '1' } })

const CSV = 'id,email\n' + Array.from({ length: 60 }, (_, i) => `${i},user${i}@example.com`).join('\n') + '\n'

function write(r: ReturnType<typeof repo>) {
  return r.write({
    'models/a/README.md': GOOD_CARD,
    'models/a/model.safetensors': safetensors(1024),
    'models/b/README.md': GOOD_CARD,
    'models/b/model.pkl': fixture('malicious/reduce_os_system_p2.pkl'),
    'models/b/data/users.csv': CSV,
    'models/c/README.md': GOOD_CARD,
    'models/c/model.joblib': fixture('benign/estimator.joblib'),
  })
}

describe('modelgate check --cache', () => {
  it('the second run takes every scan from the cache (hits = the files scanned) and reports the same', async () => {
    const r = write(repo())
    r.commit('models')
    const cache = cacheDir()
    const cold = await cli(r.dir, 'check', '--all', '--format', 'json', '--cache', cache)
    expect(cold.stderr).toBe('')
    expect(cold.code).toBe(1)
    const one = JSON.parse(cold.stdout)
    // Scanned: 3 artifacts (artifact scan) and 4 PII files (three cards and the CSV); hashed for the artifact
    // inventory by blob id: the safetensors (the pickle and the joblib file are small: hashed from their bytes).
    expect(one.stats).toEqual({ cache: { hits: 0, misses: 7, stored: 7, invalid: 0, uncached: 0, unstored: 0, hashes: { hits: 0, misses: 1 } } })
    expect(readdirSync(cache).length).toBeGreaterThan(0)

    const warm = await cli(r.dir, 'check', '--all', '--format', 'json', '--cache', cache)
    expect(warm.code).toBe(1)
    const two = JSON.parse(warm.stdout)
    expect(two.stats).toEqual({ cache: { hits: 7, misses: 0, stored: 0, invalid: 0, uncached: 0, unstored: 0, hashes: { hits: 1, misses: 0 } } })
    expect({ ...two, stats: undefined }).toEqual({ ...one, stats: undefined })
    expect(two.findings.map((f: { ruleId: string; path: string }) => `${f.ruleId} ${f.path}`)).toEqual(
      expect.arrayContaining(['artifact/pickle-dangerous-global models/b/model.pkl', 'pii/email models/b/data/users.csv']),
    )

    // An edited file misses (and is scanned again); the rest still hits.
    r.write({ 'models/b/data/users.csv': CSV + '61,new@example.org\n' })
    const edited = JSON.parse((await cli(r.dir, 'check', '--all', '--format', 'json', '--cache', cache)).stdout)
    expect(edited.stats.cache).toMatchObject({ hits: 6, misses: 1, stored: 1 })
    expect(edited.findings.find((f: { ruleId: string }) => f.ruleId === 'pii/email').details.count).toBe(61)

    // Without --cache: no stats.
    const plain = JSON.parse((await cli(r.dir, 'check', '--all', '--format', 'json')).stdout)
    expect(plain.stats).toBeUndefined()
  })

  it('a cache folder inside the repository is refused with a warning and a note; the run scans everything', async () => {
    const r = write(repo())
    r.commit('models')
    const res = await cli(r.dir, 'check', '--all', '--format', 'json', '--cache', '.modelgate-cache')
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/^modelgate: warning: the cache folder .*\.modelgate-cache is inside the repository under check/)
    const report = JSON.parse(res.stdout)
    expect(report.stats).toBeUndefined()
    expect(report.notes.join('\n')).toMatch(/Result cache not used: the cache folder/)
    expect(existsSync(path.join(r.dir, '.modelgate-cache'))).toBe(false)
  })
})
