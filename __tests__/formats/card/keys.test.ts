import { describe, expect, it } from '@jest/globals'
import { HF_CARD_KEYS, osaDistance, suggestKey } from '../../../src/formats/card/keys.js'

describe('metadata key suggestions', () => {
  it('suggests the key meant by misspelled, plural and mis-separated keys', () => {
    const cases: [string, string][] = [
      ['liscence', 'license'],
      ['licence', 'license'],
      ['licenses', 'license'],
      ['languages', 'language'],
      ['model_index', 'model-index'],
      ['pipeline-tag', 'pipeline_tag'],
      ['Library_Name', 'library_name'],
      ['metric', 'metrics'],
      ['tag', 'tags'],
      ['base-model', 'base_model'],
      ['datsets', 'datasets'],
    ]
    for (const [wrong, right] of cases) expect([wrong, suggestKey(wrong, HF_CARD_KEYS)]).toEqual([wrong, right])
  })

  it('leaves known keys and deliberate custom keys alone', () => {
    for (const key of ['license', 'model-index', 'other-thing', 'mask-token', 'Task', 'dated', 'owner', 'inference', 'thumbnail']) {
      expect([key, suggestKey(key, HF_CARD_KEYS)]).toEqual([key, undefined])
    }
  })

  it('counts a transposition as one edit', () => {
    expect(osaDistance('licnese', 'license')).toBe(1)
    expect(osaDistance('liscence', 'license')).toBe(2)
  })
})
