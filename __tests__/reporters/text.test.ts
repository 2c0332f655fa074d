import { describe, expect, it } from '@jest/globals'
import { groupByModel, renderText } from '../../src/reporters/text.js'
import { finding, report } from './fixtures.js'

const full = () =>
  report({
    conclusion: 'failure',
    policy: { source: '.github/modelgate.yml', ref: '0123456789abcdef0123', sha256: 'f', extends: ['strict', 'eu-ai-act-high-risk'] },
    notes: ['No policy file: using recommended.'],
    models: [
      { path: 'models/a', changed: true, files: [], status: 'modified' },
      { path: 'models/b', changed: false, files: [], status: 'unchanged' },
      { path: 'models/c', changed: true, files: [], status: 'added' },
    ],
    findings: [
      finding({ path: '.github/modelgate.yml', line: 1, ruleId: 'policy/policy-modified', category: 'policy', severity: 'warning', message: 'policy changed' }),
      finding({ model: 'models/a', line: 3, column: 7, message: 'no card' }),
      finding({ model: 'models/a', path: 'models/a/data.csv', severity: 'notice', column: 4, message: 'a column without a line is not shown' }),
      finding({ model: 'models/c', path: 'models/c/x.csv', severity: 'warning', message: 'w', waived: { index: 0, reason: 'legacy', approvedBy: '@lead', expires: '2026-12-31' } }),
      finding({ model: 'models/z', path: 'models/z/x.pt', line: 2, severity: 'warning', message: 'zz' }),
    ],
    tables: [{ id: 'fairness', title: 'Fairness', model: 'models/a', columns: ['group', 'selection rate'], rows: [['women', '0.81'], ['non-binary', '0.8']] }],
  })

describe('renderText', () => {
  it('lists errors first, then warnings, notices and waived findings, each by path; tables and models after; verdict last', () => {
    expect(renderText(full(), { color: false })).toBe(
      [
        'policy: .github/modelgate.yml @ 0123456789ab (extends strict, eu-ai-act-high-risk)',
        'note: No policy file: using recommended.',
        '',
        '✖ 1 error',
        '  error   models/a/model.pt:3:7  no card  doc/model-card-required',
        '',
        '! 2 warnings',
        '  warning .github/modelgate.yml:1  policy changed  policy/policy-modified',
        '  warning models/z/x.pt:2  zz  doc/model-card-required',
        '',
        'i 1 notice',
        '  notice  models/a/data.csv  a column without a line is not shown  doc/model-card-required',
        '',
        '○ 1 waived finding',
        '  waived  models/c/x.csv  w (waived until 2026-12-31 by @lead: legacy)  doc/model-card-required',
        '',
        'Fairness — models/a',
        '  group       selection rate',
        '  women       0.81          ',
        '  non-binary  0.8           ',
        '',
        'models (3)',
        '  ✖ models/a  1 error, 1 notice',
        '  ✔ models/b  no findings',
        '  ✔ models/c  no findings',
        '',
        '✖ modelgate: gate FAILED (fail-on: error) — 1 error, 2 warnings, 1 notice, 1 waived in 3 models',
        '',
      ].join('\n'),
    )
  })

  it('puts an error found late in the input before every warning (a dangerous pickle after 14 documentation warnings)', () => {
    const warnings = Array.from({ length: 14 }, (_, i) => finding({ path: 'models/a/README.md', line: 1, severity: 'warning', ruleId: 'doc/required-sections', message: `section ${i} missing` }))
    const pickle = finding({ path: 'models/b/model.pkl', ruleId: 'artifact/pickle-dangerous-global', category: 'artifact', message: 'imports `posix.system`' })
    const lines = renderText(report({ conclusion: 'failure', findings: [...warnings, pickle] }), { color: false }).split('\n')
    expect(lines.slice(2, 4)).toEqual(['✖ 1 error', '  error   models/b/model.pkl  imports `posix.system`  artifact/pickle-dangerous-global'])
  })

  it('--quiet shows errors only; the counts still name the rest', () => {
    const out = renderText(full(), { color: false, quiet: true })
    expect(out).toContain('  error   models/a/model.pt:3:7  no card')
    expect(out).not.toMatch(/^ +(warning|notice|waived) |Fairness|^models \(/m)
    expect(out.trimEnd().split('\n').at(-1)).toBe('✖ modelgate: gate FAILED (fail-on: error) — 1 error, 2 warnings, 1 notice, 1 waived in 3 models')
  })

  it('counts baselined findings in one line unless asked to list them', () => {
    const r = report({
      findings: [finding({ baselined: true, message: 'old' }), finding({ baselined: true, severity: 'warning', message: 'older' })],
      summary: { errors: 0, warnings: 0, notices: 0, waived: 0, baselined: 2, models: 0 },
      baseline: { source: '.github/modelgate-baseline.json', entries: 2, matched: 2, stale: [] },
    })
    expect(renderText(r, { color: false })).toBe(
      [
        'policy: .github/modelgate.yml (extends recommended)',
        '',
        '○ 2 baselined findings (accepted by .github/modelgate-baseline.json; they do not block; --show-baselined lists them)',
        '',
        '✔ modelgate: gate passed — 0 errors, 0 warnings, 0 notices, 2 baselined in 0 models',
        '',
      ].join('\n'),
    )
    expect(renderText(r, { color: false, showBaselined: true })).toContain('○ 2 baselined findings\n  baseline models/a/model.pt  old  doc/model-card-required\n  baseline models/a/model.pt  older')
  })

  it('has no escape codes when color is false, and colours severities and the verdict when true', () => {
    expect(renderText(full(), { color: false })).not.toContain('\u001b')
    const coloured = renderText(full(), { color: true })
    expect(coloured).toContain('\u001b[31m✖\u001b[0m \u001b[1m1 error\u001b[0m\n')
    expect(coloured).toContain('  \u001b[31merror  \u001b[0m models/a/model.pt:3:7  no card  \u001b[2mdoc/model-card-required\u001b[0m\n')
    expect(coloured).toContain('  \u001b[33mwarning\u001b[0m models/z/x.pt:2')
    expect(coloured).toContain('  \u001b[36mnotice \u001b[0m models/a/data.csv')
    expect(coloured.endsWith('\u001b[31m✖ modelgate: gate FAILED (fail-on: error) — 1 error, 2 warnings, 1 notice, 1 waived in 3 models\u001b[0m\n')).toBe(true)
    // Stripping the codes gives the plain rendering.
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderText(full(), { color: false }))
  })

  it('prints the passing verdict with singular counts', () => {
    const r = report({ models: [{ path: 'm', changed: true, files: [] }], findings: [finding({ model: 'm', severity: 'warning' })] })
    const out = renderText(r, { color: false })
    expect(out).toBe(
      ['policy: .github/modelgate.yml (extends recommended)', '', '! 1 warning', '  warning models/a/model.pt  msg  doc/model-card-required', '', 'models (1)', '  ! m  1 warning', '', '✔ modelgate: gate passed — 0 errors, 1 warning, 0 notices in 1 model', ''].join('\n'),
    )
  })

  it('prints the neutral verdict for fail-on never', () => {
    const out = renderText(report({ conclusion: 'neutral', failOn: 'never', findings: [finding()] }), { color: false })
    expect(out.split('\n').at(-2)).toBe('○ modelgate: gate not enforced (fail-on: never) — 1 error, 0 warnings, 0 notices in 0 models')
  })

  it('with no models and no findings prints only the policy and the verdict', () => {
    expect(renderText(report(), { color: false })).toBe('policy: .github/modelgate.yml (extends recommended)\n\n✔ modelgate: gate passed — 0 errors, 0 warnings, 0 notices in 0 models\n')
  })
})

describe('groupByModel', () => {
  it('keeps input order within and across groups; no model is the empty key', () => {
    const g = groupByModel([finding({ model: 'b', message: '1' }), finding({ message: '2' }), finding({ model: 'a', message: '3' }), finding({ model: 'b', message: '4' })])
    expect([...g.entries()].map(([k, v]) => [k, v.map((f) => f.message)])).toEqual([
      ['b', ['1', '4']],
      ['', ['2']],
      ['a', ['3']],
    ])
  })
})
