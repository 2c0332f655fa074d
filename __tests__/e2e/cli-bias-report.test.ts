/** `modelgate bias-report` end to end: counts in, a conforming report out that the gate then accepts. */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { tempRepos } from '../support/gitrepo.js'
import { CLI, runNode } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'

const newRepo = tempRepos()
const cli = (cwd: string, ...args: string[]) => runNode(CLI, args, { cwd, env: { NO_COLOR: '1' } })

// Two groups per attribute, 60 people each, equal selection rates and error rates: within every threshold.
const COUNTS = `attribute,group,tp,fp,tn,fn
sex,female,20,4,30,6
sex,male,20,4,30,6
`
const HIGH_CARD = GOOD_CARD.replace('pipeline_tag: tabular-classification', 'pipeline_tag: tabular-classification\nrisk_level: high')

describe('modelgate bias-report', () => {
  it('writes a report with the weights hash that makes a high-risk unit pass the bias rules', async () => {
    const r = newRepo('modelgate-bias-')
    const weights = safetensors(4)
    r.write({ 'models/m/model.safetensors': weights, 'models/m/README.md': HIGH_CARD, 'eval/counts.csv': COUNTS })
    const before = await cli(r.dir, 'check', '--all', '--format', 'json')
    expect(JSON.parse(before.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('bias/report-required')

    const res = await cli(
      r.dir, 'bias-report', '--from', 'eval/counts.csv', '--weights', 'models/m/model.safetensors',
      '--model-name', 'm', '--model-version', '1.0.0', '--dataset', 'holdout', '--split', 'test',
      '--dataset-revision', 'v1', '--author', 'ml-team', '--date', '2026-11-20', '--out', 'models/m/bias_report.yaml',
    )
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).toBe('wrote models/m/bias_report.yaml\n')
    const text = readFileSync(path.join(r.dir, 'models/m/bias_report.yaml'), 'utf8')
    expect(text).toContain(`sha256: ${createHash('sha256').update(weights).digest('hex')}`)
    expect(text).toContain('path: model.safetensors')

    const after = await cli(r.dir, 'check', '--all', '--format', 'json')
    const report = JSON.parse(after.stdout)
    expect(report.findings.filter((f: { category: string }) => f.category === 'bias')).toEqual([])
    expect(report.tables.find((t: { id: string }) => t.id === 'fairness')).toMatchObject({ model: 'models/m' })
  })

  it('exits 2 with file:line:col for bad counts, and with usage for missing flags', async () => {
    const r = newRepo('modelgate-bias-')
    r.write({ 'm/model.safetensors': safetensors(), 'bad.csv': 'attribute,group,tp,fp,tn,fn\nsex,female,1,x,3,4\n' })
    const args = ['--weights', 'm/model.safetensors', '--model-name', 'm', '--model-version', '1', '--dataset', 'd', '--split', 's', '--dataset-revision', 'r', '--author', 'a']
    const bad = await cli(r.dir, 'bias-report', '--from', 'bad.csv', ...args)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^bad\.csv:2:\d+: /)
    const missing = await cli(r.dir, 'bias-report', '--from', 'bad.csv')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing --model-name, --model-version, --dataset, --split, --dataset-revision, --author')
    const noWeights = await cli(r.dir, 'bias-report', '--from', 'bad.csv', ...args.slice(2), '--weights', 'nope.pt')
    expect(noWeights.code).toBe(2)
    expect(noWeights.stderr).toContain('weights file `nope.pt` does not exist')
  })
})

describe('modelgate bias-report: default output', () => {
  it('writes next to the first --weights file (where the unit finds it) and says where', async () => {
    const r = newRepo('modelgate-bias-default-')
    r.write({ 'models/m/model.safetensors': safetensors(4), 'models/m/README.md': HIGH_CARD, 'eval/counts.csv': COUNTS })
    const res = await cli(
      r.dir, 'bias-report', '--from', 'eval/counts.csv', '--weights', 'models/m/model.safetensors',
      '--model-name', 'm', '--model-version', '1.0.0', '--dataset', 'holdout', '--split', 'test',
      '--dataset-revision', 'v1', '--author', 'ml-team', '--date', '2026-11-20',
    )
    expect(res.code).toBe(0)
    expect(res.stdout).toBe('wrote models/m/bias_report.yaml\n')
    const after = await cli(r.dir, 'check', '--all', '--format', 'json')
    expect(JSON.parse(after.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('bias/report-required')
  })
})
