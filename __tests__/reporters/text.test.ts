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
  it('groups by model in report order, then models only findings name, then the repository; verdict last', () => {
    expect(renderText(full(), { color: false })).toBe(
      [
        'policy: .github/modelgate.yml @ 0123456789ab (extends strict, eu-ai-act-high-risk)',
        'note: No policy file: using recommended.',
        '',
        '✖ models/a',
        '  error   models/a/model.pt:3:7  no card  doc/model-card-required',
        '  notice  models/a/data.csv  a column without a line is not shown  doc/model-card-required',
        '',
        '✔ models/b  no findings',
        '',
        '✔ models/c',
        '  waived  models/c/x.csv  w (waived until 2026-12-31 by @lead: legacy)  doc/model-card-required',
        '',
        '! models/z',
        '  warning models/z/x.pt:2  zz  doc/model-card-required',
        '',
        'repository',
        '  warning .github/modelgate.yml:1  policy changed  policy/policy-modified',
        '',
        'Fairness — models/a',
        '  group       selection rate',
        '  women       0.81          ',
        '  non-binary  0.8           ',
        '',
        '✖ modelgate: gate FAILED (fail-on: error) — 1 error, 2 warnings, 1 notice, 1 waived in 3 models',
        '',
      ].join('\n'),
    )
  })

  it('has no escape codes when color is false, and colours severities and the verdict when true', () => {
    expect(renderText(full(), { color: false })).not.toContain('\u001b')
    const coloured = renderText(full(), { color: true })
    expect(coloured).toContain('\u001b[31m✖\u001b[0m \u001b[1mmodels/a\u001b[0m\n')
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
      ['policy: .github/modelgate.yml (extends recommended)', '', '! m', '  warning models/a/model.pt  msg  doc/model-card-required', '', '✔ modelgate: gate passed — 0 errors, 1 warning, 0 notices in 1 model', ''].join('\n'),
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
