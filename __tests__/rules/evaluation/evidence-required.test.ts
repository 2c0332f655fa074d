import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture } from './helpers.js'

const card = (tier: string) => `---\nlicense: mit\nrisk_level: ${tier}\n---\n\n# Model\n`
const policy = [
  'version: 1',
  'rules:',
  '  eval/evidence-required:',
  '    evidence:',
  '      - description: an explainability report',
  '        why: reviewers must see which features drive decisions',
  "        files: ['explainability/*']",
  '        tiers: [high]',
  '      - description: a datasheet for the training data',
  "        files: ['datasheet.md', 'data/DATASHEET.md']",
  '        tiers: [high, limited]',
  "        models: ['models/**']",
  '',
].join('\n')

describe('eval/evidence-required', () => {
  it('reports missing evidence per tier at the tier line, naming what is expected and why', async () => {
    const r = await check({
      files: {
        'models/high/model.pt': 'x', 'models/high/README.md': card('high'), 'models/high/datasheet.md': '# Data\n',
        'models/limited/model.pt': 'x', 'models/limited/README.md': card('limited'),
        'models/minimal/model.pt': 'x', 'models/minimal/README.md': card('minimal'),
        'other/model.pt': 'x', 'other/README.md': card('limited'),
      },
      policy,
      only: ['eval/evidence-required'],
    })
    expect(brief(r)).toEqual([
      'eval/evidence-required models/high/README.md:3 model `models/high` (tier high) lacks an explainability report (reviewers must see which features drive decisions): expected a file matching `explainability/*` in `models/high`',
      'eval/evidence-required models/limited/README.md:3 model `models/limited` (tier limited) lacks a datasheet for the training data: expected a file matching `datasheet.md` or `data/DATASHEET.md` in `models/limited`',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'error', category: 'evaluation', details: { tier: 'high', files: ['explainability/*'] } })
  })

  it('accepts present evidence, case-insensitively, and not an empty file', async () => {
    const r = await check({
      files: {
        'models/a/model.pt': 'x', 'models/a/README.md': card('high'), 'models/a/Explainability/shap.html': '<html>', 'models/a/datasheet.md': '# D',
        'models/b/model.pt': 'x', 'models/b/README.md': card('high'), 'models/b/explainability/shap.png': '', 'models/b/data/datasheet.md': '# D',
      },
      policy,
      only: ['eval/evidence-required'],
    })
    expect(brief(r)).toEqual([
      'eval/evidence-required models/b/README.md:3 model `models/b` (tier high) lacks an explainability report (reviewers must see which features drive decisions): expected a file matching `explainability/*` in `models/b` (`models/b/explainability/shap.png` is empty)',
    ])
  })

  it('uses the policy default tier when the card declares none, at the card line 1 or the artifact', async () => {
    const r = await check({
      files: { 'models/a/model.pt': 'x', 'models/a/README.md': '# A\n', 'models/b/model.pt': 'x' },
      policy: `${policy}default-tier: high\n`,
      only: ['eval/evidence-required'],
    })
    expect(brief(r).map((l) => l.split(' lacks ')[0])).toEqual([
      'eval/evidence-required models/a/README.md:1 model `models/a` (tier high, the policy default)',
      'eval/evidence-required models/a/README.md:1 model `models/a` (tier high, the policy default)',
      'eval/evidence-required models/b/model.pt:1 model `models/b` (tier high, the policy default)',
      'eval/evidence-required models/b/model.pt:1 model `models/b` (tier high, the policy default)',
    ])
  })

  it('accepts repository-root globs and a card metadata reference', async () => {
    const p = [
      'version: 1',
      'rules:',
      '  eval/evidence-required:',
      '    evidence:',
      '      - description: the human-oversight plan',
      "        files: ['/governance/oversight-*.md']",
      '        metadata: oversight_plan',
      '',
    ].join('\n')
    const files = {
      'a/model.pt': 'x', 'a/README.md': card('high'),
      'b/model.pt': 'x', 'b/README.md': '---\noversight_plan: https://wiki.example.com/oversight\n---\n',
    }
    const without = await check({ files, policy: p, only: ['eval/evidence-required'] })
    expect(brief(without)).toEqual([
      'eval/evidence-required a/README.md:3 model `a` (tier high) lacks the human-oversight plan: expected a file matching `/governance/oversight-*.md`, or card metadata `oversight_plan`',
    ])
    const withPlan = await check({ files: { ...files, 'governance/oversight-2026.md': '# Plan' }, policy: p, only: ['eval/evidence-required'] })
    expect(brief(withPlan)).toEqual([])
  })

  describe('eu-ai-act-high-risk: Annex IV documents', () => {
    const eu = 'version: 1\nextends: eu-ai-act-high-risk\n'

    it('requires test reports, a post-market monitoring plan and a declaration of conformity for tier high only', async () => {
      const r = await check({
        files: { 'hr/model.pt': 'x', 'hr/README.md': card('high'), 'low/model.pt': 'x', 'low/README.md': card('limited') },
        policy: eu,
        only: ['eval/evidence-required'],
      })
      expect(brief(r)).toEqual([
        'eval/evidence-required hr/README.md:3 model `hr` (tier high) lacks a post-market monitoring plan (EU AI Act Annex IV(9) and Art. 72: the system to evaluate the AI system’s performance after it is placed on the market, including the post-market monitoring plan): expected a file matching `**/*post*market*` or `**/*monitoring*plan*` or `**/monitoring/**` in `hr`',
        'eval/evidence-required hr/README.md:3 model `hr` (tier high) lacks a reference to the EU declaration of conformity (EU AI Act Annex IV(8) and Art. 47: a copy of the EU declaration of conformity): expected a file matching `**/*declaration*conformity*` or `**/*conformity*declaration*` or `**/eu-doc*` (or 1 other pattern) in `hr`, or card metadata `declaration_of_conformity`',
        'eval/evidence-required hr/README.md:3 model `hr` (tier high) lacks test reports dated and signed by the responsible persons (EU AI Act Annex IV(2)(g): validation and testing procedures, with test logs and all test reports dated and signed): expected a file matching `**/*test[-_]report*` or `**/*test[-_]log*` or `**/test-reports/**` (or 2 other patterns) in `hr`',
      ])
    })

    it('accepts a dated and signed report, a plan and a declaration reference', async () => {
      const r = await check({
        files: {
          'hr/model.pt': 'x',
          'hr/README.md': '---\nrisk_level: high\ndeclaration_of_conformity: EU-DoC-2026-017\n---\n',
          'hr/reports/test-report.md': fixture('test-report-signed.md'),
          'hr/monitoring/post-market-plan.md': '# Plan\n',
        },
        policy: eu,
        only: ['eval/evidence-required'],
      })
      expect(brief(r)).toEqual([])
    })

    it('reports a test report that is not signed, or not dated, at the report', async () => {
      const base = { 'hr/model.pt': 'x', 'hr/README.md': card('high'), 'hr/monitoring/plan.md': '# P', 'hr/eu-doc.pdf': '%PDF-1.7' }
      const unsigned = await check({ files: { ...base, 'hr/reports/test-report.md': fixture('test-report-unsigned.md') }, policy: eu, only: ['eval/evidence-required'] })
      expect(brief(unsigned)).toEqual([
        'eval/evidence-required hr/reports/test-report.md:1 model `hr` (tier high): `hr/reports/test-report.md`, offered as test reports dated and signed by the responsible persons, is not signed (EU AI Act Annex IV(2)(g): validation and testing procedures, with test logs and all test reports dated and signed): add a signature line (`Signed-off-by: Name`, `Approved by: Name`) or a detached signature `test-report.md.asc`',
      ])
      const undated = await check({
        files: { ...base, 'hr/test-log.txt': 'all 412 cases passed\nApproved by: QA lead J. Doe\n' },
        policy: eu,
        only: ['eval/evidence-required'],
      })
      expect(brief(undated).map((l) => l.replace(/ \(EU AI Act Annex IV\(2\)\(g\).*?\): add/, ': add'))).toEqual([
        'eval/evidence-required hr/test-log.txt:1 model `hr` (tier high): `hr/test-log.txt`, offered as test reports dated and signed by the responsible persons, is not dated: add a date (e.g. `Date: 2025-03-01`, or in the file name)',
      ])
    })

    it('accepts a detached signature and a date in the file name, and a digitally signed PDF', async () => {
      const base = { 'hr/model.pt': 'x', 'hr/README.md': card('high'), 'hr/monitoring/plan.md': '# P', 'hr/eu-doc.pdf': '%PDF-1.7' }
      const detached = await check({
        files: { ...base, 'hr/test-report-2026-11-20.docx': 'PK\u0003\u0004', 'hr/test-report-2026-11-20.docx.asc': '-----BEGIN PGP SIGNATURE-----' },
        policy: eu,
        only: ['eval/evidence-required'],
      })
      expect(brief(detached)).toEqual([])
      const pdf = `%PDF-1.7\n${'0'.repeat(200_000)}\n<< /Type /Sig /ByteRange [0 100 200 300] /M (D:20261120120000Z) >>\n%%EOF`
      const signedPdf = await check({ files: { ...base, 'hr/validation-report.pdf': pdf }, policy: eu, only: ['eval/evidence-required'] })
      expect(brief(signedPdf)).toEqual([])
      const plainPdf = await check({ files: { ...base, 'hr/validation-report.pdf': '%PDF-1.7\n<< /Producer (x) >>' }, policy: eu, only: ['eval/evidence-required'] })
      expect(brief(plainPdf).map((l) => l.replace(/ \(EU AI Act.*?\): add/, ': add'))).toEqual([
        'eval/evidence-required hr/validation-report.pdf:1 model `hr` (tier high): `hr/validation-report.pdf`, offered as test reports dated and signed by the responsible persons, is not dated or signed: add a date (e.g. `Date: 2025-03-01`, or in the file name) and a signature line (`Signed-off-by: Name`, `Approved by: Name`) or a detached signature `validation-report.pdf.asc`',
      ])
      const docx = await check({ files: { ...base, 'hr/test-report.docx': 'PK\u0003\u0004' }, policy: eu, only: ['eval/evidence-required'] })
      expect(brief(docx)[0]).toMatch(/is not dated or signed .*; `test-report\.docx` is not a text or PDF file, so its content cannot be checked$/)
    })

    it('lets the policy replace a built-in item by id and add its own', async () => {
      const p = [
        'version: 1',
        'extends: eu-ai-act-high-risk',
        'rules:',
        '  eval/evidence-required:',
        '    evidence:',
        '      - id: post-market-monitoring',
        '        description: a link to the monitoring runbook',
        '        metadata: monitoring_runbook',
        '        tiers: [high]',
        '',
      ].join('\n')
      const r = await check({
        files: { 'hr/model.pt': 'x', 'hr/README.md': '---\nrisk_level: high\nmonitoring_runbook: https://runbooks/x\ndeclaration_of_conformity: DoC-1\n---\n', 'hr/test-report.md': fixture('test-report-signed.md') },
        policy: p,
        only: ['eval/evidence-required'],
      })
      expect(brief(r)).toEqual([])
    })
  })
})
