/** Sharding: `i/n` parsing, the stable partition, and the checks that shard reports form one run. */
import { describe, expect, it } from '@jest/globals'
import type { GateReport } from '../../src/core/report.js'
import { checkShardSet, coverageProblem, parseShard, partitionUnits, runProblem, shardFindings, shardOf, type NamedReport } from '../../src/core/shard.js'
import type { ModelUnit } from '../../src/core/units.js'

describe('parseShard', () => {
  it('reads INDEX/COUNT, 1-based', () => {
    expect(parseShard('2/3')).toEqual({ ok: true, shard: { index: 2, count: 3 } })
    expect(parseShard(' 1 / 1 ')).toEqual({ ok: true, shard: { index: 1, count: 1 } })
    expect(parseShard('256/256')).toEqual({ ok: true, shard: { index: 256, count: 256 } })
  })
  it.each([
    ['0/3', 'the shard index must be from 1 to 3 (indexes start at 1), got 0'],
    ['4/3', 'the shard index must be from 1 to 3 (indexes start at 1), got 4'],
    ['1/0', 'the shard count must be from 1 to 256, got 0'],
    ['1/257', 'the shard count must be from 1 to 256, got 257'],
    ['1', 'expected INDEX/COUNT such as 1/3, got "1"'],
    ['a/b', 'expected INDEX/COUNT such as 1/3, got "a/b"'],
    ['-1/3', 'expected INDEX/COUNT such as 1/3, got "-1/3"'],
  ])('refuses %s', (text, problem) => {
    expect(parseShard(text)).toEqual({ ok: false, problem })
  })
})

describe('shardOf', () => {
  it('is 1 + the first four bytes of sha256(path), big-endian, mod n (documented in docs/sharding.md)', () => {
    // Fixed forever: every shard of every run, on any machine, agrees on these.
    expect([shardOf('models/a', 3), shardOf('models/b', 3), shardOf('models/m0000', 3), shardOf('data/users.csv', 3)]).toEqual([2, 2, 3, 2])
    expect([shardOf('models/a', 7), shardOf('models/b', 7), shardOf('models/m0000', 7), shardOf('data/users.csv', 7)]).toEqual([2, 3, 3, 3])
  })
  it('spreads paths over every shard and puts each in exactly one', () => {
    const paths = Array.from({ length: 300 }, (_, i) => `models/m${i}`)
    const counts = [0, 0, 0]
    for (const p of paths) counts[shardOf(p, 3) - 1]!++
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300)
    for (const c of counts) expect(c).toBeGreaterThan(70)
  })
})

const unit = (path: string, files: string[] = [`${path}/model.safetensors`]): ModelUnit => ({ path, kind: 'model', files, artifacts: files, declared: [], changes: [], changed: false, status: 'unchanged' })

describe('partitionUnits', () => {
  it('keeps the selected units the shard owns, and the whole repository scope in the shard of `.`; all units stay', () => {
    const all = ['models/a', 'models/b', 'models/m0000'].map((p) => unit(p))
    const repository: ModelUnit = {
      path: '.',
      kind: 'repository',
      files: ['data/users.csv', 'models/a.pkl', 'x.pkl'],
      artifacts: ['models/a.pkl', 'x.pkl'],
      formats: { 'data/users.csv': 'csv' },
      declared: [],
      changes: [{ path: 'data/users.csv', status: 'added' }],
      changed: true,
      status: 'modified',
    }
    const sel = { all, selected: all, repository }
    const parts = [1, 2, 3].map((index) => partitionUnits(sel, { index, count: 3 }))
    expect(parts.map((p) => p.selected.map((u) => u.path))).toEqual([[], ['models/a', 'models/b'], ['models/m0000']])
    for (const p of parts) expect(p.all).toBe(all)
    // The repository scope goes whole to the shard of `.` (its grouped findings are then those of an unsharded run).
    const owners = parts.filter((p) => p.repository)
    expect(owners).toHaveLength(1)
    expect(owners[0]!.repository).toBe(repository)
    expect(parts.indexOf(owners[0]!) + 1).toBe(shardOf('.', 3))
  })
})

const HEAD = 'b'.repeat(40)
function shardReport(index: number, count = 3, o: { head?: string; base?: string; policy?: string; version?: string; models?: string[] } = {}): GateReport {
  return {
    version: 1,
    tool: { name: 'modelgate', version: o.version ?? '0.1.0' },
    conclusion: 'failure',
    failOn: 'error',
    policy: { source: '.github/modelgate.yml', sha256: o.policy ?? 'p'.repeat(64), extends: ['recommended'] },
    run: { event: 'pull_request', baseSha: o.base ?? 'a'.repeat(40), headSha: o.head ?? HEAD },
    models: (o.models ?? [`models/s${index}`]).map((path) => ({ path, changed: true, files: [], status: 'added' })),
    findings: [
      { ruleId: 'doc/model-card-required', category: 'documentation', severity: 'error', path: `models/s${index}/model.safetensors`, message: 'no card', waived: { index: 0, reason: 'r', approvedBy: '@a', expires: '2099-01-01' } },
      { ruleId: 'pii/email', category: 'pii', severity: 'error', path: `data/${index}.csv`, message: 'emails', baselined: true, details: { subject: 'x' } },
    ],
    summary: { errors: 1, warnings: 0, notices: 0, waived: 1, models: 1 },
    shard: { index, count },
  }
}
const named = (...rs: GateReport[]): NamedReport[] => rs.map((report, i) => ({ name: `shard-${i + 1}.json`, report }))

describe('checkShardSet', () => {
  it('accepts every shard once, in any order', () => {
    expect(checkShardSet(named(shardReport(3), shardReport(1), shardReport(2)))).toEqual({ ok: true, count: 3, policySha256: 'p'.repeat(64), baseSha: 'a'.repeat(40), headSha: HEAD, tool: '0.1.0' })
  })
  it.each<[string, GateReport[], string]>([
    ['a missing shard', [shardReport(1), shardReport(3)], 'shard 2/3 is missing (got 1/3, 3/3): did a shard job fail or not upload its report? The gate fails closed'],
    ['a duplicated shard', [shardReport(1), shardReport(2), shardReport(2), shardReport(3)], "shard 2/3 appears twice (shard-2.json and shard-3.json): merge each shard's report once"],
    ['another shard count', [shardReport(1), shardReport(2), shardReport(3, 4)], 'the shards disagree on the shard count: shard-1.json has 3 shards, shard-3.json has 4 shards'],
    ['another policy', [shardReport(1), shardReport(2, 3, { policy: 'q'.repeat(64) }), shardReport(3)], 'the shards disagree on the policy: shard-1.json has sha256 pppppppppppp, shard-2.json has sha256 qqqqqqqqqqqq'],
    ['another head', [shardReport(1), shardReport(2), shardReport(3, 3, { head: 'c'.repeat(40) })], 'the shards disagree on the head commit: shard-1.json has bbbbbbbbbbbb, shard-3.json has cccccccccccc'],
    ['another base', [shardReport(1), shardReport(2, 3, { base: 'd'.repeat(40) }), shardReport(3)], 'the shards disagree on the base commit: shard-1.json has aaaaaaaaaaaa, shard-2.json has dddddddddddd'],
    ['another modelgate', [shardReport(1), shardReport(2, 3, { version: '0.2.0' }), shardReport(3)], 'the shards disagree on the modelgate version: shard-1.json has modelgate 0.1.0, shard-2.json has modelgate 0.2.0'],
  ])('refuses %s', (_what, reports, problem) => {
    expect(checkShardSet(named(...reports))).toEqual({ ok: false, problem })
  })
  it('refuses a report that is not a shard report, and an empty set', () => {
    const whole = { ...shardReport(1) }
    delete whole.shard
    expect(checkShardSet(named(whole, shardReport(2)))).toEqual({ ok: false, problem: 'shard-1.json is not a shard report (it has no `shard` block): merge only reports written with `shard` / `--shard`' })
    expect(checkShardSet([])).toMatchObject({ ok: false, problem: expect.stringContaining('no shard reports to merge') })
  })
})

describe('merging', () => {
  it("drops each shard's waiver and baseline marks (the merge applies them over the whole run) and keeps details", () => {
    const { findings } = shardFindings(named(shardReport(2), shardReport(1)))
    expect(findings.map((f) => [f.path, f.waived, f.baselined, f.details])).toEqual([
      ['models/s1/model.safetensors', undefined, undefined, undefined],
      ['data/1.csv', undefined, undefined, { subject: 'x' }],
      ['models/s2/model.safetensors', undefined, undefined, undefined],
      ['data/2.csv', undefined, undefined, { subject: 'x' }],
    ])
  })
  it("checks the shards' policy and commits against the merge's own run", () => {
    const set = checkShardSet(named(shardReport(1), shardReport(2), shardReport(3)))
    if (!set.ok) throw new Error(set.problem)
    expect(runProblem(set, { policySha256: 'p'.repeat(64), baseSha: 'a'.repeat(40), headSha: HEAD })).toBeUndefined()
    expect(runProblem(set, { policySha256: 'z'.repeat(64), headSha: HEAD })).toBe('the shards used another policy (sha256 pppppppppppp) than this run (sha256 zzzzzzzzzzzz): the gate fails closed')
    expect(runProblem(set, { policySha256: 'p'.repeat(64), headSha: 'e'.repeat(40) })).toBe('the shards checked commit bbbbbbbbbbbb, but this run is for eeeeeeeeeeee: merge the shard reports of this run')
  })
  it('fails when a unit the merge selects was evaluated by no shard, or a shard evaluated one it does not select', () => {
    const reports = named(shardReport(1), shardReport(2), shardReport(3))
    expect(coverageProblem(['models/s1', 'models/s2', 'models/s3'], reports)).toBeUndefined()
    expect(coverageProblem(['models/s1', 'models/s2', 'models/s3', 'models/new'], reports)).toBe(
      '1 model unit(s) this run selects were evaluated by no shard (`models/new`): the shards must check the same commit with the same `check-all` as the merge. The gate fails closed',
    )
    expect(coverageProblem(['models/s1', 'models/s2'], reports)).toBe(
      'the shards evaluated 1 model unit(s) this run does not select (`models/s3`, in shard-3.json): the shards must check the same commit with the same `check-all` as the merge',
    )
  })
})

describe('shard report files of a model zoo', () => {
  it('a report with a table per unit for hundreds of units is read (a shard of onnx/models holds ~750)', async () => {
    const { parseReportText } = await import('../../src/action/report-file.js')
    const models = Array.from({ length: 750 }, (_, i) => ({ path: `zoo/m${i}`, changed: true, files: [`zoo/m${i}/model.onnx`] }))
    const tables = models.map((m) => ({ id: 'artifacts', title: 'Model artifacts', columns: ['artifact'], rows: [[`${m.path}/model.onnx`]], model: m.path }))
    const doc = {
      version: 1,
      tool: { name: 'modelgate', version: '0.1.0' },
      conclusion: 'success',
      failOn: 'error',
      policy: { source: '.github/modelgate.yml', sha256: '0'.repeat(64), extends: [] },
      models,
      findings: [],
      summary: { errors: 0, warnings: 0, notices: 0, waived: 0, models: 750 },
      tables,
      shard: { index: 1, count: 3 },
    }
    const read = parseReportText(JSON.stringify(doc))
    expect(read.ok ? read.report.tables?.length : read.problem).toBe(750)
  })
})
