/**
 * The baseline: accept an existing repository's findings, gate only what is new. Fingerprints survive line
 * moves, never hold a raw value, and stale entries are reported.
 */
import { describe, expect, it } from '@jest/globals'
import { MemoryView } from '../../src/adapters/memory/view.js'
import { applyBaseline, buildBaseline, fingerprint, parseBaseline, serializeBaseline, type Baseline } from '../../src/core/baseline.js'
import type { ChangedFile } from '../../src/core/changes.js'
import type { Finding } from '../../src/core/findings.js'
import { runGate } from '../../src/core/gate.js'
import { builtInPolicy } from '../../src/core/policy/load.js'
import { ruleSet } from '../../src/rules/index.js'

const CARD = '---\nlicense: mit\npii: false\n---\n# Model\n\n## Intended use\n\nRouting.\n'
const repo = (extra: Record<string, string> = {}, csvPrefix = ''): Record<string, string> => ({
  'models/a/model.safetensors': '',
  'models/a/README.md': CARD,
  'models/a/data.csv': `${csvPrefix}name,email\nAda,ada.lovelace@example.org\n`,
  'models/b/model.onnx': '',
  ...extra,
})

const gate = (files: Record<string, string>, baseline?: Baseline, changes?: ChangedFile[]) =>
  runGate({
    ruleSet,
    policy: builtInPolicy(ruleSet),
    files: new MemoryView(files),
    run: { event: 'local', policyPath: '.github/modelgate.yml', now: new Date('2026-11-26T12:00:00Z'), changes },
    all: changes === undefined,
    tool: { name: 'modelgate', version: 'test' },
    only: ['doc/model-card-required', 'pii/email', 'pii/undeclared-personal-data'],
    baseline: baseline ? { baseline, source: '.github/modelgate-baseline.json' } : undefined,
  })

const f = (o: Partial<Finding> = {}): Finding => ({ ruleId: 'pii/email', category: 'pii', severity: 'error', path: 'd.csv', message: '2 email addresses in column "e" (first: a***@e***.org)', line: 3, ...o })

describe('fingerprint', () => {
  it('is stable under line moves and count changes, and differs by rule, path and subject', () => {
    expect(fingerprint(f())).toBe(fingerprint(f({ line: 40, message: '3 email addresses in column "e" (first: a***@e***.org)' })))
    expect(fingerprint(f())).not.toBe(fingerprint(f({ path: 'e.csv' })))
    expect(fingerprint(f())).not.toBe(fingerprint(f({ ruleId: 'pii/phone' })))
    expect(fingerprint(f())).not.toBe(fingerprint(f({ message: '2 email addresses in column "other" (first: a***@e***.org)' })))
    expect(fingerprint(f())).toMatch(/^[0-9a-f]{16}$/)
  })
})

describe('baseline, then check', () => {
  it('accepts every current finding: the gate passes and counts them as baselined', async () => {
    const first = await gate(repo())
    expect(first.verdict.conclusion).toBe('failure')
    const live = first.findings.map((x) => x.ruleId).sort()
    expect(live).toEqual(['doc/model-card-required', 'pii/email', 'pii/undeclared-personal-data'])
    const file = serializeBaseline(buildBaseline(first.findings))
    // Only rule, path, a hash and a count: never the address, nor its redacted shape.
    expect(file).not.toMatch(/ada|lovelace|example|\*\*\*/)
    const read = parseBaseline(file)
    if (!read.ok) throw new Error(read.problem)
    expect(read.baseline.entries.map((e) => `${e.rule} ${e.path} ${e.count}`)).toEqual([
      'pii/undeclared-personal-data models/a/README.md 1',
      'pii/email models/a/data.csv 1',
      'doc/model-card-required models/b/model.onnx 1',
    ])

    const second = await gate(repo({}, '\n\n'), read.baseline)
    expect(second.verdict.conclusion).toBe('success')
    expect(second.verdict.summary).toMatchObject({ errors: 0, baselined: 3 })
    expect(second.findings.every((x) => x.baselined)).toBe(true)
    expect(second.report.baseline).toEqual({ source: '.github/modelgate-baseline.json', entries: 3, matched: 3, stale: [] })

    // A change adding one new problem fails on it alone.
    const third = await gate(repo({ 'models/c/model.onnx': '' }), read.baseline, [{ path: 'models/c/model.onnx', status: 'added' }])
    expect(third.verdict.conclusion).toBe('failure')
    expect(third.findings.filter((x) => !x.baselined).map((x) => `${x.ruleId} ${x.path}`)).toEqual(['doc/model-card-required models/c/model.onnx'])
    expect(third.verdict.blocking).toBe(1)
  })

  it('reports entries that no longer match (in the evaluated scope) so the file shrinks', async () => {
    const b = buildBaseline((await gate(repo())).findings)
    const fixed = repo()
    delete fixed['models/a/data.csv']
    const r = await gate(fixed, b)
    expect(r.verdict.conclusion).toBe('success')
    expect(r.report.baseline!.stale).toEqual([
      { rule: 'pii/undeclared-personal-data', path: 'models/a/README.md', count: 1 },
      { rule: 'pii/email', path: 'models/a/data.csv', count: 1 },
    ])
    expect(r.report.notes).toContain('2 baselined findings no longer occur (fixed or moved): run `modelgate baseline` to shrink `.github/modelgate-baseline.json`.')
    // A pull request touching only models/b does not call models/a's entries stale.
    const pr = await gate(fixed, b, [{ path: 'models/b/model.onnx', status: 'modified' }])
    expect(pr.report.baseline!.stale).toEqual([])
  })

  it('counts: one more finding with the same fingerprint than the baseline holds is new', () => {
    const b = buildBaseline([f()])
    const r = applyBaseline([f(), f({ line: 9 })], b)
    expect(r.findings.map((x) => Boolean(x.baselined))).toEqual([true, false])
    expect(r.matched).toBe(1)
  })

  it('never baselines waived, governance or policy findings', () => {
    const b = buildBaseline([f({ ruleId: 'governance/waiver-expired', category: 'governance' }), f({ ruleId: 'policy/policy-modified', category: 'policy' }), f({ waived: { index: 0, reason: 'r', approvedBy: 'a', expires: '2030-01-01' } })])
    expect(b.entries).toEqual([])
  })

  it('refuses a malformed file with one clear problem', () => {
    expect(parseBaseline('{')).toMatchObject({ ok: false })
    expect(parseBaseline('{"version":1,"entries":[{"rule":"a/b","path":"x","fingerprint":"nothex","count":1}]}')).toEqual({
      ok: false,
      problem: 'not a modelgate baseline (version 1): entries.0.fingerprint: Invalid string: must match pattern /^[0-9a-f]{16,64}$/',
    })
  })
})
