/**
 * The worker pool (issue #15 item 4): per-file artifact and PII scans on worker threads give exactly the
 * in-process results; a worker that dies fails only its file (a finding, never a crash or silence); a pool whose
 * workers cannot start falls back to in-process scans; --jobs / input jobs / MODELGATE_JOBS parsing.
 * The workers are real threads running a bundle of src/worker.ts made by esbuild (not dist/).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { WorkspaceView } from '../../src/adapters/fs/workspace.js'
import { JobsError, parseJobs, resolveJobs } from '../../src/adapters/workers/jobs.js'
import { createScanner, WorkerPool } from '../../src/adapters/workers/pool.js'
import { runGate, type GateResult } from '../../src/core/gate.js'
import { builtInPolicy } from '../../src/core/policy/load.js'
import { mapConcurrent, runInPool, type Scanner } from '../../src/core/scan.js'
import { ruleSet } from '../../src/rules/index.js'
import { piiSettingsSchema } from '../../src/rules/pii/settings.js'
import { ROOT, runNode } from '../support/run-dist.js'
import { bundleWorker } from '../support/worker.js'
import { safetensors } from '../support/artifacts.js'

const FIXTURES = path.join(ROOT, '__tests__/fixtures')
const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'modelgate-pool-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

let workerFile: string
let crashWorkerFile: string
beforeAll(async () => {
  ;[workerFile, crashWorkerFile] = await Promise.all([bundleWorker(), bundleWorker('__tests__/support/crash-worker.ts')])
  dirs.push(path.dirname(workerFile), path.dirname(crashWorkerFile))
})

async function gate(root: string, scanner?: Scanner, only?: string[]): Promise<GateResult> {
  return runGate({
    ruleSet,
    policy: builtInPolicy(ruleSet),
    files: new WorkspaceView(root),
    run: { event: 'local', policyPath: '.github/modelgate.yml', now: new Date('2026-11-26T12:00:00Z'), ...(scanner ? { scanner } : {}) },
    all: true,
    tool: { name: 'modelgate', version: 'test' },
    only,
  })
}

/** Counts the scans handed to the pool, by kind. */
function counting(pool: WorkerPool): Scanner & { runs: Record<string, number> } {
  const runs: Record<string, number> = {}
  return {
    size: pool.size,
    runs,
    run: (r, local) => {
      runs[r.kind] = (runs[r.kind] ?? 0) + 1
      return pool.run(r, local)
    },
  }
}

const notHere = (): Promise<never> => Promise.reject(new Error('ran in the main thread'))

describe('pool results equal in-process results', () => {
  it('the artifact fixture set and the PII fixture set (repository scope and a unit with a card)', async () => {
    const root = tempDir()
    for (const set of ['benign', 'corrupt', 'malicious', 'lfs']) cpSync(path.join(FIXTURES, 'artifacts', set), path.join(root, 'models', set), { recursive: true })
    cpSync(path.join(FIXTURES, 'pii'), path.join(root, 'data'), { recursive: true })
    cpSync(path.join(FIXTURES, 'pii'), path.join(root, 'models/churn'), { recursive: true })
    writeFileSync(path.join(root, 'models/churn/model.safetensors'), safetensors())

    const local = await gate(root)
    const pool = createScanner({ root, jobs: 2, workerFile, minBytes: 0, mainLane: false })!
    expect(pool).toBeInstanceOf(WorkerPool)
    const scanner = counting(pool)
    let pooled: GateResult
    try {
      pooled = await gate(root, scanner)
    } finally {
      await pool.close()
    }
    // Every scan ran on a worker, and nothing differs: findings, tables, verdict.
    expect(scanner.runs.artifact).toBeGreaterThan(100)
    expect(scanner.runs.pii).toBeGreaterThan(15)
    expect(pool.workerScans).toBe(scanner.runs.artifact! + scanner.runs.pii!)
    expect(pool.failures).toBe(0)
    expect(pooled.findings).toEqual(local.findings)
    expect(pooled.report).toEqual(local.report)
    // The fixture sets do produce findings of both families (the comparison is not vacuous).
    const rules = new Set(local.findings.map((f) => f.ruleId))
    for (const id of ['artifact/pickle-dangerous-global', 'artifact/unscannable-code', 'artifact/safetensors-invalid', 'pii/email', 'pii/phone', 'pii/credit-card']) expect(rules).toContain(id)
  })

  it('small files stay in the main thread (below minBytes), with the same results', async () => {
    const root = tempDir()
    mkdirSync(path.join(root, 'data'))
    writeFileSync(path.join(root, 'data/small.csv'), 'name,email\nA,alice.smith@corp-mail.com\n')
    writeFileSync(path.join(root, 'data/large.csv'), 'name,email\n' + 'B,bob.jones@corp-mail.com\n'.repeat(2000))
    const pool = createScanner({ root, jobs: 2, workerFile, files: new WorkspaceView(root), minBytes: 10_000, mainLane: false })!
    const pooled = await gate(root, pool, ['pii/email']).finally(() => pool.close())
    expect(pool.workerScans).toBe(1)
    expect(pooled.findings).toEqual((await gate(root, undefined, ['pii/email'])).findings)
    expect(pooled.findings.map((f) => `${f.path} ${f.details?.count}`)).toEqual(['data/large.csv 2000', 'data/small.csv 1'])
  })
})

describe('a worker that dies fails only its file', () => {
  it('exit, out of memory and an uncaught error become findings for those files; the other files are scanned', async () => {
    const root = tempDir()
    const pickle = (p: string) => cpSync(path.join(FIXTURES, 'artifacts/malicious/reduce_eval_p2.pkl'), path.join(root, p))
    mkdirSync(path.join(root, 'models/a'), { recursive: true })
    mkdirSync(path.join(root, 'data'))
    pickle('models/a/model.pkl')
    pickle('models/a/boom.pkl')
    pickle('models/a/oom.pkl')
    writeFileSync(path.join(root, 'data/people.csv'), 'name,email\nA,alice.smith@corp-mail.com\n')
    writeFileSync(path.join(root, 'data/throw.csv'), 'name,email\nB,bob.jones@corp-mail.com\n')
    const pool = createScanner({ root, jobs: 2, workerFile: crashWorkerFile, minBytes: 0, resourceLimits: { maxOldGenerationSizeMb: 32 }, mainLane: false })!
    const only = ['artifact/unscannable-code', 'artifact/pickle-dangerous-global', 'pii/scan-error', 'pii/email']
    const r = await gate(root, pool, only).finally(() => pool.close())
    expect(pool.failures).toBe(3)
    expect(r.findings.map((f) => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'pii/email data/people.csv: 1 email address in column "email" (first: a***@c***.com)',
      "pii/scan-error data/throw.csv: not scanned for personal data: the scan's worker thread crashed (worker state lost)",
      "artifact/unscannable-code models/a/boom.pkl: cannot be fully scanned as an unrecognised file: the scan's worker thread stopped (exit code 3); the file was not scanned",
      expect.stringMatching(/^artifact\/pickle-dangerous-global models\/a\/model\.pkl: /),
      'artifact/unscannable-code models/a/oom.pkl: cannot be fully scanned as an unrecognised file: the scan ran out of memory (limit 32 MB per worker thread); the file was not scanned',
    ])
    expect(r.findings.filter((f) => f.ruleId === 'artifact/unscannable-code').map((f) => [f.severity, f.details?.code])).toEqual([
      ['error', 'scan-failed'],
      ['error', 'scan-failed'],
    ])
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('workers that cannot start: every scan runs in-process instead', async () => {
    const dir = tempDir()
    const broken = path.join(dir, 'broken.mjs')
    writeFileSync(broken, "throw new Error('cannot load')\n")
    const pool = new WorkerPool({ root: dir, size: 2, workerFile: broken, mainLane: false })
    const request = { kind: 'artifact', path: 'x.pkl', options: {} }
    const results = await Promise.all([1, 2, 3].map((n) => runInPool(pool, request, async () => `local ${n}`, (why) => `failed: ${why}`)))
    await pool.close()
    expect(results).toEqual(['local 1', 'local 2', 'local 3'])
    expect(pool.failures).toBe(0)
  })

  it('a worker is sent its job only once it is ready: one that dies of its file fails that file, however late its ready message', async () => {
    const dir = tempDir()
    // Listens at once but says it is ready only 100 ms later; any job kills it. Sent its job at spawn (as before),
    // it died before "ready" and the pool took that for workers that cannot start, scanning the file here instead.
    const late = path.join(dir, 'late.mjs')
    writeFileSync(late, "import { parentPort } from 'node:worker_threads'\nparentPort.on('message', () => process.exit(3))\nsetTimeout(() => parentPort.postMessage({ ready: true }), 100)\n")
    const pool = new WorkerPool({ root: dir, size: 1, workerFile: late, mainLane: false })
    const result = await runInPool(pool, { kind: 'artifact', path: 'x.pkl', options: {} }, async () => 'local', (why) => `failed: ${why}`)
    await pool.close()
    expect(result).toBe("failed: the scan's worker thread stopped (exit code 3)")
    expect(pool.failures).toBe(1)
  })

  it('replacements that keep failing to start send the rest here, and a worker busy with a file finishes it', async () => {
    const dir = tempDir()
    // The first worker to start is healthy and slow (300 ms a scan); every later one exits before it is ready.
    const flaky = path.join(dir, 'flaky.mjs')
    writeFileSync(
      flaky,
      `import { parentPort, workerData } from 'node:worker_threads'
import { openSync } from 'node:fs'
let i = 0
for (;; i++) { try { openSync(workerData.root + '/started-' + i, 'wx'); break } catch {} }
if (i === 0) {
  parentPort.on('message', (m) => setTimeout(() => parentPort.postMessage({ id: m.id, ok: true, result: 'worker ' + m.request.path }), 300))
  parentPort.postMessage({ ready: true })
} else setTimeout(() => process.exit(1), 20 * i)
`,
    )
    const pool = new WorkerPool({ root: dir, size: 3, workerFile: flaky, mainLane: false })
    const request = (p: string) => ({ kind: 'artifact', path: p, options: {} })
    const results = await Promise.all(['f0', 'f1', 'f2', 'f3'].map((p) => runInPool(pool, request(p), async () => `local ${p}`, (why) => `failed ${p}: ${why}`)))
    await pool.close()
    // One file went to the healthy worker (whichever thread started first) and was not cut short when the pool
    // gave up on starting more; the others ran here. None is reported as failed.
    expect(results.filter((r) => r.startsWith('worker ')).length).toBe(1)
    expect(results.map((r) => r.replace(/^(worker|local) /, ''))).toEqual(['f0', 'f1', 'f2', 'f3'])
    expect(pool.failures).toBe(0)
  })

  it('a scan that throws in the worker rejects like the same scan in-process (the engine reports the rule)', async () => {
    const root = tempDir()
    const pool = new WorkerPool({ root, size: 1, workerFile, mainLane: false })
    await expect(pool.run({ kind: 'nope', path: 'a', options: {} }, notHere)).rejects.toThrow('unknown scan kind nope')
    // The worker survives its scan's error and serves the next one.
    await expect(pool.run({ kind: 'nope', path: 'b', options: {} }, notHere)).rejects.toThrow('unknown scan kind nope')
    expect(pool.workerScans).toBe(2)
    await pool.close()
    // After the run, a scan runs in the main thread.
    await expect(pool.run({ kind: 'nope', path: 'c', options: {} }, async () => 'here')).resolves.toBe('here')
  })
})

describe('lifetime', () => {
  it('an idle worker does not keep the process alive (workers are unref\'d between scans)', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'data.csv'), 'name,email\nA,alice.smith@corp-mail.com\n')
    const entry = path.join(dir, 'main.ts')
    // One scan, no close(): the process must still end by itself, with the scan's result printed.
    writeFileSync(
      entry,
      `import { WorkerPool } from ${JSON.stringify(path.join(ROOT, 'src/adapters/workers/pool.ts'))}
const pool = new WorkerPool({ root: ${JSON.stringify(dir)}, size: 2, workerFile: ${JSON.stringify(workerFile)}, mainLane: false })
const options = { format: 'csv', settings: ${JSON.stringify(piiSettingsSchema().parse({}))}, kinds: ['email'], now: '2026-11-26T12:00:00Z' }
const r = await pool.run({ kind: 'pii', path: 'data.csv', options }, () => Promise.reject(new Error('ran in the main thread')))
console.log(JSON.stringify(r.groups.map((g) => [g.kind, g.count, g.redacted])))
`,
    )
    const script = await bundleWorker(entry)
    dirs.push(path.dirname(script))
    const res = await runNode(script, [], { cwd: dir, timeoutMs: 20_000 })
    expect(res).toMatchObject({ code: 0, stderr: '' })
    expect(res.stdout).toBe('[["email",1,"a***@c***.com"]]\n')
  })
})

describe('mapConcurrent (how a unit feeds the pool without opening every file at once)', () => {
  it('runs at most `limit` calls at once and keeps the items\' order', async () => {
    let running = 0
    let peak = 0
    const out = await mapConcurrent([30, 10, 20, 0, 5, 15], 2, async (ms) => {
      peak = Math.max(peak, ++running)
      await new Promise((r) => setTimeout(r, ms))
      running--
      return ms * 2
    })
    expect(out).toEqual([60, 20, 40, 0, 10, 30])
    expect(peak).toBe(2)
    expect(await mapConcurrent([], 4, async (x: number) => x)).toEqual([])
  })
})

describe('jobs', () => {
  it('parses a number from 1 to 256 or auto; anything else is an error naming its source', () => {
    expect(parseJobs(undefined, '--jobs')).toBeUndefined()
    expect(parseJobs('', '--jobs')).toBeUndefined()
    expect(parseJobs(' Auto ', '--jobs')).toBeUndefined()
    expect(parseJobs('1', '--jobs')).toBe(1)
    expect(parseJobs(' 4 ', '--jobs')).toBe(4)
    expect(parseJobs('256', '--jobs')).toBe(256)
    for (const bad of ['0', '-1', '1.5', '257', 'four', '4x', '99999']) {
      expect(() => parseJobs(bad, 'input jobs')).toThrow(new JobsError(`input jobs: expected a number of parallel scans from 1 to 256, or auto; got "${bad}"`))
    }
  })

  it('the explicit setting wins over MODELGATE_JOBS, which wins over the CPU count', () => {
    const cpus = () => 4
    expect(resolveJobs(2, { MODELGATE_JOBS: '3' }, cpus)).toBe(2)
    expect(resolveJobs(undefined, { MODELGATE_JOBS: '3' }, cpus)).toBe(3)
    expect(resolveJobs(undefined, { MODELGATE_JOBS: 'auto' }, cpus)).toBe(4)
    expect(resolveJobs(undefined, {}, cpus)).toBe(4)
    expect(resolveJobs(undefined, {}, () => 0)).toBe(1)
    expect(() => resolveJobs(undefined, { MODELGATE_JOBS: 'many' }, cpus)).toThrow('MODELGATE_JOBS: expected a number of parallel scans')
  })

  it('jobs 1 or a missing worker script: no pool (scans run in the main thread)', () => {
    expect(createScanner({ root: '.', jobs: 1, workerFile })).toBeUndefined()
    expect(createScanner({ root: '.', jobs: 4, workerFile: path.join(tmpdir(), 'no-such-worker.js') })).toBeUndefined()
    expect(createScanner({ root: '.', jobs: 4, workerFile })?.size).toBe(4)
  })

  it('the main thread is one lane: one large file starts no worker; two run on the main thread and one worker', async () => {
    const root = tempDir()
    const pool = new WorkerPool({ root, size: 3, workerFile })
    let here = 0
    const slow = async () => {
      here++
      await new Promise((r) => setTimeout(r, 300))
      return 'here'
    }
    expect(await pool.run({ kind: 'nope', path: 'a', options: {} }, slow)).toBe('here')
    expect([here, pool.workerScans]).toEqual([1, 0])
    const both = await Promise.allSettled([pool.run({ kind: 'nope', path: 'b', options: {} }, slow), pool.run({ kind: 'nope', path: 'c', options: {} }, slow)])
    await pool.close()
    expect(both.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['here', 'unknown scan kind nope'])
    expect([here, pool.workerScans]).toEqual([2, 1])
  })
})
