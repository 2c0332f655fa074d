/**
 * bias/stale against the in-memory harness: `changes` stands for the pull request's changed files. The same
 * behaviour on a real git repository (changes from `git diff`, files from disk) is in stale-git.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture, report, sha256, unit, V1, V2 } from './helpers.js'

const ONLY = ['bias/stale']
const lfsPointer = (oid: string, size = 1234) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`

describe('bias/stale', () => {
  it('passes when the recorded hash is the current one', async () => {
    const r = await check({ files: unit({ report: fixture('pass.yaml') }), only: ONLY })
    expect(r.findings).toEqual([])
  })

  it('reports weights changed in the change when the report was not updated, naming the file and both hashes', async () => {
    const r = await check({
      files: unit({ report: fixture('pass.yaml'), weights: 'weights-v2' }),
      changes: [{ path: 'models/credit/model.safetensors', status: 'modified' }],
      only: ONLY,
    })
    expect(brief(r)).toEqual([
      `bias/stale models/credit/bias_report.yaml:8 bias report is stale: weights file \`models/credit/model.safetensors\` changed in this change (modified) and has sha256 ${V2}, but \`bias_report.yaml\` records ${V1}: re-run the evaluation on the current weights and regenerate the report`,
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'error', column: 15, details: { weights: 'models/credit/model.safetensors', current: V2, recorded: V1, lfs: false, changed: true } })
  })

  it('passes when the weights changed and the report was updated to the new hash', async () => {
    const r = await check({
      files: unit({ report: fixture('pass.yaml').replace(V1, V2), weights: 'weights-v2' }),
      changes: [
        { path: 'models/credit/model.safetensors', status: 'modified' },
        { path: 'models/credit/bias_report.yaml', status: 'modified' },
      ],
      only: ONLY,
    })
    expect(r.findings).toEqual([])
  })

  it('reports a hash mismatch even when nothing changed in this change', async () => {
    const r = await check({ files: unit({ report: fixture('pass.yaml'), weights: 'other weights' }), only: ONLY })
    expect(brief(r)).toEqual([
      `bias/stale models/credit/bias_report.yaml:8 bias report is stale: weights file \`models/credit/model.safetensors\` has sha256 ${sha256('other weights')}, but \`bias_report.yaml\` records ${V1}: re-run the evaluation on the current weights and regenerate the report`,
    ])
  })

  it('uses a Git LFS pointer\'s oid as the hash', async () => {
    const ok = await check({ files: unit({ report: fixture('pass.yaml'), weights: lfsPointer(V1) }), only: ONLY })
    expect(ok.findings).toEqual([])
    const other = sha256('weights-v3')
    const r = await check({ files: unit({ report: fixture('pass.yaml'), weights: lfsPointer(other) }), changes: [{ path: 'models/credit/model.safetensors', status: 'modified' }], only: ONLY })
    expect(brief(r)).toEqual([
      `bias/stale models/credit/bias_report.yaml:8 bias report is stale: weights file \`models/credit/model.safetensors\` changed in this change (modified) and has Git LFS oid ${other}, but \`bias_report.yaml\` records ${V1}: re-run the evaluation on the current weights and regenerate the report`,
    ])
    expect(r.findings[0]!.details).toMatchObject({ lfs: true })
  })

  it('hashes large weights by streaming them', async () => {
    const big = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => i % 251)
    const text = report(`  sex:\n    groups:\n      a: { n: 1, tp: 1, fp: 0, tn: 0, fn: 0 }\n      b: { n: 1, tp: 1, fp: 0, tn: 0, fn: 0 }\n`, {
      weights: `    - path: model.safetensors\n      sha256: ${sha256(big)}`,
    })
    const r = await check({ files: unit({ report: text, weights: big }), only: ONLY })
    expect(r.findings).toEqual([])
  })

  it('reports recorded weights that were removed or renamed', async () => {
    const files: Record<string, string | Uint8Array> = { ...unit({ report: fixture('pass.yaml') }), 'models/credit/model-v2.safetensors': 'weights-v2' }
    delete files['models/credit/model.safetensors']
    const renamed = await check({
      files,
      changes: [{ path: 'models/credit/model-v2.safetensors', status: 'renamed', previousPath: 'models/credit/model.safetensors' }],
      only: ONLY,
    })
    expect(brief(renamed)).toEqual([
      `bias/stale models/credit/bias_report.yaml:6 bias report is stale: weights file \`models/credit/model-v2.safetensors\` changed in this change (renamed) but \`bias_report.yaml\` does not record its sha256 under \`model.weights\`: re-run the evaluation on it and record its hash`,
      `bias/stale models/credit/bias_report.yaml:8 bias report is stale: it records weights file \`models/credit/model.safetensors\` (sha256 ${V1}), which was renamed to \`models/credit/model-v2.safetensors\` in this change: re-run the evaluation on the current weights and update \`model.weights\``,
    ])
    const removed = await check({ files, changes: [{ path: 'models/credit/model.safetensors', status: 'removed' }], only: ONLY })
    expect(brief(removed)).toEqual([
      `bias/stale models/credit/bias_report.yaml:8 bias report is stale: it records weights file \`models/credit/model.safetensors\` (sha256 ${V1}), which was removed in this change: re-run the evaluation on the current weights and update \`model.weights\``,
    ])
  })

  it('ignores unrecorded weights that did not change', async () => {
    const r = await check({ files: unit({ report: fixture('pass.yaml'), extra: { 'models/credit/optimizer.pt': 'opt' } }), only: ONLY })
    expect(r.findings).toEqual([])
  })

  it('flags a reduced input (no hashes) that did not change when the weights did', async () => {
    const csv = 'sex,selection_rate\nF,0.5\nM,0.5\n'
    const files = unit({ report: csv, reportName: 'fairness_by_group.csv', weights: 'weights-v2' })
    const stale = await check({ files, changes: [{ path: 'models/credit/model.safetensors', status: 'modified' }], only: ONLY })
    expect(brief(stale)).toEqual([
      'bias/stale models/credit/fairness_by_group.csv:1 bias report is stale: weights file `models/credit/model.safetensors` changed in this change but `fairness_by_group.csv` did not, and as a reduced input it records no hashes to prove it describes the new weights: re-run the evaluation and regenerate the report',
    ])
    const both = await check({
      files,
      changes: [
        { path: 'models/credit/model.safetensors', status: 'modified' },
        { path: 'models/credit/fairness_by_group.csv', status: 'modified' },
      ],
      only: ONLY,
    })
    expect(both.findings).toEqual([])
  })
})
