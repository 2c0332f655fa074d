import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture, unit } from './helpers.js'

const ONLY = ['bias/report-invalid']

describe('bias/report-invalid', () => {
  it('accepts valid reports', async () => {
    expect((await check({ files: unit({ report: fixture('pass.yaml') }), only: ONLY })).findings).toEqual([])
  })

  it('reports each problem at the line and column of the bad field', async () => {
    const bad = fixture('pass.yaml').replace('      male: { n: 100, tp: 44', '      male: { n: 100, TP: 44').replace('split: test', 'splits: test')
    const r = await check({ files: unit({ report: bad }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/report-invalid models/credit/bias_report.yaml:9 invalid bias report: `dataset`: missing required key `split`',
      'bias/report-invalid models/credit/bias_report.yaml:11 invalid bias report: unknown key "splits" in `dataset` (did you mean "split"?)',
      'bias/report-invalid models/credit/bias_report.yaml:20 invalid bias report: `attributes.sex.groups.male`: confusion counts come as a set: add `tp` (or remove `fp`, `tn`, `fn`)',
      'bias/report-invalid models/credit/bias_report.yaml:20 invalid bias report: unknown key "TP" in `attributes.sex.groups.male` (did you mean "tp"?)',
    ])
    expect(r.findings.map((f) => [f.column, f.severity])).toEqual([[1, 'error'], [3, 'error'], [13, 'error'], [23, 'error']])
  })

  it('reports syntax errors and unrecognized files', async () => {
    const r = await check({ files: unit({ report: '{"version": 1,\n "attributes": [}', reportName: 'bias_report.json' }), only: ONLY })
    expect(brief(r)).toEqual(['bias/report-invalid models/credit/bias_report.json:2 invalid bias report: invalid JSON: expected a value, found `}`'])
  })

  it('caps the problems per file', async () => {
    const groups = Array.from({ length: 30 }, (_, i) => `      g${i}: { n: -1, tp: 0, fp: 0, tn: 0, fn: 0 }`).join('\n')
    const text = fixture('pass.yaml').replace(/attributes:[\s\S]*$/, `attributes:\n  sex:\n    groups:\n${groups}\n`)
    const r = await check({ files: unit({ report: text }), only: ONLY })
    expect(r.findings).toHaveLength(21)
    expect(brief(r).at(-1)).toBe('bias/report-invalid models/credit/bias_report.yaml:38 invalid bias report: 10 more problems not shown')
  })

  it('refuses a report larger than 4 MB', async () => {
    const r = await check({ files: unit({ report: fixture('pass.yaml') + `notes: "${'x'.repeat(4 * 1024 * 1024)}"\n` }), only: ONLY })
    expect(brief(r)).toEqual([
      'bias/report-invalid models/credit/bias_report.yaml:1 invalid bias report: the report is larger than 4 MB, which modelgate does not read: keep per-group counts and metrics only',
    ])
  })
})
