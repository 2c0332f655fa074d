/**
 * Parquet, read with hyparquet (pure JavaScript, no native code, reads the footer then only the byte
 * ranges it needs): the schema gives column names, values are read one row group at a time so memory is
 * bounded by a row group, not the file. Uncompressed, Snappy (built in), GZIP and Brotli (node:zlib) and
 * ZSTD (fzstd: a pure-JavaScript decoder, ~24 KB, no dependencies; ZSTD is the default codec of Polars and
 * DuckDB, and node 20's zlib has none) are supported; other codecs are reported as unscannable rather than
 * skipped silently. A page may not inflate past its declared size, nor past MAX_PAGE.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { decompress as zstdDecompress } from 'fzstd'
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type Compressors, type FileMetaData } from 'hyparquet'
import { regionOfCountry } from './countries.js'
import { columnRoles, isMeaningfulText, looksLikePersonName, type ColumnRoles } from './columns.js'
import type { Collector } from './collect.js'
import type { Detector, HitContext } from './detect.js'
import { safeLabel } from './csv.js'

/** Largest page accepted (bytes, uncompressed): a hostile header cannot make the reader allocate more. */
const MAX_PAGE = 256 << 20
const pageSize = (n: number) => {
  if (!(n >= 0 && n <= MAX_PAGE)) throw new Error(`a page declares ${n} bytes uncompressed (limit ${MAX_PAGE})`)
  return n
}
const COMPRESSORS: Compressors = {
  GZIP: (input, n) => new Uint8Array(gunzipSync(input, { maxOutputLength: Math.max(1, pageSize(n)) })),
  BROTLI: (input, n) => new Uint8Array(brotliDecompressSync(input, { maxOutputLength: Math.max(1, pageSize(n)) })),
  ZSTD: (input, n) => zstdDecompress(input, new Uint8Array(pageSize(n))),
}
const SUPPORTED = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD'])

export interface ParquetSource {
  size: number
  readRange(start: number, end: number): Promise<Uint8Array>
}

export interface ParquetResult {
  rowsScanned: number
  totalRows: number
  /** Set when not every row group was read (the file is larger than the size cap). */
  sampled: boolean
  /** Why the file could not be (fully) read, if it could not. */
  problem?: string
}

function asyncBuffer(src: ParquetSource): AsyncBuffer {
  return {
    byteLength: src.size,
    async slice(start: number, end?: number) {
      const u8 = await src.readRange(start, end ?? src.size)
      return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength) as ArrayBuffer
    },
  }
}

/** The label and roles of each top-level column, by name. */
function columnsOf(metadata: FileMetaData, detector: Detector): Map<string, { label: string; roles: ColumnRoles }> {
  const out = new Map<string, { label: string; roles: ColumnRoles }>()
  for (const [i, child] of parquetSchema(metadata).children.entries()) {
    // A column name that holds personal data (pivoted data) is never shown.
    const label = detector.containsPii(child.element.name) ? `column ${i + 1}` : safeLabel(child.element.name)
    out.set(child.element.name, { label, roles: columnRoles(label) })
  }
  return out
}

function toText(v: unknown, birthColumn: boolean): string | undefined {
  if (v === null || v === undefined) return undefined
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  if (v instanceof Date) return birthColumn && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : undefined
  if (v instanceof Uint8Array) return undefined
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x))
    } catch {
      return undefined
    }
  }
  return undefined
}

export async function scanParquet(src: ParquetSource, detector: Detector, collector: Collector, maxBytes: number): Promise<ParquetResult> {
  const file = asyncBuffer(src)
  let metadata: FileMetaData
  try {
    metadata = await parquetMetadataAsync(file)
  } catch (err) {
    return { rowsScanned: 0, totalRows: 0, sampled: false, problem: `not a readable Parquet file (${detector.scrub((err as Error).message.slice(0, 120))})` }
  }
  const totalRows = Number(metadata.num_rows)
  const codecs = new Set<string>()
  for (const rg of metadata.row_groups) for (const c of rg.columns) if (c.meta_data) codecs.add(c.meta_data.codec)
  const unsupported = [...codecs].filter((c) => !SUPPORTED.has(c))
  if (unsupported.length) {
    return { rowsScanned: 0, totalRows, sampled: false, problem: `Parquet compression ${unsupported.join(', ')} is not supported (supported: uncompressed, Snappy, GZIP, Brotli, ZSTD)` }
  }
  const columns = columnsOf(metadata, detector)
  const nameCols = [...columns.entries()].filter(([, c]) => c.roles.personName === 'named').map(([n]) => n)
  const bareNameCols = [...columns.entries()].filter(([, c]) => c.roles.personName === 'bare').map(([n]) => n)
  const nameLabel = [...nameCols, ...bareNameCols].map((n) => columns.get(n)!.label).join(', ')
  // A country column decides each row's phone region: read first, one region per row of the row group.
  const countryCol = [...columns.entries()].find(([, c]) => c.roles.country)?.[0]
  const ctx: HitContext = { cellStart: 0, cellEnd: 0 }
  let rowStart = 0
  let budget = maxBytes
  let rowsScanned = 0
  let sampled = false
  for (const rg of metadata.row_groups) {
    const rows = Number(rg.num_rows)
    const bytes = Number(rg.total_compressed_size ?? rg.total_byte_size)
    if (rowsScanned > 0 && bytes > budget) {
      sampled = true
      break
    }
    budget -= bytes
    // Person names: one per row across the name columns (a bitmap, not the values: bounded memory).
    const nameRows = new Uint8Array(detector.kinds.has('person-name') && nameCols.length + bareNameCols.length > 0 ? rows : 0)
    const regions: (string | undefined)[] = []
    try {
      if (countryCol !== undefined && detector.kinds.has('phone')) {
        await parquetRead({
          file,
          metadata,
          columns: [countryCol],
          rowStart,
          rowEnd: rowStart + rows,
          compressors: COMPRESSORS,
          onChunk: (chunk) => {
            const data = chunk.columnData
            for (let i = 0; i < data.length; i++) {
              const row = chunk.rowStart + i - rowStart
              const v = data[i]
              if (row >= 0 && row < rows && typeof v === 'string') regions[row] = regionOfCountry(v)
            }
          },
        })
      }
      // One column at a time: memory is bounded by one column chunk of one row group.
      for (const name of columns.keys()) {
        await parquetRead({
          file,
          metadata,
          columns: [name],
          rowStart,
          rowEnd: rowStart + rows,
          compressors: COMPRESSORS,
          onChunk: (chunk) => {
            const col = columns.get(chunk.columnName)
            if (!col) return
            const birth = col.roles.role['date-of-birth'] === 'positive'
            const isName = col.roles.personName !== false
            const data = chunk.columnData
            for (let i = 0; i < data.length; i++) {
              const row = chunk.rowStart + i
              if (row < rowStart || row >= rowStart + rows) continue
              const text = toText(data[i], birth)
              if (text === undefined) continue
              if (isName && nameRows.length > 0 && nameRows[row - rowStart] === 0) {
                const ok = col.roles.personName === 'named' ? isMeaningfulText(text) : looksLikePersonName(text)
                if (ok && !detector.allowed('person-name', text.trim())) {
                  nameRows[row - rowStart] = 1
                  collector.add('person-name', text.trim(), { row: row + 1 }, { column: nameLabel })
                }
              }
              if (col.roles.address && detector.kinds.has('address') && isMeaningfulText(text) && !detector.allowed('address', text.trim())) {
                collector.add('address', text.trim(), { row: row + 1 }, { column: col.label })
              }
              if (text.length < 6) continue
              ctx.roles = col.roles
              ctx.label = col.label
              ctx.cellEnd = text.length
              ctx.region = regions[row - rowStart]
              detector.scan(text, () => ctx, (hit) => collector.add(hit.kind, hit, { row: row + 1 }, { column: col.label, detector: hit.detector, evidence: hit.evidence }), { birth })
            }
          },
        })
      }
    } catch (err) {
      return { rowsScanned, totalRows, sampled, problem: `could not read row group at row ${rowStart + 1} (${detector.scrub((err as Error).message.slice(0, 120))})` }
    }
    rowStart += rows
    rowsScanned += rows
  }
  return { rowsScanned, totalRows, sampled }
}
