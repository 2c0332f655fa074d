import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { loadPolicy } from '../../../src/core/policy/load.js'
import { ruleSet } from '../../../src/rules/index.js'

const policy = (waivers: string, extra = '') => `version: 1
${extra}waivers:
${waivers}`

const waiver = (o: { rule?: string; models?: string; expires: string }) => `  - rule: ${o.rule ?? 'doc/model-card-required'}
${o.models ? `    models: [${o.models}]\n` : ''}    reason: legacy model, card in PROJ-1
    approved-by: "@alice"
    expires: ${o.expires}
`

// Tiny protocol-0 pickles (an empty dict): a model.pt that is not a pickle would be artifact/unscannable-code.
const files = { 'models/legacy/model.pt': '(dp0\n.', 'models/new/model.pt': '(dp1\n.' }
const NOW = new Date('2026-11-26T15:00:00Z')

describe('waivers', () => {
  it('a live waiver marks matching findings waived; they do not count toward the verdict', async () => {
    const r = await check({ files: { 'models/legacy/model.pt': files['models/legacy/model.pt'] }, policy: policy(waiver({ models: '"models/legacy"', expires: '2026-12-31' })), now: NOW })
    const f = r.findings.find((x) => x.ruleId === 'doc/model-card-required')!
    expect(f.waived).toEqual({ index: 0, reason: 'legacy model, card in PROJ-1', approvedBy: '@alice', expires: '2026-12-31' })
    expect(r.verdict.conclusion).toBe('success')
    expect(r.verdict.summary).toMatchObject({ errors: 0, waived: 1 })
  })

  it('applies through the whole expiry day (UTC) and lapses the day after, as an error naming the approver', async () => {
    const p = policy(waiver({ expires: '2026-11-26' }))
    const onDay = await check({ files, policy: p, now: new Date('2026-11-26T23:59:59Z') })
    expect(onDay.verdict.conclusion).toBe('success')
    expect(brief(onDay, 'governance/waiver-expiring')).toEqual([
      'governance/waiver-expiring .github/modelgate.yml:3 waiver for `doc/model-card-required` approved by @alice expires on 2026-11-26 (today)',
    ])
    const after = await check({ files, policy: p, now: new Date('2026-11-27T00:00:01Z') })
    expect(after.verdict.conclusion).toBe('failure')
    expect(brief(after, 'governance/waiver-expired')).toEqual([
      'governance/waiver-expired .github/modelgate.yml:3 waiver for `doc/model-card-required` approved by @alice expired on 2026-11-26 (1 day ago); its findings count again',
    ])
    expect(after.findings.filter((f) => f.ruleId === 'doc/model-card-required' && !f.waived)).toHaveLength(2)
  })

  it('a waiver due within the notice period is a notice; outside it, nothing', async () => {
    const soon = await check({ files, policy: policy(waiver({ expires: '2026-12-05' })), now: NOW })
    expect(brief(soon, 'governance/waiver-expiring')).toEqual([
      'governance/waiver-expiring .github/modelgate.yml:3 waiver for `doc/model-card-required` approved by @alice expires on 2026-12-05 (in 9 days)',
    ])
    expect(soon.findings.find((f) => f.ruleId === 'governance/waiver-expiring')!.severity).toBe('notice')
    const later = await check({ files, policy: policy(waiver({ expires: '2027-01-31' })), now: NOW })
    expect(brief(later, 'governance/waiver-expiring')).toEqual([])
    const custom = await check({ files, policy: policy(waiver({ expires: '2027-01-31' }), 'rules:\n  governance/waiver-expiring: { days: 90 }\n'), now: NOW })
    expect(brief(custom, 'governance/waiver-expiring')).toHaveLength(1)
  })

  it('a waiver that matched nothing in a full run is a stale warning; a partial run does not judge', async () => {
    const p = policy(waiver({ models: '"models/gone"', expires: '2027-01-31' }))
    const full = await check({ files, policy: p, now: NOW })
    expect(brief(full, 'governance/waiver-unused')).toEqual([
      'governance/waiver-unused .github/modelgate.yml:3 waiver for `doc/model-card-required` in models/gone matched no finding: remove it or fix its scope',
    ])
    const partial = await check({ files, policy: p, now: NOW, changes: [{ path: 'models/new/model.pt', status: 'added' }] })
    expect(brief(partial, 'governance/waiver-unused')).toEqual([])
  })

  it('out-of-scope findings are not waived (models and paths globs, rule vs category)', async () => {
    const r = await check({ files, policy: policy(waiver({ models: '"models/legacy"', expires: '2027-01-31' })), now: NOW })
    const card = r.findings.filter((f) => f.ruleId === 'doc/model-card-required')
    expect(card.map((f) => [f.model, Boolean(f.waived)])).toEqual([
      ['models/legacy', true],
      ['models/new', false],
    ])
    const byCategory = await check({ files, policy: policy(waiver({ rule: 'documentation', expires: '2027-01-31' })), now: NOW })
    expect(byCategory.findings.filter((f) => f.ruleId === 'doc/model-card-required').every((f) => f.waived)).toBe(true)
  })

  it('a waiver longer than the allowed lifetime is an error', async () => {
    const r = await check({ files, policy: policy(waiver({ expires: '2028-01-01' })), now: NOW })
    expect(brief(r, 'governance/waiver-lifetime')).toEqual([
      'governance/waiver-lifetime .github/modelgate.yml:3 waiver for `doc/model-card-required` expires on 2028-01-01, 401 days ahead; the policy allows at most 180',
    ])
  })

  it('a waiver naming an unknown rule is a policy error at its line', () => {
    const res = loadPolicy({ text: policy(waiver({ rule: 'doc/model-card-requird', expires: '2027-01-01' })), source: 'p.yml', ruleSet })
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.problems).toEqual([{ file: 'p.yml', line: 3, column: 11, message: '`waivers.0.rule`: "doc/model-card-requird" is neither a rule id nor a category (did you mean "doc/model-card-required"?)' }])
  })
})
