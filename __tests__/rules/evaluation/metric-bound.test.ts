import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture, tables } from './helpers.js'

const card = fixture('classifier-card.md')
const asr = fixture('asr-card.md')
const policy = (bounds: string) => `version: 1\nrules:\n  eval/metric-bound:\n    bounds:\n${bounds}`

describe('eval/metric-bound', () => {
  it('is silent within bounds', async () => {
    const r = await check({
      files: { 'models/clf/model.safetensors': 'x', 'models/clf/README.md': card },
      policy: policy("    - 'accuracy >= 0.85'\n    - 'loss <= 0.5'\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(r)).toEqual([])
    expect(tables(r)).toEqual([
      '# Metrics (no baseline: no base revision) — models/clf',
      'accuracy (imdb, test) ↑ | no baseline | 0.91 |  | >= 0.85 | no baseline',
      'f1 (imdb, test) ↑ | no baseline | 0.9 |  |  | no baseline',
      'loss (imdb, test) ↓ | no baseline | 0.3 |  | <= 0.5 | no baseline',
    ])
  })

  it('reports a value below its floor at the line of the value', async () => {
    const r = await check({
      files: { 'models/clf/model.safetensors': 'x', 'models/clf/README.md': card.replace('value: 0.91', 'value: 0.83') },
      policy: policy("    - 'accuracy >= 0.85'\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(r)).toEqual(['eval/metric-bound models/clf/README.md:15 accuracy (imdb, test) is 0.83, below the floor 0.85 set by the policy'])
    expect(r.findings[0]).toMatchObject({ severity: 'error', category: 'evaluation', model: 'models/clf', column: 14 })
    expect(r.findings[0]!.details).toMatchObject({ metric: 'accuracy', dataset: 'imdb', split: 'test', value: 0.83, min: 0.85, issue: 'below' })
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('reports a lower-is-better metric above its ceiling', async () => {
    const r = await check({
      files: { 'asr/model.onnx': 'x', 'asr/README.md': asr },
      policy: policy("    - metric: wer\n      max: 0.15\n      why: the call-centre contract promises a WER under 15%\n    - 'cer <= 0.1'\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(r)).toEqual([
      'eval/metric-bound asr/README.md:13 wer (common_voice/ja, test) is 0.18, above the ceiling 0.15 set by the policy: the call-centre contract promises a WER under 15%',
    ])
  })

  it('applies per-tier and per-model bounds, the most specific winning', async () => {
    const bounds = [
      "    - 'accuracy >= 0.8'",
      '    - metric: accuracy',
      '      min: 0.95',
      '      tiers: [high]',
      '    - metric: accuracy',
      '      min: 0.9',
      "      models: ['legacy/**']",
      '',
    ].join('\n')
    const minimal = card.replace('risk_level: high', 'risk_level: minimal')
    const r = await check({
      files: {
        'a/m.pt': 'x', 'a/README.md': card, // high: 0.91 < 0.95
        'b/m.pt': 'x', 'b/README.md': minimal, // minimal: global 0.8 applies
        'legacy/c/m.pt': 'x', 'legacy/c/README.md': card, // model glob beats tier: 0.9
      },
      policy: policy(bounds),
      only: ['eval/metric-bound'],
    })
    expect(brief(r)).toEqual(['eval/metric-bound a/README.md:15 accuracy (imdb, test) is 0.91, below the floor 0.95 set by the policy for tier high'])
  })

  it('filters by dataset and split, and matches metric globs and display names', async () => {
    const r = await check({
      files: { 'asr/model.onnx': 'x', 'asr/README.md': asr },
      policy: policy("    - metric: 'Test WER'\n      max: 0.1\n      dataset: common_voice\n      split: test\n    - metric: '*er'\n      max: 0.05\n      split: validation\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(r)).toEqual(['eval/metric-bound asr/README.md:13 wer (common_voice/ja, test) is 0.18, above the ceiling 0.1 set by the policy for dataset common_voice, split test'])
  })

  it('reports a percentage compared with a fraction instead of passing it', async () => {
    const r = await check({
      files: { 'a/m.pt': 'x', 'a/README.md': card.replace('value: 0.91', 'value: 83.0') },
      policy: policy("    - 'accuracy >= 0.85'\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(r)).toEqual([
      'eval/metric-bound a/README.md:15 accuracy (imdb, test) is 83, which looks like a percentage, while its floor 0.85 is a fraction: write both on the same scale',
    ])
    const asrPct = await check({
      files: { 'asr/model.onnx': 'x', 'asr/README.md': asr.replace('value: 0.18', 'value: 17.5') },
      policy: policy("    - 'wer <= 20'\n    - 'cer <= 0.1'\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(asrPct)).toEqual([])
    const fractionBelowPercentCeiling = await check({
      files: { 'asr/model.onnx': 'x', 'asr/README.md': asr },
      policy: policy("    - 'wer <= 20'\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(fractionBelowPercentCeiling)).toEqual([])
    // A real card (XLSR Japanese) writes WER 70.1869 as a percentage.
    const percentAgainstFractionCeiling = await check({
      files: { 'asr/model.onnx': 'x', 'asr/README.md': asr.replace('value: 0.18', 'value: 70.1869') },
      policy: policy("    - 'wer <= 0.2'\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(percentAgainstFractionCeiling)).toEqual([
      'eval/metric-bound asr/README.md:13 wer (common_voice/ja, test) is 70.1869, which looks like a percentage, while its ceiling 0.2 is a fraction: write both on the same scale',
    ])
    const fractionAgainstPercentFloor = await check({
      files: { 'a/m.pt': 'x', 'a/README.md': card },
      policy: policy("    - 'accuracy >= 85'\n"),
      only: ['eval/metric-bound'],
    })
    expect(brief(fractionAgainstPercentFloor)).toEqual([
      'eval/metric-bound a/README.md:15 accuracy (imdb, test) is 0.91, a fraction, while its floor 85 looks like a percentage: write both on the same scale',
    ])
  })

  it('reports a required metric the unit does not report, at the model-index line', async () => {
    const r = await check({
      files: { 'a/m.pt': 'x', 'a/README.md': card, 'b/m.pt': 'x' },
      policy: policy('    - metric: roc_auc\n      min: 0.9\n      required: true\n      tiers: [high]\n'),
      only: ['eval/metric-bound'],
    })
    expect(brief(r)).toEqual([
      "eval/metric-bound a/README.md:4 model `a` does not report `roc_auc`, which the policy requires for tier high (floor 0.9): add it to the card's `model-index` or a metrics file",
    ])
  })

  it('rejects a malformed bound in the policy', async () => {
    await expect(check({ files: {}, policy: policy("    - 'accuracy > high'\n") })).rejects.toThrow(/expected `<metric> >= <number>` or `<metric> <= <number>`/)
    await expect(check({ files: {}, policy: policy('    - metric: accuracy\n') })).rejects.toThrow(/a bound needs `min` or `max`/)
  })
})
