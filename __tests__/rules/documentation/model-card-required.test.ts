import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { EU, findings } from './helpers.js'

describe('doc/model-card-required', () => {
  it('reports a unit without a card at its first artifact, line 1', async () => {
    const r = await check({
      files: { 'models/a/model.safetensors': 'x', 'models/b/model.pkl': 'y', 'models/b/README.md': '# B\n' },
      only: ['doc/model-card-required'],
    })
    expect(brief(r)).toEqual([
      'doc/model-card-required models/a/model.safetensors:1 model unit `models/a` has no model card: add `models/a/README.md` or `models/a/MODEL_CARD.md`',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'error', category: 'documentation', model: 'models/a' })
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('accepts MODEL_CARD.md and model_card.md', async () => {
    const r = await check({
      files: { 'a/m.pt': 'x', 'a/MODEL_CARD.md': '# A', 'b/m.onnx': 'x', 'b/model_card.md': '# B' },
      only: ['doc/model-card-required'],
    })
    expect(r.findings).toEqual([])
    expect(r.verdict.conclusion).toBe('success')
  })

  it('accepts a Model Card Toolkit model_card.json in the unit', async () => {
    expect(await findings({ 'a/m.pt': 'x', 'a/model_card.json': '{}' }, 'doc/model-card-required')).toEqual([])
    expect(await findings({ 'a/m.pt': 'x', 'a/cards/model_card.json': '{}' }, 'doc/model-card-required')).toEqual([])
  })

  it('does not accept a card in a subdirectory', async () => {
    const r = await check({ files: { 'a/m.pt': 'x', 'a/docs/README.md': '# A' }, only: ['doc/model-card-required'] })
    expect(brief(r)).toHaveLength(1)
  })

  it('names Art. 11 and Annex IV under the EU preset', async () => {
    expect(await findings({ 'a/m.pt': 'x' }, 'doc/model-card-required', EU)).toEqual([
      'doc/model-card-required a/m.pt:1 model unit `a` has no model card: add `a/README.md` or `a/MODEL_CARD.md` [EU AI Act Art. 11(1); Annex IV]',
    ])
  })

  it('is silenced by severity off and downgraded by the policy', async () => {
    const off = await check({ files: { 'a/m.pt': 'x' }, policy: 'version: 1\nrules:\n  doc/model-card-required: off\n' })
    expect(off.findings.filter((f) => f.ruleId === 'doc/model-card-required')).toEqual([])
    const warn = await check({ files: { 'a/m.pt': 'x' }, policy: 'version: 1\nrules:\n  doc/model-card-required: warning\n', only: ['doc/model-card-required'] })
    expect(warn.findings[0]!.severity).toBe('warning')
    expect(warn.verdict.conclusion).toBe('success')
  })
})
