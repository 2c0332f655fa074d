/**
 * The result cache across runs (issue #15 item 6): per-file scan results (an artifact scan, a PII file scan)
 * stored under a content address, so a run on an unchanged blob neither reads nor scans it again.
 *
 * The key is the sha256 of: the entry format, the tool version, the scanner's SCAN_VERSION, the kind of scan,
 * the file's path (scanners read the extension), its size, its identity — the git blob id when the view
 * knows the working-tree bytes are exactly that blob (`FileView.blobId`, no read at all), else the sha256 of
 * its content (read once per run and shared with the audit record and hash checks) — and the hash of
 * everything else the scan depends on (the policy settings of the family, the enabled kinds, …).
 *
 * The store is an adapter (`adapters/fs/result-cache.ts`); the core never touches the disk. A cache miss, a
 * missing, truncated, corrupt or hostile entry (validated with zod against the result's schema, size-capped,
 * keyed: an entry moved to another name is rejected) or a failed write only costs time: the scan runs.
 */
import { createHash } from 'node:crypto'
import * as z from 'zod'
import { once } from './once.js'
import { sha256Of } from './facts.js'
import type { FileView } from './files.js'

/** The layout of an entry; bump when the envelope changes. */
export const CACHE_FORMAT = 1

/**
 * Versions of the scanners whose results are cached. Bump a number whenever that scanner's output can change
 * for the same bytes and settings (a new check, a message reworded, a limit changed): every entry written
 * before then is ignored. A release changes the tool version, which invalidates everything anyway.
 */
export const SCAN_VERSION = { artifact: 1, pii: 1 } as const

export type ScanKind = keyof typeof SCAN_VERSION

/** Largest entry read or written; larger results are simply not cached. */
export const MAX_ENTRY_BYTES = 8 * 1024 * 1024

/**
 * Files without a blob id are hashed to be cached only up to this size: hashing a larger file can cost more
 * than the scan it would save (a safetensors scan reads the header only).
 */
export const MAX_HASHED_BYTES = 64 * 1024 * 1024

/** Where entries live: names are 64 hex digits; `read` answers undefined for anything it will not return. */
export interface CacheStore {
  /** The entry's text; undefined when missing, larger than `maxBytes`, not a regular file or unreadable. */
  read(name: string, maxBytes: number): Promise<string | undefined>
  /** Stores the entry atomically (a reader sees the whole entry or none); may throw. */
  write(name: string, text: string): Promise<void>
}

export interface CacheStats {
  /** Results taken from the cache (the file was not scanned). */
  hits: number
  /** Results computed because no valid entry existed. */
  misses: number
  /** Entries written. */
  stored: number
  /** Entries found but rejected (corrupt, truncated, another key, another shape): recomputed. */
  invalid: number
  /** Scans that could not be cached (no identity: unreadable, or too large to hash without a blob id). */
  uncached: number
  /** Writes that failed or results that were not storable (too large, not plain JSON). */
  unstored: number
  /** Digests of unchanged blobs (the audit record, the artifact inventory, hash checks) taken from the cache, and computed. */
  hashes: { hits: number; misses: number }
}

export interface CacheRequest<T> {
  kind: ScanKind
  files: FileView
  path: string
  /** Everything besides the file's bytes that the result depends on (settings, enabled kinds, …): hashed into the key. */
  inputs: unknown
  /** The stored form's schema (built when a cache is in use): an entry whose value does not match is ignored. */
  schema: () => z.ZodType<unknown>
  /** The result → its stored form (plain JSON; never a raw PII value). Default: as is. */
  encode?: (value: T) => unknown
  /** The stored form (validated by `schema`) → the result. Default: as is. */
  decode?: (stored: unknown) => T
  /** Whether a result may be stored (not one that reflects a read error, which may not recur). Default: yes. */
  storable?: (value: T) => boolean
}

const envelope = once(() =>
  z.strictObject({
    format: z.literal('modelgate-result-cache'),
    version: z.literal(CACHE_FORMAT),
    key: z.string().regex(/^[0-9a-f]{64}$/),
    kind: z.enum(Object.keys(SCAN_VERSION) as [ScanKind, ...ScanKind[]]),
    value: z.unknown(),
  }),
)

const digestEntry = once(() =>
  z.strictObject({
    format: z.literal('modelgate-result-cache'),
    version: z.literal(CACHE_FORMAT),
    key: z.string(),
    kind: z.literal('digest'),
    value: z.string(),
  }),
)

/** JSON with sorted object keys: the same settings hash the same whatever order the policy wrote them in. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      const o = x as Record<string, unknown>
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]))
    }
    return x
  })
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** JSON.parse that rejects `__proto__` keys (an entry is data, never a prototype). */
function parseEntry(text: string): unknown {
  let hostile = false
  const v: unknown = JSON.parse(text, (k, x: unknown) => {
    if (k === '__proto__') hostile = true
    return x
  })
  if (hostile) throw new Error('__proto__ key')
  return v
}

export class ResultCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, stored: 0, invalid: 0, uncached: 0, unstored: 0, hashes: { hits: 0, misses: 0 } }

  constructor(
    private readonly store: CacheStore,
    /** The tool's version (a release invalidates every entry). */
    private readonly toolVersion: string,
    private readonly limits: { maxEntryBytes?: number; maxHashedBytes?: number } = {},
  ) {}

  /** The entry name for a request, or undefined when the file has no identity worth computing. */
  async keyOf(req: Pick<CacheRequest<unknown>, 'kind' | 'files' | 'path' | 'inputs'>): Promise<string | undefined> {
    const { files, path } = req
    try {
      const st = await files.stat(path)
      if (!st) return undefined
      let id: string | undefined
      const blob = files.blobId ? await files.blobId(path) : undefined
      if (blob) id = `git:${blob}`
      else if (st.size <= (this.limits.maxHashedBytes ?? MAX_HASHED_BYTES)) id = `sha256:${await sha256Of(files, path)}`
      if (!id) return undefined
      return sha256(canonicalJson(['modelgate-result-cache', CACHE_FORMAT, this.toolVersion, req.kind, SCAN_VERSION[req.kind], path, st.size, id, sha256(canonicalJson(req.inputs ?? null))]))
    } catch {
      // Unreadable: the scan reports it (and a failure is never cached).
      return undefined
    }
  }

  /** The cached result for the request, else `compute()`'s (stored for the next run). Errors of `compute` propagate and are not cached. */
  async get<T>(req: CacheRequest<T>, compute: () => Promise<T>): Promise<T> {
    const key = await this.keyOf(req)
    if (!key) {
      this.stats.uncached++
      return compute()
    }
    const max = this.limits.maxEntryBytes ?? MAX_ENTRY_BYTES
    const found = await this.lookup(req, key, max)
    if (found.hit) {
      this.stats.hits++
      return found.value
    }
    this.stats.misses++
    const value = await compute()
    await this.save(req, key, value, max)
    return value
  }

  /**
   * A file's digest by its git blob id: the bytes of a blob never change, so its sha256 (or md5) is computed
   * once and then read from the cache (an unchanged 1 GiB checkpoint is not read again for the audit record).
   */
  async digest(blob: { id: string; size: number }, algorithm: 'sha256' | 'md5', compute: () => Promise<string>): Promise<string> {
    const key = sha256(canonicalJson(['modelgate-result-cache', CACHE_FORMAT, 'digest', algorithm, blob.id, blob.size]))
    const hex = algorithm === 'sha256' ? /^[0-9a-f]{64}$/ : /^[0-9a-f]{32}$/
    try {
      const text = await this.store.read(key, 1024)
      if (text !== undefined) {
        const e = digestEntry().parse(parseEntry(text))
        if (e.key === key && hex.test(e.value)) {
          this.stats.hashes.hits++
          return e.value
        }
      }
    } catch {
      // Ignored like any bad entry.
    }
    this.stats.hashes.misses++
    const value = await compute()
    if (hex.test(value)) await this.store.write(key, JSON.stringify({ format: 'modelgate-result-cache', version: CACHE_FORMAT, key, kind: 'digest', value })).catch(() => undefined)
    return value
  }

  private async lookup<T>(req: CacheRequest<T>, key: string, max: number): Promise<{ hit: true; value: T } | { hit: false }> {
    let text: string | undefined
    try {
      text = await this.store.read(key, max)
    } catch {
      text = undefined
    }
    if (text === undefined) return { hit: false }
    try {
      const e = envelope().parse(parseEntry(text))
      if (e.key !== key || e.kind !== req.kind) throw new Error('another entry')
      const stored = req.schema().parse(e.value)
      return { hit: true, value: req.decode ? req.decode(stored) : (stored as T) }
    } catch {
      this.stats.invalid++
      return { hit: false }
    }
  }

  private async save<T>(req: CacheRequest<T>, key: string, value: T, max: number): Promise<void> {
    try {
      if (req.storable && !req.storable(value)) {
        this.stats.unstored++
        return
      }
      const stored = req.encode ? req.encode(value) : value
      const text = JSON.stringify({ format: 'modelgate-result-cache', version: CACHE_FORMAT, key, kind: req.kind, value: stored })
      // Only what reads back as the same shape is stored (a result that is not plain JSON stays uncached).
      if (Buffer.byteLength(text) > max || !req.schema().safeParse(JSON.parse(text).value).success) {
        this.stats.unstored++
        return
      }
      await this.store.write(key, text)
      this.stats.stored++
    } catch {
      this.stats.unstored++
    }
  }
}

/**
 * The hook the scanners call: `cached(ctx.run.cache, request, () => existingScan())`. Without a cache, the
 * scan runs as before.
 */
export function cached<T>(cache: ResultCache | undefined, req: CacheRequest<T>, compute: () => Promise<T>): Promise<T> {
  return cache ? cache.get(req, compute) : compute()
}
