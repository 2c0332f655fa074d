/**
 * Content sniffing: does a file's content say it is a model artifact, whatever its name? Reads a bounded
 * prefix (and, for zip and tar, the bounded directory of member names), never the whole file. Used to decide
 * WHICH files the artifact scanner reads; the scanner itself then reads them whole.
 */
import { lazyBuiltin } from '../../core/builtin.js'
import { is7zHead, isSafetensorsHead, LEGACY_TAR_MEMBERS } from './artifact.js'
import { detectCompression } from './compression.js'

/** node:zlib, loaded by the first compressed head to look into. */
const zlib = lazyBuiltin<typeof import('node:zlib')>('node:zlib')

export type SniffedModel =
  | 'pickle'
  | 'torch-zip'
  | 'pickle-zip'
  | 'tar'
  | 'numpy'
  | 'hdf5'
  | 'safetensors'
  | 'gguf'
  | 'onnx'
  | 'compressed'
  | 'lfs-pointer'
  | '7z'

export interface Sniff {
  /** The model format the content shows, if any. */
  model?: SniffedModel
  /** The prefix is text (no NUL byte, decodes as UTF-8): a `.pth` Python path file, a CSV, a README. */
  text: boolean
  /** A known format that is not a model (SPSS data), so a model extension on it is a coincidence. */
  notModel?: string
}

/** Bytes read from the start of a file to sniff it. */
export const SNIFF_BYTES = 4096
const ZIP_TAIL_BYTES = 66 * 1024
const TAR_MAX_MEMBERS = 256

export type RangeReader = (start: number, end: number) => Promise<Uint8Array>

const PICKLE_MEMBER = /(^|\/)(data|constants)\.pkl$|\.(pkl|pickle|pt|pth|bin|joblib|npy|ckpt|dill|sav)$|(^|\/)code\//i
const LFS_PREFIX = 'version https://git-lfs.github.com/spec/v1'

/** Sniffs a file from its first bytes and, for containers, their member names. Never throws on bad input. */
export async function sniffFile(size: number, read: RangeReader): Promise<Sniff> {
  if (size === 0) return { text: true }
  const head = await read(0, Math.min(size, SNIFF_BYTES))
  const text = isText(head)
  const out: Sniff = { text }
  const model = await sniffModel(head, size, read)
  if (model) out.model = model
  else if (head.length >= 4 && head[0] === 0x24 && head[1] === 0x46 && head[2] === 0x4c && (head[3] === 0x32 || head[3] === 0x33)) out.notModel = 'SPSS data file'
  else if (head.length >= 4 && head[0] === 0x53 && head[1] === 0x52 && head[2] === 0x00 && (head[3] === 0x04 || head[3] === 0x06)) out.notModel = 'IDL save file'
  return out
}

async function sniffModel(h: Uint8Array, size: number, read: RangeReader): Promise<SniffedModel | undefined> {
  if (startsWithAscii(h, LFS_PREFIX)) return 'lfs-pointer'
  // Pickle protocol 2–5: PROTO n.
  if (h.length >= 2 && h[0] === 0x80 && h[1]! >= 2 && h[1]! <= 5) return 'pickle'
  if (h.length >= 6 && h[0] === 0x93 && startsWithAscii(h.subarray(1), 'NUMPY')) return 'numpy'
  if (h.length >= 8 && h[0] === 0x89 && h[1] === 0x48 && h[2] === 0x44 && h[3] === 0x46 && h[4] === 0x0d && h[5] === 0x0a && h[6] === 0x1a && h[7] === 0x0a) return 'hdf5'
  if (startsWithAscii(h, 'GGUF')) return 'gguf'
  if (isSafetensorsHead(h, size)) return 'safetensors'
  if (h.length >= 4 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04) return sniffZip(h, size, read)
  if (h.length >= 262 && asciiAt(h, 257, 5) === 'ustar') return sniffTar(size, read)
  // 7z: its member list is usually compressed at the end of the file; it can hold a pickle, so it is not cleared.
  if (is7zHead(h)) return '7z'
  const comp = detectCompression(h)
  if (comp === 'zlib') return innerIsModel(() => zlib().inflateSync(h, { finishFlush: zlib().constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 16 }))
  if (comp === 'joblib-zf') return innerIsModel(() => zlib().inflateSync(h.subarray(21), { finishFlush: zlib().constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 16 }))
  if (comp === 'gzip') return sniffGzip(h)
  // bz2, xz, lzma: not inflatable here; a name with a pickle extension decides (`model.pkl.bz2`).
  if (isProtocol01Pickle(h) || walksAsPickle(h)) return 'pickle'
  if (isOnnx(h)) return 'onnx'
  return undefined
}

function isText(h: Uint8Array): boolean {
  if (h.includes(0)) return false
  try {
    // A cut in the middle of a multi-byte character at the end of the prefix is fine.
    new TextDecoder('utf-8', { fatal: true }).decode(h.subarray(0, Math.max(0, h.length - 4)))
    return true
  } catch {
    return false
  }
}

function startsWithAscii(h: Uint8Array, s: string): boolean {
  if (h.length < s.length) return false
  for (let i = 0; i < s.length; i++) if (h[i] !== s.charCodeAt(i)) return false
  return true
}

function asciiAt(h: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...h.subarray(at, at + n))
}

/**
 * Protocol 0 and 1 pickles have no PROTO opcode: they start with a GLOBAL (`c<module>\n<name>\n`), a MARK
 * followed by a container or INST opcode, or an empty container with a memo PUT. Text files rarely look like
 * that; the patterns are anchored and specific.
 */
function isProtocol01Pickle(h: Uint8Array): boolean {
  const s = String.fromCharCode(...h.subarray(0, 128))
  return /^c[A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n/.test(s) || /^\((dp|lp|tp)\d+\n/.test(s) || /^\(i[A-Za-z_][\w.]*\n[A-Za-z_]\w*\n/.test(s) || /^[}\]][qr]/.test(s) || /^\(c[A-Za-z_][\w.]*\n/.test(s)
}

// Pickle opcodes and their arguments, for a bounded walk over a prefix (no VM: only the shapes).
const NOARG = new Set(
  [...'(.012N)]}aelsdutRbo'].map((c) => c.charCodeAt(0)).concat([0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x97, 0x98, 0x51]),
)
const FIXED: Record<number, number> = { 0x80: 1, 0x82: 1, 0x83: 2, 0x84: 4, 0x4b: 1, 0x71: 1, 0x68: 1, 0x4d: 2, 0x4a: 4, 0x72: 4, 0x6a: 4, 0x47: 8, 0x95: 8 }
const LEN1 = new Set([0x55, 0x43, 0x8c, 0x8a])
const LEN4 = new Set([0x54, 0x58, 0x42, 0x8b])
const LEN8 = new Set([0x8d, 0x8e, 0x96])
const LINE1 = new Set([...'ILFSVgpP'].map((c) => c.charCodeAt(0)))
/** GLOBAL and INST take a module and a name line: dotted identifiers in a real pickle. */
const LINE2 = new Set([0x63, 0x69])
const DOTTED = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/

/**
 * Walks the opcodes a prefix holds (protocol 0–5, with or without PROTO). It is a pickle when the walk reaches
 * STOP, or runs off the prefix without an invalid byte through at least four opcodes, having imported something
 * (GLOBAL, INST, STACK_GLOBAL, EXT), every GLOBAL/INST naming dotted identifiers. A pickle that imports nothing
 * cannot call anything; text and other binaries rarely parse that far.
 */
export function walksAsPickle(h: Uint8Array): boolean {
  let i = 0
  let ops = 0
  let imported = false
  const lineEnd = (from: number) => {
    const nl = h.indexOf(0x0a, from)
    return nl < 0 ? -1 : nl
  }
  while (i < h.length && ops < 4096) {
    const op = h[i]!
    ops++
    // STOP: a pickle, and one worth scanning only when it imports (text such as `1.5` parses as POP_MARK, STOP).
    if (op === 0x2e) return imported
    if (op === 0x63 || op === 0x69 || op === 0x93 || op === 0x82 || op === 0x83 || op === 0x84) imported = true
    let next: number
    if (NOARG.has(op)) next = i + 1
    else if (FIXED[op] !== undefined) next = i + 1 + FIXED[op]!
    else if (LEN1.has(op)) next = i + 2 + (h[i + 1] ?? 0)
    else if (LEN4.has(op)) {
      if (i + 5 > h.length) break
      next = i + 5 + new DataView(h.buffer, h.byteOffset + i + 1, 4).getUint32(0, true)
    } else if (LEN8.has(op)) {
      if (i + 9 > h.length) break
      next = i + 9 + Number(new DataView(h.buffer, h.byteOffset + i + 1, 8).getBigUint64(0, true) & 0xffffffffn)
    } else if (LINE1.has(op)) {
      const e = lineEnd(i + 1)
      if (e < 0) break
      next = e + 1
    } else if (LINE2.has(op)) {
      const e1 = lineEnd(i + 1)
      const e2 = e1 < 0 ? -1 : lineEnd(e1 + 1)
      if (e2 < 0) break
      const mod = String.fromCharCode(...h.subarray(i + 1, e1))
      const name = String.fromCharCode(...h.subarray(e1 + 1, e2))
      if (!DOTTED.test(mod) || !DOTTED.test(name)) return false
      next = e2 + 1
    } else return false
    i = next
  }
  // Ran off the prefix: many opcodes including an import or call, or an import before a long argument.
  return i >= h.length && imported && ops >= 4
}

/** ONNX ModelProto: field 1 (ir_version, varint, 1–20) then a string field (producer_name, graph, …). */
function isOnnx(h: Uint8Array): boolean {
  return h.length >= 8 && h[0] === 0x08 && h[1]! >= 1 && h[1]! <= 20 && (h[2] === 0x12 || h[2] === 0x3a || h[2] === 0x42)
}

function sniffGzip(h: Uint8Array): SniffedModel | undefined {
  // Inflate what the prefix holds and look for a pickle inside (a .pkl.gz, a gzip-compressed joblib).
  try {
    let off = 10
    const flags = h[3]!
    if (flags & 4) off += 2 + (h[10]! | (h[11]! << 8))
    if (flags & 8) while (off < h.length && h[off++] !== 0);
    if (flags & 16) while (off < h.length && h[off++] !== 0);
    if (flags & 2) off += 2
    // A header larger than the prefix hides what follows: not cleared, so scanned.
    if (off >= h.length) return 'compressed'
    return innerIsModel(() => zlib().inflateRawSync(h.subarray(off), { finishFlush: zlib().constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 16 }))
  } catch {
    return undefined
  }
}

/** Whether a decompressed prefix is a pickle or a tar (a compressed joblib, a `.pkl.gz`, a `.pth.tar.gz`). */
function innerIsModel(inflate: () => Uint8Array): SniffedModel | undefined {
  let inner: Uint8Array
  try {
    inner = inflate()
  } catch {
    // Not inflatable from the prefix: not judged a model by content.
    return undefined
  }
  if (inner.length >= 2 && inner[0] === 0x80 && inner[1]! >= 2 && inner[1]! <= 5) return 'compressed'
  if (isProtocol01Pickle(inner)) return 'compressed'
  if (inner.length >= 262 && asciiAt(inner, 257, 5) === 'ustar') return tarPrefixHoldsPickle(inner) ? 'compressed' : undefined
  return undefined
}

/** A compressed tar: the member names in the inflated prefix decide (a zoneinfo tarball is not a checkpoint). */
function tarPrefixHoldsPickle(t: Uint8Array): boolean {
  for (let off = 0; off + 512 <= t.length; ) {
    const hdr = t.subarray(off, off + 512)
    if (hdr.every((b) => b === 0)) return false
    const name = String.fromCharCode(...hdr.subarray(0, 100)).replace(/\0.*$/s, '')
    const base = name.replace(/\/$/, '').split('/').pop() ?? ''
    if (LEGACY_TAR_MEMBERS.has(base) || PICKLE_MEMBER.test(name)) return true
    const n = parseInt(String.fromCharCode(...hdr.subarray(124, 136)).replace(/[\0 ]/g, '') || '0', 8)
    if (!Number.isFinite(n) || n < 0) return true
    off += 512 + Math.ceil(n / 512) * 512
  }
  return false
}

/** A zip is a model when a member can carry a pickle (torch's `data.pkl`, a `.pkl`, TorchScript `code/`). */
async function sniffZip(head: Uint8Array, size: number, read: RangeReader): Promise<SniffedModel | undefined> {
  const locals = [...localEntries(head)]
  const names = locals.map((e) => e.name)
  try {
    const start = Math.max(0, size - ZIP_TAIL_BYTES)
    const tail = await read(start, size)
    names.push(...centralNames(tail))
  } catch {
    // The local header names are still evidence.
  }
  if (names.some((n) => /(^|\/)data\.pkl$/.test(n) || /(^|\/)constants\.pkl$/.test(n) || /^[^/]+\/code\//.test(n))) return 'torch-zip'
  if (names.some((n) => PICKLE_MEMBER.test(n))) return 'pickle-zip'
  // A member whose bytes are a pickle, whatever its name (`data.txt` holding a pickle).
  for (const e of locals) {
    const data = head.subarray(e.dataStart, Math.min(head.length, e.dataStart + 256))
    if (e.method === 0 && data.length >= 2 && data[0] === 0x80 && data[1]! >= 2 && data[1]! <= 5) return 'pickle-zip'
    if (e.method === 8 && innerIsModel(() => zlib().inflateRawSync(head.subarray(e.dataStart), { finishFlush: zlib().constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 12 }))) return 'pickle-zip'
  }
  return undefined
}

function* localEntries(h: Uint8Array): Iterable<{ name: string; method: number; dataStart: number }> {
  let off = 0
  for (let i = 0; i < 16 && off + 30 <= h.length; i++) {
    if (!(h[off] === 0x50 && h[off + 1] === 0x4b && h[off + 2] === 0x03 && h[off + 3] === 0x04)) return
    const dv = new DataView(h.buffer, h.byteOffset + off)
    const method = dv.getUint16(8, true)
    const csize = dv.getUint32(18, true)
    const nlen = dv.getUint16(26, true)
    const xlen = dv.getUint16(28, true)
    if (off + 30 + nlen > h.length) return
    yield { name: new TextDecoder().decode(h.subarray(off + 30, off + 30 + nlen)), method, dataStart: off + 30 + nlen + xlen }
    off += 30 + nlen + xlen + csize
  }
}

function centralNames(t: Uint8Array): string[] {
  const out: string[] = []
  for (let i = 0; i + 46 <= t.length && out.length < 10_000; i++) {
    if (t[i] !== 0x50 || t[i + 1] !== 0x4b || t[i + 2] !== 0x01 || t[i + 3] !== 0x02) continue
    const dv = new DataView(t.buffer, t.byteOffset + i)
    const nlen = dv.getUint16(28, true)
    if (i + 46 + nlen > t.length) break
    out.push(new TextDecoder().decode(t.subarray(i + 46, i + 46 + nlen)))
    i += 45 + nlen
  }
  return out
}

/** A tar is a model when a member can carry a pickle (legacy torch `pickle`/`storages`, a `.pkl`, …). */
async function sniffTar(size: number, read: RangeReader): Promise<SniffedModel | undefined> {
  let off = 0
  for (let i = 0; i < TAR_MAX_MEMBERS && off + 512 <= size; i++) {
    const hdr = await read(off, off + 512)
    if (hdr.length < 512 || hdr.every((b) => b === 0)) break
    const name = String.fromCharCode(...hdr.subarray(0, 100)).replace(/\0.*$/s, '')
    const prefix = asciiAt(hdr, 257, 5) === 'ustar' ? String.fromCharCode(...hdr.subarray(345, 500)).replace(/\0.*$/s, '') : ''
    const full = prefix ? `${prefix}/${name}` : name
    const base = full.replace(/\/$/, '').split('/').pop() ?? ''
    if (LEGACY_TAR_MEMBERS.has(base) || PICKLE_MEMBER.test(full)) return 'tar'
    // GNU long names and pax headers carry the real name elsewhere: not cleared by the short name.
    const type = hdr[156]
    if (type === 0x4c || type === 0x4b || type === 0x78 || type === 0x67) return 'tar'
    const sizeField = String.fromCharCode(...hdr.subarray(124, 136)).replace(/[\0 ]/g, '')
    const n = parseInt(sizeField || '0', 8)
    if (!Number.isFinite(n) || n < 0) return 'tar'
    off += 512 + Math.ceil(n / 512) * 512
  }
  // No pickle-capable member among the first members: a data tarball, not a checkpoint.
  return undefined
}
