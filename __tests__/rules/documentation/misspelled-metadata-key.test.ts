import { describe, expect, it } from '@jest/globals'
import { findings, unit } from './helpers.js'

const RULE = 'doc/misspelled-metadata-key'

describe('doc/misspelled-metadata-key', () => {
  it('suggests the right key for misspelled, plural and mis-separated keys, at the key', async () => {
    const card = ['---', 'liscence: "mit"', 'languages:', '- fr', 'model_index: []', 'pipeline-tag: "fill-mask"', 'mask-token: "[MASK]"', 'other-thing: test', '---', '# M'].join('\n')
    expect(await findings(unit(card), RULE)).toEqual([
      'doc/misspelled-metadata-key m/README.md:2:1 front matter key `liscence` is not a known key, so tools ignore it: did you mean `license`?',
      'doc/misspelled-metadata-key m/README.md:3:1 front matter key `languages` is not a known key, so tools ignore it: did you mean `language`?',
      'doc/misspelled-metadata-key m/README.md:5:1 front matter key `model_index` is not a known key, so tools ignore it: did you mean `model-index`?',
      'doc/misspelled-metadata-key m/README.md:6:1 front matter key `pipeline-tag` is not a known key, so tools ignore it: did you mean `pipeline_tag`?',
    ])
  })

  it('says when the right key is there too', async () => {
    expect(await findings(unit('---\nlicense: mit\nlicenses: [mit]\n---\n# M\n'), RULE)).toEqual([
      'doc/misspelled-metadata-key m/README.md:3:1 front matter key `licenses` is not a known key, so tools ignore it: did you mean `license`? (the card also sets `license`; merge them)',
    ])
  })

  it('catches a misspelled risk-tier key, including the policy’s own tier key', async () => {
    expect(await findings(unit('---\nrisk-level: high\n---\n# M\n'), RULE)).toEqual([
      'doc/misspelled-metadata-key m/README.md:2:1 front matter key `risk-level` is not a known key, so the card declares no risk tier: did you mean `risk_level`?',
    ])
    const policy = 'version: 1\ntier-key: ai_act_tier\n'
    expect(await findings(unit('---\nai-act-tier: high\nrisk_level: high\n---\n# M\n'), RULE, policy)).toEqual([
      'doc/misspelled-metadata-key m/README.md:2:1 front matter key `ai-act-tier` is not a known key, so the card declares no risk tier: did you mean `ai_act_tier`?',
      'doc/misspelled-metadata-key m/README.md:3:1 front matter key `risk_level` is not a known key, so the card declares no risk tier: did you mean `ai_act_tier`?',
    ])
  })

  it('knows the keys the policy requires', async () => {
    const policy = 'version: 1\nsettings:\n  documentation:\n    required-fields: [owner_team]\n'
    expect(await findings(unit('---\nowner-team: ml\n---\n# M\n'), RULE, policy)).toEqual([
      'doc/misspelled-metadata-key m/README.md:2:1 front matter key `owner-team` is not a known key, so tools ignore it: did you mean `owner_team`?',
    ])
  })

  it('reports a key that is an HTML comment pasted into the YAML', async () => {
    const card = '---\nlanguage:\n- en\n<!-- thumbnail: https://example.com/x.png\n  -->\ntags:\n- topic labeling\n---\n# M\n'
    expect(await findings(unit(card), RULE)).toEqual([
      'doc/misspelled-metadata-key m/README.md:4:1 front matter key `<!-- thumbnail` comes from an HTML comment inside the YAML: YAML comments start with `#`; use `# thumbnail` or remove it',
    ])
  })
})
