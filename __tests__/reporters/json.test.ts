import { describe, expect, it } from '@jest/globals'
import { renderJson } from '../../src/reporters/json.js'
import type { GateReport } from '../../src/core/report.js'
import { brief, check } from '../support/harness.js'
import { finding, report } from './fixtures.js'

describe('renderJson', () => {
  it('round-trips the report exactly, two-space indented with a final newline', () => {
    const r = report({
      conclusion: 'failure',
      policy: { source: 'p.yml', ref: 'abc', sha256: '0'.repeat(64), extends: ['strict'] },
      run: { event: 'pull_request', baseSha: 'b', headSha: 'h' },
      models: [{ path: 'm', changed: true, files: ['m/a.pt', 'm/README.md'], status: 'added' }],
      findings: [
        finding({ model: 'm', line: 1, column: 2, endLine: 3, help: 'h', details: { nested: { list: [1, 'two', null] } } }),
        finding({ path: 'ünïcödé/"quoted"\n.pt', message: 'tab\there', waived: { index: 0, reason: 'r', approvedBy: 'a', expires: '2030-01-01' } }),
      ],
      tables: [{ id: 't', title: 'T', columns: ['a'], rows: [['1']] }],
      notes: ['n'],
    })
    const text = renderJson(r)
    expect(JSON.parse(text)).toEqual(r)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.startsWith('{\n  "version": 1,\n  "tool": {\n    "name": "modelgate",')).toBe(true)
  })

  it('a real gate result serializes to the contract', async () => {
    const g = await check({ files: { 'models/a/model.pt': 'x' }, only: ['doc/model-card-required'] })
    expect(brief(g)).toHaveLength(1)
    const parsed = JSON.parse(renderJson(g.report)) as GateReport
    expect(Object.keys(parsed)).toEqual(['version', 'tool', 'conclusion', 'failOn', 'policy', 'models', 'findings', 'summary', 'run'])
    expect(parsed).toMatchObject({
      version: 1,
      tool: { name: 'modelgate', version: 'test' },
      conclusion: 'failure',
      failOn: 'error',
      policy: { source: 'built-in', extends: ['recommended'] },
      models: [{ path: 'models/a', changed: false, files: ['models/a/model.pt'], status: 'unchanged' }],
      summary: { errors: 1, warnings: 0, notices: 0, waived: 0, models: 1 },
      run: { event: 'local' },
    })
    expect(Object.keys(parsed.findings[0]!)).toEqual(['ruleId', 'category', 'severity', 'path', 'message', 'line', 'model', 'help', 'details'])
  })
})
