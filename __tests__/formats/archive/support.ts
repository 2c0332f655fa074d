/** Helpers for the artifact tests: fixture bytes and scanning in memory. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { scanArtifact, type ArtifactScan, type ScanOptions } from '../../../src/formats/archive/scan.js'
import { bytesSource } from '../../../src/formats/archive/source.js'
import { makeClassifier } from '../../../src/formats/pickle/classify.js'

export const FIXTURES = join(process.cwd(), '__tests__', 'fixtures', 'artifacts')

export interface Expected {
  expect: 'clean' | 'error' | 'finding'
  rules: string[]
  note: string
  bytes: number
}

export function fixture(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, rel)))
}

export function expectedFixtures(): Record<string, Expected> {
  return JSON.parse(readFileSync(join(FIXTURES, 'EXPECTED.json'), 'utf8')) as Record<string, Expected>
}

export function scanBytes(bytes: Uint8Array, path: string, options: Partial<ScanOptions> = {}): Promise<ArtifactScan> {
  return scanArtifact(bytesSource(bytes), { path, classify: makeClassifier(), ...options })
}

/** A source that yields chunks of a fixed size (to test chunk-boundary handling). */
export function chunked(bytes: Uint8Array, size: number) {
  const src = bytesSource(bytes)
  return {
    ...src,
    async *stream(start = 0, end = bytes.length) {
      for (let i = start; i < end; i += size) yield bytes.subarray(i, Math.min(end, i + size))
    },
  }
}
