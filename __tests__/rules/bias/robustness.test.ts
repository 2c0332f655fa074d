/** Bad input yields a clear finding, never a crash (a crash becomes "the rule could not complete"). */
import { describe, expect, it } from '@jest/globals'
import { parseBiasReport } from '../../../src/formats/bias/parse.js'
import { check } from '../../support/harness.js'
import { fixture, unit } from './helpers.js'

const ALL = ['bias/report-required', 'bias/report-recommended', 'bias/report-invalid', 'bias/reduced-input', 'bias/attribute-coverage', 'bias/group-too-small', 'bias/threshold', 'bias/inconsistent', 'bias/stale']

const inputs: [string, string | Uint8Array][] = [
  ['bias_report.yaml', 'attributes: [sex, race]\n'],
  ['bias_report.yaml', 'attributes:\n  sex: null\n'],
  ['bias_report.yaml', 'attributes:\n  sex:\n    groups: [a, b]\n'],
  ['bias_report.yaml', 'attributes:\n  sex:\n    groups:\n      a: null\n      b: 3\n'],
  ['bias_report.yaml', 'a: &a [*a]\n'],
  ['bias_report.yaml', `x: &a [1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nw: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`],
  ['bias_report.yaml', '---\na: 1\n---\nb: 2\n'],
  ['bias_report.yaml', '- 1\n- 2\n'],
  ['bias_report.yaml', '"just a string"\n'],
  ['bias_report.yaml', fixture('pass.yaml').replace('tp: 40', 'tp: 1e400')],
  ['bias_report.yaml', fixture('pass.yaml').replace('path: model.safetensors', 'path: ../../../../etc/passwd')],
  ['bias_report.yaml', fixture('pass.yaml').replace('path: model.safetensors', 'path: models')],
  ['bias_report.yaml', fixture('pass.yaml').replace('female:', '"":')],
  ['bias_report.json', '[' .repeat(5000) + ']'.repeat(5000)],
  ['bias_report.json', '{"__proto__": {"polluted": 1}, "attributes": {"constructor": {"groups": {}}}}'],
  ['bias_report.json', new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x00, 0x00, 0x80])],
  ['fairness_by_group.csv', '\n\n\n'],
  ['fairness_by_group.csv', 'a\nb\nc\n'],
  ['fairness_by_group.csv', 'sex,tp,fp,tn,fn\nF,1,2,3,4\nM,-1,2,3,4\n'],
  ['fairness_by_group.csv', 'sex,selection_rate\nF,Infinity\nM,0.3\n'],
  ['fairness_by_group.json', '[{"sex": "F", "selection_rate": 0.2}, 3, null]'],
  ['fairness_by_group.json', '{"schema": {"primaryKey": ["sex"]}, "data": []}'],
]

describe('bias rules on malformed input', () => {
  it.each(inputs.map((x, i) => [i, ...x] as const))('input %i (%s) gives findings, never a crash', async (_i, name, content) => {
    const r = await check({ files: unit({ tier: 'high', report: content as string, reportName: name }), policy: 'version: 1\nsettings:\n  bias:\n    protected-attributes: [sex]\n', only: ALL })
    const crashes = r.findings.filter((f) => /could not complete|could not check/.test(f.message))
    expect(crashes).toEqual([])
    // Never a silent pass: each of these is invalid, reduced, stale or breaches a threshold.
    expect(r.findings.length).toBeGreaterThan(0)
    expect(() => parseBiasReport(name, typeof content === 'string' ? content : new TextDecoder().decode(content))).not.toThrow()
  })

  it('does not let a report reach outside the workspace or read a directory as weights', async () => {
    const r = await check({ files: unit({ report: fixture('pass.yaml').replace('path: model.safetensors', 'path: ../../../../etc/passwd') }), only: ['bias/stale'] })
    expect(r.findings.map((f) => f.message)).toEqual([
      `bias report is stale: it records weights file \`etc/passwd\` (sha256 ${'c0ab742f68a24ef362b5529351eb13561e746b70a0f815efe7b64b570b477851'}), which does not exist: re-run the evaluation on the current weights and update \`model.weights\``,
    ])
  })
})
