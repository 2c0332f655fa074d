/** Helpers for the PII format tests: an in-memory scan source, a detector with every kind, the fixtures. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Allowlist, type AllowConfig, type CustomConfig } from '../../../src/formats/pii/allow.js'
import { Detector } from '../../../src/formats/pii/detect.js'
import { PII_KINDS, type PiiKind } from '../../../src/formats/pii/kinds.js'
import { formatOf } from '../../../src/formats/pii/format.js'
import { scanFile, type FileScan, type ScanSource } from '../../../src/formats/pii/scan.js'
import type { BlockOptions } from '../../../src/formats/pii/lines.js'
import type { IpScope } from '../../../src/formats/pii/validators.js'

export const FIXTURES = fileURLToPath(new URL('../../fixtures/pii/', import.meta.url))

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name))
}

export interface Expected {
  counts: Partial<Record<PiiKind, number>>
  values: { kind: PiiKind; value: string; line?: number }[]
  problem?: boolean
}

export const expected: Record<string, Expected> = JSON.parse(readFileSync(FIXTURES + 'expected.json', 'utf8'))

export function detector(o: { kinds?: PiiKind[]; regions?: string[]; ipScopes?: IpScope[]; custom?: CustomConfig[]; allow?: Partial<AllowConfig> } = {}): Detector {
  return new Detector({
    kinds: new Set(o.kinds ?? PII_KINDS),
    phoneRegions: o.regions ?? ['US'],
    ipScopes: new Set(o.ipScopes ?? ['public']),
    maxBirthYear: 2026,
    custom: o.custom ?? [],
    allow: new Allowlist({ values: [], hashes: [], patterns: [], ...o.allow }),
  })
}

/** A scan source over bytes, streamed in `chunk`-byte pieces (small chunks exercise every boundary). */
export function memorySource(path: string, bytes: Uint8Array, chunk = 64 * 1024): ScanSource {
  return {
    path,
    size: bytes.length,
    async *stream(start: number, end: number) {
      for (let i = start; i < end; i += chunk) yield bytes.subarray(i, Math.min(end, i + chunk))
    },
    async readRange(start: number, end: number) {
      return bytes.slice(start, end)
    },
  }
}

export async function scan(
  path: string,
  content: string | Uint8Array,
  o: { detector?: Detector; maxBytes?: number; sampleWindows?: number; chunk?: number; blocks?: BlockOptions } = {},
): Promise<FileScan> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
  return scanFile(memorySource(path, bytes, o.chunk), formatOf(path) ?? 'text', {
    detector: o.detector ?? detector(),
    maxBytes: o.maxBytes ?? 64 * 1024 * 1024,
    sampleWindows: o.sampleWindows ?? 16,
    blocks: o.blocks,
  })
}

/** Total occurrences per kind. */
export function counts(r: FileScan): Partial<Record<PiiKind, number>> {
  const out: Partial<Record<PiiKind, number>> = {}
  for (const g of r.groups) out[g.kind] = (out[g.kind] ?? 0) + g.count
  return out
}

/** Compact groups: `kind column@line:col xcount redacted`. */
export function brief(r: FileScan): string[] {
  return r.groups.map((g) => `${g.kind} ${g.column ?? g.where ?? '-'}@${g.firstLine ?? `row${g.firstRow}`}:${g.firstColumn ?? '-'} x${g.count} ${g.redacted}`)
}
