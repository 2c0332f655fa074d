/**
 * What each workflow event means for the gate (pure over the payload).
 */
import { describe, expect, it } from '@jest/globals'
import { eventContext } from '../../src/adapters/github/event.js'

const REPO = 'acme/models'
const SHA = 'f'.repeat(40)
const BASE = 'b'.repeat(40)
const HEAD = 'a'.repeat(40)

const pr = (head: unknown = { full_name: 'acme/models' }) => ({
  number: 42,
  pull_request: {
    number: 42,
    user: { login: 'octocat' },
    base: { sha: BASE, ref: 'main', repo: { full_name: 'acme/models' } },
    head: { sha: HEAD, ref: 'feature', repo: head },
  },
})

describe('eventContext', () => {
  it.each(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])('%s: base and head from the pull request, policy from base', (name) => {
    expect(eventContext(name, pr(), REPO, SHA)).toEqual({
      name,
      owner: 'acme',
      repo: 'models',
      supported: true,
      pullNumber: 42,
      baseSha: BASE,
      headSha: HEAD,
      baseRef: 'main',
      author: 'octocat',
      fork: false,
      policyFromBase: true,
      changeSource: 'pull-request',
    })
  })

  it('detects a pull request from a fork', () => {
    expect(eventContext('pull_request', pr({ full_name: 'someone/models' }), REPO, SHA).fork).toBe(true)
    expect(eventContext('pull_request_target', pr({ full_name: 'someone/models' }), REPO, SHA)).toMatchObject({ fork: true, policyFromBase: true, baseSha: BASE })
  })

  // Bug (minor): when the fork was deleted, GitHub sends `head.repo: null`; only fork pull requests can lose
  // their head repository, yet `fork` is computed as false, so the action treats the token as writable.
  // Fix: `fork = !pr.head?.repo || pr.head.repo.full_name !== pr.base.repo.full_name` (or use head.repo.fork).
  it('a pull request whose fork was deleted (head.repo null) is a fork', () => {
    expect(eventContext('pull_request', pr(null), REPO, SHA).fork).toBe(true)
  })

  it('falls back to the top-level number when the pull request lacks one', () => {
    const payload = { number: 7, pull_request: { base: { sha: BASE }, head: { sha: HEAD } } }
    expect(eventContext('pull_request', payload, REPO, SHA)).toMatchObject({ pullNumber: 7, baseSha: BASE, headSha: HEAD, fork: false, author: undefined })
  })

  it('push: compare before…after', () => {
    expect(eventContext('push', { before: BASE, after: HEAD }, REPO, SHA)).toEqual({
      name: 'push',
      owner: 'acme',
      repo: 'models',
      supported: true,
      baseSha: BASE,
      headSha: HEAD,
      policyFromBase: false,
      changeSource: 'compare',
    })
  })

  it('push of a new branch (zero before SHA): no base, no change list', () => {
    expect(eventContext('push', { before: '0'.repeat(40), after: HEAD, created: true }, REPO, SHA)).toEqual({
      name: 'push',
      owner: 'acme',
      repo: 'models',
      supported: true,
      baseSha: undefined,
      headSha: HEAD,
      policyFromBase: false,
      changeSource: 'none',
    })
    expect(eventContext('push', {}, REPO, SHA)).toMatchObject({ baseSha: undefined, headSha: SHA, changeSource: 'none' })
  })

  it('merge_group: base and head of the merge group, policy from base', () => {
    expect(eventContext('merge_group', { merge_group: { base_sha: BASE, head_sha: HEAD } }, REPO, SHA)).toEqual({
      name: 'merge_group',
      owner: 'acme',
      repo: 'models',
      supported: true,
      baseSha: BASE,
      headSha: HEAD,
      policyFromBase: true,
      changeSource: 'compare',
    })
    expect(eventContext('merge_group', { merge_group: { base_sha: BASE } }, REPO, SHA).headSha).toBe(SHA)
  })

  it.each(['workflow_dispatch', 'schedule'])('%s: the current commit, every unit', (name) => {
    expect(eventContext(name, {}, REPO, SHA)).toEqual({ name, owner: 'acme', repo: 'models', supported: true, headSha: SHA, policyFromBase: false, changeSource: 'none' })
  })

  it('an unsupported event is marked unsupported', () => {
    expect(eventContext('issues', { action: 'opened' }, REPO, SHA)).toEqual({
      name: 'issues',
      owner: 'acme',
      repo: 'models',
      supported: false,
      headSha: SHA,
      policyFromBase: false,
      changeSource: 'none',
    })
  })

  it('a malformed repository name gives empty owner/repo rather than throwing', () => {
    expect(eventContext('workflow_dispatch', {}, '', undefined)).toMatchObject({ owner: '', repo: '', headSha: undefined })
  })
})
