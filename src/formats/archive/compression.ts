/**
 * Compressed streams (joblib's `compress=` files, zip members): detection by magic bytes, and streaming
 * decompression — node:zlib for gzip, zlib and deflate; `bzip2.ts` for bz2 (zip method 12); `lzma.ts` for xz,
 * LZMA alone and zip method 14. lz4 and zstd are recognised but not decompressed: the caller reports them as
 * unscannable rather than guessing. Every decoder yields bounded chunks, so the caller's bomb guard applies.
 */
import type { Transform } from 'node:stream'
import { lazyBuiltin } from '../../core/builtin.js'

// The bzip2 and LZMA decoders are loaded by the first stream that needs them, not at start (issue #15); so are
// node:zlib and node:stream.
const zlib = lazyBuiltin<typeof import('node:zlib')>('node:zlib')
const stream = lazyBuiltin<typeof import('node:stream')>('node:stream')
const bzip2 = () => import('./bzip2.js')
const lzma = () => import('./lzma.js')

export type Compression = 'gzip' | 'zlib' | 'joblib-zf' | 'bz2' | 'xz' | 'lzma' | 'lz4' | 'zstd'

/** Recognises a compressed stream from its first bytes. */
export function detectCompression(h: Uint8Array): Compression | undefined {
  if (h.length >= 2 && h[0] === 0x1f && h[1] === 0x8b) return 'gzip'
  if (h.length >= 2 && h[0] === 0x78 && ((h[0] << 8) | h[1]!) % 31 === 0) return 'zlib'
  // joblib < 0.10 ("ZF" + 19-character hex length + zlib data)
  if (h.length >= 23 && h[0] === 0x5a && h[1] === 0x46 && h[21] === 0x78) return 'joblib-zf'
  if (h.length >= 3 && h[0] === 0x42 && h[1] === 0x5a && h[2] === 0x68) return 'bz2'
  if (h.length >= 6 && h[0] === 0xfd && h[1] === 0x37 && h[2] === 0x7a && h[3] === 0x58 && h[4] === 0x5a && h[5] === 0x00) return 'xz'
  if (h.length >= 3 && h[0] === 0x5d && h[1] === 0x00 && h[2] === 0x00) return 'lzma'
  if (h.length >= 4 && h[0] === 0x04 && h[1] === 0x22 && h[2] === 0x4d && h[3] === 0x18) return 'lz4'
  if (h.length >= 4 && h[0] === 0x28 && h[1] === 0xb5 && h[2] === 0x2f && h[3] === 0xfd) return 'zstd'
  return undefined
}

export function canDecompress(c: Compression): boolean {
  return c === 'gzip' || c === 'zlib' || c === 'joblib-zf' || c === 'bz2' || c === 'xz' || c === 'lzma'
}

/** Offset where the compressed data starts. */
export function compressedDataStart(c: Compression): number {
  return c === 'joblib-zf' ? 21 : 0
}

/** Where a decompressor reports how many compressed bytes it has actually consumed (for the ratio guard). */
export interface Progress {
  consumed?: () => number
}

/** Decompresses a stream of compressed chunks, yielding uncompressed chunks. */
export async function* decompress(c: Compression, chunks: AsyncIterable<Uint8Array>, progress: Progress = {}): AsyncIterable<Uint8Array> {
  if (!canDecompress(c)) throw new Error(`${c} decompression is not supported`)
  if (c === 'bz2') return yield* (await bzip2()).decodeBzip2(chunks)
  if (c === 'xz') return yield* (await lzma()).decodeXz(chunks)
  if (c === 'lzma') return yield* (await lzma()).decodeLzmaAlone(chunks)
  const z = c === 'gzip' ? zlib().createGunzip() : zlib().createInflate()
  // What zlib has consumed, not what the pipe has read ahead: the ratio is exact from the first chunk.
  progress.consumed = () => z.bytesWritten
  yield* through(z, chunks)
}

/** Pipes compressed chunks through a zlib stream, yielding its output; both ends are closed however it ends. */
async function* through(z: Transform, chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const src = stream().Readable.from(chunks, { objectMode: false })
  src.on('error', (e) => z.destroy(e))
  src.pipe(z)
  try {
    for await (const chunk of z) yield chunk as Uint8Array
  } finally {
    src.unpipe(z)
    src.destroy()
    z.destroy()
  }
}

/** Zip compression methods this module can decode: 0 stored, 8 deflate, 12 bzip2, 14 LZMA. */
export function canDecodeZipMethod(method: number): boolean {
  return method === 0 || method === 8 || method === 12 || method === 14
}

/** Decodes a zip member's stored bytes by its method (0 stored, 8 raw deflate, 12 bzip2, 14 LZMA). */
export async function* decodeZipMember(method: number, chunks: AsyncIterable<Uint8Array>, uncompressedSize: number): AsyncIterable<Uint8Array> {
  if (method === 0) {
    yield* chunks
    return
  }
  if (method === 12) return yield* (await bzip2()).decodeBzip2(chunks)
  if (method === 14) return yield* (await lzma()).decodeZipLzma(chunks, uncompressedSize)
  if (method !== 8) throw new Error(`zip compression method ${method} is not supported`)
  yield* through(zlib().createInflateRaw(), chunks)
}
