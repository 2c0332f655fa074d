import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'

const card = (tier: string) => `---
license: mit
language: en
library_name: pytorch
tags: [tabular-classification]
risk_level: ${tier}
---

# Credit model

## Intended use

Scoring.

## Limitations

One market.

## Training data

2024 applications.

## Evaluation

AUC 0.8.
`

describe('doc/risk-tier-lowered and the tier rules apply', () => {
  const files = (tier: string) => ({ 'models/credit/model.safetensors': 'x', 'models/credit/README.md': card(tier) })
  const changes = [{ path: 'models/credit/README.md', status: 'modified' as const }]

  it('lowering high → minimal is reported at the key, and high-tier rules still apply (bias report required)', async () => {
    const r = await check({ files: files('minimal'), base: { 'models/credit/README.md': card('high') }, changes })
    expect(brief(r, 'doc/risk-tier-lowered')).toEqual([
      'doc/risk-tier-lowered models/credit/README.md:6 this change lowers the risk tier from `high` to `minimal`: the `high` requirements still apply to this change; have the reclassification reviewed',
    ])
    expect(r.findings.find((f) => f.ruleId === 'doc/risk-tier-lowered')!.severity).toBe('warning')
    expect(r.findings.map((f) => f.ruleId)).toContain('bias/report-required')
  })

  it('raising the tier, keeping it, or a new unit is not reported', async () => {
    const up = await check({ files: files('high'), base: { 'models/credit/README.md': card('limited') }, changes })
    expect(brief(up, 'doc/risk-tier-lowered')).toEqual([])
    const same = await check({ files: files('minimal'), base: { 'models/credit/README.md': card('minimal') }, changes })
    expect(brief(same, 'doc/risk-tier-lowered')).toEqual([])
    expect(same.findings.map((f) => f.ruleId)).not.toContain('bias/report-required')
    const added = await check({
      files: files('minimal'),
      base: {},
      changes: [
        { path: 'models/credit/README.md', status: 'added' },
        { path: 'models/credit/model.safetensors', status: 'added' },
      ],
    })
    expect(brief(added, 'doc/risk-tier-lowered')).toEqual([])
  })

  it('is an error under strict', async () => {
    const r = await check({ files: files('limited'), base: { 'models/credit/README.md': card('high') }, changes, policy: 'version: 1\nextends: strict\n' })
    expect(r.findings.find((f) => f.ruleId === 'doc/risk-tier-lowered')!.severity).toBe('error')
  })
})
