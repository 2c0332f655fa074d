/**
 * One file, scanned once: the format is chosen from the extension, the content is streamed (memory stays
 * bounded by a block, whatever the file size), and detections are aggregated into groups. Files larger
 * than `maxBytes` are sampled: the first half of the budget is read from the start of the file (the header
 * and first rows), the other half as `sampleWindows` evenly spaced windows over the rest, each starting
 * at a line break. Binary content in a text-format file is reported, not skipped silently.
 */
import { Collector, type Group, type Observer } from './collect.js'
import { CsvScanner } from './csv.js'
import type { Detector } from './detect.js'
import { JsonScanner } from './json.js'
import type { PiiKind } from './kinds.js'
import { textBlocks, type Block, type BlockOptions } from './lines.js'
import { scanParquet } from './parquet.js'
import { TextScanner } from './text.js'

export type FileFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'notebook' | 'parquet' | 'yaml' | 'markdown' | 'text'

const BY_EXTENSION: Record<string, FileFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  geojson: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  ipynb: 'notebook',
  parquet: 'parquet',
  pq: 'parquet',
  yaml: 'yaml',
  yml: 'yaml',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  text: 'text',
  cfg: 'yaml',
  ini: 'yaml',
  toml: 'yaml',
  properties: 'yaml',
  env: 'yaml',
}

export function formatOf(path: string): FileFormat | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  const dot = name.lastIndexOf('.')
  if (dot < 0) return undefined
  return BY_EXTENSION[name.slice(dot + 1)]
}

/** How the scanner reads a file (adapted from a FileView by the rules). */
export interface ScanSource {
  path: string
  size: number
  stream(start: number, end: number): AsyncIterable<Uint8Array>
  readRange(start: number, end: number): Promise<Uint8Array>
}

export interface ScanOptions {
  detector: Detector
  /** Files larger than this are sampled (bytes). */
  maxBytes: number
  /** Number of windows a sampled file's second half of the budget is split into. */
  sampleWindows: number
  blocks?: BlockOptions
  /** Measurement hook: sees each detection's raw value (the rules never set it). */
  observe?: Observer
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
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be'

function sniff(head: Uint8Array): { encoding?: Encoding; problem?: string } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le' }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be' }
  if (head[0] === 0x1f && head[1] === 0x8b) return { problem: 'the file is gzip-compressed: its content was not scanned' }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { problem: 'the file is a zip archive: its content was not scanned' }
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return { problem: 'the file is Parquet data with a text extension: its content was not scanned' }
  if (head.indexOf(0) >= 0) return { problem: 'the file holds binary data (NUL bytes): its content was not scanned' }
  return { encoding: 'utf-8' }
}

interface BlockSink {
  block(b: Block): void
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

export async function scanFile(src: ScanSource, format: FileFormat, opts: ScanOptions): Promise<FileScan> {
  const collector = new Collector(opts.observe)
  const result: FileScan = { path: src.path, format, size: src.size, groups: [], overflow: {} }
  const finish = () => {
    result.groups = collector.list()
    for (const [k, n] of collector.overflow) result.overflow[k] = n
    return result
  }
  if (src.size === 0) return finish()
  if (format === 'parquet') {
    const r = await scanParquet(src, opts.detector, collector, opts.maxBytes)
    if (r.problem) result.problem = r.problem
    if (r.sampled) result.sampled = { scannedBytes: Math.min(src.size, opts.maxBytes), totalBytes: src.size, rowsScanned: r.rowsScanned, totalRows: r.totalRows }
    return finish()
  }
  const head = await src.readRange(0, Math.min(src.size, 8192))
  const { encoding, problem } = sniff(head)
  if (problem) {
    result.problem = problem
    return finish()
  }
  const blockOpts: BlockOptions = { ...opts.blocks, encoding }
  const sampled = src.size > opts.maxBytes
  const headEnd = sampled ? (encoding === 'utf-8' ? Math.floor(opts.maxBytes / 2) : opts.maxBytes) : src.size
  const headScanner = makeScanner(format, opts.detector, collector, undefined)
  const headSource = sampled ? wholeLines(src.stream(0, headEnd), false) : src.stream(0, headEnd)
  for await (const b of textBlocks(headSource, blockOpts)) headScanner.block(b)
  let scanned = headEnd
  if (sampled && encoding === 'utf-8' && opts.sampleWindows > 0) {
    const windows = opts.sampleWindows
    const windowBytes = Math.max(4096, Math.floor((opts.maxBytes - headEnd) / windows))
    const span = src.size - headEnd
    for (let w = 0; w < windows; w++) {
      const start = headEnd + Math.floor((span * w) / windows)
      const end = Math.min(src.size, start + windowBytes)
      if (start >= end) continue
      const scanner = makeScanner(format, opts.detector, collector, start, headScanner instanceof CsvScanner ? headScanner : undefined)
      for await (const b of textBlocks(wholeLines(src.stream(start, end), true), blockOpts)) scanner.block(b)
      scanned += end - start
    }
  }
  if (sampled) result.sampled = { scannedBytes: scanned, totalBytes: src.size }
  return finish()
}
