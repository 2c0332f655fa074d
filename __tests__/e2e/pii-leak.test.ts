/**
 * No leaks, anywhere: known personal data is planted in a pull request, then the bundled CLI (every format,
 * the audit record) and the bundled action (outputs, job summary, workflow commands, JSON report, SARIF,
 * audit record, every request body sent to the GitHub API: check run, annotations, comment) are searched
 * for each raw value. Findings must exist (the values were detected) and must not repeat them.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { GitHubStub } from '../support/github-stub.js'
import { tempRepos } from '../support/gitrepo.js'
import { actionOutputs, cliOutputs } from '../support/leak.js'
import { safetensors } from '../support/artifacts.js'

function luhn(prefix: string, length: number): string {
  let n = prefix
  while (n.length < length - 1) n += String((n.length * 7) % 10)
  for (let d = 0; d <= 9; d++) {
    const s = n + d
    let sum = 0
    for (let i = 0; i < s.length; i++) {
      let x = Number(s[s.length - 1 - i])
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2
      sum += x
    }
    if (sum % 10 === 0) return s
  }
  throw new Error('unreachable')
}

const CARD = luhn('453918', 16)
const PLANTED = {
  email: 'grace.hopper1906@navy-example.org',
  email2: 'alan.turing@bletchley-example.co.uk',
  phone: '+1 415 555 0199',
  ssn: '536-22-8174',
  card: CARD.replace(/(\d{4})(?=\d)/g, '$1 '),
  iban: 'GB33BUKB20201555555555',
  ip: '81.2.69.142',
}
/** Every spelling of each value a careless reporter might print. */
const NEEDLES = [
  ...Object.values(PLANTED),
  CARD,
  PLANTED.phone.replace(/\D/g, ''),
  '4155550199',
  PLANTED.ssn.replace(/-/g, ''),
  'grace.hopper1906',
  'navy-example.org',
  'alan.turing',
]

const CSV = `id,name,email,phone,ssn,card,iban,last_ip
1,Grace Hopper,${PLANTED.email},${PLANTED.phone},${PLANTED.ssn},${PLANTED.card},${PLANTED.iban},${PLANTED.ip}
`
const NOTEBOOK = JSON.stringify({
  cells: [{ cell_type: 'code', source: ['df.head()'], outputs: [{ output_type: 'stream', name: 'stdout', text: [`contact ${PLANTED.email2}\n`] }] }],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
})
const CARD_MD = `---
license: mit
language: en
library_name: pytorch
tags: [tabular-classification]
pii: none
---

# Model

Questions to ${PLANTED.email2}.

## Intended use

Internal triage.

## Limitations

English only.

## Training data

Support tickets.

## Evaluation

F1 0.8.
`

function files() {
  return {
    'models/m/model.safetensors': safetensors(),
    'models/m/README.md': CARD_MD,
    'models/m/data/customers.csv': CSV,
    'models/m/notebooks/explore.ipynb': NOTEBOOK,
  }
}

function expectNoLeak(where: string, text: string) {
  for (const n of NEEDLES) {
    if (text.includes(n)) throw new Error(`raw PII value ${JSON.stringify(n)} leaked in ${where}`)
  }
}

let stub: GitHubStub | undefined
const newRepo = tempRepos()
afterEach(async () => {
  await stub?.close()
  stub = undefined
})

describe('PII never appears in any output', () => {
  it('CLI: text, json, sarif, markdown, audit record, stderr', async () => {
    const r = newRepo('modelgate-leak-')
    r.write(files())
    const kinds = await cliOutputs(r.dir, expectNoLeak)
    // The values were detected (so the absence above means redaction, not blindness).
    for (const id of ['pii/email', 'pii/phone', 'pii/ssn', 'pii/credit-card', 'pii/iban', 'pii/ip-address', 'pii/undeclared-personal-data']) expect(kinds).toContain(id)
  })

  it('action: outputs, summary, workflow commands, report, SARIF, audit, every API request body', async () => {
    const run = await actionOutputs(newRepo('modelgate-leak-'), 'version: 1\n', files(), expectNoLeak)
    stub = run.stub
    expect(Number(run.res.outputs.errors)).toBeGreaterThanOrEqual(6)
    expect(stub.calls.some((c) => c.method === 'POST' && c.path.endsWith('/check-runs'))).toBe(true)
  })
})
