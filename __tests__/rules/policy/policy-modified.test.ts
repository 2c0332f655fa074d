import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'

const files = { 'm/model.safetensors': 'x', '.github/modelgate.yml': 'version: 1\n' }
const only = ['policy/policy-modified']

describe('policy/policy-modified', () => {
  it('is a warning at the policy file when the change modifies it, naming which policy this run used', async () => {
    const pr = await check({
      files,
      only,
      changes: [{ path: '.github/modelgate.yml', status: 'modified' }],
      run: { pullRequest: { number: 1, baseSha: 'b', headSha: 'h' } },
    })
    expect(brief(pr)).toEqual(['policy/policy-modified .github/modelgate.yml:1 this change modifies the governance policy; it takes effect after merge (this run used the base policy)'])
    expect(pr.findings[0]!.severity).toBe('warning')
    const local = await check({ files, only, changes: [{ path: '.github/modelgate.yml', status: 'added' }] })
    expect(brief(local)).toEqual(['policy/policy-modified .github/modelgate.yml:1 this change adds the governance policy; it takes effect after merge (this run used the current policy)'])
  })

  it('reports deletions and renames away from the policy path', async () => {
    const del = await check({ files, only, changes: [{ path: '.github/modelgate.yml', status: 'removed' }] })
    expect(brief(del)).toEqual(['policy/policy-modified .github/modelgate.yml:1 this change deletes the governance policy; it will take effect after merge (this run used the base policy)'])
    const ren = await check({ files, only, changes: [{ path: 'old.yml', previousPath: '.github/modelgate.yml', status: 'renamed' }] })
    expect(brief(ren)).toHaveLength(1)
  })

  it('is silent when the policy is untouched, and can be raised to error', async () => {
    expect((await check({ files, only, changes: [{ path: 'm/model.safetensors', status: 'modified' }] })).findings).toEqual([])
    const strict = await check({ files, only, policy: 'version: 1\nrules:\n  policy/policy-modified: error\n', changes: [{ path: '.github/modelgate.yml', status: 'modified' }] })
    expect(strict.verdict.conclusion).toBe('failure')
  })
})
