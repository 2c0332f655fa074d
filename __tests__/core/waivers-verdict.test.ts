/**
 * Waivers (live through their expiry day in UTC; rule id or category; path and model globs) and the verdict.
 */
import { describe, expect, it } from '@jest/globals'
import type { Finding, Severity } from '../../src/core/findings.js'
import type { PositionedWaiver } from '../../src/core/policy/resolve.js'
import { decide } from '../../src/core/verdict.js'
import { applyWaivers, daysLeft, isLive, isoDay, waiverMatches } from '../../src/core/waivers.js'

const waiver = (o: Partial<PositionedWaiver> = {}): PositionedWaiver => ({
  rule: 'pii/email',
  reason: 'synthetic data',
  'approved-by': '@privacy',
  expires: '2026-03-01',
  index: 0,
  line: 5,
  ...o,
})

const finding = (o: Partial<Finding> = {}): Finding => ({
  ruleId: 'pii/email',
  category: 'pii',
  severity: 'error',
  path: 'models/a/data/sample.csv',
  model: 'models/a',
  message: 'an email address',
  ...o,
})

describe('waiver expiry (UTC calendar day)', () => {
  const w = waiver({ expires: '2026-03-01' })

  it('is live through the last second of the expiry day in UTC', () => {
    expect(isLive(w, new Date('2026-02-28T00:00:00Z'))).toBe(true)
    expect(isLive(w, new Date('2026-03-01T00:00:00Z'))).toBe(true)
    expect(isLive(w, new Date('2026-03-01T23:59:59.999Z'))).toBe(true)
  })

  it('lapses at midnight UTC after the expiry day', () => {
    expect(isLive(w, new Date('2026-03-02T00:00:00Z'))).toBe(false)
    expect(isLive(w, new Date('2027-01-01T00:00:00Z'))).toBe(false)
  })

  it('uses the UTC day, not the local one', () => {
    // 20:30 on 1 March in New York is already 2 March in UTC.
    expect(isLive(w, new Date('2026-03-01T20:30:00-05:00'))).toBe(false)
    // 00:30 on 2 March in Berlin is still 1 March in UTC.
    expect(isLive(w, new Date('2026-03-02T00:30:00+01:00'))).toBe(true)
    expect(isoDay(new Date('2026-03-01T20:30:00-05:00'))).toBe('2026-03-02')
  })

  it('counts days left, zero on the last day and negative once lapsed', () => {
    expect(daysLeft(w, new Date('2026-02-27T23:00:00Z'))).toBe(2)
    expect(daysLeft(w, new Date('2026-03-01T23:59:00Z'))).toBe(0)
    expect(daysLeft(w, new Date('2026-03-02T00:00:00Z'))).toBe(-1)
    // Across the end of a leap February.
    expect(daysLeft(waiver({ expires: '2028-03-01' }), new Date('2028-02-28T12:00:00Z'))).toBe(2)
  })
})

describe('waiverMatches', () => {
  it('matches by rule id or by category, nothing else', () => {
    expect(waiverMatches(waiver({ rule: 'pii/email' }), finding())).toBe(true)
    expect(waiverMatches(waiver({ rule: 'pii' }), finding())).toBe(true)
    expect(waiverMatches(waiver({ rule: 'pii/phone' }), finding())).toBe(false)
    expect(waiverMatches(waiver({ rule: 'bias' }), finding())).toBe(false)
    // Not a prefix match.
    expect(waiverMatches(waiver({ rule: 'pii/' }), finding())).toBe(false)
    expect(waiverMatches(waiver({ rule: 'pii/e' }), finding())).toBe(false)
  })

  it('restricts by path globs (dotfiles included)', () => {
    expect(waiverMatches(waiver({ paths: ['models/a/data/**'] }), finding())).toBe(true)
    expect(waiverMatches(waiver({ paths: ['models/b/**', '**/*.csv'] }), finding())).toBe(true)
    expect(waiverMatches(waiver({ paths: ['models/a/*.csv'] }), finding())).toBe(false)
    expect(waiverMatches(waiver({ paths: ['**/*.csv'] }), finding({ path: 'models/a/.hidden/x.csv' }))).toBe(true)
    // An empty list means all paths.
    expect(waiverMatches(waiver({ paths: [] }), finding())).toBe(true)
  })

  it('restricts by model globs; a finding without a model never matches a model-scoped waiver', () => {
    expect(waiverMatches(waiver({ models: ['models/*'] }), finding())).toBe(true)
    expect(waiverMatches(waiver({ models: ['models/b'] }), finding())).toBe(false)
    expect(waiverMatches(waiver({ models: ['**'] }), finding({ model: undefined }))).toBe(false)
    // A model glob matches the model directory, not files within it.
    expect(waiverMatches(waiver({ models: ['models/a/**'] }), finding({ model: 'models/a' }))).toBe(true)
    expect(waiverMatches(waiver({ models: ['models/a/*'] }), finding({ model: 'models/a' }))).toBe(false)
  })

  it('requires both paths and models when both are given', () => {
    const w = waiver({ paths: ['**/*.csv'], models: ['models/b'] })
    expect(waiverMatches(w, finding())).toBe(false)
    expect(waiverMatches(w, finding({ model: 'models/b', path: 'models/b/x.csv' }))).toBe(true)
  })
})

describe('applyWaivers', () => {
  const now = new Date('2026-03-01T12:00:00Z')

  it('marks findings matched by a live waiver, with the first matching waiver', () => {
    const ws = [
      waiver({ index: 0, rule: 'pii/phone', expires: '2026-12-31' }),
      waiver({ index: 1, rule: 'pii', reason: 'first', 'approved-by': 'alice', expires: '2026-03-01' }),
      waiver({ index: 2, rule: 'pii/email', reason: 'second', expires: '2026-12-31' }),
    ]
    const out = applyWaivers([finding()], ws, now)
    expect(out).toEqual([{ ...finding(), waived: { index: 1, reason: 'first', approvedBy: 'alice', expires: '2026-03-01' } }])
  })

  it('skips expired waivers and falls through to a later live one', () => {
    const ws = [waiver({ index: 0, expires: '2026-02-28' }), waiver({ index: 1, expires: '2026-03-05', reason: 'renewed' })]
    expect(applyWaivers([finding()], ws, now)[0]!.waived).toEqual({ index: 1, reason: 'renewed', approvedBy: '@privacy', expires: '2026-03-05' })
  })

  it('an expired waiver waives nothing', () => {
    const f = finding()
    expect(applyWaivers([f], [waiver({ expires: '2026-02-28' })], now)).toEqual([f])
  })

  it('does not mutate its input and keeps the order', () => {
    const fs = [finding({ path: 'b' }), finding({ path: 'a', ruleId: 'pii/phone' })]
    const out = applyWaivers(fs, [waiver({ rule: 'pii/email' })], now)
    expect(fs.every((f) => f.waived === undefined)).toBe(true)
    expect(out.map((f) => [f.path, Boolean(f.waived)])).toEqual([
      ['b', true],
      ['a', false],
    ])
  })

  it('never waives governance findings about waivers themselves', () => {
    const g = finding({ ruleId: 'governance/waiver-expired', category: 'governance' })
    expect(applyWaivers([g], [waiver({ rule: 'governance' }), waiver({ rule: 'governance/waiver-expired' })], now)).toEqual([g])
    const other = finding({ ruleId: 'governance/approval-required', category: 'governance' })
    expect(applyWaivers([other], [waiver({ rule: 'governance' })], now)[0]!.waived).toBeDefined()
  })
})

describe('decide', () => {
  const fs = (...sev: Severity[]): Finding[] => sev.map((s) => finding({ severity: s }))

  it('fail-on error: only errors block', () => {
    expect(decide(fs('warning', 'notice'), 'error', 2)).toEqual({
      conclusion: 'success',
      failOn: 'error',
      summary: { errors: 0, warnings: 1, notices: 1, waived: 0, models: 2 },
      blocking: 0,
    })
    expect(decide(fs('error', 'warning', 'error'), 'error', 1)).toEqual({
      conclusion: 'failure',
      failOn: 'error',
      summary: { errors: 2, warnings: 1, notices: 0, waived: 0, models: 1 },
      blocking: 2,
    })
  })

  it('fail-on warning: errors and warnings block', () => {
    expect(decide(fs('notice'), 'warning', 1)).toMatchObject({ conclusion: 'success', blocking: 0 })
    expect(decide(fs('warning', 'notice', 'error'), 'warning', 1)).toMatchObject({ conclusion: 'failure', blocking: 2 })
  })

  it('fail-on notice: everything blocks', () => {
    expect(decide(fs('notice'), 'notice', 1)).toMatchObject({ conclusion: 'failure', blocking: 1 })
    expect(decide(fs('notice', 'warning', 'error'), 'notice', 1)).toMatchObject({ conclusion: 'failure', blocking: 3 })
  })

  it('fail-on never: neutral whatever the findings, still counted', () => {
    expect(decide(fs('error', 'error'), 'never', 3)).toEqual({
      conclusion: 'neutral',
      failOn: 'never',
      summary: { errors: 2, warnings: 0, notices: 0, waived: 0, models: 3 },
      blocking: 0,
    })
    expect(decide([], 'never', 0).conclusion).toBe('neutral')
  })

  it('no findings: success', () => {
    expect(decide([], 'notice', 0)).toEqual({ conclusion: 'success', failOn: 'notice', summary: { errors: 0, warnings: 0, notices: 0, waived: 0, models: 0 }, blocking: 0 })
  })

  it('waived findings are not counted and do not block', () => {
    const w = { index: 0, reason: 'r', approvedBy: 'me', expires: '2099-01-01' }
    const list = [finding({ severity: 'error', waived: w }), finding({ severity: 'warning', waived: w }), finding({ severity: 'notice' })]
    expect(decide(list, 'notice', 1)).toEqual({
      conclusion: 'failure',
      failOn: 'notice',
      summary: { errors: 0, warnings: 0, notices: 1, waived: 2, models: 1 },
      blocking: 1,
    })
    expect(decide(list.slice(0, 2), 'notice', 1)).toMatchObject({ conclusion: 'success', blocking: 0, summary: { waived: 2 } })
  })

  it('end to end: a waiver on its last day passes the gate, the day after fails it', () => {
    const ws = [waiver({ expires: '2026-03-01' })]
    const onDay = applyWaivers([finding()], ws, new Date('2026-03-01T23:59:59Z'))
    const after = applyWaivers([finding()], ws, new Date('2026-03-02T00:00:00Z'))
    expect(decide(onDay, 'error', 1).conclusion).toBe('success')
    expect(decide(after, 'error', 1).conclusion).toBe('failure')
  })
})
