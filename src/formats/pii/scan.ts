/**
 * One file, scanned once: the format is chosen from the extension, the content is streamed (memory stays
 * bounded by a block, whatever the file size), and detections are aggregated into groups. Files larger
 * than `maxBytes` are sampled: the first half of the budget is read from the start of the file (the header
 * and first rows), the other half as `sampleWindows` evenly spaced windows over the rest, each starting
 * at a line break. Binary content in a text-format file is reported, not skipped silently.
 */
import { Collector, type Group, type Observer } from './collect.js'
import { CsvScanner } from './csv.js'
import { dataFormatOf, decodeUtf32, extensionOf, magicFormat, sniff, SNIFFED, type FileFormat } from './format.js'
import type { Detector } from './detect.js'
import { JsonScanner } from './json.js'
import type { PiiKind } from './kinds.js'
import { textBlocks, type Block, type BlockOptions } from './lines.js'
import { decompress } from '../archive/compression.js'
import { listZip, memberStream } from '../archive/zip.js'
import { concatBytes, splitHead } from '../archive/source.js'
import { TextScanner } from './text.js'

/** How the scanner reads a file (adapted from a FileView by the rules). */
export interface ScanSource {
  path: string
  size: number
  stream(start: number, end: number): AsyncIterable<Uint8Array>
  readRange(start: number, end: number): Promise<Uint8Array>
}

export interface ScanOptions {
  detector: Detector
  /** Files larger than this are sampled (bytes); undefined or Infinity: every file is read whole. */
  maxBytes?: number
  /** Number of windows a sampled file's second half of the budget is split into. */
  sampleWindows: number
  blocks?: BlockOptions
  /** Measurement hook: sees each detection's raw value (the rules never set it). */
  observe?: Observer
  /**
   * Public contact points are not findings (default true): e-mail addresses, phone numbers and names in
   * SECURITY.md, CODE_OF_CONDUCT.md, AUTHORS, CITATION.cff and similar; the same kinds in package
   * metadata (package.json, pyproject.toml, setup.cfg, DESCRIPTION, …).
   */
  contactPoints?: boolean
  /** Bytes a compressed file (or all members of a zip) may inflate to before the scan stops (default 1 GiB). */
  maxInflatedBytes?: number
  /** Largest inflated/compressed ratio accepted (default 1000). */
  maxRatio?: number
}

export interface FileScan {
  path: string
  format: FileFormat
  size: number
  groups: Group[]
  /** Occurrences beyond the distinct-group limit, per kind. */
  overflow: Partial<Record<PiiKind, number>>
  /** Set when the file was larger than the cap and only part of it was read. */
  sampled?: { scannedBytes: number; totalBytes: number; rowsScanned?: number; totalRows?: number }
  /** Why the file could not be scanned (fully). */
  problem?: string
  /** Data in a format that is recognised but not scanned (an SQLite database, an Excel workbook). */
  unscanned?: string
  /** The text encoding, when not UTF-8 (or when stray NUL bytes were dropped). */
  encoding?: string
  /** Members of a zip archive that were scanned. */
  members?: number
}

/** A text stream as the block reader takes it: UTF-32 re-encoded as UTF-8, stray NUL bytes as spaces. */
function textReader(s: AsyncIterable<Uint8Array>, encoding: string, nul: boolean | undefined): AsyncIterable<Uint8Array> {
  return encoding === 'utf-32le' || encoding === 'utf-32be' ? utf32ToUtf8(s, encoding === 'utf-32le') : nul ? nulAsSpace(s) : s
}

/** The block reader's encoding for a sniffed one (UTF-16 is decoded by it; everything else arrives as UTF-8). */
function blockEncoding(encoding: string): BlockOptions['encoding'] {
  return encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'utf-8'
}

/** UTF-32 chunks re-encoded as UTF-8 (the block reader's fast path). */
async function* utf32ToUtf8(source: AsyncIterable<Uint8Array>, le: boolean): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder()
  let carry = new Uint8Array(0)
  for await (const chunk of source) {
    const b = carry.length ? concatBytes([carry, chunk]) : chunk
    const { text, rest } = decodeUtf32(b, le)
    carry = b.slice(b.length - rest)
    if (text) yield enc.encode(text)
  }
}

/** Stray NUL bytes read as spaces (positions unchanged). */
async function* nulAsSpace(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield chunk.indexOf(0) >= 0 ? chunk.map((b) => (b === 0 ? 32 : b)) : chunk
}

interface BlockSink {
  block(b: Block): void
  end?(): void
}

function makeScanner(format: FileFormat, detector: Detector, collector: Collector, regionByte: number | undefined, csvHeaderFrom?: CsvScanner): BlockSink {
  switch (format) {
    case 'csv':
    case 'tsv': {
      const s = new CsvScanner(detector, collector, { delimiter: format === 'tsv' ? '\t' : undefined, regionByte })
      if (csvHeaderFrom) s.adoptHeader(csvHeaderFrom)
      return s
    }
    case 'json':
    case 'jsonl':
      return new JsonScanner(detector, collector, { regionByte })
    case 'notebook':
      return new JsonScanner(detector, collector, { notebook: true, regionByte })
    case 'yaml':
      return new TextScanner(detector, collector, { keyed: true, regionByte })
    default:
      return new TextScanner(detector, collector, { regionByte })
  }
}

/** Drops bytes up to the first line break and after the last one: a window of whole lines. */
async function* wholeLines(source: AsyncIterable<Uint8Array>, skipFirst: boolean): AsyncGenerator<Uint8Array> {
  let started = !skipFirst
  let held: Uint8Array | undefined
  for await (const chunk of source) {
    let c = chunk
    if (!started) {
      const nl = c.indexOf(10)
      if (nl < 0) continue
      started = true
      c = c.subarray(nl + 1)
    }
    if (held) yield held
    held = c
  }
  if (held) {
    const nl = held.lastIndexOf(10)
    if (nl >= 0) yield held.subarray(0, nl + 1)
  }
}

/** Files whose contacts are published on purpose (matched on the base name, case-insensitive). */
const CONTACT_DOCUMENTS = /^(?:security|code_of_conduct|code-of-conduct|codeofconduct|contributing|support|governance|maintainers|authors|contributors|credits|thanks|owners|codeowners|citation)(?:\.[a-z]+)?$|^citation\.cff$/i
/** Package metadata, whose author and maintainer fields are published on purpose. */
const PACKAGE_METADATA = /^(?:package\.json|pyproject\.toml|setup\.cfg|setup\.py|description|cargo\.toml|composer\.json|pom\.xml|[^/]+\.gemspec|[^/]+\.nuspec|pubspec\.yaml|meta\.yaml|environment\.ya?ml|dataset-metadata\.json|metadata\.json|datapackage\.json|croissant\.json)$/i
const CONTACT_KINDS: ReadonlySet<PiiKind> = new Set(['email', 'phone', 'person-name'])

/** True when the file is a project's published contact point (its contacts are not findings by default). */
export function isContactPoint(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1)
  return CONTACT_DOCUMENTS.test(name) || PACKAGE_METADATA.test(name)
}

const GiB = 1 << 30

export async function scanFile(src: ScanSource, format: FileFormat, opts: ScanOptions): Promise<FileScan> {
  const collector = new Collector(opts.observe)
  if (opts.contactPoints !== false && isContactPoint(src.path)) collector.skip = CONTACT_KINDS
  const result: FileScan = { path: src.path, format, size: src.size, groups: [], overflow: {} }
  const finish = () => {
    result.groups = collector.list()
    for (const [k, n] of collector.overflow) result.overflow[k] = n
    return result
  }
  if (src.size === 0) return finish()
  const head = await src.readRange(0, Math.min(src.size, 8192))
  // Content decides over the name (a gzip named .csv, a CSV without extension).
  const decided = dataFormatOf(src.path, head)
  if (decided && decided !== format && (magicFormat(head) || format === 'text')) result.format = format = decided
  if (format === 'sqlite' || format === 'excel') {
    result.unscanned = format === 'sqlite' ? 'an SQLite database' : 'a spreadsheet workbook (Excel/OpenDocument)'
    return finish()
  }
  if (format === 'parquet') {
    const maxBytes = opts.maxBytes ?? Number.POSITIVE_INFINITY
    // Parquet (hyparquet and its decoders) is loaded by the first Parquet file, not at start (issue #15).
    const { scanParquet } = await import('./parquet.js')
    const r = await scanParquet(src, opts.detector, collector, maxBytes)
    if (r.problem) result.problem = r.problem
    if (r.sampled) result.sampled = { scannedBytes: Math.min(src.size, maxBytes), totalBytes: src.size, rowsScanned: r.rowsScanned, totalRows: r.totalRows }
    return finish()
  }
  if (format === 'gzip') {
    await scanGzip(src, opts, collector, result)
    return finish()
  }
  if (format === 'zip') {
    await scanZip(src, opts, collector, result)
    return finish()
  }
  const { encoding, nul, problem } = sniff(head)
  if (problem || !encoding) {
    result.problem = problem
    return finish()
  }
  if (encoding !== 'utf-8') result.encoding = encoding.toUpperCase()
  else if (nul) result.encoding = 'UTF-8 with stray NUL bytes (read as spaces)'
  const maxBytes = opts.maxBytes ?? Number.POSITIVE_INFINITY
  const reader = (s: AsyncIterable<Uint8Array>) => textReader(s, encoding, nul)
  const blockOpts: BlockOptions = { ...opts.blocks, encoding: blockEncoding(encoding) }
  const sampled = src.size > maxBytes
  const utf8 = encoding === 'utf-8'
  const headEnd = sampled ? (utf8 ? Math.floor(maxBytes / 2) : maxBytes) : src.size
  const headScanner = makeScanner(format, opts.detector, collector, undefined)
  const headSource = reader(sampled ? wholeLines(src.stream(0, headEnd), false) : src.stream(0, headEnd))
  for await (const b of textBlocks(headSource, blockOpts)) headScanner.block(b)
  headScanner.end?.()
  let scanned = headEnd
  if (sampled && utf8 && opts.sampleWindows > 0) {
    const windows = opts.sampleWindows
    const windowBytes = Math.max(4096, Math.floor((maxBytes - headEnd) / windows))
    const span = src.size - headEnd
    for (let w = 0; w < windows; w++) {
      const start = headEnd + Math.floor((span * w) / windows)
      const end = Math.min(src.size, start + windowBytes)
      if (start >= end) continue
      const scanner = makeScanner(format, opts.detector, collector, start, headScanner instanceof CsvScanner ? headScanner : undefined)
      for await (const b of textBlocks(reader(wholeLines(src.stream(start, end), true)), blockOpts)) scanner.block(b)
      scanner.end?.()
      scanned += end - start
    }
  }
  if (sampled) result.sampled = { scannedBytes: scanned, totalBytes: src.size }
  return finish()
}

/** Counts inflated bytes and stops the stream past the size or ratio budget (a decompression bomb). */
class InflateGuard {
  inflated = 0
  stopped: string | undefined
  constructor(
    private readonly compressed: number,
    private readonly maxBytes: number,
    private readonly maxRatio: number,
  ) {}

  async *pass(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      this.inflated += chunk.length
      if (this.inflated > this.maxBytes) {
        this.stopped = `it inflates past the ${fmtSize(this.maxBytes)} budget: the rest was not scanned`
        return
      }
      if (this.inflated > 1 << 20 && this.inflated > this.compressed * this.maxRatio) {
        this.stopped = `it inflates more than ${this.maxRatio}:1 (a decompression bomb?): the rest was not scanned`
        return
      }
      yield chunk
    }
  }
}

const fmtSize = (n: number) => (n >= GiB ? `${(n / GiB).toFixed(n % GiB ? 1 : 0)} GiB` : `${Math.round(n / (1 << 20))} MiB`)

/** A stream with its first `n` bytes available up front (to sniff the inner format), then all of it. */
async function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array>; close: () => Promise<void> }> {
  const { head, rest, close } = await splitHead(source, n)
  async function* all(): AsyncGenerator<Uint8Array> {
    if (head.length) yield head
    yield* rest
  }
  return { head, all: all(), close }
}

/** Scans an inner stream (decompressed, or a zip member) as `name` would be read, whole (no sampling). */
async function scanInner(name: string, source: AsyncIterable<Uint8Array>, opts: ScanOptions, collector: Collector): Promise<string | undefined> {
  const { head, all, close } = await peek(source, 8192)
  let format = dataFormatOf(name, head)
  const { encoding, nul, problem } = sniff(head)
  if (format === undefined && head.length > 0 && !problem) format = 'text'
  if (head.length === 0 || format === undefined || problem || !encoding || format === 'parquet' || format === 'gzip' || format === 'zip' || format === 'sqlite' || format === 'excel') {
    // Nothing to read as text (empty, binary: not data), or a container inside a container.
    await close()
    if (format === 'parquet' || format === 'gzip' || format === 'zip' || format === 'sqlite' || format === 'excel') return `${format} data inside a compressed file is not scanned`
    return format === undefined ? undefined : problem
  }
  const scanner = makeScanner(format, opts.detector, collector, undefined)
  for await (const b of textBlocks(textReader(all, encoding, nul), { ...opts.blocks, encoding: blockEncoding(encoding) })) scanner.block(b)
  scanner.end?.()
  return undefined
}

async function scanGzip(src: ScanSource, opts: ScanOptions, collector: Collector, result: FileScan): Promise<void> {
  const inner = src.path.replace(/\.(?:gz|gzip)$/i, '')
  const guard = new InflateGuard(src.size, opts.maxInflatedBytes ?? GiB, opts.maxRatio ?? 1000)
  try {
    const problem = await scanInner(inner === src.path ? `${inner}.txt` : inner, guard.pass(decompress('gzip', src.stream(0, src.size))), opts, collector)
    if (problem) result.problem = problem
  } catch (err) {
    result.problem = `the gzip stream could not be decompressed (${opts.detector.scrub(messageOf(err))})`
  }
  if (guard.stopped) result.problem = `the gzip data was scanned in part: ${guard.stopped}`
}

async function scanZip(src: ScanSource, opts: ScanOptions, collector: Collector, result: FileScan): Promise<void> {
  const budget = opts.maxInflatedBytes ?? GiB
  const maxRatio = opts.maxRatio ?? 1000
  let listing
  try {
    listing = await listZip({ size: src.size, readRange: (s, e) => src.readRange(s, e), stream: (s = 0, e = src.size) => src.stream(s, e) }, 10_000)
  } catch (err) {
    result.problem = `not a readable zip archive (${opts.detector.scrub(messageOf(err))})`
    return
  }
  const skipped: string[] = []
  let used = 0
  let members = 0
  try {
    for (const m of listing.members) {
      if (m.directory || m.symlink) continue
      if (m.encrypted || (m.method !== 0 && m.method !== 8)) {
        if (dataFormatOf(m.name) !== undefined) skipped.push(m.encrypted ? 'encrypted' : `compression method ${m.method}`)
        continue
      }
      if (!dataFormatOf(m.name) && !SNIFFED.has(extensionOf(m.name))) continue
      const guard = new InflateGuard(Math.max(1, m.compressedSize), budget - used, maxRatio)
      collector.within = `${safeName(m.name)} in the archive`
      const problem = await scanInner(m.name, guard.pass(memberStream(listing, m)), opts, collector)
      used += guard.inflated
      members++
      if (problem) skipped.push(problem)
      if (guard.stopped) {
        result.problem = `zip member ${safeName(m.name)}: ${guard.stopped}`
        break
      }
    }
  } catch (err) {
    result.problem = `a zip member could not be read (${opts.detector.scrub(messageOf(err))})`
  } finally {
    collector.within = undefined
    listing.zip.close()
  }
  result.members = members
  if (!result.problem && skipped.length) result.problem = `${skipped.length} data member(s) of the archive could not be scanned (${[...new Set(skipped)].join('; ')})`
}

/** An error's message (errors from node internals may come from another realm: no instanceof). */
function messageOf(err: unknown): string {
  const m = err && typeof err === 'object' && 'message' in err ? String((err as { message: unknown }).message) : String(err)
  return m.slice(0, 120)
}

/** A member name safe to show: control characters removed, at most 80 characters. */
function safeName(name: string): string {
  const t = name.replace(/[\u0000-\u001f\u007f]/g, ' ')
  return t.length > 80 ? `…${t.slice(-79)}` : t
}
