/** The evaluation gate through a real git history: the base metrics are read with git at the merge base. */
import { describe, expect, it } from '@jest/globals'
import { tempRepos } from '../support/gitrepo.js'
import { CLI, runNode } from '../support/run-dist.js'
import { safetensors } from '../support/artifacts.js'

const newRepo = tempRepos()
const cli = (cwd: string, ...args: string[]) => runNode(CLI, args, { cwd, env: { NO_COLOR: '1' } })

const card = (accuracy: number) => `---
license: apache-2.0
language: en
library_name: pytorch
tags: [tabular-classification]
model-index:
  - name: churn
    results:
      - task:
          type: tabular-classification
        dataset:
          type: acme/churn
          name: Churn
          split: test
        metrics:
          - type: accuracy
            value: ${accuracy}
---

# Churn

## Intended use

Ranking accounts for outreach; a person reviews every decision.

## Limitations

One market only.

## Training data

Anonymised usage, 2024 to 2026.

## Evaluation

Holdout split of 20%.
`

describe('evaluation against the base branch (git)', () => {
  it('a drop beyond the tolerance is an eval/regression at the value line naming both values and the base', async () => {
    const r = newRepo('modelgate-eval-')
    r.write({ 'models/churn/model.safetensors': safetensors(), 'models/churn/README.md': card(0.91) })
    const base = r.commit('base')
    r.git('checkout', '-q', '-b', 'lower-accuracy')
    r.write({ 'models/churn/README.md': card(0.88) })
    r.commit('retrain')
    const res = await cli(r.dir, 'check', '--format', 'json')
    const report = JSON.parse(res.stdout)
    const reg = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'eval/regression')
    expect(reg).toHaveLength(1)
    expect(reg[0]).toMatchObject({ path: 'models/churn/README.md', line: 17, severity: 'warning', model: 'models/churn' })
    expect(reg[0].message).toContain('0.91')
    expect(reg[0].message).toContain('0.88')
    expect(reg[0].message).toContain(base.slice(0, 7))
    const table = report.tables.find((t: { id: string }) => t.id === 'metrics')
    expect(table.rows.some((row: string[]) => row.includes('0.91') && row.includes('0.88'))).toBe(true)
    // A warning does not fail the gate under fail-on: error; it does under warning.
    expect(res.code).toBe(0)
    expect((await cli(r.dir, 'check', '--fail-on', 'warning')).code).toBe(1)
  })

  it('an improvement is not a finding', async () => {
    const r = newRepo('modelgate-eval-')
    r.write({ 'models/churn/model.safetensors': safetensors(), 'models/churn/README.md': card(0.88) })
    r.commit('base')
    r.git('checkout', '-q', '-b', 'better')
    r.write({ 'models/churn/README.md': card(0.93) })
    r.commit('retrain')
    const report = JSON.parse((await cli(r.dir, 'check', '--format', 'json')).stdout)
    expect(report.findings.filter((f: { category: string }) => f.category === 'evaluation')).toEqual([])
  })
})
