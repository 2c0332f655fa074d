import { describe, expect, it } from '@jest/globals'
import type { ChangedFile } from '../../../src/core/changes.js'
import { MemoryView } from '../../../src/adapters/memory/view.js'
import type { BaseView } from '../../../src/core/files.js'
import { runGate } from '../../../src/core/gate.js'
import { ruleSet } from '../../../src/rules/index.js'
import { brief, check, policyFrom } from '../../support/harness.js'
import { fixture, tables } from './helpers.js'

const card = fixture('classifier-card.md')
const asr = fixture('asr-card.md')
const SHA = '3f2a9c1d0e4b5a69788796a5b4c3d2e1f0a9b8c7'
const modified = (...paths: string[]): ChangedFile[] => paths.map((path) => ({ path, status: 'modified' }))

async function run(head: string, base: string | undefined, extra: { policy?: string; path?: string } = {}) {
  const path = extra.path ?? 'models/clf/README.md'
  const dir = path.slice(0, path.lastIndexOf('/'))
  return check({
    files: { [`${dir}/model.safetensors`]: 'x', [path]: head },
    base: base === undefined ? {} : { [path]: base },
    baseRef: SHA,
    changes: modified(path),
    policy: extra.policy,
    only: ['eval/regression'],
  })
}

describe('eval/regression', () => {
  it('reports a drop beyond the default 1% tolerance at the head value, naming both values and the base', async () => {
    const r = await run(card.replace('value: 0.91', 'value: 0.88'), card)
    expect(brief(r)).toEqual([
      'eval/regression models/clf/README.md:15 accuracy (imdb, test) dropped from 0.91 at base 3f2a9c1 to 0.88 (-0.03, -3.3%; higher is better; tolerance 1% relative)',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'warning', category: 'evaluation', column: 14 })
    expect(r.findings[0]!.details).toMatchObject({ base: 0.91, head: 0.88, baseRef: SHA, direction: 'higher', tolerance: { relative: 0.01 } })
    expect(r.verdict.conclusion).toBe('success')
    expect(tables(r)).toEqual([
      '# Metrics (base 3f2a9c1) — models/clf',
      'accuracy (imdb, test) ↑ | 0.91 | 0.88 | -0.03 (-3.3%) |  | regressed',
      'f1 (imdb, test) ↑ | 0.9 | 0.9 | 0 |  | unchanged',
      'loss (imdb, test) ↓ | 0.3 | 0.3 | 0 |  | unchanged',
    ])
  })

  it('does not report a drop within tolerance, nor an improvement', async () => {
    const head = card.replace('value: 0.90', 'value: 0.93').replace('value: 0.91', 'value: 0.905').replace('value: 0.30', 'value: 0.25')
    const r = await run(head, card)
    expect(brief(r)).toEqual([])
    expect(tables(r).slice(1)).toEqual([
      'accuracy (imdb, test) ↑ | 0.91 | 0.905 | -0.005 (-0.55%) |  | within tolerance',
      'f1 (imdb, test) ↑ | 0.9 | 0.93 | +0.03 (+3.33%) |  | improved',
      'loss (imdb, test) ↓ | 0.3 | 0.25 | -0.05 (-16.67%) |  | improved',
    ])
  })

  it('treats a drop of exactly the tolerance as within it', async () => {
    const r = await run(card.replace('value: 0.91', 'value: 0.9009'), card)
    expect(brief(r)).toEqual([])
  })

  it('reports lower-is-better metrics that rise', async () => {
    const r = await run(asr.replace('value: 0.18', 'value: 0.21'), asr, { path: 'asr/README.md' })
    expect(brief(r)).toEqual([
      'eval/regression asr/README.md:13 wer (common_voice/ja, test) rose from 0.18 at base 3f2a9c1 to 0.21 (+0.03, +16.67%; lower is better; tolerance 1% relative)',
    ])
  })

  it('applies absolute and per-metric tolerances, most specific first', async () => {
    const policy = [
      'version: 1',
      'rules:',
      '  eval/regression:',
      '    tolerance: { absolute: 0.05 }',
      '    metrics:',
      '      - { metric: loss, relative: 0.5 }',
      '      - { metric: f1, absolute: 0, tiers: [high] }',
      '',
    ].join('\n')
    const head = card.replace('value: 0.91', 'value: 0.87').replace('value: 0.90', 'value: 0.899').replace('value: 0.30', 'value: 0.44')
    const r = await run(head, card, { policy })
    expect(brief(r)).toEqual([
      'eval/regression models/clf/README.md:17 f1 (imdb, test) dropped from 0.9 at base 3f2a9c1 to 0.899 (-0.001, -0.11%; higher is better; tolerance 0 absolute)',
    ])
  })

  it('says "no baseline" for a new unit and reports nothing', async () => {
    const r = await check({
      files: { 'models/new/model.safetensors': 'x', 'models/new/README.md': card },
      base: {},
      baseRef: SHA,
      changes: [
        { path: 'models/new/README.md', status: 'added' },
        { path: 'models/new/model.safetensors', status: 'added' },
      ],
      only: ['eval/regression'],
    })
    expect(brief(r)).toEqual([])
    expect(tables(r)).toEqual([
      '# Metrics (no baseline: new model) — models/new',
      'accuracy (imdb, test) ↑ | no baseline | 0.91 |  |  | no baseline',
      'f1 (imdb, test) ↑ | no baseline | 0.9 |  |  | no baseline',
      'loss (imdb, test) ↓ | no baseline | 0.3 |  |  | no baseline',
    ])
  })

  it('has no baseline without a base revision', async () => {
    const r = await check({ files: { 'm/model.pt': 'x', 'm/README.md': card }, only: ['eval/regression'] })
    expect(brief(r)).toEqual([])
    expect(tables(r)[0]).toBe('# Metrics (no baseline: no base revision) — m')
  })

  it('marks metrics new at the head, and does not judge metrics whose direction is unknown', async () => {
    const base = card.replace('type: loss', 'type: calibration_gap')
    const head = base.replace('value: 0.30', 'value: 0.9').replace('type: f1', 'type: roc_auc')
    const r = await run(head, base)
    expect(brief(r)).toEqual([])
    expect(tables(r).slice(1)).toEqual([
      'accuracy (imdb, test) ↑ | 0.91 | 0.91 | 0 |  | unchanged',
      'roc_auc (imdb, test) ↑ | — | 0.9 |  |  | new',
      'calibration_gap (imdb, test) | 0.3 | 0.9 | +0.6 (+200%) |  | changed',
      'f1 (imdb, test) ↑ | 0.9 | — |  |  | removed',
    ])
  })

  it('uses directions declared in settings', async () => {
    const base = card.replace('type: loss', 'type: calibration_gap')
    const head = base.replace('value: 0.30', 'value: 0.9')
    const r = await run(head, base, { policy: 'version: 1\nsettings:\n  evaluation:\n    directions: { calibration_gap: lower }\n' })
    expect(brief(r)).toEqual([
      'eval/regression models/clf/README.md:19 calibration_gap (imdb, test) rose from 0.3 at base 3f2a9c1 to 0.9 (+0.6, +200%; lower is better; tolerance 1% relative)',
    ])
  })

  it('reads the base card under its previous name after a rename', async () => {
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/MODEL_CARD.md': card.replace('value: 0.91', 'value: 0.5') },
      base: { 'm/README.md': card },
      baseRef: 'main',
      changes: [{ path: 'm/MODEL_CARD.md', status: 'renamed', previousPath: 'm/README.md' }],
      only: ['eval/regression'],
    })
    expect(brief(r)).toEqual([
      'eval/regression m/MODEL_CARD.md:15 accuracy (imdb, test) dropped from 0.91 at base main to 0.5 (-0.41, -45.05%; higher is better; tolerance 1% relative)',
    ])
  })

  it('compares metrics files named in settings, and DVC-declared metrics', async () => {
    const metrics = fixture('dvc-metrics.json')
    const r = await check({
      files: {
        'svc/model.pkl': 'x',
        'svc/eval/metrics.json': metrics.replace('"test": 0.92', '"test": 0.80'),
        'dvc.yaml': fixture('dvc.yaml'),
        'models/model.pkl': 'x',
        'results/evaluate/metrics.json': '{"f1": 0.7}',
      },
      base: { 'svc/eval/metrics.json': metrics, 'dvc.yaml': fixture('dvc.yaml'), 'results/evaluate/metrics.json': '{"f1": 0.8}' },
      baseRef: SHA,
      changes: modified('svc/eval/metrics.json', 'results/evaluate/metrics.json'),
      policy: "version: 1\nsettings:\n  evaluation:\n    metrics-files: ['eval/*.json']\n",
      run: { changes: undefined },
      only: ['eval/regression'],
    })
    expect(brief(r)).toEqual([
      'eval/regression results/evaluate/metrics.json:1 f1 (metrics.json) dropped from 0.8 at base 3f2a9c1 to 0.7 (-0.1, -12.5%; higher is better; tolerance 1% relative)',
      'eval/regression svc/eval/metrics.json:4 avg_prec (test, metrics.json) dropped from 0.92 at base 3f2a9c1 to 0.8 (-0.12, -13.04%; higher is better; tolerance 1% relative)',
    ])
    expect(r.findings.map((f) => f.model)).toEqual(['models', 'svc'])
  })

  it('says when the base revision cannot be read', async () => {
    const failing: BaseView = {
      ref: SHA,
      readText: async () => {
        throw new Error('HTTP 502 from the contents API')
      },
    }
    const r = await runGate({
      ruleSet,
      policy: policyFrom(undefined),
      files: new MemoryView({ 'm/model.pt': 'x', 'm/README.md': card }),
      base: failing,
      run: { event: 'pull_request', policyPath: '.github/modelgate.yml', changes: modified('m/README.md'), now: new Date('2026-11-26T12:00:00Z') },
      tool: { name: 'modelgate', version: 'test' },
      only: ['eval/regression', 'eval/metric-removed'],
    })
    expect(brief(r)).toEqual([
      'eval/regression m/README.md:4 the base revision 3f2a9c1 could not be read (HTTP 502 from the contents API): metric regressions were not checked',
    ])
    expect(tables(r)[0]).toBe('# Metrics (no baseline: the base revision could not be read) — m')
  })

  it('does not read files the change did not touch at the base: their head metrics are the baseline', async () => {
    const reads: string[] = []
    const spy: BaseView = {
      ref: SHA,
      readText: async (p) => {
        reads.push(p)
        return undefined
      },
    }
    const r = await runGate({
      ruleSet,
      policy: policyFrom(undefined),
      files: new MemoryView({ 'm/model.pt': 'y', 'm/README.md': card }),
      base: spy,
      run: { event: 'pull_request', policyPath: '.github/modelgate.yml', changes: modified('m/model.pt'), now: new Date('2026-11-26T12:00:00Z') },
      tool: { name: 'modelgate', version: 'test' },
      only: ['eval/regression', 'eval/metric-removed'],
    })
    expect(reads).toEqual([])
    expect(brief(r)).toEqual([])
    expect(tables(r)[1]).toBe('accuracy (imdb, test) ↑ | 0.91 | 0.91 | 0 |  | unchanged')
  })
})
