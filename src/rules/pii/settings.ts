/**
 * `settings.pii` in the policy: what is scanned, how large files are sampled, allowlists, phone regions,
 * IP scopes, custom detectors and the card key that declares personal data. Regular expressions are
 * compiled with RE2 (re2js) when the policy loads: a pattern that cannot compile is a policy error at its
 * line and column, never a rule crash at scan time.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'
import { defineSettings, type SettingsSection } from '../../core/rule.js'
import { compilePattern } from '../../formats/pii/allow.js'
import { isPhoneRegion } from '../../formats/pii/phone.js'

/** Installed third-party packages: published data, not the project's own (artifact rules still scan them). */
export const DEFAULT_EXCLUDE = ['**/site-packages/**', '**/dist-packages/**', '**/node_modules/**']
export const DEFAULT_INCLUDE = ['**/*.{csv,tsv,tab,psv,json,jsonl,ndjson,geojson,ipynb,parquet,pq,md,markdown,txt,yaml,yml,dat,data,gz,zip,sqlite,sqlite3,db3,xlsx,xlsm,xls,ods}']
export const DEFAULT_DECLARATION_KEYS = ['pii', 'personal_data', 'personal-data', 'contains_pii', 'sensitive_data']

const MiB = 1024 * 1024

const pattern = once(() =>
  z.string().min(1).superRefine((p, ctx) => {
    const { error } = compilePattern(p)
    if (error) ctx.addIssue({ code: 'custom', message: `invalid regular expression (RE2 syntax): ${error}` })
  }),
)

const globs = once(() => z.array(z.string().min(1)))

export const piiSettingsSchema = once(() =>
  z.strictObject({
    include: globs().default(DEFAULT_INCLUDE).describe('Globs of files scanned for personal data (repository-relative).'),
    exclude: globs()
      .default(DEFAULT_EXCLUDE)
      .describe(
        'Globs of files never scanned. The default leaves out installed third-party packages (`site-packages/`, `dist-packages/`, `node_modules/`): their data is what their authors published (maintainer contacts, test data). Model files there are still scanned by the artifact rules. Set `[]` to scan them too.',
      ),
    scope: z
      .enum(['changed', 'all'])
      .default('changed')
      .describe('`changed`: only files the change adds or modifies (every file when there is no change list); `all`: every file of each evaluated unit.'),
    'card-contacts': z
      .boolean()
      .default(true)
      .describe('E-mail addresses a model card publishes on purpose as contacts (front-matter keys like contact, author, maintainer; sections titled Contact, Authors or Maintainers) are not findings in that card.'),
    'contact-points': z
      .boolean()
      .default(true)
      .describe('E-mail addresses, phone numbers and names a project publishes on purpose are not findings: in SECURITY.md, CODE_OF_CONDUCT.md, CONTRIBUTING.md, AUTHORS, MAINTAINERS, CITATION.cff and package metadata (package.json, pyproject.toml, setup.cfg, DESCRIPTION, …). `false` scans them like any file.'),
    'max-bytes': z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Unset (default): every file is read whole. Files larger than this (bytes) are sampled: half the budget from the start, half in evenly spaced windows; `pii/unscanned-data` says what share was not read.'),
    'max-inflated-bytes': z
      .number()
      .int()
      .positive()
      .default(1024 * MiB)
      .describe('Bytes a compressed data file (.gz, or the data members of a .zip) may inflate to; the scan stops there (and at a 1000:1 ratio) with a `pii/scan-error`.'),
    'sample-windows': z.number().int().min(0).max(1024).default(16).describe('Windows a sampled file is read in, after its head.'),
    'max-findings-per-file': z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .describe('Findings per file and rule; further columns are summarized in one finding with their total.'),
    'phone-regions': z
      .array(
        z.string().refine((r) => isPhoneRegion(r.toUpperCase()), { message: 'unknown region: expected an ISO 3166-1 alpha-2 code such as US, GB or DE' }),
      )
      .min(1)
      .default(['US'])
      .describe('Regions whose national phone number formats are recognized (numbers written with + and a country code always are).'),
    ip: z
      .strictObject({
        private: z.boolean().default(false).describe('Also report private addresses (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10).'),
        loopback: z.boolean().default(false).describe('Also report loopback addresses (127/8, ::1).'),
        'link-local': z.boolean().default(false).describe('Also report link-local addresses (169.254/16, fe80::/10).'),
        reserved: z.boolean().default(false).describe('Also report reserved, documentation and multicast addresses.'),
      })
      .prefault({})
      .describe('IP address scopes reported besides public addresses.'),
    allow: z
      .strictObject({
        values: z.array(z.string().min(1)).default([]).describe('Exact values that are not personal data (e.g. a support address).'),
        hashes: z
          .array(z.string().regex(/^(?:sha256:)?[0-9a-fA-F]{64}$/, 'expected a sha256 hex digest (optionally prefixed with sha256:)'))
          .default([])
          .describe('sha256 digests of allowed values (of the value as written or normalized), so the policy holds no raw value.'),
        patterns: z.array(pattern()).default([]).describe('RE2 regular expressions: a value matching one anywhere is allowed (anchor with ^ and $).'),
        paths: globs().default([]).describe('Globs of files accepted as holding personal data: not scanned.'),
      })
      .prefault({}),
    custom: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase name such as employee-id'),
          pattern: pattern().describe('RE2 regular expression (linear-time: no backreferences or lookaround).'),
          'ignore-case': z.boolean().default(false),
        }),
      )
      .default([])
      .describe('Custom detectors, reported by `pii/custom`.'),
    declaration: z
      .strictObject({
        keys: z.array(z.string().min(1)).default(DEFAULT_DECLARATION_KEYS).describe('Model card metadata keys that declare which personal data a unit holds.'),
      })
      .prefault({})
      .describe('How a model card declares personal data (for `pii/undeclared-personal-data`).'),
  }),
)

export type PiiSettings = z.infer<ReturnType<typeof piiSettingsSchema>>

export const piiSettings: SettingsSection<PiiSettings> = defineSettings({
  key: 'pii',
  schema: piiSettingsSchema,
})

/** The resolved settings (defaults when the policy has none). */
export function piiSettingsOf(settings: Record<string, unknown>): PiiSettings {
  const s = settings.pii
  return (s as PiiSettings | undefined) ?? piiSettingsSchema().parse({})
}
