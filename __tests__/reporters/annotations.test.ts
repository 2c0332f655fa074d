import { describe, expect, it } from '@jest/globals'
import type { Severity } from '../../src/core/findings.js'
import { hiddenNote, selectAnnotations, SHOWN_PER_LEVEL } from '../../src/reporters/annotations.js'
import { finding } from './fixtures.js'

const waived = { index: 0, reason: 'r', approvedBy: 'a', expires: '2030-01-01' }

describe('selectAnnotations', () => {
  it('maps a finding to an annotation with file, lines and column', () => {
    const { shown, hidden } = selectAnnotations([
      finding({ line: 3, column: 5, message: 'm1' }),
      finding({ severity: 'warning', line: 3, endLine: 3, column: 2, message: 'm2' }),
      finding({ severity: 'notice', line: 3, endLine: 6, column: 2, message: 'm3' }),
      finding({ path: 'p', message: 'm4' }),
    ])
    expect(shown).toEqual([
      { level: 'error', message: 'm1', title: 'modelgate doc/model-card-required', file: 'models/a/model.pt', startLine: 3, startColumn: 5 },
      { level: 'warning', message: 'm2', title: 'modelgate doc/model-card-required', file: 'models/a/model.pt', startLine: 3, endLine: 3, startColumn: 2 },
      // A column is only given on a single-line range (GitHub ignores it otherwise).
      { level: 'notice', message: 'm3', title: 'modelgate doc/model-card-required', file: 'models/a/model.pt', startLine: 3, endLine: 6 },
      { level: 'error', message: 'm4', title: 'modelgate doc/model-card-required', file: 'p' },
    ])
    expect(hidden).toEqual({ error: 0, warning: 0, notice: 0 })
  })

  it('shows 10 per level, in order, and counts the rest per level', () => {
    const fs = [
      ...Array.from({ length: 13 }, (_, i) => finding({ severity: 'error', line: i + 1 })),
      ...Array.from({ length: 10 }, (_, i) => finding({ severity: 'warning', line: i + 1 })),
      ...Array.from({ length: 11 }, (_, i) => finding({ severity: 'notice', line: i + 1 })),
    ]
    const { shown, hidden } = selectAnnotations(fs)
    expect(SHOWN_PER_LEVEL).toBe(10)
    const count = (s: Severity) => shown.filter((a) => a.level === s)
    expect(count('error').map((a) => a.startLine)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(count('warning')).toHaveLength(10)
    expect(count('notice')).toHaveLength(10)
    expect(hidden).toEqual({ error: 3, warning: 0, notice: 1 })
  })

  it('skips waived findings without counting them as hidden', () => {
    const fs = [...Array.from({ length: 12 }, () => finding({ waived })), finding({ message: 'live' })]
    const { shown, hidden } = selectAnnotations(fs)
    expect(shown.map((a) => a.message)).toEqual(['live'])
    expect(hidden).toEqual({ error: 0, warning: 0, notice: 0 })
  })

  it('honours a custom per-level cap', () => {
    const { shown, hidden } = selectAnnotations([finding(), finding(), finding({ severity: 'warning' })], 1)
    expect(shown.map((a) => a.level)).toEqual(['error', 'warning'])
    expect(hidden).toEqual({ error: 1, warning: 0, notice: 0 })
  })
})

describe('hiddenNote', () => {
  it('is undefined when nothing was hidden', () => {
    expect(hiddenNote({ error: 0, warning: 0, notice: 0 })).toBeUndefined()
  })

  it('says how many more there are, per level', () => {
    expect(hiddenNote({ error: 3, warning: 0, notice: 1 })).toBe(
      '4 more finding(s) were not annotated on the workflow run (GitHub shows 10 per level per step): 3 errors, 0 warnings, 1 notices. See the report.',
    )
  })
})
