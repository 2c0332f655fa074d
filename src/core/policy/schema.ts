/**
 * The policy schema (version 1), built from the rule set so that every rule id and every rule option is
 * known: a typo is an error, never a silently disabled rule. Defaults live here.
 */
import * as z from 'zod'
import { once } from '../once.js'
import { LEVELS, SEVERITIES } from '../findings.js'
import { PRESET_NAMES, type AnyRule, type RuleSet } from '../rule.js'

export const TIERS = ['minimal', 'limited', 'high', 'unacceptable'] as const
export type Tier = (typeof TIERS)[number]

export const FAIL_ON = [...SEVERITIES, 'never'] as const
export type FailOn = (typeof FAIL_ON)[number]

const globs = once(() => z.array(z.string().min(1)))
const levelSchema = once(() => z.enum(LEVELS))
const presetSchema = once(() => z.enum(PRESET_NAMES, { error: () => `expected a preset: ${PRESET_NAMES.join(', ')}` }))
const isoDate = once(() =>
  z.string().superRefine((s, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) ctx.addIssue({ code: 'custom', message: 'expected a date as YYYY-MM-DD' })
    else {
      const d = new Date(`${s}T00:00:00Z`)
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) ctx.addIssue({ code: 'custom', message: 'not a real calendar date' })
    }
  }),
)

export const waiverSchema = once(() =>
  z.strictObject({
    rule: z.string().min(1).describe('A rule id (e.g. pii/email) or a category (e.g. pii).'),
    paths: globs().optional().describe('Globs of file paths the waiver covers (default: all).'),
    models: globs().optional().describe('Globs of model unit directories the waiver covers (default: all).'),
    reason: z.string().min(1).describe('Why the exception is acceptable.'),
    'approved-by': z.string().min(1).describe('The person or team accountable for the exception.'),
    expires: isoDate().describe('The last day the waiver applies (YYYY-MM-DD).'),
  }),
)
export type WaiverConfig = z.infer<ReturnType<typeof waiverSchema>>

export const guardianSchema = once(() =>
  z.strictObject({
    models: globs().optional().describe('Globs of model unit directories these guardians protect.'),
    tiers: z.array(z.enum(TIERS)).optional().describe('Risk tiers these guardians protect.'),
    policy: z.boolean().optional().describe('These guardians must approve changes to the policy file itself.'),
    users: z.array(z.string().min(1)).optional().describe('GitHub logins.'),
    teams: z.array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected org/team-slug')).optional(),
    'allow-stale-approvals': z.boolean().optional().describe('Count approvals given before the latest commit.'),
  }),
)
export type GuardianConfig = z.infer<ReturnType<typeof guardianSchema>>

/**
 * The object's fields, each optional and WITHOUT its default: a policy file sets only what it names, so
 * values it leaves out keep what presets set (zod's .partial() would still fill in defaults).
 */
export function optionalShape(obj: z.ZodObject): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {}
  for (const [k, t] of Object.entries(obj.shape as Record<string, z.ZodType>)) {
    let inner: z.ZodType = t
    while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) {
      inner = (inner as z.ZodDefault).unwrap() as z.ZodType
    }
    out[k] = inner.optional().describe(t.description ?? inner.description ?? '')
  }
  return out
}

function ruleEntrySchema(rule: AnyRule): z.ZodType {
  const opts = rule.options
  if (opts instanceof z.ZodObject) {
    return z.union([levelSchema(), z.strictObject({ severity: levelSchema().optional(), ...optionalShape(opts as z.ZodObject) })])
  }
  return z.union([levelSchema(), z.strictObject({ severity: levelSchema().optional() })])
}

export function buildPolicySchema(ruleSet: RuleSet) {
  const ruleShape: Record<string, z.ZodType> = {}
  for (const r of ruleSet.rules) ruleShape[r.id] = ruleEntrySchema(r).optional().describe(r.description)
  const settingsShape: Record<string, z.ZodType> = {}
  for (const s of ruleSet.settings) {
    const schema = s.schema
    settingsShape[s.key] = (schema instanceof z.ZodObject ? z.strictObject(optionalShape(schema as z.ZodObject)) : schema).optional()
  }
  return z.strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).describe('Policy format version.'),
    extends: z
      .union([presetSchema(), z.array(presetSchema())])
      .optional()
      .describe('Built-in presets applied before this file, in order (default: recommended).'),
    'fail-on': z.enum(FAIL_ON).optional().describe('Lowest severity that fails the gate (default: error).'),
    'default-tier': z.enum(TIERS).optional().describe('Risk tier of a model unit whose card declares none (default: minimal).'),
    'tier-key': z.string().min(1).optional().describe('Card metadata key holding the risk tier (default: risk_level).'),
    models: z
      .strictObject({
        include: globs().optional().describe('Globs of directories that are model units whatever they hold.'),
        exclude: globs().optional().describe('Globs of paths not governed as (part of) model units, added to `default-exclude`. Files there are still safety- and PII-scanned when a change touches them (use `settings.artifact.exclude` / `settings.pii.exclude` to stop that).'),
        'default-exclude': globs()
          .optional()
          .describe('The built-in governance exclusions (virtual environments, vendored and build output, test fixtures, notebook checkpoints, run stores); set to replace them, `[]` to govern everything.'),
        'artifact-extensions': z
          .array(z.string().regex(/^\./, 'expected an extension such as .pt'))
          .optional()
          .describe('Extensions that make a file a model artifact, added to `default-artifact-extensions`.'),
        'default-artifact-extensions': z
          .array(z.string().regex(/^\./, 'expected an extension such as .pt'))
          .optional()
          .describe('The built-in artifact extensions; set to replace them. Files whose content is a model format are scanned whatever their name.'),
        units: z
          .array(
            z.strictObject({
              path: z.string().min(1).describe('Glob of unit directories.'),
              card: z.string().min(1).optional().describe("The unit's model card, relative to the unit directory (e.g. `../README.md`)."),
            }),
          )
          .optional()
          .describe('Explicit model units and where their cards are.'),
      })
      .optional(),
    rules: z.strictObject(ruleShape).optional(),
    settings: z.strictObject(settingsShape).optional(),
    waivers: z.array(waiverSchema()).optional().describe('Accountable, expiring exceptions.'),
    guardians: z.array(guardianSchema()).optional().describe('Who must approve changes to which models.'),
    'inline-suppressions': z
      .boolean()
      .optional()
      .describe('Honour `<!-- modelgate-disable-next-line RULE -- reason -->` in Markdown, for documentation rules only (default: false).'),
  })
}

export type PolicyFile = z.infer<ReturnType<typeof buildPolicySchema>>
