import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { EVAL_RULES, fixture, tables } from './helpers.js'

const card = fixture('classifier-card.md')

describe('metrics table and the evaluation family together', () => {
  it('publishes one table per model, combining bound and regression status', async () => {
    const head = card.replace('value: 0.91', 'value: 0.84').replace('    - type: f1\n      value: 0.90\n', '')
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/README.md': head, 'n/model.pt': 'x' },
      base: { 'm/README.md': card },
      baseRef: 'release-2026.10',
      changes: [{ path: 'm/README.md', status: 'modified' }],
      policy: "version: 1\nrules:\n  eval/metric-bound:\n    bounds: ['accuracy >= 0.85', 'loss <= 0.4']\n",
      only: EVAL_RULES,
    })
    expect(brief(r)).toEqual([
      'eval/metric-removed m/README.md:4 f1 (imdb, test) was 0.9 at base release-2026.10 but is no longer reported: it cannot be judged',
      'eval/metric-bound m/README.md:15 accuracy (imdb, test) is 0.84, below the floor 0.85 set by the policy',
      'eval/regression m/README.md:15 accuracy (imdb, test) dropped from 0.91 at base release-2026.10 to 0.84 (-0.07, -7.69%; higher is better; tolerance 1% relative)',
    ])
    expect(r.report.tables).toHaveLength(1)
    expect(r.report.tables![0]).toMatchObject({ id: 'metrics', model: 'm', columns: ['metric', 'base', 'head', 'delta', 'bound', 'status'] })
    expect(tables(r)).toEqual([
      '# Metrics (base release-2026.10) — m',
      'accuracy (imdb, test) ↑ | 0.91 | 0.84 | -0.07 (-7.69%) | >= 0.85 | below floor; regressed',
      'loss (imdb, test) ↓ | 0.3 | 0.3 | 0 | <= 0.4 | unchanged',
      'f1 (imdb, test) ↑ | 0.9 | — |  |  | removed',
    ])
  })

  it('says "worse" rather than judging a drop when the regression rule is off', async () => {
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/README.md': card.replace('value: 0.91', 'value: 0.5') },
      base: { 'm/README.md': card },
      changes: [{ path: 'm/README.md', status: 'modified' }],
      policy: 'version: 1\nrules:\n  eval/regression: off\n',
      only: EVAL_RULES,
    })
    expect(brief(r)).toEqual([])
    expect(tables(r)[1]).toBe('accuracy (imdb, test) ↑ | 0.91 | 0.5 | -0.41 (-45.05%) |  | worse')
  })

  it('finds nothing and publishes no table for models without metrics under the recommended preset', async () => {
    const r = await check({ files: { 'm/model.pt': 'x', 'm/README.md': '# M\n' }, base: {}, only: EVAL_RULES })
    expect(r.findings).toEqual([])
    expect(r.report.tables ?? []).toEqual([])
  })
})
