/**
 * End to end: `modelgate check --jobs N` with the bundled CLI. Files of 16 MiB and more are scanned on the main
 * thread and N - 1 worker threads (dist/worker.js beside dist/cli.js); the report is the same as with --jobs 1.
 * A worker that dies is a finding for that file. Bad --jobs / MODELGATE_JOBS values are usage errors.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { tempRepos } from '../support/gitrepo.js'
import { CLI, runAction, runNode } from '../support/run-dist.js'
import { startGitHubStub, type GitHubStub } from '../support/github-stub.js'
import { bundleWorker } from '../support/worker.js'

const repo = tempRepos('modelgate-jobs-')
const BIG = 17 << 20

/** A pickle calling os.system on a long string argument (BIG bytes in all). */
function bigMaliciousPickle(): Uint8Array {
  const head = Buffer.from('\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x93\x94X', 'latin1')
  const tail = Buffer.from('\x94\x85\x94R\x94.', 'latin1')
  const n = BIG - head.length - 4 - tail.length
  const len = Buffer.alloc(4)
  len.writeUInt32LE(n)
  return Buffer.concat([head, len, Buffer.alloc(n, 'echo '), tail])
}

function bigCsv(): string {
  const rows = ['id,name,email,comment']
  for (let i = 0, size = 0; size < BIG; i++) {
    const row = `${i},Customer ${i % 50},customer.${i % 1000}@corp-mail.com,renewed after the support call of week ${i % 52}`
    rows.push(row)
    size += row.length + 1
  }
  return rows.join('\n') + '\n'
}

let stub: GitHubStub | undefined
afterEach(async () => {
  await stub?.close()
  stub = undefined
})

const findingsOf = (stdout: string) => (JSON.parse(stdout) as { findings: unknown[] }).findings

describe('modelgate check --jobs', () => {
  let files: Record<string, string | Uint8Array>
  beforeAll(() => {
    files = { 'models/a/model.pkl': bigMaliciousPickle(), 'data/customers.csv': bigCsv(), 'data/small.csv': 'name,email\nA,alice.smith@corp-mail.com\n' }
  })

  it('--jobs 2 (large files on worker threads) reports exactly what --jobs 1 does', async () => {
    const r = repo().write(files)
    const one = await runNode(CLI, ['check', '--all', '--format', 'json', '--jobs', '1'], { cwd: r.dir })
    const two = await runNode(CLI, ['check', '--all', '--format', 'json', '--jobs', '2'], { cwd: r.dir })
    expect([one.code, two.code]).toEqual([1, 1])
    expect(findingsOf(two.stdout)).toEqual(findingsOf(one.stdout))
    const brief = (findingsOf(two.stdout) as { ruleId: string; path: string }[]).map((f) => `${f.ruleId} ${f.path}`)
    expect(brief).toEqual(expect.arrayContaining(['artifact/pickle-dangerous-global models/a/model.pkl', 'pii/email data/customers.csv', 'pii/email data/small.csv']))
  })

  it('the CLI bundle runs worker.js from beside itself: a worker that dies is an error finding for that file only', async () => {
    // dist/cli.js copied next to a worker that exits on files named boom*.
    const bin = mkdtempSync(path.join(tmpdir(), 'modelgate-jobs-bin-'))
    try {
      // The whole bundle (the CLI loads its chunks from beside itself), with the crashing worker in place.
      cpSync(path.dirname(CLI), bin, { recursive: true })
      const crashing = await bundleWorker('__tests__/support/crash-worker.ts')
      copyFileSync(crashing, path.join(bin, 'worker.js'))
      rmSync(path.dirname(crashing), { recursive: true, force: true })
      writeFileSync(path.join(bin, 'package.json'), '{ "type": "module" }\n')
      // With --jobs 2 the main thread takes one large file and the worker the other: the worker's one fails.
      const r = repo().write({ 'models/a/boom.pkl': files['models/a/model.pkl']!, 'models/b/boom.pkl': files['models/a/model.pkl']! })
      const res = await runNode(path.join(bin, 'cli.js'), ['check', '--all', '--format', 'json', '--jobs', '2'], { cwd: r.dir })
      expect(res.code).toBe(1)
      const found = findingsOf(res.stdout) as { ruleId: string; severity: string; path: string; message: string }[]
      const failed = found.filter((f) => f.ruleId === 'artifact/unscannable-code')
      expect(failed).toEqual([
        expect.objectContaining({
          severity: 'error',
          path: expect.stringMatching(/^models\/[ab]\/boom\.pkl$/),
          message: "cannot be fully scanned as an unrecognised file: the scan's worker thread stopped (exit code 3); the file was not scanned",
        }),
      ])
      // The other file was scanned in the main thread.
      const other = failed[0]!.path === 'models/a/boom.pkl' ? 'models/b/boom.pkl' : 'models/a/boom.pkl'
      expect(found.filter((f) => f.ruleId === 'artifact/pickle-dangerous-global').map((f) => f.path)).toEqual([other])
    } finally {
      rmSync(bin, { recursive: true, force: true })
    }
  })

  it('a bad --jobs or MODELGATE_JOBS is a usage error (exit 2)', async () => {
    const r = repo().write({ 'data/small.csv': 'a,b\n1,2\n' })
    const bad = await runNode(CLI, ['check', '--all', '--jobs', '0'], { cwd: r.dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--jobs: expected a number of parallel scans from 1 to 256, or auto; got "0"')
    const env = await runNode(CLI, ['check', '--all'], { cwd: r.dir, env: { MODELGATE_JOBS: 'lots' } })
    expect(env.code).toBe(2)
    expect(env.stderr).toContain('MODELGATE_JOBS: expected a number of parallel scans from 1 to 256, or auto; got "lots"')
    const auto = await runNode(CLI, ['check', '--all', '--jobs', 'auto'], { cwd: r.dir })
    expect(auto.code).toBe(0)
  })
})

describe('action input jobs', () => {
  it('jobs 2 evaluates with worker threads (same findings as jobs 1); a bad value fails the step with the input named', async () => {
    const r = repo()
    // Two large files: the main thread scans one, a worker the other.
    r.write({ 'models/a/model.pkl': bigMaliciousPickle(), 'models/b/model.pkl': bigMaliciousPickle(), 'data/small.csv': 'name,email\nA,alice.smith@corp-mail.com\n' })
    const sha = r.commit('one')
    stub = await startGitHubStub()
    const runWith = (jobs: string) => runAction({ workspace: r.dir, apiUrl: stub!.url, eventName: 'workflow_dispatch', event: {}, sha, inputs: { jobs, 'check-all': 'true', comment: 'never' } })
    const one = await runWith('1')
    const report1 = readFileSync(path.join(r.dir, 'modelgate-report.json'), 'utf8')
    rmSync(path.join(r.dir, 'modelgate-report.json')) // not an input of the next run
    const two = await runWith('2')
    const report2 = readFileSync(path.join(r.dir, 'modelgate-report.json'), 'utf8')
    expect([one.code, two.code]).toEqual([1, 1])
    expect(findingsOf(report2)).toEqual(findingsOf(report1))
    expect((findingsOf(report2) as { ruleId: string; path: string }[]).filter((f) => f.ruleId === 'artifact/pickle-dangerous-global').map((f) => f.path)).toEqual(['models/a/model.pkl', 'models/b/model.pkl'])
    const bad = await runWith('two')
    expect(bad.code).not.toBe(0)
    expect(bad.stdout + bad.stderr).toContain('input jobs: expected a number of parallel scans from 1 to 256, or auto; got "two"')
  })
})
