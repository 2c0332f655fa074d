/**
 * safetensors validation, per the format's specification and its reference implementation: an 8-byte
 * little-endian header length (within the file and under the 100 MB cap), a UTF-8 JSON object header,
 * `__metadata__` a string→string map, and for each tensor a known dtype, a shape of non-negative integers
 * and `data_offsets` that are in range, non-overlapping, contiguous with no holes, cover the whole data
 * section, and match `product(shape) × sizeof(dtype)`. Only the header is read.
 */
import type { ByteSource } from './archive/source.js'

/** Bits per element of each dtype the format defines. */
export const SAFETENSORS_DTYPE_BITS: Record<string, number> = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
}

export const SAFETENSORS_MAX_HEADER = 100_000_000

export interface SafetensorsProblem {
  /** Stable code: 'too-short', 'header-length', 'header-utf8', 'header-json', 'metadata', 'tensor', 'dtype', 'shape', 'offsets', 'size', 'overlap', 'hole', 'coverage'. */
  code: string
  message: string
  tensor?: string
  /** Byte offset in the file the problem concerns, when there is one. */
  offset?: number
}

export interface SafetensorsReport {
  valid: boolean
  problems: SafetensorsProblem[]
  headerLength?: number
  tensors?: number
  metadata?: Record<string, string>
}

export interface SafetensorsOptions {
  maxHeaderBytes?: number
  /** Stop after this many problems. */
  maxProblems?: number
}

export async function validateSafetensors(src: ByteSource, options: SafetensorsOptions = {}): Promise<SafetensorsReport> {
  const maxHeader = options.maxHeaderBytes ?? SAFETENSORS_MAX_HEADER
  const maxProblems = options.maxProblems ?? 20
  const problems: SafetensorsProblem[] = []
  const report = (): SafetensorsReport => ({ valid: problems.length === 0, problems: problems.slice(0, maxProblems) })
  if (src.size < 8) {
    problems.push({ code: 'too-short', message: `the file has ${src.size} bytes, fewer than the 8-byte header length` })
    return report()
  }
  const lenBytes = await src.readRange(0, 8)
  const n = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true)
  if (n > BigInt(maxHeader)) {
    problems.push({ code: 'header-length', message: `the declared header length ${n} exceeds the ${maxHeader}-byte cap`, offset: 0 })
    return report()
  }
  const hlen = Number(n)
  if (8 + hlen > src.size) {
    problems.push({ code: 'header-length', message: `the declared header length ${hlen} runs past the end of the file (${src.size} bytes): truncated or corrupt`, offset: 0 })
    return report()
  }
  if (hlen < 2) {
    problems.push({ code: 'header-length', message: `the declared header length ${hlen} is too short for a JSON object`, offset: 0 })
    return report()
  }
  const headerBytes = await src.readRange(8, 8 + hlen)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes)
  } catch {
    problems.push({ code: 'header-utf8', message: 'the header is not valid UTF-8', offset: 8 })
    return report()
  }
  if (!text.startsWith('{')) {
    problems.push({ code: 'header-json', message: 'the header does not start with `{`', offset: 8 })
    return report()
  }
  let header: unknown
  try {
    header = JSON.parse(text)
  } catch (err) {
    problems.push({ code: 'header-json', message: `the header is not valid JSON (${(err as Error).message.slice(0, 120)})`, offset: 8 })
    return report()
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    problems.push({ code: 'header-json', message: 'the header is not a JSON object', offset: 8 })
    return report()
  }
  const out: SafetensorsReport = { valid: false, problems, headerLength: hlen }
  const entries: { name: string; start: number; end: number }[] = []
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (problems.length >= maxProblems) break
    if (name === '__metadata__') {
      if (typeof info !== 'object' || info === null || Array.isArray(info)) {
        problems.push({ code: 'metadata', message: '`__metadata__` is not an object' })
        continue
      }
      const bad = Object.entries(info as Record<string, unknown>).find(([, v]) => typeof v !== 'string')
      if (bad) problems.push({ code: 'metadata', message: `\`__metadata__\` must map strings to strings; \`${bad[0]}\` is a ${Array.isArray(bad[1]) ? 'list' : bad[1] === null ? 'null' : typeof bad[1]}` })
      else out.metadata = info as Record<string, string>
      continue
    }
    const p = (code: string, message: string) => problems.push({ code, message: `tensor \`${name}\`: ${message}`, tensor: name })
    if (typeof info !== 'object' || info === null || Array.isArray(info)) {
      p('tensor', 'its entry is not an object')
      continue
    }
    const t = info as Record<string, unknown>
    const dtype = t.dtype
    const bits = typeof dtype === 'string' ? SAFETENSORS_DTYPE_BITS[dtype] : undefined
    if (bits === undefined) {
      p('dtype', `unknown dtype ${JSON.stringify(dtype)}`)
      continue
    }
    const shape = t.shape
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
      p('shape', `shape ${JSON.stringify(shape)?.slice(0, 80)} is not a list of non-negative integers`)
      continue
    }
    const off = t.data_offsets
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
      p('offsets', `data_offsets ${JSON.stringify(off)?.slice(0, 80)} is not a pair of non-negative integers`)
      continue
    }
    const [start, end] = off as [number, number]
    if (end < start) {
      p('offsets', `data_offsets [${start}, ${end}] end before they start`)
      continue
    }
    let elements = 1n
    for (const d of shape as number[]) elements *= BigInt(d)
    const totalBits = elements * BigInt(bits)
    if (totalBits % 8n !== 0n) {
      p('size', `${elements} elements of ${dtype} do not fill whole bytes`)
      continue
    }
    const expected = totalBits / 8n
    if (BigInt(end - start) !== expected) {
      p('size', `data_offsets [${start}, ${end}] hold ${end - start} bytes, but shape ${JSON.stringify(shape)} of ${dtype} needs ${expected}`)
      continue
    }
    entries.push({ name, start, end })
  }
  const dataStart = 8 + hlen
  const dataSize = src.size - dataStart
  entries.sort((a, b) => a.start - b.start || a.end - b.end)
  let cursor = 0
  let prev: string | undefined
  for (const e of entries) {
    if (problems.length >= maxProblems) break
    if (e.start < cursor) {
      problems.push({ code: 'overlap', message: `tensor \`${e.name}\`: data_offsets [${e.start}, ${e.end}] overlap tensor \`${prev}\` (which ends at ${cursor})`, tensor: e.name, offset: dataStart + e.start })
    } else if (e.start > cursor) {
      problems.push({ code: 'hole', message: `tensor \`${e.name}\`: bytes ${cursor}–${e.start} of the data section before it belong to no tensor (a hole)`, tensor: e.name, offset: dataStart + cursor })
    }
    if (e.end > cursor) {
      cursor = e.end
      prev = e.name
    }
  }
  if (problems.length === 0) {
    if (cursor > dataSize) problems.push({ code: 'coverage', message: `tensor data ends at byte ${cursor} of the data section, past the end of the file (the data section has ${dataSize} bytes): truncated`, offset: src.size })
    else if (cursor < dataSize) problems.push({ code: 'coverage', message: `${dataSize - cursor} bytes at the end of the file belong to no tensor (the data section has ${dataSize} bytes, tensors cover ${cursor})`, offset: dataStart + cursor })
  }
  out.tensors = entries.length
  out.valid = problems.length === 0
  out.problems = problems.slice(0, maxProblems)
  return out
}
