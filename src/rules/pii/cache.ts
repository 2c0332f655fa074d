/**
 * The PII file scan in the result cache. The stored form holds what the findings need — counts, positions,
 * redacted shapes — and never a raw value: column names and locations are stored redacted (the findings show
 * them through `safeText`, which redacts the same way), and the path is not stored (it is part of the key).
 * A file the scan skips (a Git LFS pointer) is stored as `null`.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'
import type { CacheRequest } from '../../core/cache.js'
import type { FileView } from '../../core/files.js'
import { redactText } from '../../core/text.js'
import { PII_KINDS } from '../../formats/pii/kinds.js'
import type { FileFormat } from '../../formats/pii/format.js'
import type { FileScan } from '../../formats/pii/scan.js'

const FORMATS: Record<FileFormat, true> = {
  csv: true, tsv: true, json: true, jsonl: true, notebook: true, parquet: true, yaml: true, markdown: true, text: true, gzip: true, zip: true, sqlite: true, excel: true,
}

const count = once(() => z.number().int().nonnegative())
const kind = once(() => z.enum(PII_KINDS))

const group = once(() =>
  z.strictObject({
    kind: kind(),
    column: z.string().optional(),
    where: z.string().optional(),
    detector: z.string().optional(),
    evidence: z.array(z.string()).optional(),
    count: count(),
    firstLine: count().optional(),
    firstColumn: count().optional(),
    firstRow: count().optional(),
    firstRegionByte: count().optional(),
    redacted: z.string(),
  }),
)

/** A FileScan without its path, or null for a skipped file. */
export const storedFileScanSchema = once(() =>
  z
    .strictObject({
      format: z.enum(Object.keys(FORMATS) as [FileFormat, ...FileFormat[]]),
      size: count(),
      groups: z.array(group()),
      overflow: z.partialRecord(kind(), count()),
      sampled: z.strictObject({ scannedBytes: count(), totalBytes: count(), rowsScanned: count().optional(), totalRows: count().optional() }).optional(),
      problem: z.string().optional(),
      unscanned: z.string().optional(),
      encoding: z.string().optional(),
      members: count().optional(),
    })
    .nullable(),
)

type Stored = z.infer<ReturnType<typeof storedFileScanSchema>>

function encode(scan: FileScan | null): Stored {
  if (!scan) return null
  const { path: _path, groups, ...rest } = scan
  return {
    ...rest,
    groups: groups.map((g) => {
      const out = { ...g }
      if (out.column !== undefined) out.column = redactText(out.column)
      if (out.where !== undefined) out.where = redactText(out.where)
      return out
    }),
  }
}

/** The cache request for one file's PII scan; `inputs` is everything besides the bytes the scan depends on. */
export function piiCacheRequest(files: FileView, path: string, inputs: unknown): CacheRequest<FileScan | null> {
  return {
    kind: 'pii',
    files,
    path,
    inputs,
    schema: storedFileScanSchema,
    encode,
    decode: (stored) => {
      const s = stored as Stored
      return s ? { path, ...s } : null
    },
    // A file that could not be (fully) read may read next time: not kept.
    storable: (scan) => !scan?.problem,
  }
}
