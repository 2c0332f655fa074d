/**
 * A unit's documentation as the documentation rules see it: the Markdown card (read within the policy's
 * size cap), and the metadata sources beside it (Model Card Toolkit JSON, MLflow MLmodel and registered
 * model metadata, policy-named metadata files), with field and section lookups across all of them.
 * Loaded once per unit and shared by the family's rules.
 */
import type { UnitContext } from '../../core/rule.js'
import { CARD_MAX_BYTES } from '../../core/facts.js'
import { basename, joinPath } from '../../core/files.js'
import { parseCard, type CardBlock, type ParsedCard } from '../../formats/card/index.js'
import { headingMatches } from '../../formats/card/headings.js'
import {
  compilePlaceholders,
  DEFAULT_PLACEHOLDERS,
  judgeBlocks,
  sectionTreeBlocks,
  stripPlaceholders,
  type CompiledPlaceholder,
  type PlaceholderError,
  type PlaceholderHit,
} from '../../formats/card/placeholders.js'
import {
  parseMetadataFile,
  parseMLmodel,
  parseModelCardToolkit,
  parseRegisteredModelMeta,
  type MetadataDoc,
} from '../../formats/metadata/index.js'
import { FINE_TUNED_TAGS, HF_ONLY_KEYS, HF_UNIT_FILES } from './catalog.js'

/** Headings of citation sections (not content of the section they sit under). */
const CITATION_HEADINGS = ['Citation', 'BibTeX entry and citation info', 'How to cite', 'Cite', 'Citation info', 'BibTeX', 'BibTeX entry', 'Citation information', 'References', 'Reference']
import { settingsOf, type DocumentationSettings, type NormalizedSection } from './settings.js'

/** `too-complex`: the card's Markdown is over a parsing budget (formats/card/markdown.ts) and was not read. */
export type CardState = 'none' | 'ok' | 'empty' | 'too-large' | 'binary' | 'unreadable' | 'too-complex'

export interface SkippedFile {
  path: string
  reason: 'too-large' | 'unreadable' | 'binary'
  size?: number
  message: string
}

export interface UnitDocs {
  settings: DocumentationSettings
  cardPath?: string
  cardState: CardState
  cardSize?: number
  /** Why the card could not be read (cardState unreadable or too-complex). */
  cardError?: string
  card?: ParsedCard
  /** Model Card Toolkit JSON, MLflow and policy-named metadata, parsed. */
  metadata: MetadataDoc[]
  /** Policy-named metadata files the unit lacks (unit-relative names and the expected path). */
  missingMetadataFiles: { name: string; path: string }[]
  /** Metadata files that were too large or unreadable. */
  skipped: SkippedFile[]
  placeholders: CompiledPlaceholder[]
  placeholderErrors: PlaceholderError[]
  /** Where findings about missing things go: the card, else the MCT card, else the unit's first artifact. */
  anchor: string
  /** Why the unit is Hugging Face style (a `config.json`, or Hugging Face keys in the card), if it is. */
  huggingFace?: { path: string; line: number; reason: string }
}

export function unitDocs(ctx: UnitContext<unknown>): Promise<UnitDocs> {
  return ctx.facts.shared('documentation:docs', () => load(ctx))
}

/** Names of Model Card Toolkit cards. */
export const MCT_NAMES = ['model_card.json']

/** The unit's Model Card Toolkit card, if any: the shallowest `model_card.json` in the unit. */
export function mctPath(unitPath: string, files: readonly string[]): string | undefined {
  const hits = files.filter((f) => MCT_NAMES.includes(basename(f)))
  hits.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))
  return hits[0] && (unitPath === '.' || hits[0].startsWith(unitPath + '/')) ? hits[0] : undefined
}

// Placeholder patterns compiled once per policy, not once per unit (a repository of 10,000 units).
const compiledFor = new WeakMap<object, ReturnType<typeof compilePlaceholders>>()

async function load(ctx: UnitContext<unknown>): Promise<UnitDocs> {
  const settings = settingsOf(ctx.policy.settings)
  const cap = settings['max-card-bytes']
  let placeholders = compiledFor.get(ctx.policy.settings)
  if (!placeholders) compiledFor.set(ctx.policy.settings, (placeholders = compilePlaceholders([...(settings['builtin-placeholders'] ? DEFAULT_PLACEHOLDERS : []), ...settings.placeholders])))
  const { compiled, errors } = placeholders
  const unit = ctx.unit
  const docs: UnitDocs = {
    settings,
    cardState: 'none',
    metadata: [],
    missingMetadataFiles: [],
    skipped: [],
    placeholders: compiled,
    placeholderErrors: errors,
    anchor: unit.artifacts[0] ?? unit.files[0] ?? joinPath(unit.path, 'README.md'),
  }
  const cardPath = ctx.facts.cardPath()
  if (cardPath) {
    docs.cardPath = cardPath
    docs.anchor = cardPath
    try {
      const st = await ctx.files.stat(cardPath)
      docs.cardSize = st?.size
      if (st && st.size > cap) docs.cardState = 'too-large'
      else {
        let card: ParsedCard | undefined
        if (!st || st.size <= CARD_MAX_BYTES) card = await ctx.facts.card()
        if (!card) card = parseCard(cardPath, (await ctx.files.readText(cardPath, { maxBytes: cap })).text)
        docs.card = card
        const complex = card.problems?.find((p) => p.kind === 'too-complex')
        if (complex) docs.cardError = complex.message
        docs.cardState = looksBinary(card) ? 'binary' : complex ? 'too-complex' : isEmptyCard(card, compiled) ? 'empty' : 'ok'
      }
    } catch (err) {
      docs.cardState = 'unreadable'
      docs.cardError = (err as Error).message
    }
  }
  const inUnit = new Set(unit.files)
  const read = async (path: string, parse: (p: string, t: string) => MetadataDoc) => {
    try {
      const st = await ctx.files.stat(path)
      if (st && st.size > cap) {
        docs.skipped.push({ path, reason: 'too-large', size: st.size, message: `${st.size} bytes, over the policy's cap of ${cap} bytes` })
        return
      }
      const { text } = await ctx.files.readText(path, { maxBytes: cap })
      if (text.includes('\u0000')) {
        docs.skipped.push({ path, reason: 'binary', message: 'the file is binary, not text' })
        return
      }
      docs.metadata.push(parse(path, text))
    } catch (err) {
      docs.skipped.push({ path, reason: 'unreadable', message: (err as Error).message })
    }
  }
  for (const name of settings['metadata-files']) {
    const p = joinPath(unit.path, name)
    if (inUnit.has(p)) await read(p, parseMetadataFile)
    else docs.missingMetadataFiles.push({ name, path: p })
  }
  const mct = mctPath(unit.path, unit.files)
  if (mct && !settings['metadata-files'].some((n) => joinPath(unit.path, n) === mct)) {
    await read(mct, parseModelCardToolkit)
    if (!cardPath) docs.anchor = mct
  }
  const mlmodel = joinPath(unit.path, 'MLmodel')
  if (inUnit.has(mlmodel)) await read(mlmodel, parseMLmodel)
  const registered = joinPath(unit.path, 'registered_model_meta')
  if (inUnit.has(registered)) await read(registered, parseRegisteredModelMeta)
  docs.huggingFace = huggingFaceEvidence(docs, unit.files)
  return docs
}

/** Why a unit is Hugging Face style: a `config.json`/`adapter_config.json` in it, or a Hugging Face-only key in its card. */
export function huggingFaceEvidence(docs: UnitDocs, unitFiles: readonly string[]): UnitDocs['huggingFace'] {
  const fm = docs.card?.frontMatter
  if (docs.card && fm?.data) {
    const key = Object.keys(fm.data).find((k) => HF_ONLY_KEYS.includes(k))
    if (key) return { path: docs.card.path, line: fm.locate([key], { key: true }).line, reason: `the card's \`${key}\`` }
  }
  const config = unitFiles.filter((f) => HF_UNIT_FILES.includes(basename(f))).sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))[0]
  if (config) return { path: config, line: 1, reason: `\`${basename(config)}\`` }
  return undefined
}

function looksBinary(card: ParsedCard): boolean {
  return card.body.includes('\u0000') || (card.frontMatter?.lines ?? []).some((l) => l.includes('\u0000'))
}

/** A card with no documentation at all: blank, or front matter with nothing (but comments) below it. */
export function isEmptyCard(card: ParsedCard, placeholders: readonly CompiledPlaceholder[]): boolean {
  if (card.sections.length > 0) return false
  return !judgeBlocks(card.preamble ?? [], placeholders).filled
}

// ————— field lookup —————

export interface FieldHit {
  key: string
  value: unknown
  path: string
  line: number
  column: number
  /** Where it came from, for messages: 'front matter' or a metadata format. */
  origin: string
}

const ORIGIN: Record<MetadataDoc['kind'], string> = {
  'model-card-toolkit': 'Model Card Toolkit card',
  mlflow: 'MLmodel',
  'mlflow-registered-model': 'registered model metadata',
  'metadata-file': 'metadata file',
}

/** Every place a key is set: the card's front matter first, then the metadata sources. */
export function findField(docs: UnitDocs, key: string): FieldHit[] {
  const out: FieldHit[] = []
  const fm = docs.card?.frontMatter
  if (docs.card && fm?.data) {
    const path = key.split('.')
    let cur: unknown = fm.data
    let found = true
    for (const k of path) {
      if (cur && typeof cur === 'object' && !Array.isArray(cur) && k in (cur as object)) cur = (cur as Record<string, unknown>)[k]
      else {
        found = false
        break
      }
    }
    if (found) {
      const p = fm.locate(path, { key: true })
      out.push({ key, value: cur, path: docs.card.path, line: p.line, column: p.column, origin: 'front matter' })
    }
  }
  for (const m of docs.metadata) {
    for (const f of m.fields) if (f.key === key) out.push({ key, value: f.value, path: m.path, line: f.line, column: f.column, origin: ORIGIN[m.kind] })
  }
  return out
}

/** Empty values: null, '', [], {} (a key with nothing after it). */
export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true
  if (typeof v === 'string') return v.trim() === ''
  if (Array.isArray(v)) return v.length === 0 || v.every(isEmptyValue)
  if (typeof v === 'object') return Object.keys(v as object).length === 0
  return false
}

// ————— section lookup —————

export interface SectionMatch {
  title: string
  path: string
  line: number
  filled: boolean
  hits: PlaceholderHit[]
  /** Index in the card's sections (card matches only). */
  index?: number
}

/** Every card heading and metadata section that matches the requirement, judged filled or not. */
export function findSections(docs: UnitDocs, req: NormalizedSection): SectionMatch[] {
  const out: SectionMatch[] = []
  const card = docs.card
  if (card && docs.cardState === 'ok') {
    // A citation under another section ("Eval results" > "BibTeX entry and citation info") is not its content.
    const citation = req.id === 'citation-or-contact' ? undefined : (x: { title: string }) => headingMatches(x.title, CITATION_HEADINGS)
    card.sections.forEach((s, index) => {
      if (!headingMatches(s.title, req.synonyms)) return
      const verdict = judgeBlocks(sectionTreeBlocks(card, index, citation), docs.placeholders)
      out.push({ title: s.title, path: card.path, line: s.line, filled: verdict.filled, hits: verdict.hits, index })
    })
    // A matching subsection is the specific place for the topic: it decides, not its matching ancestor
    // ("Intended uses & limitations" > "Limitations and bias" is judged on the latter).
    const inSubtree = (anc: number, k: number) => {
      if (k <= anc) return false
      for (let m = anc + 1; m <= k; m++) if (card.sections[m]!.depth <= card.sections[anc]!.depth) return false
      return true
    }
    const specific = out.filter((m) => !out.some((o) => o !== m && inSubtree(m.index!, o.index!)))
    out.splice(0, out.length, ...specific)
  }
  for (const m of docs.metadata) {
    for (const s of m.sections) {
      if (!headingMatches(s.title, req.synonyms)) continue
      const hits: PlaceholderHit[] = []
      let chars = 0
      s.text.split('\n').forEach((t) => {
        chars += stripPlaceholders(t, s.line, docs.placeholders, hits).replace(/[^\p{L}\p{N}]+/gu, '').length
      })
      out.push({ title: s.title, path: m.path, line: s.line, filled: chars >= 3, hits })
    }
  }
  return out
}

// ————— fine-tuned detection —————

export interface FineTunedEvidence {
  path: string
  line: number
  reason: string
}

const FINE_TUNED_PROSE = [
  /\b(?:is|was|were|has been|have been|been)\s+(?:a\s+|an\s+|the\s+)?(?:further\s+|additionally\s+)?fine[- ]?tuned\b/i,
  /\bfine[- ]?tuned\s+(?:version|checkpoint|variant)\s+of\b/i,
  /(?:^|[.!?]\s+)fine[- ]?tuned\s/i,
  /\b(?:we|I)\s+(?:first\s+|then\s+)?fine[- ]?tuned?\b/,
]

/** Why the model looks fine-tuned (a tag, `library_name: peft`, or the card saying so), if it does. */
export function fineTunedEvidence(docs: UnitDocs): FineTunedEvidence | undefined {
  for (const hit of findField(docs, 'library_name')) {
    if (typeof hit.value === 'string' && hit.value.toLowerCase() === 'peft') return { path: hit.path, line: hit.line, reason: '`library_name: peft`' }
  }
  for (const hit of findField(docs, 'tags')) {
    const tags = (Array.isArray(hit.value) ? hit.value : [hit.value]).filter((t) => typeof t === 'string').map((t) => (t as string).toLowerCase())
    const tag = tags.find((t) => FINE_TUNED_TAGS.includes(t))
    if (tag) return { path: hit.path, line: hit.line, reason: `the tag \`${tag}\`` }
  }
  const card = docs.card
  if (!card || docs.cardState !== 'ok') return undefined
  const blocks: CardBlock[] = [...(card.preamble ?? []), ...card.sections.flatMap((s) => s.blocks)]
  for (const b of blocks) {
    // Match on the whole paragraph (a wrapped line may start mid-sentence), then map back to its line.
    let text = ''
    const starts: { at: number; line: number }[] = []
    for (const p of b.prose) {
      starts.push({ at: text.length, line: p.line })
      text += p.text + ' '
    }
    for (const re of FINE_TUNED_PROSE) {
      const m = re.exec(text)
      if (!m) continue
      const at = m.index + m[0].search(/fine/i)
      const line = [...starts].reverse().find((s) => s.at <= at)?.line ?? b.line
      return { path: card.path, line, reason: 'the card says it is fine-tuned' }
    }
  }
  return undefined
}

// ————— citations —————

/** Appends the regulation item to a message (findings under the EU preset name their article). */
export function cite(message: string, regulation: string | undefined): string {
  return regulation ? `${message} [${regulation}]` : message
}
