/**
 * bias/stale end to end on a real git repository: weights change in a commit, the change list comes from
 * `git diff` (the git adapter) and the files from the workspace on disk.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WorkspaceView } from '../../../src/adapters/fs/workspace.js'
import { changedFiles, git } from '../../../src/adapters/git/git.js'
import { runGate } from '../../../src/core/gate.js'
import { builtInPolicy } from '../../../src/core/policy/load.js'
import { ruleSet } from '../../../src/rules/index.js'
import { brief } from '../../support/harness.js'
import { card, fixture, sha256, V1 } from './helpers.js'

let dir: string
const put = async (path: string, content: string) => {
  await mkdir(join(dir, path, '..'), { recursive: true })
  await writeFile(join(dir, path), content)
}
const commit = async (message: string) => {
  await git(dir, ['add', '-A'])
  await git(dir, ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message])
  return (await git(dir, ['rev-parse', 'HEAD'])).trim()
}
const gate = async (base: string, head: string) => {
  const changes = await changedFiles(dir, base, head)
  const r = await runGate({
    ruleSet,
    policy: builtInPolicy(ruleSet),
    files: new WorkspaceView(dir),
    run: { event: 'pull_request', baseSha: base, headSha: head, changes, policyPath: '.github/modelgate.yml', now: new Date('2026-11-26T12:00:00Z') },
    tool: { name: 'modelgate', version: 'test' },
    only: ['bias/stale'],
  })
  return { r, changes }
}
const pointer = (oid: string) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 10\n`

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelgate-bias-'))
  await git(dir, ['init', '-q', '-b', 'main'])
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('bias/stale on a git repository', () => {
  it('flags weights changed in a commit when the report was not updated, then passes once it is', async () => {
    await put('models/credit/model.safetensors', 'weights-v1')
    await put('models/credit/README.md', card('high'))
    await put('models/credit/bias_report.yaml', fixture('pass.yaml'))
    const base = await commit('model v1 with its bias report')

    await put('models/credit/model.safetensors', 'weights-v2')
    const head = await commit('retrain')
    const { r, changes } = await gate(base, head)
    expect(changes).toEqual([{ path: 'models/credit/model.safetensors', status: 'modified' }])
    expect(brief(r)).toEqual([
      `bias/stale models/credit/bias_report.yaml:8 bias report is stale: weights file \`models/credit/model.safetensors\` changed in this change (modified) and has sha256 ${sha256('weights-v2')}, but \`bias_report.yaml\` records ${V1}: re-run the evaluation on the current weights and regenerate the report`,
    ])
    expect(r.verdict.conclusion).toBe('failure')

    await put('models/credit/bias_report.yaml', fixture('pass.yaml').replace(V1, sha256('weights-v2')))
    const fixed = await commit('re-evaluate')
    expect((await gate(base, fixed)).r.findings).toEqual([])
  })

  it('uses a Git LFS pointer\'s oid when the content is not checked out', async () => {
    await put('models/lfs/model.safetensors', pointer(V1))
    await put('models/lfs/bias_report.yaml', fixture('pass.yaml'))
    const base = await commit('LFS model with its report')
    expect((await gate(`${base}~1`, base)).r.findings).toEqual([])

    const v3 = sha256('weights-v3')
    await put('models/lfs/model.safetensors', pointer(v3))
    const head = await commit('new LFS weights')
    expect(brief((await gate(base, head)).r)).toEqual([
      `bias/stale models/lfs/bias_report.yaml:8 bias report is stale: weights file \`models/lfs/model.safetensors\` changed in this change (modified) and has Git LFS oid ${v3}, but \`bias_report.yaml\` records ${V1}: re-run the evaluation on the current weights and regenerate the report`,
    ])
  })
})
