import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { MemoryView } from '../../../src/adapters/memory/view.js'
import { runGate } from '../../../src/core/gate.js'
import { loadPolicy } from '../../../src/core/policy/load.js'
import type { StreamOptions } from '../../../src/core/files.js'
import { ruleSet } from '../../../src/rules/index.js'
import { brief, check, policyFrom } from '../../support/harness.js'

const FIX = fileURLToPath(new URL('../../fixtures/pii/', import.meta.url))
const fx = (name: string) => new Uint8Array(readFileSync(FIX + name))
const expected: Record<string, { counts: Record<string, number>; values: { kind: string; value: string }[] }> = JSON.parse(readFileSync(FIX + 'expected.json', 'utf8'))

const PII_RULES = ruleSet.rules.filter((r) => r.id.startsWith('pii/')).map((r) => r.id)
const unit = (files: Record<string, string | Uint8Array>) => ({ 'models/churn/model.safetensors': 'x', 'models/churn/README.md': '# Churn\n', ...files })

describe('pii rules: findings', () => {
  it('one finding per file × kind × column at the first occurrence, with count and redacted shape', async () => {
    const csv = 'id,email,phone,notes\n1,ada@example.com,(415) 555-0132,x\n2,grace@example.org,,mail alan@example.net\n'
    const r = await check({ files: unit({ 'models/churn/data/sample.csv': csv }), only: PII_RULES })
    expect(brief(r)).toEqual([
      'pii/email models/churn/data/sample.csv:2 2 email addresses in column "email" (first: a***@e***.com)',
      'pii/phone models/churn/data/sample.csv:2 1 phone number in column "phone" (first: (***) ***-**32)',
      'pii/email models/churn/data/sample.csv:3 1 email address in column "notes" (first: a***@e***.net)',
    ])
    expect(r.findings[0]).toMatchObject({
      severity: 'error',
      category: 'pii',
      model: 'models/churn',
      column: 3,
      details: { kind: 'email', column: 'email', count: 2, firstLine: 2, redacted: 'a***@e***.com' },
    })
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('the customers fixture: every kind, with its default severity', async () => {
    const r = await check({ files: unit({ 'models/churn/data/customers.csv': fx('customers.csv') }), only: PII_RULES })
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.details?.column} x${f.details?.count}`)).toEqual([
      'pii/person-name warning first_name, last_name x120',
      'pii/email error email x120',
      'pii/phone error phone x108',
      'pii/ssn error ssn x120',
      'pii/date-of-birth error date_of_birth x120',
      'pii/credit-card error credit_card x105',
      'pii/iban error iban x120',
      'pii/ip-address warning ip_address x120',
      'pii/email error notes x8',
    ])
  })

  it('strict raises ip-address and person-name to errors', async () => {
    const r = await check({ files: unit({ 'models/churn/a.csv': 'first_name,ip\nAda,81.2.69.160\n' }), policy: 'version: 1\nextends: strict\n', only: PII_RULES })
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['pii/person-name error', 'pii/ip-address error'])
  })

  it('look-alikes produce no finding through the rules either', async () => {
    const r = await check({ files: unit({ 'models/churn/data/lookalikes.csv': fx('lookalikes.csv') }), only: PII_RULES })
    expect(brief(r)).toEqual([])
  })

  it('notebooks: the finding names the cell output', async () => {
    const r = await check({ files: unit({ 'models/churn/analysis.ipynb': fx('analysis.ipynb') }), only: ['pii/email'] })
    expect(r.findings.map((f) => f.message)).toEqual(['2 email addresses in the output of cell 2 (first: p***@e***.com)'])
  })

  it('Parquet: the finding gives the row', async () => {
    const r = await check({ files: unit({ 'models/churn/data/c.parquet': fx('customers.parquet') }), only: ['pii/credit-card'] })
    expect(brief(r)).toEqual(['pii/credit-card models/churn/data/c.parquet:0 40 payment card numbers in column "card_number" (first at row 1: 4***********1127)'])
  })

  it('binary artifacts and files outside the include globs are not scanned', async () => {
    const r = await check({ files: unit({ 'models/churn/model.bin': 'ada@example.com', 'models/churn/notes.docx': 'ada@example.com' }), only: PII_RULES })
    expect(r.findings).toEqual([])
  })
})

describe('pii rules: no raw value in any finding', () => {
  it('plants every fixture value and finds none of them in messages, details or help', async () => {
    const files: Record<string, Uint8Array> = {}
    for (const name of Object.keys(expected)) files[`models/churn/data/${name === 'README.md' ? 'card.md' : name}`] = fx(name)
    const policy = 'version: 1\nsettings:\n  pii:\n    custom:\n      - name: employee-id\n        pattern: "EMP-\\\\d{6}"\n'
    const r = await check({ files: unit(files), policy, only: PII_RULES })
    expect(r.findings.length).toBeGreaterThan(30)
    const text = JSON.stringify(r.findings) + JSON.stringify(r.report)
    const leaked = Object.values(expected)
      .flatMap((e) => e.values)
      .filter((v) => v.value.length >= 6 && text.includes(v.value))
    expect(leaked).toEqual([])
    // Nor the digits of numbers written differently (plain digits of cards, phones, SSNs, IBANs).
    const digitForms = Object.values(expected)
      .flatMap((e) => e.values)
      .filter((v) => ['credit-card', 'ssn', 'phone', 'iban'].includes(v.kind))
      .map((v) => v.value.replace(/[^0-9A-Z]/g, ''))
      .filter((d) => d.length >= 9 && text.includes(d))
    expect(digitForms).toEqual([])
  })
})

describe('pii settings', () => {
  const csv = 'email\nada@example.com\nsupport@acme.io\nnoreply@acme.io\n'
  const run = (policy: string, files: Record<string, string | Uint8Array> = { 'models/churn/a.csv': csv }) => check({ files: unit(files), policy: `version: 1\n${policy}`, only: PII_RULES })

  it('allowlists: exact values, sha256 digests and RE2 patterns', async () => {
    const digest = createHash('sha256').update('ada@example.com').digest('hex')
    const r = await run(`settings:\n  pii:\n    allow:\n      values: [support@acme.io]\n      hashes: ["sha256:${digest}"]\n`)
    expect(r.findings.map((f) => f.message)).toEqual(['1 email address in column "email" (first: n***@a***.io)'])
    const p = await run('settings:\n  pii:\n    allow:\n      patterns: ["@acme\\\\.io$"]\n')
    expect(p.findings.map((f) => f.details?.count)).toEqual([1])
  })

  it('allowlisted and excluded paths are not scanned; include narrows the scope', async () => {
    const files = { 'models/churn/a.csv': csv, 'models/churn/samples/b.csv': csv, 'models/churn/c.txt': 'ada@example.com' }
    expect(brief(await run('settings:\n  pii:\n    allow:\n      paths: ["**/samples/**"]\n', files)).map((l) => l.split(':')[0])).toEqual(['pii/email models/churn/a.csv', 'pii/email models/churn/c.txt'])
    expect(brief(await run('settings:\n  pii:\n    exclude: ["**/*.txt"]\n', files)).map((l) => l.split(':')[0])).toEqual(['pii/email models/churn/a.csv', 'pii/email models/churn/samples/b.csv'])
    expect(brief(await run('settings:\n  pii:\n    include: ["**/*.txt"]\n', files)).map((l) => l.split(':')[0])).toEqual(['pii/email models/churn/c.txt'])
  })

  it('custom detectors report under pii/custom with their name', async () => {
    const r = await run('settings:\n  pii:\n    custom:\n      - name: employee-id\n        pattern: "EMP-\\\\d{6}"\n', { 'models/churn/staff.yaml': 'owner: EMP-004217\nreviewer: emp-000001\n' })
    expect(brief(r)).toEqual(['pii/custom models/churn/staff.yaml:1 1 match of custom pattern "employee-id" in column "owner" (first: ***-******)'])
    const ci = await run('settings:\n  pii:\n    custom:\n      - name: employee-id\n        pattern: "EMP-\\\\d{6}"\n        ignore-case: true\n', { 'models/churn/staff.txt': 'EMP-004217 emp-000001\n' })
    expect(ci.findings.map((f) => f.details?.count)).toEqual([2])
  })

  it('a custom pattern that RE2 cannot compile is a policy error at its line and column', () => {
    const text = 'version: 1\nsettings:\n  pii:\n    custom:\n      - name: bad\n        pattern: "(?<=x)y"\n    allow:\n      patterns: ["(a"]\n'
    const loaded = loadPolicy({ text, source: '.github/modelgate.yml', ruleSet })
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '6:18 `settings.pii.custom.0.pattern`: invalid regular expression (RE2 syntax): invalid named capture: `(?<=x)y`',
      '8:18 `settings.pii.allow.patterns.0`: invalid regular expression (RE2 syntax): missing closing ): `(a`',
    ])
  })

  it('other settings are validated: regions, hashes, unknown keys', () => {
    const text = 'version: 1\nsettings:\n  pii:\n    phone-regions: [XX]\n    allow:\n      hashes: [abc]\n    colour: red\n'
    const loaded = loadPolicy({ text, source: 'p.yml', ruleSet })
    expect(loaded.ok ? [] : loaded.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '4 `settings.pii.phone-regions.0`: unknown region: expected an ISO 3166-1 alpha-2 code such as US, GB or DE',
      '6 `settings.pii.allow.hashes.0`: expected a sha256 hex digest (optionally prefixed with sha256:)',
      '7 unknown key "colour" in `settings.pii`',
    ])
  })

  it('phone regions decide which national numbers count outside phone columns', async () => {
    const files = { 'models/churn/c.csv': 'notes\ncall 030 12345678\ncall (415) 555-0132\n' }
    expect((await run('', files)).findings.map((f) => f.details?.count)).toEqual([1])
    expect((await run('settings:\n  pii:\n    phone-regions: [US, de]\n', files)).findings.map((f) => f.details?.count)).toEqual([2])
  })

  it('in a phone column any region counts, a country column decides the row, details say which evidence decided', async () => {
    const csv = [
      'name,Telefon,country',
      'Ada,+44 20 7946 0958,GB', // international prefix
      'Bo,030 12345678,Deutschland', // country column (by name)
      'Cy,(415) 555-0132,', // configured region (US)
      'Di,06 12 34 56 78,', // column name: valid in some region (FR)
      'Ed,ORD-2024-555123,FR', // not a phone number anywhere
    ].join('\n')
    const r = await run('', { 'models/churn/c.csv': csv + '\n' })
    expect(r.findings.filter((f) => f.ruleId === 'pii/phone').map((f) => [f.details?.column, f.details?.count, f.details?.evidence])).toEqual([
      ['Telefon', 4, ['international prefix', 'country column', 'configured region', 'column name']],
    ])
  })

  it('private IP addresses are reported only when enabled', async () => {
    const files = { 'models/churn/c.csv': 'ip\n10.1.2.3\n81.2.69.160\n' }
    expect((await run('', files)).findings.map((f) => f.details?.count)).toEqual([1])
    expect((await run('settings:\n  pii:\n    ip:\n      private: true\n', files)).findings.map((f) => f.details?.count)).toEqual([2])
  })

  it('findings per file are capped; the rest is summarized with its total', async () => {
    const header = 'a_email,b_email,c_email,d_email,e_email'
    const rows = Array.from({ length: 3 }, (_, i) => ['a', 'b', 'c', 'd', 'e'].map((c) => `${c}${i}@example.com`).join(',')).join('\n')
    const r = await run('settings:\n  pii:\n    max-findings-per-file: 3\n', { 'models/churn/w.csv': `${header}\n${rows}\n` })
    expect(brief(r)).toEqual([
      'pii/email models/churn/w.csv:2 3 email addresses in column "a_email" (first: a***@e***.com)',
      'pii/email models/churn/w.csv:2 3 email addresses in column "b_email" (first: b***@e***.com)',
      'pii/email models/churn/w.csv:2 9 more email addresses in 3 other places of this file (not listed: at most 3 findings per file; see settings.pii.max-findings-per-file)',
    ])
    expect(r.findings[2]!.details).toEqual({ kind: 'email', count: 9, groups: 3, truncated: true })
  })

  it('files are read whole by default; past settings.pii.max-bytes they are sampled, the findings say so and a notice gives the unread share', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `user${i}@example.com,${'z'.repeat(30)}`)
    const text = `email,pad\n${rows.join('\n')}\n`
    const whole = await run('', { 'models/churn/big.csv': text })
    expect(brief(whole)).toEqual(['pii/email models/churn/big.csv:2 5000 email addresses in column "email" (first: u***@e***.com)'])
    const r = await run('settings:\n  pii:\n    max-bytes: 20000\n    sample-windows: 2\n', { 'models/churn/big.csv': text })
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['pii/unscanned-data notice', 'pii/email error'])
    const [notice, email] = r.findings
    expect(email!.message).toMatch(/^\d+ email addresses in column "email" \(first: u\*\*\*@e\*\*\*\.com\); sampled: the file is over settings.pii.max-bytes, 20 KiB of 2\d\d KiB were scanned$/)
    expect(email!.details?.sampled).toEqual({ scannedBytes: 20000, totalBytes: text.length })
    expect(notice!.message).toBe(`sampled: 92% of the file was not read (${text.length - 20000} of ${text.length} bytes; the file is over settings.pii.max-bytes)`)
  })

  it('public contact points are not findings unless settings.pii.contact-points is false', async () => {
    const files = { 'models/churn/SECURITY.md': '# Security\n\nWrite to security@example.org.\n', 'models/churn/AUTHORS.md': '- Ada <ada@example.org>\n' }
    expect(brief(await run('', files))).toEqual([])
    expect(brief(await run('settings:\n  pii:\n    contact-points: false\n', files)).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'pii/email models/churn/AUTHORS.md:1',
      'pii/email models/churn/SECURITY.md:3',
    ])
  })

  it('with a change list, only added or modified files are scanned (scope: changed); scope all scans the unit', async () => {
    const files = { 'models/churn/old.csv': csv, 'models/churn/new.csv': csv }
    const changes = [{ path: 'models/churn/new.csv', status: 'added' as const }]
    const changed = await check({ files: unit(files), changes, only: PII_RULES })
    expect(brief(changed).map((l) => l.split(':')[0])).toEqual(['pii/email models/churn/new.csv'])
    const all = await check({ files: unit(files), changes, policy: 'version: 1\nsettings:\n  pii:\n    scope: all\n', only: PII_RULES })
    expect(brief(all).map((l) => l.split(':')[0])).toEqual(['pii/email models/churn/new.csv', 'pii/email models/churn/old.csv'])
  })

  it('a unit evaluated although the change does not touch it (--all) is scanned whole', async () => {
    const files = new MemoryView({ ...unit({ 'models/churn/a.csv': csv }), 'models/other/m.pt': 'x', 'models/other/new.csv': csv })
    const result = await runGate({
      ruleSet,
      policy: policyFrom(undefined),
      files,
      all: true,
      run: { event: 'local', policyPath: '.github/modelgate.yml', changes: [{ path: 'models/other/new.csv', status: 'added' }], now: new Date('2026-11-26T12:00:00Z') },
      tool: { name: 'modelgate', version: 'test' },
      only: ['pii/email'],
    })
    expect(result.findings.map((f) => f.path)).toEqual(['models/churn/a.csv', 'models/other/new.csv'])
  })

  it('a rule set to off is not detected at all (and not counted by the declaration rule)', async () => {
    const r = await check({
      files: unit({ 'models/churn/README.md': '---\npii: none\n---\n# C\n', 'models/churn/a.csv': csv }),
      policy: 'version: 1\nrules:\n  pii/email: off\n',
      only: PII_RULES,
    })
    expect(r.findings).toEqual([])
  })
})

describe('pii/undeclared-personal-data', () => {
  const data = { 'models/churn/data/a.csv': 'email,phone\nada@example.com,(415) 555-0132\n' }

  it('a card declaring no personal data while the unit holds some is an error at the declaration', async () => {
    const r = await check({ files: unit({ ...data, 'models/churn/README.md': '---\nlicense: mit\npii: none\n---\n# Churn\n' }), only: ['pii/undeclared-personal-data'] })
    expect(brief(r)).toEqual([
      'pii/undeclared-personal-data models/churn/README.md:3 the model card declares no personal data (`pii`), but the unit holds 1 email address (models/churn/data/a.csv); 1 phone number (models/churn/data/a.csv)',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'error', column: 1, details: { key: 'pii', declared: 'none', found: { email: { count: 1, files: ['models/churn/data/a.csv'] }, phone: { count: 1, files: ['models/churn/data/a.csv'] } } } })
  })

  it('false, [] and "no" declare none too; a list declares kinds and only the others are reported', async () => {
    for (const decl of ['personal_data: false', 'sensitive_data: []', 'contains_pii: "no"']) {
      const r = await check({ files: unit({ ...data, 'models/churn/README.md': `---\n${decl}\n---\n` }), only: ['pii/undeclared-personal-data'] })
      expect([decl, r.findings.length]).toEqual([decl, 1])
    }
    const listed = await check({ files: unit({ ...data, 'models/churn/README.md': '---\npii: [email]\n---\n' }), only: ['pii/undeclared-personal-data'] })
    expect(listed.findings.map((f) => f.message)).toEqual(['the model card declares only email (`pii`), but the unit holds 1 phone number (models/churn/data/a.csv)'])
    const all = await check({ files: unit({ ...data, 'models/churn/README.md': '---\npii: [emails, phone numbers]\n---\n' }), only: ['pii/undeclared-personal-data'] })
    expect(all.findings).toEqual([])
  })

  it('no declaration, an unknown category or a unit without personal data: nothing to say', async () => {
    const none = await check({ files: unit({ ...data, 'models/churn/README.md': '# Churn\n' }), only: ['pii/undeclared-personal-data'] })
    const unknown = await check({ files: unit({ ...data, 'models/churn/README.md': '---\npii: [health records]\n---\n' }), only: ['pii/undeclared-personal-data'] })
    const clean = await check({ files: unit({ 'models/churn/README.md': '---\npii: none\n---\n', 'models/churn/a.csv': 'x\n1\n' }), only: ['pii/undeclared-personal-data'] })
    expect([none.findings, unknown.findings, clean.findings]).toEqual([[], [], []])
  })

  it('the declaration key is configurable', async () => {
    const r = await check({
      files: unit({ ...data, 'models/churn/README.md': '---\nprivacy: none\npii: [email, phone]\n---\n' }),
      policy: 'version: 1\nsettings:\n  pii:\n    declaration:\n      keys: [privacy]\n',
      only: ['pii/undeclared-personal-data'],
    })
    expect(brief(r).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['pii/undeclared-personal-data models/churn/README.md:2'])
  })
})

describe('pii/scan-error', () => {
  it('reports files in scope that could not be scanned', async () => {
    const r = await check({ files: unit({ 'models/churn/z.parquet': fx('lz4.parquet'), 'models/churn/g.csv': new Uint8Array([0x1f, 0x8b, 8, 0]) }), only: PII_RULES })
    expect(brief(r)).toEqual([
      'pii/scan-error models/churn/g.csv:0 not scanned for personal data: the gzip stream could not be decompressed (unexpected end of file)',
      'pii/scan-error models/churn/z.parquet:0 not scanned for personal data: Parquet compression LZ4 is not supported (supported: uncompressed, Snappy, GZIP, Brotli, ZSTD)',
    ])
    expect(r.findings.map((f) => f.severity)).toEqual(['warning', 'warning'])
  })
})

describe('pii/unscanned-data', () => {
  it('SQLite databases and spreadsheets are reported: a notice under recommended, a warning under strict', async () => {
    const files = unit({ 'models/churn/data/customers.sqlite': new TextEncoder().encode('SQLite format 3\u0000' + 'x'.repeat(200)), 'models/churn/data/Survey.XLSX': new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]) })
    const include = 'settings:\n  pii:\n    include: ["**/*.{sqlite,xlsx,XLSX}"]\n'
    const r = await check({ files, policy: `version: 1\n${include}`, only: PII_RULES })
    expect(brief(r)).toEqual([
      'pii/unscanned-data models/churn/data/Survey.XLSX:0 not scanned for personal data: the file is a spreadsheet workbook (Excel/OpenDocument), which modelgate does not read',
      'pii/unscanned-data models/churn/data/customers.sqlite:0 not scanned for personal data: the file is an SQLite database, which modelgate does not read',
    ])
    expect(r.findings.map((f) => f.severity)).toEqual(['notice', 'notice'])
    const strict = await check({ files, policy: `version: 1\nextends: strict\n${include}`, only: PII_RULES })
    expect(strict.findings.map((f) => f.severity)).toEqual(['warning', 'warning'])
  })
})

describe('one scan per file per run', () => {
  it('every pii rule reads each file once', async () => {
    const reads = new Map<string, number>()
    class Counting extends MemoryView {
      override stream(path: string, options?: StreamOptions) {
        reads.set(path, (reads.get(path) ?? 0) + 1)
        return super.stream(path, options)
      }
    }
    const files = new Counting(unit({ 'models/churn/a.csv': 'email,ssn\nada@example.com,123-45-6780\n', 'models/churn/b.md': 'call (415) 555-0132' }))
    const result = await runGate({
      ruleSet,
      policy: policyFrom(undefined),
      files,
      run: { event: 'local', policyPath: '.github/modelgate.yml', now: new Date('2026-11-26T12:00:00Z') },
      tool: { name: 'modelgate', version: 'test' },
      only: PII_RULES,
    })
    expect(result.findings.map((f) => f.ruleId)).toEqual(['pii/email', 'pii/ssn', 'pii/phone'])
    expect(Object.fromEntries(reads)).toEqual({ 'models/churn/README.md': 1, 'models/churn/a.csv': 1, 'models/churn/b.md': 1 })
  })
})
