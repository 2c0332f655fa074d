import { describe, expect, it } from '@jest/globals'
import { MemoryView } from '../../../src/adapters/memory/view.js'
import { runGate } from '../../../src/core/gate.js'
import type { ResolvedPolicy } from '../../../src/core/policy/resolve.js'
import { DOC_MODEL_INDEX } from '../../../src/rules/evaluation/metrics-unreadable.js'
import { ruleSet } from '../../../src/rules/index.js'
import { brief, check, policyFrom } from '../../support/harness.js'
import { fixture } from './helpers.js'

const card = fixture('classifier-card.md')

describe('eval/metrics-unreadable', () => {
  // Whether doc/model-index is on is set directly in the resolved policy, so these tests hold whether or not
  // the documentation family registers that rule.
  const withDocRule = (severity: 'off' | 'error', bounds: string[] = []) => {
    const policy = policyFrom(`version: 1\nrules:\n  eval/metric-bound:\n    bounds: ${JSON.stringify(bounds)}\n`)
    return { ...policy, rules: { ...policy.rules, [DOC_MODEL_INDEX]: { severity, options: {}, source: 'test' } } }
  }
  const gate = (files: Record<string, string>, policy: ResolvedPolicy) =>
    runGate({
      ruleSet,
      policy,
      files: new MemoryView(files),
      run: { event: 'local', policyPath: '.github/modelgate.yml', now: new Date('2026-11-26T12:00:00Z') },
      tool: { name: 'modelgate', version: 'test' },
      only: ['eval/metrics-unreadable', 'eval/metric-bound'],
    })

  it('reports a card value that is not a number at its line when doc/model-index is off, and the bound rule skips it', async () => {
    const r = await gate({ 'm/model.pt': 'x', 'm/README.md': card.replace('value: 0.91', 'value: TBD') }, withDocRule('off', ['accuracy >= 0.85']))
    expect(brief(r)).toEqual(['eval/metrics-unreadable m/README.md:15 metric `accuracy` has value `TBD`, which is not a number: it cannot be checked'])
    expect(r.findings[0]!.severity).toBe('warning')
  })

  it('leaves the card model-index structure to doc/model-index while it is on, but still reports duplicates and metrics files', async () => {
    const dup = card.replace('    - type: f1\n', '    - type: accuracy\n      value: 0.5\n    - type: f1\n').replace('value: 0.91', 'value: TBD')
    const policy = withDocRule('error')
    const r = await gate({ 'm/model.pt': 'x', 'm/README.md': dup }, policy)
    expect(brief(r)).toEqual([
      'eval/metrics-unreadable m/README.md:17 metric `accuracy` is listed twice for the same task, dataset and split (first at line 15): only the first is compared',
    ])
    const settings = { ...policy.settings, evaluation: { ...(policy.settings.evaluation as object), 'metrics-files': ['results.yaml'] } }
    const file = await gate(
      { 'm/model.pt': 'x', 'm/results.yaml': 'model-index:\n- name: m\n  results:\n  - metrics:\n    - {type: bleu, value: pending}\n' },
      { ...policy, settings },
    )
    expect(brief(file)).toEqual(['eval/metrics-unreadable m/results.yaml:5 metric `bleu` has value `pending`, which is not a number: it cannot be checked'])
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
