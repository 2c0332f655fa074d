/**
 * Facts about a model unit that several rules need (its card, risk tier, artifact hashes), computed once
 * per run on demand and shared.
 */
import { createHash } from 'node:crypto'
import { parseCard, type ParsedCard } from '../formats/card/index.js'
import type { BaseView, FileView } from './files.js'
import type { ResolvedPolicy } from './policy/resolve.js'
import { TIERS, type Tier } from './policy/schema.js'
import type { ModelUnit } from './units.js'

export { CARD_NAMES } from './units.js'
/** Cards larger than this are parsed up to the cap (rules may report it). */
export const CARD_MAX_BYTES = 2 * 1024 * 1024

export interface TierFact {
  /** The tier rules apply: the higher of the head's and the base's, so a change cannot lower its own bar. */
  tier: Tier
  /** False when the card declares none and the policy's default tier applies. */
  declared: boolean
  /** The declared value when it is not a known tier. */
  invalid?: unknown
  /** The change lowers the declared tier: the base's (higher) tier still applies in this run. */
  lowered?: { from: Tier; to: Tier }
}

const TIER_RANK: Record<Tier, number> = { minimal: 0, limited: 1, high: 2, unacceptable: 3 }

function declaredTier(metadata: Record<string, unknown> | undefined, key: string): Tier | undefined | 'invalid' {
  const raw = metadata?.[key]
  if (raw === undefined || raw === null || raw === '') return undefined
  const v = String(raw).trim().toLowerCase()
  return (TIERS as readonly string[]).includes(v) ? (v as Tier) : 'invalid'
}

/**
 * A card's text: UTF-8, or UTF-16 when it starts with a byte-order mark (Windows editors save cards that way,
 * and GitHub shows them as text), up to the cap.
 */
export async function readCardText(files: FileView, path: string): Promise<string> {
  const bytes = await files.readRange(path, 0, CARD_MAX_BYTES)
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  return new TextDecoder('utf-8').decode(bytes)
}

// Digests per view and path, for the whole run: the rules, the inventory table and the audit record read a
// file once (a 1 GiB checkpoint is hashed once, not once per consumer).
const digests = new WeakMap<FileView, Map<string, Promise<string>>>()

function digestsOf(files: FileView): Map<string, Promise<string>> {
  let byPath = digests.get(files)
  if (!byPath) digests.set(files, (byPath = new Map()))
  return byPath
}

/** sha256 (hex) of a file, streamed once per run and view. */
export function sha256Of(files: FileView, path: string): Promise<string> {
  const byPath = digestsOf(files)
  let p = byPath.get(path)
  if (!p) {
    p = files.digest
      ? files.digest(path, 'sha256')
      : (async () => {
          const h = createHash('sha256')
          for await (const chunk of files.stream(path)) h.update(chunk)
          return h.digest('hex')
        })()
    // A failed read is not remembered: the next consumer reports its own error.
    p.catch(() => byPath.delete(path))
    byPath.set(path, p)
  }
  return p
}

/**
 * Records a file's sha256 learnt from a pass that read every byte for another purpose (an artifact scan streams
 * the whole file and hashes it on the way), so the inventory, the audit record and the hash checks do not read
 * the file again (issue #15: one read per file). A digest already computed or under way is kept.
 */
export function rememberSha256(files: FileView, path: string, sha256: string): void {
  const byPath = digestsOf(files)
  if (!byPath.has(path)) byPath.set(path, Promise.resolve(sha256))
}

export interface UnitFacts {
  /** Path of the unit's model card (at the unit's root, above it for a conventional sub-folder, or mapped by the policy), if any. */
  cardPath(): string | undefined
  card(): Promise<ParsedCard | undefined>
  tier(): Promise<TierFact>
  /** sha256 (hex) of a file, streamed; memoized. */
  sha256(path: string): Promise<string>
  /**
   * A value computed once per unit and run, shared by every rule that asks with the same key (a family's
   * scan of the unit: PII hits, parsed bias reports, metrics). Keys are namespaced by family: 'pii:scan'.
   */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>
}

export function createUnitFacts(unit: ModelUnit, files: FileView, policy: ResolvedPolicy, base?: BaseView): UnitFacts {
  const memo = new Map<string, Promise<unknown>>()
  const once = <T>(key: string, f: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, f())
    return memo.get(key) as Promise<T>
  }
  const cardPath = () => unit.card
  const facts: UnitFacts = {
    cardPath,
    card: () =>
      once('card', async () => {
        const p = cardPath()
        if (!p) return undefined
        return parseCard(p, await readCardText(files, p))
      }),
    tier: () =>
      once('tier', async () => {
        const fallback = policy.defaultTier.value
        let card: ParsedCard | undefined
        try {
          card = await facts.card()
        } catch {
          card = undefined
        }
        const key = policy.tierKey.value
        const head = declaredTier(card?.metadata, key)
        const fact: TierFact =
          head === undefined ? { tier: fallback, declared: false } : head === 'invalid' ? { tier: fallback, declared: false, invalid: card?.metadata[key] } : { tier: head, declared: true }
        // The base's declared tier, for a unit that existed there: lowering it in the same change does not
        // lower the bar this change is held to.
        const path = card?.path ?? cardPath()
        // Only when the card itself changed: an untouched card has the same tier at the base.
        if (base && path && unit.status !== 'added' && unit.changes.some((c) => c.path === path || c.previousPath === path)) {
          let text: string | undefined
          try {
            text = await base.readText(path)
          } catch {
            text = undefined
          }
          const was = text === undefined ? undefined : declaredTier(parseCard(path, text).metadata, key)
          if (was && was !== 'invalid' && TIER_RANK[was] > TIER_RANK[fact.tier]) return { ...fact, tier: was, lowered: { from: was, to: fact.tier } }
        }
        return fact
      }),
    shared: (key, compute) => once(`shared:${key}`, compute),
    sha256: (path) => sha256Of(files, path),
  }
  return facts
}
