/**
 * Compressed streams (joblib's `compress=` files): detection by magic bytes, and streaming decompression
 * with node:zlib for gzip and zlib (joblib's default compressors). bz2, xz, lzma and lz4 are recognised
 * but cannot be decompressed here: the caller reports them as unscannable rather than guessing.
 */
import { Readable } from 'node:stream'
import { createGunzip, createInflate, createInflateRaw } from 'node:zlib'

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
  return c === 'gzip' || c === 'zlib' || c === 'joblib-zf'
}

/** Offset where the compressed data starts. */
export function compressedDataStart(c: Compression): number {
  return c === 'joblib-zf' ? 21 : 0
}

/** Decompresses a stream of compressed chunks (gzip or zlib), yielding uncompressed chunks. */
export async function* decompress(c: Compression, chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (!canDecompress(c)) throw new Error(`${c} decompression is not supported`)
  const z = c === 'gzip' ? createGunzip() : createInflate()
  const src = Readable.from(chunks, { objectMode: false })
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

/** Zip compression methods this module can decode: 0 stored, 8 deflate. */
export function canDecodeZipMethod(method: number): boolean {
  return method === 0 || method === 8
}

/** Decodes a zip member's stored bytes by its method (0 stored, 8 raw deflate). */
export async function* decodeZipMember(method: number, chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (method === 0) {
    yield* chunks
    return
  }
  if (method !== 8) throw new Error(`zip compression method ${method} is not supported`)
  const z = createInflateRaw()
  const src = Readable.from(chunks, { objectMode: false })
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
