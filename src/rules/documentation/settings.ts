/**
 * `settings.documentation` in the policy: required fields and sections (with per-tier additions), extra
 * headings for sections, placeholder patterns, the card size cap, metadata files and extra licenses. Each
 * preset sets its own requirement lists; a policy file replaces a list by setting it.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'
import { compilePlaceholders } from '../../formats/card/placeholders.js'
import { defineSettings, type SettingsSection } from '../../core/rule.js'
import { TIERS, type Tier } from '../../core/policy/schema.js'
import {
  EU_FIELDS,
  EU_SECTIONS,
  HIGH_TIER_FIELDS,
  FIELD_CONDITIONS,
  HIGH_TIER_SECTIONS,
  RECOMMENDED_FIELDS,
  RECOMMENDED_SECTIONS,
  SECTION_CATALOG,
  STRICT_FIELDS,
  STRICT_SECTIONS,
  type FieldRequirement,
  type SectionRequirement,
} from './catalog.js'

const SECTION_IDS = Object.keys(SECTION_CATALOG)

function re2Error(pattern: string): string | undefined {
  const { errors } = compilePlaceholders([pattern])
  return errors[0]?.message
}
const isRe2 = (pattern: string) => re2Error(pattern) === undefined
const knownSection = (id: string) => SECTION_IDS.includes(id)
const unknownSectionMessage = (id: string) =>
  `unknown section id "${id}": use one of ${SECTION_IDS.join(', ')}, or a mapping with \`id\`, \`title\` and \`synonyms\` for a section of your own`

const fieldRequirement = once(() =>
  z.union([
    z.string().min(1).describe('A metadata key that must be present and non-empty.'),
    z.array(z.string().min(1)).min(1).describe('Any one of these keys.'),
    z.strictObject({
      'any-of': z.array(z.string().min(1)).min(1).describe('Any one of these keys satisfies the requirement.'),
      when: z
        .union([z.enum(FIELD_CONDITIONS), z.array(z.enum(FIELD_CONDITIONS)).min(1)])
        .optional()
        .describe('Only for fine-tuned models (`fine-tuned`), only for Hugging Face style units (`hugging-face`), or a list of both.'),
      sections: z.array(z.string().refine(knownSection, { message: 'unknown section id' })).optional().describe('Section ids that also satisfy it.'),
      label: z.string().min(1).optional().describe('Name used in messages.'),
      regulation: z.string().min(1).optional().describe('The regulation item it implements, named in findings.'),
    }),
  ]),
)

const sectionRequirement = once(() =>
  z.union([
    z.string().min(1).refine(knownSection, { error: (iss) => unknownSectionMessage(String(iss.input)) }),
    z
      .strictObject({
        id: z.string().min(1),
        title: z.string().min(1).optional().describe('Name used in messages (custom sections).'),
        synonyms: z.array(z.string().min(1)).min(1).optional().describe('Headings that satisfy a custom section (added to a built-in one).'),
        regulation: z.string().min(1).optional().describe('The regulation item it implements, named in findings.'),
      })
      .refine((s) => knownSection(s.id) || (s.synonyms !== undefined && s.synonyms.length > 0), {
        error: (iss) => unknownSectionMessage(String((iss.input as { id?: unknown }).id)),
      }),
  ]),
)

const requirementSet = once(() =>
  z.strictObject({
    'required-fields': z.array(fieldRequirement()).optional(),
    'required-sections': z.array(sectionRequirement()).optional(),
  }),
)

export const documentationSettingsSchema = once(() =>
  z.strictObject({
    'required-fields': z.array(fieldRequirement()).default(RECOMMENDED_FIELDS.map(toInput)).describe('Metadata every card must carry.'),
    'required-sections': z.array(sectionRequirement()).default(RECOMMENDED_SECTIONS.map(sectionToInput)).describe('Sections every card must carry.'),
    tiers: z
      .strictObject(Object.fromEntries(TIERS.map((t) => [t, requirementSet().optional()])) as Record<Tier, z.ZodOptional<ReturnType<typeof requirementSet>>>)
      .default({})
      .describe('Requirements added for units of a risk tier (the tier comes from the card, or `default-tier`).'),
    synonyms: z
      .partialRecord(z.enum(SECTION_IDS as [string, ...string[]]), z.array(z.string().min(1)))
      .default({})
      .describe('Extra headings that satisfy a built-in section, by section id.'),
    placeholders: z
      .array(z.string().min(1).refine(isRe2, { error: (iss) => `not a valid RE2 pattern: ${re2Error(String(iss.input))}` }))
      .default([])
      .describe('Extra placeholder patterns (RE2 syntax; prefix `(?i)` for case-insensitive).'),
    'builtin-placeholders': z.boolean().default(true).describe('Use the built-in placeholder patterns ([More Information Needed], TODO, {{ … }}, …).'),
    'max-card-bytes': z.number().int().positive().default(2 * 1024 * 1024).describe('Cards and metadata files larger than this are reported, not read.'),
    'metadata-files': z
      .array(z.string().min(1))
      .default([])
      .describe('Metadata files (relative to the unit) every unit must have and whose keys count as card metadata, e.g. model.yaml.'),
    licenses: z.array(z.string().min(1)).default([]).describe('License identifiers accepted besides the Hugging Face list.'),
  }),
)

export type DocumentationSettings = z.infer<ReturnType<typeof documentationSettingsSchema>>
export type FieldRequirementInput = z.infer<ReturnType<typeof fieldRequirement>>
export type SectionRequirementInput = z.infer<ReturnType<typeof sectionRequirement>>

function toInput(r: FieldRequirement): FieldRequirementInput {
  if (!r.when && !r.sections && !r.label && !r.regulation) return r.anyOf.length === 1 ? r.anyOf[0]! : r.anyOf
  const out: Exclude<FieldRequirementInput, string | string[]> = { 'any-of': r.anyOf }
  if (r.when) out.when = r.when.length === 1 ? r.when[0]! : r.when
  if (r.sections) out.sections = r.sections
  if (r.label) out.label = r.label
  if (r.regulation) out.regulation = r.regulation
  return out
}

function sectionToInput(r: SectionRequirement): SectionRequirementInput {
  return r.regulation ? { id: r.id, regulation: r.regulation } : r.id
}

/** Normalises a field requirement to its object form. */
export function normalizeField(r: FieldRequirementInput): FieldRequirement {
  if (typeof r === 'string') return { anyOf: [r] }
  if (Array.isArray(r)) return { anyOf: r }
  const out: FieldRequirement = { anyOf: r['any-of'] }
  if (r.when) out.when = typeof r.when === 'string' ? [r.when] : [...new Set(r.when)]
  if (r.sections) out.sections = r.sections
  if (r.label) out.label = r.label
  if (r.regulation) out.regulation = r.regulation
  return out
}

export interface NormalizedSection {
  id: string
  title: string
  synonyms: string[]
  regulation?: string
}

/** Normalises a section requirement: its title and every heading that satisfies it. */
export function normalizeSection(r: SectionRequirementInput, settings: DocumentationSettings): NormalizedSection {
  const obj = typeof r === 'string' ? { id: r } : r
  const base = SECTION_CATALOG[obj.id]
  const extra = (settings.synonyms as Record<string, string[] | undefined>)[obj.id] ?? []
  const out: NormalizedSection = {
    id: obj.id,
    title: ('title' in obj && obj.title) || base?.title || obj.id,
    synonyms: [...(base?.synonyms ?? []), ...(('synonyms' in obj && obj.synonyms) || []), ...extra],
  }
  if ('regulation' in obj && obj.regulation) out.regulation = obj.regulation
  return out
}

/** The requirements for a tier: the base lists plus the tier's additions (a section id once, the cited one winning). */
export function requirementsFor(
  settings: DocumentationSettings,
  tier: Tier,
): { fields: (FieldRequirement & { tier?: Tier })[]; sections: (NormalizedSection & { tier?: Tier })[] } {
  const extra = settings.tiers[tier]
  const fields: (FieldRequirement & { tier?: Tier })[] = [
    ...settings['required-fields'].map(normalizeField),
    ...(extra?.['required-fields'] ?? []).map((r) => ({ ...normalizeField(r), tier })),
  ]
  const seenFields = new Map<string, number>()
  const dedupedFields: (FieldRequirement & { tier?: Tier })[] = []
  for (const f of fields) {
    const key = `${[...f.anyOf].sort().join('|')}:${[...(f.when ?? [])].sort().join('|')}`
    const at = seenFields.get(key)
    if (at === undefined) {
      seenFields.set(key, dedupedFields.length)
      dedupedFields.push(f)
    } else if (!dedupedFields[at]!.regulation && f.regulation) dedupedFields[at] = { ...f, tier: dedupedFields[at]!.tier }
  }
  const sections: (NormalizedSection & { tier?: Tier })[] = []
  const all = [
    ...settings['required-sections'].map((r) => normalizeSection(r, settings)),
    ...(extra?.['required-sections'] ?? []).map((r) => ({ ...normalizeSection(r, settings), tier })),
  ]
  for (const s of all) {
    const at = sections.findIndex((x) => x.id === s.id)
    if (at < 0) sections.push(s)
    // A base requirement cited by a tier keeps the tier's citation but stays a base requirement (no `tier`).
    else if (!sections[at]!.regulation && s.regulation) sections[at] = { ...s, tier: sections[at]!.tier }
  }
  return { fields: dedupedFields, sections }
}

export const documentationSettings: SettingsSection<DocumentationSettings> = defineSettings({
  key: 'documentation',
  schema: () => documentationSettingsSchema() as unknown as z.ZodType<DocumentationSettings>,
  presets: {
    recommended: {
      'required-fields': RECOMMENDED_FIELDS.map(toInput),
      'required-sections': RECOMMENDED_SECTIONS.map(sectionToInput),
      tiers: { high: { 'required-fields': HIGH_TIER_FIELDS.map(toInput), 'required-sections': HIGH_TIER_SECTIONS.map(sectionToInput) } },
    },
    strict: {
      'required-fields': STRICT_FIELDS.map(toInput),
      'required-sections': STRICT_SECTIONS.map(sectionToInput),
      tiers: { high: { 'required-fields': HIGH_TIER_FIELDS.map(toInput), 'required-sections': HIGH_TIER_SECTIONS.map(sectionToInput) } },
    },
    'eu-ai-act-high-risk': {
      'required-fields': EU_FIELDS.map(toInput),
      'required-sections': EU_SECTIONS.map(sectionToInput),
      tiers: {},
    },
  },
})

/** The family's settings, resolved (falls back to the schema defaults when the policy has none). */
export function settingsOf(policySettings: Record<string, unknown>): DocumentationSettings {
  const s = policySettings.documentation
  return (s ?? documentationSettingsSchema().parse({})) as DocumentationSettings
}
