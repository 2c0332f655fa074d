import { describe, expect, it } from '@jest/globals'
import type { Finding } from '../../src/core/findings.js'
import {
  ANNOTATION_MESSAGE_MAX_BYTES,
  batches,
  checkRunTitle,
  planCheckRun,
  planMessage,
  toCheckAnnotation,
  truncateBytes,
} from '../../src/reporters/check-run.js'
import { utf8Bytes } from '../../src/reporters/markdown.js'
import { finding, report } from './fixtures.js'

const models = [{ path: 'models/a', changed: true, files: [] }]

function many(n: number, o: (i: number) => Partial<Finding> = () => ({})): Finding[] {
  return Array.from({ length: n }, (_, i) => finding({ path: `models/a/f${String(i).padStart(3, '0')}.pt`, line: i + 1, message: `problem ${i}`, model: 'models/a', ...o(i) }))
}

describe('toCheckAnnotation', () => {
  it('maps severities to levels and keeps path and lines', () => {
    expect(toCheckAnnotation(finding({ line: 3, endLine: 5, help: 'Why and how.' }))).toEqual({
      path: 'models/a/model.pt',
      start_line: 3,
      end_line: 5,
      annotation_level: 'failure',
      message: 'msg',
      title: 'modelgate doc/model-card-required',
      raw_details: 'Why and how.',
    })
    expect(toCheckAnnotation(finding({ severity: 'warning' })).annotation_level).toBe('warning')
    expect(toCheckAnnotation(finding({ severity: 'notice' })).annotation_level).toBe('notice')
  })

  it('anchors a finding without a line at line 1 and never sends end before start', () => {
    expect(toCheckAnnotation(finding())).toMatchObject({ start_line: 1, end_line: 1 })
    expect(toCheckAnnotation(finding({ line: 9, endLine: 2 }))).toMatchObject({ start_line: 9, end_line: 9 })
  })

  it('sends columns only for a single-line annotation (GitHub refuses them otherwise)', () => {
    expect(toCheckAnnotation(finding({ line: 4, column: 7, endColumn: 12 }))).toMatchObject({ start_line: 4, end_line: 4, start_column: 7, end_column: 12 })
    expect(toCheckAnnotation(finding({ line: 4, column: 7 }))).toMatchObject({ start_column: 7, end_column: 7 })
    const multi = toCheckAnnotation(finding({ line: 4, endLine: 6, column: 7, endColumn: 2 }))
    expect(multi.start_column).toBeUndefined()
    expect(multi.end_column).toBeUndefined()
  })

  it('makes paths repository-relative with the working directory prefix', () => {
    expect(toCheckAnnotation(finding(), 'ml/').path).toBe('ml/models/a/model.pt')
    expect(toCheckAnnotation(finding(), 'ml').path).toBe('ml/models/a/model.pt')
    expect(toCheckAnnotation(finding(), '').path).toBe('models/a/model.pt')
  })

  it('cuts messages to GitHub byte limits without splitting a character', () => {
    const long = '€'.repeat(40_000) // 120,000 bytes
    const a = toCheckAnnotation(finding({ message: long, ruleId: 'x/' + 'y'.repeat(300) }))
    expect(utf8Bytes(a.message)).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX_BYTES)
    expect(a.message.endsWith('€…')).toBe(true)
    expect([...a.title].length).toBe(255)
    expect(truncateBytes('héllo', 4)).toBe('h…')
    expect(truncateBytes('short', 10)).toBe('short')
  })
})

describe('planCheckRun', () => {
  it('sends every annotation in batches of 50, errors first, waived findings not annotated', () => {
    const findings = [
      ...many(100, (i) => ({ severity: 'notice', message: `notice ${i}` })),
      ...many(20, (i) => ({ severity: 'error', message: `error ${i}` })),
      finding({ message: 'waived', waived: { index: 0, reason: 'r', approvedBy: 'x', expires: '2030-01-01' } }),
    ]
    const plan = planCheckRun(report({ conclusion: 'failure', findings, models }))
    expect(plan.batches.map((b) => b.length)).toEqual([50, 50, 20])
    expect(plan.batches[0]!.slice(0, 20).every((a) => a.annotation_level === 'failure')).toBe(true)
    expect(plan.batches[0]![0]!.message).toBe('error 0')
    expect(plan.batches[0]![20]!.message).toBe('notice 0')
    expect(plan.batches.flat().some((a) => a.message === 'waived')).toBe(false)
    expect(plan).toMatchObject({ conclusion: 'failure', annotated: 120, omitted: 0, title: 'Gate failed: 20 errors, 0 warnings, 100 notices, 1 waived in 1 model' })
  })

  it('caps annotations and says in the summary how many more and where they are', () => {
    const plan = planCheckRun(report({ conclusion: 'failure', findings: many(120), models }), {
      maxAnnotations: 60,
      runUrl: 'https://github.com/acme/models/actions/runs/9',
      reportHint: 'the JSON report (`modelgate-report.json`)',
    })
    expect(plan.batches.map((b) => b.length)).toEqual([50, 10])
    expect(plan).toMatchObject({ annotated: 60, omitted: 60 })
    expect(plan.summary).toContain(
      '_60 more finding(s) are not annotated on the diff (the cap is 60 annotations, input `max-annotations`): see the JSON report (`modelgate-report.json`) of [the workflow run](https://github.com/acme/models/actions/runs/9)._',
    )
  })

  it('keeps the summary within 65,535 bytes even with multi-byte text', () => {
    const findings = many(3000, (i) => ({ message: `${'é€😀'.repeat(20)} ${i}` }))
    const plan = planCheckRun(report({ conclusion: 'failure', findings, models }), { runUrl: 'https://x/run' })
    expect(utf8Bytes(plan.summary)).toBeLessThanOrEqual(65_535)
    expect(plan.summary).toContain('❌ **Gate failed**')
    expect(plan.summary).toMatch(/- _\d+ more not shown here: see the \[full report\]\(https:\/\/x\/run\)\._/)
    expect(plan.batches).toHaveLength(20)
  })

  it('annotates findings the baseline accepts last, at notice level, marked as baselined', () => {
    const findings = [finding({ message: 'old', baselined: true }), finding({ severity: 'warning', message: 'new' })]
    const plan = planCheckRun(report({ findings }))
    expect(plan.batches[0]!.map((a) => [a.annotation_level, a.title, a.message])).toEqual([
      ['warning', 'modelgate doc/model-card-required', 'new'],
      ['notice', 'modelgate doc/model-card-required (baselined)', 'old'],
    ])
  })

  it('a clean report completes with success and no annotation batches', () => {
    const plan = planCheckRun(report({ models }))
    expect(plan).toMatchObject({ conclusion: 'success', batches: [], annotated: 0, title: 'Gate passed: 0 errors, 0 warnings, 0 notices in 1 model' })
  })
})

describe('helpers', () => {
  it('batches, titles and message plans', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
    expect(checkRunTitle(report({ conclusion: 'neutral', failOn: 'never' }))).toBe('Gate not enforced: 0 errors, 0 warnings, 0 notices in 0 models')
    const m = planMessage('neutral', 'Not evaluated', 'x'.repeat(70_000))
    expect(utf8Bytes(m.summary)).toBeLessThanOrEqual(65_535)
    expect(m.summary.endsWith('_(truncated)_\n')).toBe(true)
  })
})
