/**
 * Formats that carry no pickle but must still be what they claim: GGUF (header, metadata and tensor table
 * bounds), ONNX and other protobuf files (a full field walk; ONNX external-data paths must stay inside the
 * model's directory), TFLite (flatbuffer identifier), and Git LFS pointer files.
 */
import { WindowReader, type ByteSource } from './source.js'

// ---- Git LFS pointers ----

export interface LfsPointer {
  oid: string
  algorithm: string
  size: number
}

const LFS_VERSION = 'version https://git-lfs.github.com/spec/v1'

/** Parses a Git LFS pointer file (small text with version, oid and size), or undefined. */
export function parseLfsPointer(bytes: Uint8Array): LfsPointer | undefined {
  if (bytes.length > 1024) return undefined
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (!text.startsWith(LFS_VERSION) && !text.startsWith('version https://hawser.github.com/spec/v1')) return undefined
  const oid = /^oid ([a-z0-9]+):([0-9a-f]+)$/m.exec(text)
  const size = /^size (\d+)$/m.exec(text)
  if (!oid || !size) return undefined
  return { algorithm: oid[1]!, oid: oid[2]!, size: Number(size[1]) }
}

// ---- GGUF ----

const GGUF_MAGIC = [0x47, 0x47, 0x55, 0x46]

export function isGguf(head: Uint8Array): boolean {
  return GGUF_MAGIC.every((b, i) => head[i] === b)
}

export interface GgufInfo {
  version: number
  tensors: number
  metadata: number
  problems: string[]
}

const MAX_COUNT = 10_000_000

/** ggml tensor types whose storage size is certain: [elements per block, bytes per block]. */
const GGML_TYPES: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  30: [1, 2], // BF16
}

/** Walks a GGUF header, metadata and tensor table, checking every length and offset against the file. */
export async function checkGguf(src: ByteSource): Promise<GgufInfo> {
  const r = new WindowReader(src)
  const info: GgufInfo = { version: 0, tensors: 0, metadata: 0, problems: [] }
  const fail = (msg: string) => {
    info.problems.push(msg)
    return info
  }
  const head = await r.bytes(8)
  if (!head || !isGguf(head)) return fail('missing the GGUF magic')
  const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.length)
  info.version = dv(head).getUint32(4, true)
  if (info.version < 1 || info.version > 3) return fail(`unknown GGUF version ${info.version}`)
  const wide = info.version >= 2
  const u32 = async () => {
    const b = await r.bytes(4)
    return b ? dv(b).getUint32(0, true) : undefined
  }
  const u64 = async () => {
    const b = await r.bytes(8)
    if (!b) return undefined
    const v = dv(b).getBigUint64(0, true)
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v)
  }
  const count = () => (wide ? u64() : u32())
  const str = async (what: string): Promise<string | undefined | null> => {
    const n = await count()
    if (n === undefined) return undefined
    if (n > 1 << 28 || r.pos + n > src.size) return null
    if (n <= 4096) {
      const b = await r.bytes(n)
      return b ? new TextDecoder().decode(b) : undefined
    }
    r.skip(n)
    void what
    return ''
  }
  const tensors = await count()
  const kvs = await count()
  if (tensors === undefined || kvs === undefined) return fail('the file ends inside the GGUF header')
  if (tensors > MAX_COUNT || kvs > MAX_COUNT) return fail(`implausible counts (${tensors} tensors, ${kvs} metadata entries)`)
  info.tensors = tensors
  info.metadata = kvs
  const sizes: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 }
  let alignment = 32
  const value = async (type: number, depth: number): Promise<string | undefined> => {
    if (sizes[type] !== undefined) {
      if (!(await r.ensure(sizes[type]))) return 'the file ends inside a metadata value'
      r.skip(sizes[type])
      return undefined
    }
    if (type === 8) {
      const s = await str('string')
      return s === undefined ? 'the file ends inside a metadata string' : s === null ? 'a metadata string runs past the end of the file' : undefined
    }
    if (type === 9 && depth < 4) {
      const et = await u32()
      const n = await count()
      if (et === undefined || n === undefined) return 'the file ends inside a metadata array'
      if (n > 1 << 30) return `implausible metadata array length ${n}`
      if (sizes[et] !== undefined) {
        if (r.pos + n * sizes[et] > src.size) return 'a metadata array runs past the end of the file'
        r.skip(n * sizes[et])
        return undefined
      }
      for (let i = 0; i < n; i++) {
        const e = await value(et, depth + 1)
        if (e) return e
      }
      return undefined
    }
    return `unknown metadata value type ${type}`
  }
  for (let i = 0; i < kvs; i++) {
    const key = await str('key')
    if (key === undefined || key === null) return fail(`metadata entry ${i}: the key runs past the end of the file`)
    const type = await u32()
    if (type === undefined) return fail(`metadata entry \`${key}\`: the file ends before its type`)
    if (key === 'general.alignment' && type === 4) {
      const a = await u32()
      if (a === undefined) return fail('the file ends inside general.alignment')
      if (a === 0 || (a & (a - 1)) !== 0) return fail(`general.alignment ${a} is not a power of two`)
      alignment = a
      continue
    }
    const e = await value(type, 0)
    if (e) return fail(`metadata entry \`${key}\`: ${e}`)
  }
  let end = 0
  let endName = ''
  for (let i = 0; i < tensors; i++) {
    const name = await str('tensor name')
    if (name === undefined || name === null) return fail(`tensor ${i}: the name runs past the end of the file`)
    const nd = await u32()
    if (nd === undefined || nd > 8) return fail(`tensor \`${name}\`: invalid number of dimensions ${nd}`)
    let elements = 1
    for (let d = 0; d < nd; d++) {
      const dim = await count()
      if (dim === undefined) return fail(`tensor \`${name}\`: the file ends inside its dimensions`)
      elements *= dim
    }
    const type = await u32()
    const off = await u64()
    if (type === undefined || off === undefined) return fail(`tensor \`${name}\`: the file ends inside its entry`)
    if (off % alignment !== 0) return fail(`tensor \`${name}\`: offset ${off} is not aligned to ${alignment}`)
    const t = GGML_TYPES[type]
    const tensorEnd = off + (t ? Math.ceil(elements / t[0]) * t[1] : 1)
    if (tensorEnd > end) {
      end = tensorEnd
      endName = name
    }
  }
  const dataStart = Math.ceil(r.pos / alignment) * alignment
  if (tensors > 0 && dataStart + end > src.size) {
    return fail(`tensor \`${endName}\` ends at byte ${dataStart + end}, past the end of the file (${src.size} bytes): truncated`)
  }
  return info
}

// ---- protobuf (ONNX, TensorFlow .pb, Core ML) ----

export interface ProtoCheck {
  problems: string[]
  /** ONNX only: external data paths that escape the model directory. */
  unsafeExternal: { tensor?: string; location: string }[]
  /** ONNX only: the model has a graph. */
  hasGraph: boolean
}

async function varint(r: WindowReader): Promise<number | undefined> {
  let result = 0
  let mul = 1
  for (let i = 0; i < 10; i++) {
    const b = await r.bytes(1)
    if (!b) return undefined
    result += (b[0]! & 0x7f) * mul
    if ((b[0]! & 0x80) === 0) return result
    mul *= 128
  }
  return undefined
}

type FieldVisitor = (field: number, wire: number, start: number, len: number) => Promise<void> | void

/** Walks the fields of a message in [start, end); throws with a message on malformed input. */
async function walkMessage(r: WindowReader, start: number, end: number, visit: FieldVisitor): Promise<void> {
  r.pos = start
  while (r.pos < end) {
    const tagAt = r.pos
    const tag = await varint(r)
    if (tag === undefined) throw new Error(`the file ends inside a field tag at byte ${tagAt}`)
    const field = Math.floor(tag / 8)
    const wire = tag % 8
    if (field === 0) throw new Error(`invalid field number 0 at byte ${tagAt}`)
    switch (wire) {
      case 0:
        if ((await varint(r)) === undefined) throw new Error(`truncated varint at byte ${tagAt}`)
        break
      case 1:
        r.skip(8)
        break
      case 5:
        r.skip(4)
        break
      case 2: {
        const len = await varint(r)
        if (len === undefined) throw new Error(`truncated length at byte ${tagAt}`)
        const s = r.pos
        if (s + len > end) throw new Error(`field ${field} at byte ${tagAt} declares ${len} bytes, past the end of its message (truncated or corrupt)`)
        await visit(field, wire, s, len)
        r.pos = s + len
        break
      }
      default:
        throw new Error(`unsupported wire type ${wire} at byte ${tagAt}`)
    }
    if (r.pos > end) throw new Error(`a field at byte ${tagAt} runs past the end of its message`)
  }
}

/** Checks a protobuf file's structure; for ONNX also the graph and external-data locations. */
export async function checkProtobuf(src: ByteSource, onnx: boolean): Promise<ProtoCheck> {
  const out: ProtoCheck = { problems: [], unsafeExternal: [], hasGraph: false }
  const r = new WindowReader(src)
  const text = async (s: number, len: number) => {
    const save = r.pos
    r.pos = s
    const b = await r.bytes(Math.min(len, 4096))
    r.pos = save
    return b ? new TextDecoder().decode(b) : ''
  }
  try {
    await walkMessage(r, 0, src.size, async (field, _w, s, len) => {
      if (!onnx || field !== 7) return
      out.hasGraph = true
      await walkMessage(r, s, s + len, async (gf, _gw, gs, glen) => {
        if (gf !== 5) return // initializer
        let name: string | undefined
        const locations: string[] = []
        await walkMessage(r, gs, gs + glen, async (tf, _tw, ts, tlen) => {
          if (tf === 8) name = await text(ts, tlen)
          if (tf !== 13) return // external_data
          let key = ''
          let value = ''
          await walkMessage(r, ts, ts + tlen, async (ef, _ew, es, elen) => {
            if (ef === 1) key = await text(es, elen)
            if (ef === 2) value = await text(es, elen)
          })
          if (key === 'location') locations.push(value)
        })
        for (const loc of locations) {
          if (/^([a-zA-Z]:|[/\\])/.test(loc) || loc.split(/[/\\]/).includes('..')) out.unsafeExternal.push({ tensor: name, location: loc })
        }
      })
    })
  } catch (err) {
    out.problems.push((err as Error).message)
    return out
  }
  if (onnx && !out.hasGraph) out.problems.push('no graph: not an ONNX model')
  return out
}

// ---- TFLite ----

export function checkTflite(head: Uint8Array, size: number): string | undefined {
  if (size < 8) return 'shorter than a FlatBuffer header'
  if (String.fromCharCode(...head.subarray(4, 8)) !== 'TFL3') return 'missing the TFL3 FlatBuffer identifier'
  const root = head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)
  if (root <= 0 || root >= size) return `the root table offset ${root} lies outside the file`
  return undefined
}
