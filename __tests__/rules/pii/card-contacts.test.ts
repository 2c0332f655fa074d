import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'

const CARD = `---
license: mit
contact: ml-platform@acme-corp.com
authors:
  - name: Jane Doe
    email: jane.doe@acme-corp.com
---

# Model

## Training data

Tickets from bob.smith@customer-mail.com and others.

## Model card contact

Write to model-owners@acme-corp.com.
`

describe('pii: contacts a card publishes on purpose', () => {
  const only = ['pii/email']
  it('are not findings in the card; other addresses in the card still are', async () => {
    const r = await check({ files: { 'm/model.safetensors': 'x', 'm/README.md': CARD }, only })
    expect(brief(r)).toEqual(['pii/email m/README.md:13 1 email address (first: b***@c***.com)'])
  })

  it('the same address in a data file is still a finding', async () => {
    const r = await check({ files: { 'm/model.safetensors': 'x', 'm/README.md': CARD, 'm/data.csv': 'id,email\n1,jane.doe@acme-corp.com\n' }, only })
    expect(brief(r).filter((l) => l.includes('m/data.csv'))).toHaveLength(1)
  })

  it('card-contacts: false reports them too', async () => {
    const r = await check({ files: { 'm/model.safetensors': 'x', 'm/README.md': CARD }, only, policy: 'version: 1\nsettings:\n  pii:\n    card-contacts: false\n' })
    expect(r.findings.filter((f) => f.ruleId === 'pii/email').map((f) => f.details?.count)).toEqual([4])
  })
})
