import { describe, expect, it } from '@jest/globals'
import { brief } from '../../support/harness.js'
import { EU, fixture, runDoc, STRICT, unit } from './helpers.js'

const doc = brief
const check = ({ files, policy }: { files: Record<string, string | Uint8Array>; policy?: string }) => runDoc(files, policy)

describe('documentation rules on complete cards', () => {
  it('a complete card passes recommended and strict', async () => {
    expect(doc(await check({ files: unit(fixture('complete.md')) }))).toEqual([])
    expect(doc(await check({ files: unit(fixture('complete.md')), policy: STRICT }))).toEqual([])
  })

  it('a card covering the Annex IV items passes the EU preset', async () => {
    expect(doc(await check({ files: unit(fixture('eu-high-risk.md')), policy: EU }))).toEqual([])
  })

  it('the complete card misses only the Annex IV items under the EU preset, each naming its article', async () => {
    const r = await check({ files: unit(fixture('complete.md')), policy: EU })
    expect(doc(r)).toEqual([
      'doc/required-fields m/README.md:1 card metadata has no provider: add one of `provider`, `developers`, `developed_by` or `organization` to the front matter or a "## Provider" section [EU AI Act Annex IV(1)(a); Art. 13(3)(a)]',
      'doc/required-fields m/README.md:1 card metadata has no version: add one of `version` or `model_version` to the front matter [EU AI Act Annex IV(1)(a)]',
      'doc/required-sections m/README.md:1 card has no changes over the lifecycle section: add a heading such as "## Changelog" or "## Change log" with its content [EU AI Act Annex IV(6); Art. 13(3)(c)]',
      'doc/required-sections m/README.md:1 card has no cybersecurity section: add a heading such as "## Cybersecurity" or "## Cyber security" with its content [EU AI Act Annex IV(2)(h); Art. 15]',
      'doc/required-sections m/README.md:1 card has no data labelling and cleaning section: add a heading such as "## Preprocessing" or "## Data preprocessing" with its content [EU AI Act Annex IV(2)(d); Art. 10(2)(c)]',
      'doc/required-sections m/README.md:1 card has no human oversight measures section: add a heading such as "## Human oversight" or "## Human oversight measures" with its content [EU AI Act Annex IV(2)(e); Art. 13(3)(d); Art. 14]',
      'doc/required-sections m/README.md:1 card has no instructions for use section: add a heading such as "## How to use" or "## Usage" with its content [EU AI Act Annex IV(1)(h); Art. 13(2)]',
      'doc/required-sections m/README.md:1 card has no performance per group section: add a heading such as "## Factors" or "## Disaggregated results" with its content [EU AI Act Annex IV(3); Art. 13(3)(b)(v)]',
      'doc/required-sections m/README.md:1 card has no post-market monitoring plan section: add a heading such as "## Post-market monitoring" or "## Post-market monitoring plan" with its content [EU AI Act Annex IV(9); Art. 72]',
      'doc/required-sections m/README.md:1 card has no system, software and hardware section: add a heading such as "## Technical specifications" or "## Compute infrastructure" with its content [EU AI Act Annex IV(1)(c), (e); Art. 13(3)(e)]',
    ])
    expect(r.findings.every((f) => f.severity === 'error' && typeof f.details?.regulation === 'string')).toBe(true)
  })

  it('every finding under the EU preset names the regulation item', async () => {
    const r = await check({ files: unit(fixture('template-unfilled.md').replace('license: mit', 'license: MIT\nliscence: x')), policy: EU })
    const docFindings = r.findings.filter((f) => f.ruleId.startsWith('doc/'))
    expect(docFindings.length).toBeGreaterThan(10)
    for (const f of docFindings) expect([f.ruleId, /\[EU AI Act [^\]]+\]$|\(Art\. 5\)/.test(f.message)]).toEqual([f.ruleId, true])
  })
})
