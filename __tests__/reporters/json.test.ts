import { describe, expect, it } from '@jest/globals'
import { batched, renderJson, renderJsonChunks } from '../../src/reporters/json.js'
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

describe('renderJsonChunks', () => {
  const big = report({
    models: Array.from({ length: 30 }, (_, i) => ({ path: `m${i}`, changed: i % 2 === 0, files: [`m${i}/a.pt`], status: 'added' })),
    findings: Array.from({ length: 40 }, (_, i) => finding({ model: `m${i % 30}`, line: i, details: { nested: { list: [i, 'x\ny', null] } } })),
    tables: [{ id: 't', title: 'T', columns: ['a', 'b'], rows: [['1', '2']], model: 'm0' }, { id: 'u', title: 'U', columns: [], rows: [] }],
    notes: ['n'],
  })

  it('writes exactly the text of JSON.stringify, in one piece per element', () => {
    const pieces = [...renderJsonChunks(big)]
    expect(pieces.join('')).toBe(JSON.stringify(big, null, 2) + '\n')
    // Streamed: no piece holds more than one finding.
    expect(pieces.length).toBeGreaterThan(30 + 40 + 2)
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1000)
  })

  it('matches JSON.stringify for empty arrays, absent keys and an empty object', () => {
    const r = report({ findings: [], models: [], tables: undefined, notes: undefined })
    expect(renderJson(r)).toBe(JSON.stringify(r, null, 2) + '\n')
    expect(renderJson({} as GateReport)).toBe(JSON.stringify({}, null, 2) + '\n')
  })

  it('batches pieces into writes of the asked size without losing any', () => {
    const out = [...batched(renderJsonChunks(big), 2000)]
    expect(out.join('')).toBe(renderJson(big))
    expect(out.slice(0, -1).every((p) => p.length >= 2000)).toBe(true)
  })
})
