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
      'doc/required-fields m/README.md:1 card metadata lacks 2 required fields: provider (e.g. `provider`) (Annex IV(1)(a); Art. 13(3)(a)); version (e.g. `version`) (Annex IV(1)(a)); add them to the front matter (or the sections "## Provider") [EU AI Act Annex IV; Art. 13]',
      'doc/required-sections m/README.md:1 card lacks 8 required sections: instructions for use (Annex IV(1)(h); Art. 13(2)); system, software and hardware (Annex IV(1)(c), (e); Art. 13(3)(e)); data labelling and cleaning (Annex IV(2)(d); Art. 10(2)(c)); performance per group (Annex IV(3); Art. 13(3)(b)(v)); human oversight measures (Annex IV(2)(e); Art. 13(3)(d); Art. 14); cybersecurity (Annex IV(2)(h); Art. 15); changes over the lifecycle (Annex IV(6); Art. 13(3)(c)); post-market monitoring plan (Annex IV(9); Art. 72); add a heading for each ("## How to use", "## Technical specifications", "## Preprocessing", "## Factors", …) with its content [EU AI Act Annex IV; Art. 13; Art. 10; Art. 14; Art. 15; Art. 72]',
    ])
    expect(r.findings.every((f) => f.severity === 'error' && typeof f.details?.regulation === 'string')).toBe(true)
  })

  it('every finding under the EU preset names the regulation item', async () => {
    const r = await check({ files: unit(fixture('template-unfilled.md').replace('license: mit', 'license: MIT\nliscence: x')), policy: EU })
    const docFindings = r.findings.filter((f) => f.ruleId.startsWith('doc/'))
    expect(docFindings.map((f) => f.ruleId)).toEqual([
      'doc/required-fields',
      'doc/required-sections',
      'doc/risk-tier-missing',
      'doc/license',
      'doc/misspelled-metadata-key',
      'doc/placeholder-text',
      'doc/required-sections',
    ])
    for (const f of docFindings) expect([f.ruleId, /\[EU AI Act [^\]]+\]$|\(Art\. 5\)/.test(f.message)]).toEqual([f.ruleId, true])
  })
})
