import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { MemoryView } from '../../../src/adapters/memory/view.js'
import { authorBiasReport, authorFromFiles, relativePath, weightsSha256, type AuthorInput } from '../../../src/formats/bias/author.js'
import { parseBiasReport } from '../../../src/formats/bias/parse.js'
import { check } from '../../support/harness.js'

const SHA = createHash('sha256').update('weights-v1').digest('hex')
const base: Omit<AuthorInput, 'counts'> = {
  model: { name: 'credit', version: '1.10' },
  weights: [{ path: 'model.safetensors', sha256: SHA }],
  dataset: { name: 'loans', split: 'test', revision: 'v1' },
  date: '2026-11-20',
  author: 'eval job',
}
// female: sr 0.4, tpr 0.75, fpr 1/6, precision 0.75; male: sr 0.6, tpr 9/11, fpr 1/3, precision 0.75
const COUNTS = 'attribute,group,tp,fp,tn,fn,n\nsex,female,30,10,50,10,100\nsex,male,45,15,30,10,100\n'

describe('authorBiasReport', () => {
  it('writes a conforming report with every metric computed from the counts', () => {
    const r = authorBiasReport({ ...base, counts: COUNTS, privileged: { sex: 'male' } })
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
    expect(r.warnings).toEqual([])
    expect(r.doc.model.version).toBe('1.10')
    expect(r.doc.attributes.sex).toEqual({
      privileged: 'male',
      groups: {
        female: { n: 100, tp: 30, fp: 10, tn: 50, fn: 10, metrics: { selection_rate: 0.4, tpr: 0.75, fpr: 0.166667, precision: 0.75 } },
        male: { n: 100, tp: 45, fp: 15, tn: 30, fn: 10, metrics: { selection_rate: 0.6, tpr: 0.818182, fpr: 0.333333, precision: 0.75 } },
      },
      metrics: {
        demographic_parity_difference: 0.2,
        demographic_parity_ratio: 0.666667,
        disparate_impact: 0.666667,
        equalized_odds_difference: 0.166667,
        equal_opportunity_difference: 0.068182,
        predictive_parity_difference: 0,
      },
    })
    expect(r.text).toContain('version: "1.10"\n')
    const back = parseBiasReport('bias_report.yaml', r.text)
    expect(back.ok).toBe(true)
  })

  it('round-trips through the gate: consistent, fresh, judged on its counts', async () => {
    const r = authorBiasReport({ ...base, counts: COUNTS, format: 'json' })
    if (!r.ok) throw new Error('authoring failed')
    const gate = await check({ files: { 'models/credit/model.safetensors': 'weights-v1', 'models/credit/bias_report.json': r.text } })
    expect(gate.findings.filter((f) => f.ruleId.startsWith('bias/')).map((f) => f.ruleId)).toEqual(['bias/threshold', 'bias/threshold'])
  })

  it('skips metrics that are undefined, saying why', () => {
    const r = authorBiasReport({ ...base, counts: 'attribute,group,tp,fp,tn,fn\nsex,f,0,0,10,0\nsex,m,0,0,8,2\n' })
    if (!r.ok) throw new Error('authoring failed')
    expect(r.doc.attributes.sex!.groups.f!.metrics).toEqual({ selection_rate: 0, fpr: 0 })
    expect(Object.keys(r.doc.attributes.sex!.metrics!)).toEqual(['demographic_parity_difference'])
    expect(r.warnings).toEqual([
      '`sex`: demographic_parity_ratio not written: every group has selection rate 0',
      '`sex`: disparate_impact not written: the reference group `f` has selection rate 0',
      '`sex`: equalized_odds_difference not written: equalized odds needs tpr and fpr: fewer than two groups have a true positive rate; `f`: no actual positives (tp + fn = 0)',
      '`sex`: equal_opportunity_difference not written: fewer than two groups have a true positive rate; `f`: no actual positives (tp + fn = 0)',
      '`sex`: predictive_parity_difference not written: fewer than two groups have a precision; `f`: no predicted positives (tp + fp = 0), `m`: no predicted positives (tp + fp = 0)',
    ])
  })

  it('reports problems in the counts with file and line', () => {
    const bad = authorBiasReport({ ...base, counts: 'attribute,group,tp,fp,tn,fn,n\nsex,f,1,2,3,4,11\nsex,m,4,3,2,x,10\n', countsPath: 'eval/counts.csv' })
    expect(bad).toEqual({ ok: false, problems: [{ file: 'eval/counts.csv', line: 3, column: 13, message: 'column `fn` expects a number' }] })
    const mismatch = authorBiasReport({ ...base, counts: 'attribute,group,tp,fp,tn,fn,n\nsex,f,1,2,3,4,11\nsex,m,4,3,2,1,10\n', privileged: { sex: 'x' } })
    expect(mismatch).toEqual({
      ok: false,
      problems: [
        { file: 'counts.csv', line: 2, column: 1, message: 'the privileged group `x` is not a group of `sex` (`f`, `m`)' },
        { file: 'counts.csv', line: 2, column: 15, message: 'group `f` of `sex` has n = 11 but tp + fp + tn + fn = 10' },
      ],
    })
    const noCounts = authorBiasReport({ ...base, counts: 'attribute,group,selection_rate\nsex,f,0.5\nsex,m,0.4\n' })
    expect(noCounts.ok ? [] : noCounts.problems.map((p) => p.message)).toEqual([
      'group `f` of `sex` needs the confusion counts tp, fp, tn, fn',
      'group `m` of `sex` needs the confusion counts tp, fp, tn, fn',
    ])
    const badHash = authorBiasReport({ ...base, counts: COUNTS, weights: [{ path: 'm.pt', sha256: 'nope' }] })
    expect(badHash).toEqual({ ok: false, problems: [{ file: 'counts.csv', line: 1, column: 1, message: 'model.weights.0.sha256: expected 64 lowercase hex digits' }] })
  })
})

describe('weightsSha256', () => {
  it('streams the content, or takes a Git LFS pointer\'s oid', async () => {
    const big = new Uint8Array(2 * 1024 * 1024 + 5).map((_, i) => (i * 7) % 256)
    const oid = createHash('sha256').update(big).digest('hex')
    const files = new MemoryView({ 'a.bin': big, 'b.bin': `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${big.length}\n` })
    expect(await weightsSha256(files, 'a.bin')).toEqual({ sha256: oid, lfs: false })
    expect(await weightsSha256(files, 'b.bin')).toEqual({ sha256: oid, lfs: true })
  })
})

describe('authorFromFiles (what `modelgate bias-report` calls)', () => {
  const meta = { model: base.model, dataset: base.dataset, date: base.date, author: base.author }

  it('hashes the weights and records them relative to the report', async () => {
    const oid = createHash('sha256').update('real content').digest('hex')
    const tree = { 'models/credit/model.safetensors': 'weights-v1', 'models/credit/shards/lfs.bin': `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 12\n` }
    const files = new MemoryView(tree)
    const r = await authorFromFiles({ ...meta, counts: COUNTS, files, reportPath: 'models/credit/bias_report.yaml', weightsPaths: ['./models/credit/model.safetensors', 'models/credit/shards/lfs.bin'] })
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
    expect(r.doc.model.weights).toEqual([
      { path: 'model.safetensors', sha256: SHA },
      { path: 'shards/lfs.bin', sha256: oid },
    ])
    expect(r.lfs).toEqual(['models/credit/shards/lfs.bin'])
    // The report it writes is fresh for the gate.
    const gate = await check({ files: { ...tree, 'models/credit/bias_report.yaml': r.text }, only: ['bias/stale', 'bias/report-invalid', 'bias/inconsistent'] })
    expect(gate.findings).toEqual([])
  })

  it('reports missing weights files', async () => {
    const r = await authorFromFiles({ ...meta, counts: COUNTS, files: new MemoryView({}), reportPath: 'bias_report.yaml', weightsPaths: ['model.pt'] })
    expect(r).toEqual({ ok: false, problems: [{ file: 'model.pt', line: 1, column: 1, message: 'weights file `model.pt` does not exist' }] })
  })

  it('computes relative paths', () => {
    expect(relativePath('models/credit', 'models/credit/model.pt')).toBe('model.pt')
    expect(relativePath('reports/credit', 'models/credit/model.pt')).toBe('../../models/credit/model.pt')
    expect(relativePath('.', 'model.pt')).toBe('model.pt')
  })
})
