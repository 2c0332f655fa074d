import { describe, expect, it } from '@jest/globals'
import { check } from '../../support/harness.js'
import { defineUnitRule, type RuleSet } from '../../../src/core/rule.js'
import { runGate } from '../../../src/core/gate.js'
import { MemoryView } from '../../../src/adapters/memory/view.js'
import { loadPolicy } from '../../../src/core/policy/load.js'
import { parseSuppression } from '../../../src/core/suppressions.js'

// A documentation rule and a PII-category rule that both report at README.md line 3.
const docRule = defineUnitRule({ id: 'doc/fake', category: 'documentation', defaultSeverity: 'error', description: 'd', help: 'h', check: (c) => c.report({ path: 'm/README.md', line: 3, message: 'doc problem' }) })
const piiRule = defineUnitRule({ id: 'pii/fake', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', check: (c) => c.report({ path: 'm/README.md', line: 3, message: 'pii problem' }) })
const rs: RuleSet = { rules: [docRule, piiRule], settings: [] }

async function run(policyText: string, readme: string) {
  const loaded = loadPolicy({ text: policyText, source: 'p.yml', ruleSet: rs })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  return runGate({
    ruleSet: rs,
    policy: loaded.policy,
    files: new MemoryView({ 'm/model.pt': 'x', 'm/README.md': readme }),
    run: { event: 'local', policyPath: 'p.yml', now: new Date('2026-11-26T00:00:00Z') },
    all: true,
    tool: { name: 'modelgate', version: 't' },
  })
}

const README = '# M\n<!-- modelgate-disable-next-line doc/fake -- section intentionally short, see ADR-7 -->\ntext\n'
const README_PII = '# M\n<!-- modelgate-disable-next-line pii/fake -- please -->\ntext\n'

describe('inline suppressions', () => {
  it('are ignored unless the policy enables them', async () => {
    const r = await run('version: 1\n', README)
    expect(r.findings.every((f) => !f.waived)).toBe(true)
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('when enabled, silence a documentation finding on the next line, with its reason', async () => {
    const r = await run('version: 1\ninline-suppressions: true\n', README)
    expect(r.findings.find((f) => f.ruleId === 'doc/fake')!.waived).toEqual({
      index: -1,
      reason: 'section intentionally short, see ADR-7',
      approvedBy: 'inline comment at m/README.md:2',
      expires: 'never',
    })
    expect(r.findings.find((f) => f.ruleId === 'pii/fake')!.waived).toBeUndefined()
  })

  it('never silence other categories, and need a reason', async () => {
    const r = await run('version: 1\ninline-suppressions: true\n', README_PII)
    expect(r.findings.every((f) => !f.waived)).toBe(true)
    expect(parseSuppression('<!-- modelgate-disable-next-line doc/fake -- -->')).toBeUndefined()
    expect(parseSuppression('<!-- modelgate-disable-next-line doc/fake -->')).toBeUndefined()
    expect(parseSuppression('<!-- modelgate-disable-next-line doc/x -- why -->')).toEqual({ rule: 'doc/x', reason: 'why' })
  })

  it('the real registry accepts the key', async () => {
    const r = await check({ files: { 'm/model.pt': 'x' }, policy: 'version: 1\ninline-suppressions: true\n', only: ['doc/model-card-required'] })
    expect(r.findings).toHaveLength(1)
  })
})
