/** Small helpers shared by the documentation rules. */
import * as z from 'zod'
import { once } from '../../core/once.js'
import type { UnitContext } from '../../core/rule.js'
import type { UnitDocs } from './docs.js'

/** Every rule of the family takes `cite`: the regulation item its findings name (set by the EU preset). */
export const citeOptions = once(() =>
  z.strictObject({
    cite: z.string().default('').describe('Regulation item appended to every finding, e.g. "EU AI Act Annex IV(2)(g)".'),
  }),
)
export type CiteOptions = z.infer<ReturnType<typeof citeOptions>>

/** True when another rule is enabled: a rule defers to it instead of reporting the same cause twice. */
export function enabled(ctx: UnitContext<unknown>, ruleId: string): boolean {
  const r = ctx.policy.rules[ruleId]
  return r !== undefined && r.severity !== 'off'
}

/** The line for a finding about something missing from the card: the front matter's first line, else its first heading's, else 1. */
export function missingLine(docs: UnitDocs): number {
  return docs.card?.frontMatter?.startLine ?? docs.card?.sections[0]?.line ?? 1
}

/** True when the card's front matter exists but could not be read (broken YAML, not a mapping, not closed). */
export function frontMatterBroken(docs: UnitDocs): boolean {
  const card = docs.card
  if (!card) return false
  return (card.frontMatter !== undefined && card.frontMatter.data === undefined) || (card.problems ?? []).some((p) => p.kind === 'unclosed-front-matter')
}

/** Quotes a value for a message, shortened. */
export function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s.length > 60 ? `${s.slice(0, 57)}…` : s
}

/** "a", "a or b", "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
}
