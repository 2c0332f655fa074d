/**
 * The required metadata fields a unit's documentation leaves unmet, each with why (missing, empty, placeholder,
 * misspelled, or a fine-tuned model without its base model). Shared by doc/required-fields, which reports them,
 * and doc/front-matter-missing, which names the missing ones in its one finding instead.
 */
import type { Tier } from '../../core/policy/schema.js'
import { suggestKey } from '../../formats/card/keys.js'
import { isPlaceholderValue } from '../../formats/card/placeholders.js'
import { SECTION_CATALOG, type FieldRequirement } from './catalog.js'
import { findField, findSections, fineTunedEvidence, isEmptyValue, type FieldHit, type FineTunedEvidence, type UnitDocs } from './docs.js'
import { normalizeSection, requirementsFor, type NormalizedSection } from './settings.js'
import { orList } from './shared.js'

export type FieldReq = FieldRequirement & { tier?: Tier }

export type UnmetField =
  | { kind: 'placeholder' | 'empty'; req: FieldReq; hit: FieldHit }
  | { kind: 'fine-tuned'; req: FieldReq; evidence: FineTunedEvidence }
  | { kind: 'misspelled'; req: FieldReq; key: string; hint: string; line: number; column: number }
  | { kind: 'missing'; req: FieldReq; sections: NormalizedSection[] }

/** How a requirement is named in messages: its label, else its keys ("`language` or `library_name`"). */
export function fieldName(req: FieldRequirement): string {
  return req.label ?? orList(req.anyOf.map((k) => `\`${k}\``))
}

/** "add `license: …`", "add one of `a` or `b`", with the sections that would also do. */
export function fieldHow(req: FieldRequirement, sections: readonly NormalizedSection[], where: string): string {
  const keys = req.anyOf
  const alt = sections.length ? ` or a ${orList(sections.map((s) => `"## ${SECTION_CATALOG[s.id]?.synonyms[0] ?? s.title}"`))} section` : ''
  const how = keys.length === 1 ? `add \`${keys[0]}: …\` to ${where}` : `add one of ${orList(keys.slice(0, 4).map((k) => `\`${k}\``))} to ${where}`
  return how + alt
}

/** Every required field (for the tier) that the card and metadata leave unmet, in requirement order. */
export function unmetFields(docs: UnitDocs, tier: Tier): UnmetField[] {
  const { fields } = requirementsFor(docs.settings, tier)
  const fm = docs.card?.frontMatter
  const misspelled = (keys: string[]) => {
    for (const key of Object.keys(fm?.data ?? {})) {
      const hint = suggestKey(key, keys)
      if (hint) return { key, hint, ...fm!.locate([key], { key: true }) }
    }
    return undefined
  }
  const out: UnmetField[] = []
  for (const req of fields) {
    let evidence: FineTunedEvidence | undefined
    if (req.when?.includes('hugging-face') && !docs.huggingFace) continue
    if (req.when?.includes('fine-tuned')) {
      evidence = fineTunedEvidence(docs)
      if (!evidence) continue
    }
    const hits = req.anyOf.flatMap((k) => findField(docs, k))
    if (hits.some((h) => !isEmptyValue(h.value) && !isPlaceholderValue(h.value, docs.placeholders))) continue
    const sections = (req.sections ?? []).map((id) => normalizeSection(id, docs.settings))
    if (sections.some((s) => findSections(docs, s).some((m) => m.filled))) continue
    const placeholder = hits.find((h) => isPlaceholderValue(h.value, docs.placeholders))
    const m = misspelled(req.anyOf)
    if (placeholder) out.push({ kind: 'placeholder', req, hit: placeholder })
    else if (hits[0]) out.push({ kind: 'empty', req, hit: hits[0] })
    else if (evidence) out.push({ kind: 'fine-tuned', req, evidence })
    else if (m) out.push({ kind: 'misspelled', req, ...m })
    else out.push({ kind: 'missing', req, sections })
  }
  return out
}

/** True when doc/front-matter-missing reports the card (it has none, and no other metadata source stands in). */
export function frontMatterMissingApplies(docs: UnitDocs): boolean {
  const card = docs.card
  if (!card || card.frontMatter || (card.problems ?? []).length) return false
  if (docs.cardState !== 'ok' && docs.cardState !== 'empty') return false
  return !docs.metadata.some((m) => (m.kind === 'model-card-toolkit' || m.kind === 'metadata-file') && m.errors.length === 0)
}

/** Joins regulation items, naming "EU AI Act" once and each article once: "EU AI Act Annex IV(1)(a); Art. 13(3)(a)". */
export function joinRegulations(regs: readonly (string | undefined)[]): string | undefined {
  const eu: string[] = []
  const other: string[] = []
  for (const r of regs) {
    if (!r) continue
    if (r.startsWith('EU AI Act ')) eu.push(...r.slice('EU AI Act '.length).split(/;\s*/))
    else other.push(r)
  }
  const list = [...(eu.length ? [`EU AI Act ${[...new Set(eu)].join('; ')}`] : []), ...new Set(other)]
  return list.length ? list.join('; ') : undefined
}

/** A regulation item without the "EU AI Act " prefix, for a list that names the act once. */
export function shortRegulation(r: string | undefined): string | undefined {
  return r?.replace(/^EU AI Act /, '')
}

/**
 * The articles of several regulation items, without their paragraphs, for the citation of a grouped finding
 * whose items each name their own: "EU AI Act Annex IV; Art. 13; Art. 10".
 */
export function summarizeRegulations(regs: readonly (string | undefined)[]): string | undefined {
  const eu: string[] = []
  const other: string[] = []
  for (const r of regs) {
    if (!r) continue
    if (!r.startsWith('EU AI Act ')) {
      other.push(r)
      continue
    }
    for (const part of r.slice('EU AI Act '.length).split(/;\s*/)) {
      const m = /^(Annex [IVXL]+|Art\. \d+)/.exec(part)
      if (m) eu.push(m[1]!)
    }
  }
  const list = [...(eu.length ? [`EU AI Act ${[...new Set(eu)].join('; ')}`] : []), ...new Set(other)]
  return list.length ? list.join('; ') : undefined
}

/** An item of a grouped finding's list: "version (Annex IV(1)(a))". */
export function withRegulation(text: string, regulation: string | undefined, grouped: boolean): string {
  return grouped && regulation ? `${text} (${shortRegulation(regulation)})` : text
}
