/**
 * Heading folding for section matching: case, punctuation, numbering, template markers (`[optional]`) and
 * Markdown/Jinja residue are folded away, and a heading that joins topics ("Bias, Risks, and Limitations",
 * "Intended uses & limitations") is split into its clauses, each of which can satisfy a requirement.
 */

// Folding is memoized: every requirement's synonyms are folded against every heading of every card.
const MAX_MEMO = 4096
const folded = new Map<string, string>()
const clausesOf = new Map<string, string[]>()

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= MAX_MEMO) memo.clear()
  memo.set(key, value)
  return value
}

/** Folds a heading (or a synonym) to lowercase words separated by single spaces. */
export function foldHeading(title: string): string {
  const hit = folded.get(title)
  return hit ?? remember(folded, title, foldUncached(title))
}

function foldUncached(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\[\s*optional\s*\]/g, ' ')
    .replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/\+/g, ' and ')
    .replace(/^\s*(?:(?:\d+|[ivx]+|[a-z])[.)]\s*)+(?=\S)/, ' ')
    .replace(/^\s*\d+(?:\.\d+)*\s+/, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ')
}

/**
 * The clauses of a heading: the whole folded title, the title without a parenthetical or a `: value` tail,
 * and each part of a title joined by "and", commas or slashes.
 */
export function headingClauses(title: string): readonly string[] {
  return clausesOf.get(title) ?? remember(clausesOf, title, clausesUncached(title))
}

function clausesUncached(title: string): string[] {
  const out = new Set<string>()
  const add = (s: string) => {
    const f = foldHeading(s)
    if (f) out.add(f)
  }
  add(title)
  // "Usage (Sentence-Transformers)" → "Usage"; "Model Developers : Meta" → "Model Developers".
  const base = title.replace(/\([^)]*\)/g, ' ').replace(/\s:\s.*$|:\s*$/, '')
  add(base)
  for (const part of base.split(/,|\/|;|&|\+|\band\b|\bor\b/i)) add(part)
  return [...out]
}

/** True when a heading matches one of the synonyms (each compared after folding). */
export function headingMatches(title: string, synonyms: readonly string[]): boolean {
  const clauses = headingClauses(title)
  return synonyms.some((s) => {
    const f = foldHeading(s)
    return f !== '' && clauses.includes(f)
  })
}
