import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture } from './helpers.js'

const card = fixture('classifier-card.md')
const SHA = '3f2a9c1d0e4b5a69788796a5b4c3d2e1f0a9b8c7'
const withoutF1 = card.replace('    - type: f1\n      value: 0.90\n', '')

describe('eval/metric-removed', () => {
  it('reports a metric the base reported and the head does not, at the model-index line', async () => {
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/README.md': withoutF1 },
      base: { 'm/README.md': card },
      baseRef: SHA,
      changes: [{ path: 'm/README.md', status: 'modified' }],
      only: ['eval/metric-removed'],
    })
    expect(brief(r)).toEqual(['eval/metric-removed m/README.md:4 f1 (imdb, test) was 0.9 at base 3f2a9c1 but is no longer reported: it cannot be judged'])
    expect(r.findings[0]).toMatchObject({ severity: 'warning', details: { metric: 'f1', dataset: 'imdb', split: 'test', source: 'card', base: 0.9, baseRef: SHA } })
  })

  it('is an error under strict', async () => {
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/README.md': withoutF1 },
      base: { 'm/README.md': card },
      policy: 'version: 1\nextends: strict\n',
      changes: [{ path: 'm/README.md', status: 'modified' }],
      only: ['eval/metric-removed'],
    })
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['eval/metric-removed error'])
  })

  it('reports every metric of a deleted metrics file at the card, and a dropped key at the file', async () => {
    const policy = "version: 1\nsettings:\n  evaluation:\n    metrics-files: ['eval_results.json', 'scores/*.yaml']\n"
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/README.md': card, 'm/scores/robustness.yaml': 'test:\n  accuracy: 0.8\n' },
      base: { 'm/README.md': card, 'm/eval_results.json': fixture('eval_results.json'), 'm/scores/robustness.yaml': 'test:\n  accuracy: 0.8\n  f1: 0.7\n' },
      baseRef: SHA,
      changes: [
        { path: 'm/eval_results.json', status: 'removed' },
        { path: 'm/scores/robustness.yaml', status: 'modified' },
      ],
      policy,
      only: ['eval/metric-removed'],
    })
    expect(brief(r)).toEqual([
      'eval/metric-removed m/README.md:4 accuracy (eval, eval_results.json) was 0.874 at base 3f2a9c1 but is no longer reported: it cannot be judged',
      'eval/metric-removed m/README.md:4 loss (eval, eval_results.json) was 0.412 at base 3f2a9c1 but is no longer reported: it cannot be judged',
      'eval/metric-removed m/scores/robustness.yaml:1 f1 (test, robustness.yaml) was 0.7 at base 3f2a9c1 but is no longer reported: it cannot be judged',
    ])
  })

  it('reports nothing for a new unit or without a base', async () => {
    const added = await check({
      files: { 'm/model.pt': 'x', 'm/README.md': withoutF1 },
      base: {},
      changes: [
        { path: 'm/model.pt', status: 'added' },
        { path: 'm/README.md', status: 'added' },
      ],
      only: ['eval/metric-removed'],
    })
    expect(brief(added)).toEqual([])
    const noBase = await check({ files: { 'm/model.pt': 'x', 'm/README.md': withoutF1 }, only: ['eval/metric-removed'] })
    expect(brief(noBase)).toEqual([])
  })
})
