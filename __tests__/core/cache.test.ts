/** The result cache across runs (issue #15 item 6): hits, misses, bad entries, keys, and no reads on a hit. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { MemoryView } from '../../src/adapters/memory/view.js'
import { cached, ResultCache, type CacheStore } from '../../src/core/cache.js'
import type { FileView, StreamOptions } from '../../src/core/files.js'
import { runGate, type GateResult } from '../../src/core/gate.js'
import { ruleSet } from '../../src/rules/index.js'
import { artifactCacheRequest } from '../../src/rules/artifact/cache.js'
import { settingsOf } from '../../src/rules/artifact/settings.js'
import { piiCacheRequest } from '../../src/rules/pii/cache.js'
import type { FileScan } from '../../src/formats/pii/scan.js'
import { safeText } from '../../src/core/text.js'
import { policyFrom } from '../support/harness.js'
import { fixture } from '../formats/archive/support.js'

/** A store in memory; `texts` can be damaged between runs. */
class MemoryStore implements CacheStore {
  readonly texts = new Map<string, string>()
  writes = 0
  async read(name: string, maxBytes: number): Promise<string | undefined> {
    const t = this.texts.get(name)
    return t !== undefined && Buffer.byteLength(t) <= maxBytes ? t : undefined
  }
  async write(name: string, text: string): Promise<void> {
    this.writes++
    this.texts.set(name, text)
  }
}

/** A FileView that counts every read of a file's bytes, with optional git blob ids. */
class SpyView implements FileView {
  readonly reads = new Map<string, number>()
  private readonly inner: MemoryView
  constructor(
    private readonly content: Record<string, string | Uint8Array>,
    private readonly blobs = true,
  ) {
    this.inner = new MemoryView(content)
  }
  private count(path: string) {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1)
  }
  list = () => this.inner.list()
  stat = (p: string) => this.inner.stat(p)
  entry = (p: string) => this.inner.entry(p)
  readText(p: string, o?: { maxBytes?: number }) {
    this.count(p)
    return this.inner.readText(p, o)
  }
  readRange(p: string, s: number, e: number) {
    this.count(p)
    return this.inner.readRange(p, s, e)
  }
  stream(p: string, o?: StreamOptions) {
    this.count(p)
    return this.inner.stream(p, o)
  }
  async blobId(p: string): Promise<string | undefined> {
    const c = this.content[p]
    if (!this.blobs || c === undefined) return undefined
    const bytes = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c)
    return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
  }
}

const card = '---\nlicense: mit\n---\n# Model\n'
const MALICIOUS = fixture('malicious/reduce_os_system_p2.pkl')
const CSV = 'id,email,phone\n1,ada@example.com,(415) 555-0132\n2,grace@example.org,\n'

const FILES = {
  'models/a/model.pkl': MALICIOUS,
  'models/a/README.md': card,
  'models/a/data/people.csv': CSV,
  'models/b/model.safetensors': fixture('benign/model.safetensors'),
}

async function gate(files: FileView, cache: ResultCache | undefined, policy?: string): Promise<GateResult> {
  return runGate({
    ruleSet,
    policy: policyFrom(policy),
    files,
    run: { event: 'local', policyPath: '.github/modelgate.yml', now: new Date('2026-11-26T12:00:00Z'), cache },
    all: true,
    tool: { name: 'modelgate', version: 'test' },
  })
}

const lines = (r: GateResult) => r.findings.map((f) => `${f.ruleId} ${f.path}:${f.line ?? 0} ${f.message} ${JSON.stringify(f.details ?? {})}`)

describe('result cache', () => {
  it('a second run takes every scan from the cache, reads none of the scanned files, and reports the same', async () => {
    const store = new MemoryStore()
    const first = new ResultCache(store, '1.2.3')
    const cold = await gate(new SpyView(FILES), first)
    // Three artifacts/data files scanned: the pickle and the safetensors (artifact), the CSV (PII); the card too (PII, markdown).
    expect(first.stats).toEqual({ hits: 0, misses: 4, stored: 4, invalid: 0, uncached: 0, unstored: 0, hashes: { hits: 0, misses: 0 } })
    expect(cold.report.stats).toEqual({ cache: first.stats })

    const view = new SpyView(FILES)
    const second = new ResultCache(store, '1.2.3')
    const warm = await gate(view, second)
    expect(second.stats).toEqual({ hits: 4, misses: 0, stored: 0, invalid: 0, uncached: 0, unstored: 0, hashes: { hits: 0, misses: 0 } })
    expect(lines(warm)).toEqual(lines(cold))
    expect(lines(warm)).toContain(
      'artifact/pickle-dangerous-global models/a/model.pkl:0 imports `posix.system` at byte 2 (operating-system access (os on Linux/macOS)): loading this pickle runs it {"format":"pickle","global":"posix.system","module":"posix","name":"system","offset":2,"opcode":"GLOBAL","occurrences":1,"reason":"operating-system access (os on Linux/macOS)","matched":"posix"}',
    )
    expect(lines(warm).filter((l) => l.startsWith('pii/'))).toEqual(lines(cold).filter((l) => l.startsWith('pii/')))
    expect(warm.verdict).toEqual(cold.verdict)
    // Only discovery's bounded sniff touches the files now; without the cache the scans read them too.
    const uncachedView = new SpyView(FILES)
    await gate(uncachedView, undefined)
    for (const p of ['models/a/model.pkl', 'models/a/data/people.csv', 'models/b/model.safetensors']) {
      expect(view.reads.get(p) ?? 0).toBeLessThan(uncachedView.reads.get(p)!)
    }
  })

  it('a cache hit does not read the file at all (FileView spy on the scan hook)', async () => {
    const store = new MemoryStore()
    const settings = settingsOf({})
    const files = new SpyView({ 'm/model.pkl': MALICIOUS })
    let scans = 0
    const compute = async () => {
      scans++
      await files.readRange('m/model.pkl', 0, 100)
      return { format: 'pickle' as const, pickle: true, size: MALICIOUS.length, issues: [], globals: [], stats: { pickles: 1, opcodes: 3, pickleBytes: 10, members: 0 } }
    }
    await cached(new ResultCache(store, 'v'), artifactCacheRequest(files, 'm/model.pkl', settings), compute)
    expect(scans).toBe(1)
    const again = new SpyView({ 'm/model.pkl': MALICIOUS })
    const cache = new ResultCache(store, 'v')
    const got = await cached(cache, artifactCacheRequest(again, 'm/model.pkl', settings), compute)
    expect(scans).toBe(1)
    expect(again.reads.size).toBe(0)
    expect(got).toEqual({ format: 'pickle', pickle: true, size: MALICIOUS.length, issues: [], globals: [], stats: { pickles: 1, opcodes: 3, pickleBytes: 10, members: 0 } })
    expect(cache.stats.hits).toBe(1)
  })

  it('without blob ids, files are keyed by their content hash: a changed file misses, an unchanged one hits', async () => {
    const store = new MemoryStore()
    await gate(new SpyView(FILES, false), new ResultCache(store, 'v'))
    const changed = { ...FILES, 'models/a/model.pkl': fixture('malicious/builtin_eval_p2.pkl') }
    const cache = new ResultCache(store, 'v')
    const r = await gate(new SpyView(changed, false), cache)
    expect(cache.stats).toMatchObject({ hits: 3, misses: 1, stored: 1 })
    expect(r.findings.filter((f) => f.ruleId === 'artifact/pickle-dangerous-global').map((f) => f.details?.global)).toEqual(['__builtin__.eval'])
  })

  it('corrupt, truncated, mismatched and hostile entries are ignored and rewritten: they only cost time', async () => {
    const store = new MemoryStore()
    const cold = await gate(new SpyView(FILES), new ResultCache(store, 'v'))
    const names = [...store.texts.keys()]
    expect(names).toHaveLength(4)
    const [a, b, c, d] = names as [string, string, string, string]
    const valid = store.texts.get(a)!
    store.texts.set(a, valid.slice(0, valid.length >> 1)) // truncated
    store.texts.set(b, store.texts.get(c)!) // another key's entry under this name
    store.texts.set(c, JSON.stringify({ ...JSON.parse(store.texts.get(c)!), value: { format: 'pickle', pickle: 'yes' } })) // wrong shape
    store.texts.set(d, store.texts.get(d)!.replace('"value":{', '"value":{"__proto__":{"polluted":true},')) // hostile
    const cache = new ResultCache(store, 'v')
    const warm = await gate(new SpyView(FILES), cache)
    expect(cache.stats).toEqual({ hits: 0, misses: 4, stored: 4, invalid: 4, uncached: 0, unstored: 0, hashes: { hits: 0, misses: 0 } })
    expect(lines(warm)).toEqual(lines(cold))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // Rewritten: the next run hits again.
    const third = new ResultCache(store, 'v')
    await gate(new SpyView(FILES), third)
    expect(third.stats.hits).toBe(4)
  })

  it('an entry larger than the cap is neither written nor read', async () => {
    const store = new MemoryStore()
    const cache = new ResultCache(store, 'v', { maxEntryBytes: 100 })
    await gate(new SpyView(FILES), cache)
    expect(cache.stats).toMatchObject({ misses: 4, stored: 0, unstored: 4, hashes: { hits: 0, misses: 0 } })
    expect(store.writes).toBe(0)
  })

  it('a different policy setting of the family, or another tool version, misses; another family’s setting does not', async () => {
    const store = new MemoryStore()
    await gate(new SpyView(FILES), new ResultCache(store, 'v'))

    const allow = new ResultCache(store, 'v')
    const r = await gate(new SpyView(FILES), allow, 'version: 1\nsettings:\n  artifact:\n    allow-globals: [posix.system]\n')
    // Both artifact scans miss (the settings changed); the two PII scans hit.
    expect(allow.stats).toMatchObject({ hits: 2, misses: 2 })
    expect(r.findings.filter((f) => f.ruleId === 'artifact/pickle-dangerous-global')).toEqual([])

    const pii = new ResultCache(store, 'v')
    await gate(new SpyView(FILES), pii, 'version: 1\nsettings:\n  pii:\n    max-findings-per-file: 3\n')
    expect(pii.stats).toMatchObject({ hits: 2, misses: 2 })

    const release = new ResultCache(store, 'v2')
    await gate(new SpyView(FILES), release)
    expect(release.stats).toMatchObject({ hits: 0, misses: 4 })
  })

  it('the same blob under another path is another entry (scanners read the extension)', async () => {
    const store = new MemoryStore()
    const settings = settingsOf({})
    const one = new ResultCache(store, 'v')
    const files = new SpyView({ 'a.pkl': MALICIOUS, 'b.bin': MALICIOUS })
    expect(await one.keyOf(artifactCacheRequest(files, 'a.pkl', settings))).not.toEqual(await one.keyOf(artifactCacheRequest(files, 'b.bin', settings)))
  })

  it('PII entries hold counts and redacted shapes, never a raw value', async () => {
    const store = new MemoryStore()
    const files = { 'models/a/README.md': card, 'models/a/model.safetensors': fixture('benign/model.safetensors'), 'models/a/ada@example.com.csv': 'contact\nada@example.com\n', 'models/a/people.csv': CSV, 'models/a/odd.json': '{"bob@example.net": "ada@example.com"}\n' }
    const cold = await gate(new SpyView(files), new ResultCache(store, 'v'))
    const all = [...store.texts.values()].join('\n')
    for (const raw of ['ada@example.com', 'grace@example.org', 'bob@example.net', '555-0132']) expect(all).not.toContain(raw)
    expect(all).toContain('a***@e***.com')
    const warmCache = new ResultCache(store, 'v')
    const warm = await gate(new SpyView(files), warmCache)
    expect(warmCache.stats).toMatchObject({ hits: 5, misses: 0 })
    // A column named like an address is stored redacted; the finding shows it redacted either way.
    expect(lines(warm)).toEqual(lines(cold))
    expect(lines(warm).join('\n')).not.toContain('bob@example.net')
  })

  it('a column or location that looks like personal data is stored redacted, as the findings show it', () => {
    const req = piiCacheRequest(new MemoryView({}), 'd.csv', {})
    const scan: FileScan = { path: 'd.csv', format: 'csv', size: 9, overflow: {}, groups: [{ kind: 'email', column: 'bob@example.net', where: 'cell of +1 415 555 0132', count: 1, redacted: 'a***@e***.com' }] }
    const stored = req.encode!(scan) as { groups: { column: string; where: string }[] }
    expect(JSON.stringify(stored)).not.toContain('bob@example.net')
    expect(JSON.stringify(stored)).not.toContain('555 0132')
    expect(JSON.stringify(stored)).not.toContain('d.csv')
    expect(safeText(stored.groups[0]!.column)).toBe(safeText('bob@example.net'))
    expect(safeText(stored.groups[0]!.where)).toBe(safeText('cell of +1 415 555 0132'))
    expect(req.decode!(req.schema().parse(stored))).toEqual({ ...scan, groups: [{ ...scan.groups[0], column: stored.groups[0]!.column, where: stored.groups[0]!.where }] })
  })

  it('a scan that met a read error is not kept', async () => {
    const store = new MemoryStore()
    const cache = new ResultCache(store, 'v')
    const files = new SpyView({ 'm/model.pkl': MALICIOUS })
    const scan = { format: 'unknown' as const, pickle: false, size: 0, issues: [{ kind: 'unscannable' as const, code: 'read-error', message: 'EIO' }], globals: [], stats: { pickles: 0, opcodes: 0, pickleBytes: 0, members: 0 } }
    await cache.get(artifactCacheRequest(files, 'm/model.pkl', settingsOf({})), async () => scan)
    expect(cache.stats).toMatchObject({ misses: 1, stored: 0, unstored: 1, hashes: { hits: 0, misses: 0 } })
    expect(store.writes).toBe(0)
  })

  it('a failing store only costs time', async () => {
    const broken: CacheStore = {
      read: async () => {
        throw new Error('EIO')
      },
      write: async () => {
        throw new Error('ENOSPC')
      },
    }
    const cache = new ResultCache(broken, 'v')
    const r = await gate(new SpyView(FILES), cache)
    const plain = await gate(new SpyView(FILES), undefined)
    expect(lines(r)).toEqual(lines(plain))
    expect(cache.stats).toEqual({ hits: 0, misses: 4, stored: 0, invalid: 0, uncached: 0, unstored: 4, hashes: { hits: 0, misses: 0 } })
  })
})
