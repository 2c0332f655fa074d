import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture } from './helpers.js'

const card = fixture('classifier-card.md')

describe('eval/metrics-unreadable', () => {
  it('reports a value that is not a number at its line, and the bound rule skips it', async () => {
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/README.md': card.replace('value: 0.91', 'value: TBD') },
      policy: "version: 1\nrules:\n  eval/metric-bound:\n    bounds: ['accuracy >= 0.85']\n",
      only: ['eval/metrics-unreadable', 'eval/metric-bound'],
    })
    expect(brief(r)).toEqual(['eval/metrics-unreadable m/README.md:15 metric `accuracy` has value `TBD`, which is not a number: it cannot be checked'])
    expect(r.findings[0]!.severity).toBe('warning')
  })

  it('reports broken front matter only when it holds a model-index', async () => {
    const broken = card.replace('license: apache-2.0', 'license: [apache-2.0')
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/README.md': broken, 'n/model.pt': 'x', 'n/README.md': '---\nlicense: [mit\n---\n# N\n' },
      only: ['eval/metrics-unreadable'],
    })
    expect(brief(r)).toHaveLength(1)
    expect(brief(r)[0]).toMatch(/^eval\/metrics-unreadable m\/README\.md:\d+ the card's front matter cannot be parsed \(.+\): its `model-index` metrics cannot be checked$/)
  })

  it('reports a metrics file that cannot be parsed, or is too large', async () => {
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/metrics.json': '{\n  "accuracy": 0.9\n  "f1": 0.8\n}', 'n/model.pt': 'x', 'n/metrics.json': `{"a": 1, "pad": "${'x'.repeat(1024 * 1024)}"}` },
      policy: "version: 1\nsettings:\n  evaluation:\n    metrics-files: ['metrics.json']\n",
      only: ['eval/metrics-unreadable'],
    })
    expect(brief(r)).toEqual([
      "eval/metrics-unreadable m/metrics.json:3 metrics file `m/metrics.json` cannot be parsed (Expected ',' or '}' after property value): its metrics cannot be checked",
      'eval/metrics-unreadable n/metrics.json:1 metrics file `n/metrics.json` is larger than 1048576 bytes: its metrics are not checked',
    ])
  })

  it('reports a broken dvc.yaml that builds the unit', async () => {
    const r = await check({
      files: { 'm/model.pt': 'x', 'm/dvc.yaml': 'metrics: [\n' },
      only: ['eval/metrics-unreadable'],
    })
    expect(brief(r)).toHaveLength(1)
    expect(brief(r)[0]).toMatch(/^eval\/metrics-unreadable m\/dvc\.yaml:\d+ `m\/dvc\.yaml` cannot be parsed \(.+\): the metrics it declares cannot be checked$/)
  })
})
