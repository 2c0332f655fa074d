import { describe, expect, it } from '@jest/globals'
import { EU, findings, runDoc, STRICT, unit } from './helpers.js'

const MISSING = 'doc/risk-tier-missing'
const INVALID = 'doc/risk-tier-invalid'
const UNACCEPTABLE = 'doc/risk-tier-unacceptable'
const TIERS = [MISSING, INVALID, UNACCEPTABLE]
const card = (fm: string) => `---\n${fm}\n---\n# M\n\nText.\n`

describe('risk tier rules', () => {
  it('a missing tier is off in recommended, an error in strict and the EU preset', async () => {
    expect(await findings(unit(card('license: mit')), TIERS)).toEqual([])
    const strict = await runDoc(unit(card('license: mit')), STRICT, TIERS)
    expect(strict.findings.map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      "error 1 card declares no risk tier: add `risk_level: <tier>` (one of `minimal`, `limited`, `high`, `unacceptable`) to the front matter; until then the policy's default tier `minimal` applies",
    ])
    expect(await findings(unit(card('license: mit')), TIERS, EU)).toEqual([
      "doc/risk-tier-missing m/README.md:1 card declares no risk tier: add `risk_level: <tier>` (one of `minimal`, `limited`, `high`, `unacceptable`) to the front matter; until then the policy's default tier `minimal` applies [EU AI Act Art. 6; Annex III]",
    ])
  })

  it('names the policy’s tier key and default tier', async () => {
    const policy = 'version: 1\nextends: strict\ntier-key: ai_act_tier\ndefault-tier: high\n'
    expect(await findings(unit(card('license: mit')), MISSING, policy)).toEqual([
      "doc/risk-tier-missing m/README.md:1 card declares no risk tier: add `ai_act_tier: <tier>` (one of `minimal`, `limited`, `high`, `unacceptable`) to the front matter; until then the policy's default tier `high` applies",
    ])
    expect(await findings(unit(card('ai_act_tier: limited')), TIERS, policy)).toEqual([])
  })

  it('accepts every tier, in any case', async () => {
    for (const t of ['minimal', 'limited', 'High']) expect(await findings(unit(card(`risk_level: ${t}`)), TIERS, STRICT)).toEqual([])
  })

  it('reports an invalid tier at its value with a suggestion', async () => {
    expect(await findings(unit(card('license: mit\nrisk_level: high-risk')), TIERS, STRICT)).toEqual([
      'doc/risk-tier-invalid m/README.md:3:13 risk tier high-risk is not one of `minimal`, `limited`, `high`, `unacceptable`: did you mean `risk_level: high`? (meanwhile the default tier `minimal` applies)',
    ])
    expect(await findings(unit(card('risk_level: 3')), INVALID)).toEqual([
      'doc/risk-tier-invalid m/README.md:2:13 risk tier 3 is not one of `minimal`, `limited`, `high`, `unacceptable` (meanwhile the default tier `minimal` applies)',
    ])
    expect(await findings(unit(card('risk_level: low')), INVALID)).toEqual([
      'doc/risk-tier-invalid m/README.md:2:13 risk tier low is not one of `minimal`, `limited`, `high`, `unacceptable`: did you mean `risk_level: minimal`? (meanwhile the default tier `minimal` applies)',
    ])
  })

  it('fails a model declared unacceptable, in every preset', async () => {
    const r = await runDoc(unit(card('risk_level: unacceptable')), undefined, TIERS)
    expect(r.findings.map((f) => `${f.severity} ${f.ruleId} ${f.line}:${f.column} ${f.message}`)).toEqual([
      'error doc/risk-tier-unacceptable 2:13 model declares the risk tier `unacceptable`, a practice the EU AI Act prohibits (Art. 5): it must not be deployed; remove it or re-assess its tier',
    ])
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('leaves an empty card to doc/card-empty', async () => {
    expect(await findings(unit(''), [...TIERS, 'doc/card-empty'], STRICT)).toEqual([
      'doc/card-empty m/README.md:1 model card is empty: describe the model in sections such as "## Intended uses & limitations", "## Training data" and "## Evaluation"',
    ])
  })

  it('leaves broken front matter to doc/front-matter-invalid', async () => {
    expect(await findings(unit('---\n- a\n---\n# M\n'), TIERS, STRICT)).toEqual([])
  })

  it('reports a unit documented only by a Model Card Toolkit card', async () => {
    expect(await findings({ 'm/m.pt': 'x', 'm/model_card.json': '{"model_details": {"name": "m"}}' }, MISSING, STRICT)).toEqual([
      "doc/risk-tier-missing m/model_card.json:1 model unit declares no risk tier: modelgate reads `risk_level` from the front matter of the unit's README.md, which it lacks; add one with `risk_level: <tier>` (one of `minimal`, `limited`, `high`, `unacceptable`); until then the policy's default tier `minimal` applies",
    ])
  })
})
