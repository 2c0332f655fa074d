import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { MemoryView } from '../../src/adapters/memory/view.js'
import { buildAuditRecord, PREDICATE_TYPE, STATEMENT_TYPE } from '../../src/core/audit.js'
import { runGate } from '../../src/core/gate.js'
import type { RunFacts } from '../../src/core/rule.js'
import { ruleSet } from '../../src/rules/index.js'
import { policyFrom } from '../support/harness.js'

const sha = (s: string) => createHash('sha256').update(s).digest('hex')
const POLICY = `version: 1
waivers:
  - rule: doc/model-card-required
    models: ["models/legacy"]
    reason: card in PROJ-9
    approved-by: "@ml-governance"
    expires: 2026-12-31
`

async function record(startedAt: Date, finishedAt: Date) {
  const files = new MemoryView({ 'models/legacy/model.pt': 'weights-1', 'models/new/model.onnx': 'weights-2', 'models/new/README.md': '# New\n' })
  const policy = policyFrom(POLICY)
  const run: RunFacts = {
    event: 'pull_request',
    baseSha: 'b'.repeat(40),
    headSha: 'h'.repeat(40),
    policyPath: '.github/modelgate.yml',
    now: new Date('2026-11-26T10:00:00Z'),
    pullRequest: { number: 12, author: 'dev', baseSha: 'b'.repeat(40), headSha: 'h'.repeat(40) },
    reviews: [
      { user: 'carol', state: 'APPROVED', commitId: 'h'.repeat(40), submittedAt: '2026-11-26T09:00:00Z' },
      { user: 'bob', state: 'COMMENTED', commitId: 'h'.repeat(40), submittedAt: '2026-11-26T08:00:00Z' },
    ],
  }
  const result = await runGate({ ruleSet, policy, files, run, all: true, tool: { name: 'modelgate', version: '1.2.3' } })
  return buildAuditRecord({ result, policy, run, files, startedAt, finishedAt })
}

describe('audit record', () => {
  it('is an in-toto Statement v1 over the artifacts with the run in its predicate', async () => {
    const r = await record(new Date('2026-11-26T10:00:00Z'), new Date('2026-11-26T10:00:02Z'))
    expect(r._type).toBe(STATEMENT_TYPE)
    expect(r.predicateType).toBe(PREDICATE_TYPE)
    expect(r.subject).toEqual([
      { name: 'models/legacy/model.pt', digest: { sha256: sha('weights-1') } },
      { name: 'models/new/model.onnx', digest: { sha256: sha('weights-2') } },
    ])
    const p = r.predicate as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(p.tool).toEqual({ name: 'modelgate', version: '1.2.3' })
    expect(p.policy).toEqual({ source: '.github/modelgate.yml', ref: null, sha256: sha(POLICY), extends: ['recommended'], failOn: 'error' })
    expect(p.event).toEqual({ name: 'pull_request', baseSha: 'b'.repeat(40), headSha: 'h'.repeat(40), pullRequest: { number: 12, author: 'dev' } })
    expect(p.models[1]).toEqual({
      path: 'models/new',
      status: 'unchanged',
      changed: false,
      files: [
        { path: 'models/new/README.md', sha256: sha('# New\n'), size: 6 },
        { path: 'models/new/model.onnx', sha256: sha('weights-2'), size: 9 },
      ],
    })
    expect(p.waivers).toEqual([
      { index: 0, rule: 'doc/model-card-required', models: ['models/legacy'], paths: [], reason: 'card in PROJ-9', approvedBy: '@ml-governance', expires: '2026-12-31', applied: 1, matchedAny: true },
    ])
    expect(p.approvals.map((a: { user: string }) => a.user)).toEqual(['bob', 'carol'])
    expect(p.findings.find((f: { ruleId: string }) => f.ruleId === 'doc/model-card-required')).toMatchObject({ model: 'models/legacy', waived: { approvedBy: '@ml-governance' } })
    expect(p.verdict).toMatchObject({ conclusion: 'success', summary: { errors: 0, waived: 1 } })
    expect(p.timestamps).toEqual({ startedAt: '2026-11-26T10:00:00.000Z', finishedAt: '2026-11-26T10:00:02.000Z' })
  })

  it('is deterministic except for the timestamps', async () => {
    const a = await record(new Date('2026-11-26T10:00:00Z'), new Date('2026-11-26T10:00:01Z'))
    const b = await record(new Date('2026-11-27T11:00:00Z'), new Date('2026-11-27T11:00:05Z'))
    const strip = (r: typeof a) => JSON.stringify({ ...r, predicate: { ...r.predicate, timestamps: null } })
    expect(strip(a)).toBe(strip(b))
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b))
  })
})

describe('facts.shared', () => {
  it('computes once per unit and key, and separately per key', async () => {
    const { createUnitFacts } = await import('../../src/core/facts.js')
    const unit = { path: 'm', kind: 'model' as const, files: ['m/a.pt'], artifacts: ['m/a.pt'], declared: [], changes: [], changed: false, status: 'unchanged' as const }
    const facts = createUnitFacts(unit, new MemoryView({ 'm/a.pt': 'x' }), policyFrom(undefined))
    let calls = 0
    const compute = async () => ++calls
    expect(await Promise.all([facts.shared('k', compute), facts.shared('k', compute)])).toEqual([1, 1])
    expect(await facts.shared('other', compute)).toBe(2)
    expect(calls).toBe(2)
  })
})
