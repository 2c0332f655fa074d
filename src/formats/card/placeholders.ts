/**
 * Placeholder detection: template residue that looks like content but says nothing (the Hugging Face
 * template's `[More Information Needed]`, unfilled `{{ jinja }}`, `TODO`, `TBD`, `Lorem ipsum`, `[optional]`
 * markers, the template's boilerplate sentences). Patterns run on RE2 (re2js), so a pattern from a policy
 * file cannot make matching take exponential time. Patterns are case-sensitive unless they start with `(?i)`.
 */
import { RE2JS } from 're2js'
import type { CardBlock, CardSection, ParsedCard } from './index.js'

export interface Placeholder {
  /** The pattern (as written in the policy or the built-in list). */
  pattern: string
  /** What it stands for in messages, e.g. "[More Information Needed]". */
  label: string
}

/** Built-in placeholder patterns (RE2 syntax). */
export const DEFAULT_PLACEHOLDERS: readonly Placeholder[] = [
  // Template fields first: `{{ x | default("[More Information Needed]") }}` is one placeholder.
  { pattern: String.raw`\{\{[^}]*\}\}`, label: '{{ … }} (an unfilled template field)' },
  { pattern: String.raw`\{%[^%]*%\}`, label: '{% … %} (a template statement)' },
  { pattern: String.raw`(?i)\[\s*more information needed\s*\]`, label: '[More Information Needed]' },
  { pattern: String.raw`(?i)\bmore information needed\b`, label: 'More information needed' },
  { pattern: String.raw`(?i)\[\s*optional\s*\]`, label: '[optional]' },
  { pattern: String.raw`\bTODO\b.*`, label: 'TODO' },
  { pattern: String.raw`\bFIXME\b.*`, label: 'FIXME' },
  { pattern: String.raw`\bTBD\b`, label: 'TBD' },
  { pattern: String.raw`\bTBA\b`, label: 'TBA' },
  { pattern: String.raw`(?i)\blorem ipsum\b.*`, label: 'Lorem ipsum' },
  { pattern: String.raw`(?i)\[\s*(?:insert|add|your|describe|fill in)\b[^\]]*\]`, label: '[insert …]' },
  // Sentences the Hugging Face template writes in by default.
  {
    pattern: String.raw`(?i)carbon emissions can be estimated using the machine learning impact calculator presented in lacoste et al\.? \(2019\)\.?`,
    label: 'the template’s carbon-calculator sentence',
  },
  {
    pattern: String.raw`(?i)users \(both direct and downstream\) should be made aware of the risks, biases and limitations of the model\.?`,
    label: 'the template’s default recommendation',
  },
  { pattern: String.raw`(?i)use the code below to get started with the model\.?`, label: 'the template’s get-started sentence' },
  // The older Hugging Face card template (transformers `model_cards/` 2020–2021, the `modelcards` package): its
  // guidance sentences are left in as the section's text, and its front matter values are instructions.
  {
    pattern: String.raw`(?i)describe the data you used to train the model\.?(?:\s*if you initialized it with pre-trained weights, add a link to the pre-trained model card or repository with (?:a )?description of the pre-training data\.?)?`,
    label: 'the template’s “Describe the data you used…”',
  },
  {
    pattern: String.raw`(?i)if you initialized it with pre-trained weights, add a link to the pre-trained model card or repository with (?:a )?description of the pre-training data\.?`,
    label: 'the template’s “Describe the data you used…”',
  },
  { pattern: String.raw`(?i)provide examples of latent issues and potential remediations\.?`, label: 'the template’s “Provide examples of latent issues…”' },
  { pattern: String.raw`(?i)preprocessing, hardware used, hyperparameters\s*(?:\.\.\.|…)?`, label: 'the template’s “Preprocessing, hardware used, hyperparameters…”' },
  { pattern: String.raw`(?i)provide some evaluation results\.?`, label: 'the template’s “Provide some evaluation results”' },
  { pattern: String.raw`(?i)you can embed local or remote images using\s*(?:\x60!\[\]\(\.\.\.\)\x60)?`, label: 'the template’s “You can embed local or remote images…”' },
  { pattern: String.raw`(?i)the model description provides basic details about the model\b.*`, label: 'the template’s default model description' },
  { pattern: String.raw`(?i)\bany valid license identifier\b`, label: '“any valid license identifier”' },
  { pattern: String.raw`(?i)\b(?:list of )?iso 639-1 code for your language(?:, or \x60?multilingual\x60?)?`, label: '“ISO 639-1 code for your language”' },
  { pattern: String.raw`(?i)\burl to a thumbnail used in social sharing\b`, label: '“url to a thumbnail used in social sharing”' },
  { pattern: String.raw`(?i)\barray of (?:dataset|metric|tag) identifiers\b`, label: '“array of … identifiers”' },
]

/**
 * A compiled placeholder. The built-in patterns run as a native RegExp: they are ours and linear, and V8's engine
 * is many times faster than re2js on the thousands of lines a repository's cards hold (and the bundle's lazily
 * loaded re2js, dist/lib-re2js.cjs, is then not loaded at all). Patterns from a policy file always run on RE2.
 */
export type CompiledPlaceholder = Placeholder & ({ native: RegExp; re?: undefined } | { re: RE2JS; native?: undefined })

const NATIVE = new Map(
  DEFAULT_PLACEHOLDERS.map((p) => {
    const i = p.pattern.startsWith('(?i)')
    return [p.pattern, new RegExp(i ? p.pattern.slice(4) : p.pattern, i ? 'gi' : 'g')] as const
  }),
)

export interface PlaceholderError {
  pattern: string
  message: string
}

/** Compiles placeholder patterns; invalid ones are returned as errors (never thrown). */
export function compilePlaceholders(list: readonly (Placeholder | string)[], options: { native?: boolean } = {}): { compiled: CompiledPlaceholder[]; errors: PlaceholderError[] } {
  const compiled: CompiledPlaceholder[] = []
  const errors: PlaceholderError[] = []
  for (const item of list) {
    const p = typeof item === 'string' ? { pattern: item, label: item } : item
    try {
      const native = options.native === false ? undefined : NATIVE.get(p.pattern)
      compiled.push(native ? { ...p, native } : { ...p, re: RE2JS.compile(p.pattern) })
    } catch (err) {
      errors.push({ pattern: p.pattern, message: (err as Error).message })
    }
  }
  return { compiled, errors }
}

export interface PlaceholderHit {
  line: number
  label: string
}

export interface ContentVerdict {
  /** Some prose or other content remains once placeholders and bare labels are removed. */
  filled: boolean
  /** Placeholders found in prose, in line order. */
  hits: PlaceholderHit[]
}

const MIN_MEANINGFUL_CHARS = 3

/** Removes every placeholder match from a line of prose and records what was removed. */
export function stripPlaceholders(text: string, line: number, placeholders: readonly CompiledPlaceholder[], hits: PlaceholderHit[]): string {
  let out = text
  for (const p of placeholders) {
    if (p.native) {
      out = stripNative(out, p, line, hits)
      continue
    }
    const m = p.re.matcher(out)
    let changed = false
    let rebuilt = ''
    let last = 0
    while (m.find()) {
      const s = m.start()
      const e = m.end()
      if (e === s) break
      rebuilt += out.slice(last, s) + ' '
      last = e
      changed = true
      hits.push({ line, label: p.label })
    }
    if (changed) out = rebuilt + out.slice(last)
  }
  return out
}

function stripNative(text: string, p: CompiledPlaceholder, line: number, hits: PlaceholderHit[]): string {
  const re = p.native!
  re.lastIndex = 0
  if (!re.test(text)) return text
  re.lastIndex = 0
  let rebuilt = ''
  let last = 0
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) break
    rebuilt += text.slice(last, m.index) + ' '
    last = m.index + m[0].length
    hits.push({ line, label: p.label })
  }
  re.lastIndex = 0
  return rebuilt + text.slice(last)
}

/** A line that is only a label ("Developed by:", "**License:**") says nothing once its value is removed. */
function meaningful(text: string): string {
  const t = text.trim()
  if (/^[^:]{1,80}:\s*$/.test(t)) return ''
  return t.replace(/[^\p{L}\p{N}]+/gu, '')
}

/** Judges blocks: are they filled with something besides placeholders, and which placeholders do they hold? */
export function judgeBlocks(blocks: readonly CardBlock[], placeholders: readonly CompiledPlaceholder[]): ContentVerdict {
  const hits: PlaceholderHit[] = []
  let chars = 0
  let other = false
  for (const b of blocks) {
    if (b.type === 'comment') continue
    if (b.other) other = true
    for (const p of b.prose) {
      const rest = stripPlaceholders(p.text, p.line, placeholders, hits)
      chars += meaningful(rest).length
    }
  }
  hits.sort((a, b) => a.line - b.line)
  return { filled: other || chars >= MIN_MEANINGFUL_CHARS, hits }
}

/**
 * The section's blocks including those of its subsections; `skip` leaves out a subsection and its own
 * subtree (e.g. a "BibTeX entry and citation info" under "Eval results" is not evaluation content).
 */
export function sectionTreeBlocks(card: ParsedCard, index: number, skip?: (section: CardSection) => boolean): CardBlock[] {
  const out: CardBlock[] = [...(card.sections[index]?.blocks ?? [])]
  const depth = card.sections[index]?.depth ?? 0
  let skipping = Infinity
  for (let k = index + 1; k < card.sections.length && card.sections[k]!.depth > depth; k++) {
    const s = card.sections[k]!
    if (s.depth <= skipping) skipping = skip?.(s) ? s.depth : Infinity
    if (skipping === Infinity) out.push(...s.blocks)
  }
  return out
}

/** Placeholders in a heading's own text (`### Model Sources [optional]`, `# Model Card for {{ model_id }}`). */
export function headingPlaceholders(section: CardSection, placeholders: readonly CompiledPlaceholder[]): PlaceholderHit[] {
  const hits: PlaceholderHit[] = []
  stripPlaceholders(section.title, section.line, placeholders, hits)
  return hits
}

/** True when a metadata value is nothing but placeholder text (`license: TODO`, `tags: ["{{ tags }}"]`). */
export function isPlaceholderValue(value: unknown, placeholders: readonly CompiledPlaceholder[]): boolean {
  if (Array.isArray(value)) {
    const strings = value.filter((v) => !(typeof v === 'string' && v.trim() === ''))
    return strings.length > 0 && strings.every((v) => isPlaceholderValue(v, placeholders))
  }
  if (typeof value !== 'string') return false
  const hits: PlaceholderHit[] = []
  const rest = stripPlaceholders(value, 0, placeholders, hits)
  return hits.length > 0 && meaningful(rest).length === 0
}
