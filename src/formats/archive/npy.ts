/**
 * NumPy `.npy` headers: magic, version, header length and the Python-literal header dict
 * (`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`). An object dtype means the array data is a
 * pickle; otherwise the data size follows from the shape and the dtype.
 */

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY

export interface NpyHeader {
  version: string
  /** Offset of the array data (after the header). */
  dataStart: number
  descr: unknown
  fortranOrder: boolean
  shape: number[]
  /** The array data is a pickle (object dtype, or a structured dtype with an object field). */
  hasObject: boolean
  /** Bytes per element, when known. */
  itemsize?: number
  /** Size of the array data in bytes, when known (not for object arrays). */
  nbytes?: number
}

export type NpyParse = { ok: true; header: NpyHeader } | { ok: false; error: string; needBytes?: number }

export function isNpy(head: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => head[i] === b)
}

/** Parses the header from the first bytes of the file; asks for more when the header is longer. */
export function parseNpyHeader(head: Uint8Array): NpyParse {
  if (head.length < 10) return { ok: false, error: 'the file is shorter than a .npy preamble (10 bytes)' }
  if (!isNpy(head)) return { ok: false, error: 'missing the \\x93NUMPY magic' }
  const major = head[6]!
  const minor = head[7]!
  let hlen: number
  let start: number
  if (major === 1) {
    hlen = head[8]! | (head[9]! << 8)
    start = 10
  } else if (major === 2 || major === 3) {
    if (head.length < 12) return { ok: false, error: 'the file is shorter than a .npy v2 preamble', needBytes: 12 }
    hlen = (head[8]! | (head[9]! << 8) | (head[10]! << 16)) + head[11]! * 0x1000000
    start = 12
  } else {
    return { ok: false, error: `unknown .npy format version ${major}.${minor}` }
  }
  if (hlen > 64 * 1024 * 1024) return { ok: false, error: `the header length ${hlen} is implausible` }
  if (head.length < start + hlen) return { ok: false, error: 'the file ends inside the .npy header', needBytes: start + hlen }
  const bytes = head.subarray(start, start + hlen)
  const text = major === 3 ? new TextDecoder('utf-8').decode(bytes) : String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 1 << 16)))
  let dict: unknown
  try {
    dict = new PyLiteral(text).parse()
  } catch (err) {
    return { ok: false, error: `the header is not a Python literal: ${(err as Error).message}` }
  }
  if (!isDict(dict)) return { ok: false, error: 'the header is not a dict' }
  const d = dict.map
  if (!d.has('descr') || !d.has('shape') || !d.has('fortran_order')) return { ok: false, error: "the header lacks 'descr', 'shape' or 'fortran_order'" }
  const shapeV = d.get('shape')
  const shape = Array.isArray(shapeV) ? shapeV : undefined
  if (!shape || !shape.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) return { ok: false, error: "'shape' is not a tuple of non-negative integers" }
  const descr = d.get('descr')
  const info = dtypeInfo(descr)
  if (!info) return { ok: false, error: `unsupported or malformed dtype ${JSON.stringify(descr)}` }
  const header: NpyHeader = {
    version: `${major}.${minor}`,
    dataStart: start + hlen,
    descr,
    fortranOrder: d.get('fortran_order') === true,
    shape: shape as number[],
    hasObject: info.hasObject,
  }
  if (!info.hasObject && info.itemsize !== undefined) {
    header.itemsize = info.itemsize
    const n = (shape as number[]).reduce((a, b) => a * b, 1) * info.itemsize
    if (Number.isSafeInteger(n)) header.nbytes = n
  }
  return { ok: true, header }
}

interface DtypeInfo {
  itemsize?: number
  hasObject: boolean
}

/** Item size and object-ness of a numpy dtype description (a typestr or a list of fields). */
export function dtypeInfo(descr: unknown): DtypeInfo | undefined {
  if (typeof descr === 'string') return typestrInfo(descr.trim())
  // `(base, shape)`: a subarray dtype (numpy's descr_to_dtype accepts a tuple).
  if (Array.isArray(descr) && descr.length === 2 && typeof descr[0] === 'string' && (typeof descr[1] === 'number' || (Array.isArray(descr[1]) && descr[1].every((x) => typeof x === 'number')))) {
    const base = typestrInfo(descr[0].trim())
    if (!base) return undefined
    const count = typeof descr[1] === 'number' ? descr[1] : (descr[1] as number[]).reduce((a, b) => a * b, 1)
    return { hasObject: base.hasObject, itemsize: base.itemsize === undefined ? undefined : base.itemsize * count }
  }
  if (Array.isArray(descr)) {
    let size = 0
    let known = true
    let hasObject = false
    for (const f of descr) {
      if (!Array.isArray(f) || f.length < 2) return undefined
      const sub = dtypeInfo(f[1])
      if (!sub) return undefined
      hasObject ||= sub.hasObject
      let count = 1
      if (f.length >= 3) {
        const shp = f[2]
        if (typeof shp === 'number') count = shp
        else if (Array.isArray(shp) && shp.every((x) => typeof x === 'number')) count = (shp as number[]).reduce((a, b) => a * b, 1)
        else return undefined
      }
      if (sub.itemsize === undefined) known = false
      else size += sub.itemsize * count
    }
    return { hasObject, itemsize: known ? size : undefined }
  }
  return undefined
}

/** Names numpy.dtype() accepts, with their item size (`object` and its spellings hold pickles). */
const NAMED: Record<string, number> = {
  bool: 1, bool_: 1, int8: 1, uint8: 1, byte: 1, ubyte: 1, int16: 2, uint16: 2, short: 2, ushort: 2, int32: 4, uint32: 4, intc: 4, uintc: 4,
  int64: 8, uint64: 8, int: 8, uint: 8, long: 8, ulong: 8, longlong: 8, ulonglong: 8, intp: 8, uintp: 8, float16: 2, half: 2, float32: 4, single: 4,
  float64: 8, float: 8, double: 8, longdouble: 16, float128: 16, complex64: 8, csingle: 8, complex128: 16, complex: 16, cdouble: 16, clongdouble: 32, complex256: 32,
}
const OBJECT_NAMES = new Set(['O', 'object', 'object_', 'O4', 'O8', 'Object'])

/**
 * One typestr as numpy.dtype() reads it: `<f4`, `|O`, `O8`, `object`, `float32`, a subarray prefix
 * (`(2,3)f4`, `3O`) and comma-separated fields (`i4,O`). Unknown spellings that mention `O`/`object` are
 * taken as object dtypes (fail closed: the data is scanned as a pickle).
 */
function typestrInfo(t: string): DtypeInfo | undefined {
  if (t.includes(',') && !/^\(.*\)[^,]*$/.test(t)) {
    let size = 0
    let known = true
    let hasObject = false
    for (const part of splitFields(t)) {
      const sub = typestrInfo(part.trim())
      if (!sub) return undefined
      hasObject ||= sub.hasObject
      if (sub.itemsize === undefined) known = false
      else size += sub.itemsize
    }
    return { hasObject, itemsize: known ? size : undefined }
  }
  let count = 1
  const shape = /^(\([\d\s,]*\)|\d+)(?=\D)/.exec(t)
  if (shape) {
    for (const d of shape[1]!.replace(/[()\s]/g, '').split(',').filter(Boolean)) count *= Number(d)
    t = t.slice(shape[0].length)
  }
  const bare = t.replace(/^[<>|=!]/, '')
  if (OBJECT_NAMES.has(bare) || OBJECT_NAMES.has(bare.replace(/^numpy\./, '').replace(/^np\./, ''))) return { hasObject: true, itemsize: 8 * count }
  const named = NAMED[bare]
  if (named !== undefined) return { hasObject: false, itemsize: named * count }
  const m = /^([a-zA-Z?])(\d*)(\[\w+\])?$/.exec(bare)
  if (!m) return /O|object/i.test(bare) ? { hasObject: true, itemsize: undefined } : undefined
  const kind = m[1]!
  const n = m[2] ? Number(m[2]) : undefined
  if (kind === 'O') return { hasObject: true, itemsize: 8 * count }
  if (kind === 'U') return { hasObject: false, itemsize: n === undefined ? undefined : n * 4 * count }
  if (n !== undefined) return { hasObject: false, itemsize: n * count }
  const chars: Record<string, number> = { '?': 1, b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, p: 8, P: 8, e: 2, f: 4, d: 8, g: 16, F: 8, D: 16, G: 32, M: 8, m: 8 }
  return chars[kind] === undefined ? undefined : { hasObject: false, itemsize: chars[kind] * count }
}

/** Splits `i4,(2,3)f8,O` at the commas outside parentheses. */
function splitFields(t: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of t) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out
}

// ---- a small parser for Python literals (dict, tuple, list, str, int, bool, None) ----

interface PyDict {
  __dict: true
  map: Map<string, unknown>
}

function isDict(v: unknown): v is PyDict {
  return typeof v === 'object' && v !== null && (v as PyDict).__dict === true
}

class PyLiteral {
  private i = 0
  constructor(private readonly s: string) {}

  parse(): unknown {
    const v = this.value(0)
    this.ws()
    if (this.i !== this.s.length) throw new Error(`unexpected ${JSON.stringify(this.s.slice(this.i, this.i + 10))}`)
    return v
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++
  }

  private value(depth: number): unknown {
    if (depth > 32) throw new Error('nested too deeply')
    this.ws()
    const c = this.s[this.i]
    if (c === '{') return this.dict(depth)
    if (c === '(' || c === '[') return this.seq(c === '(' ? ')' : ']', depth)
    if (c === "'" || c === '"') return this.str()
    const rest = this.s.slice(this.i)
    const num = /^[+-]?\d+L?/.exec(rest)
    if (num) {
      this.i += num[0].length
      return Number(num[0].replace(/L$/, ''))
    }
    for (const [word, v] of [['True', true], ['False', false], ['None', null]] as const) {
      if (rest.startsWith(word)) {
        this.i += word.length
        return v
      }
    }
    throw new Error(`unexpected ${JSON.stringify(rest.slice(0, 10))}`)
  }

  private str(): string {
    const q = this.s[this.i++]!
    let out = ''
    while (this.i < this.s.length) {
      const c = this.s[this.i++]!
      if (c === q) return out
      if (c === '\\') {
        const e = this.s[this.i++]
        out += e === 'n' ? '\n' : e === 't' ? '\t' : (e ?? '')
      } else out += c
    }
    throw new Error('unterminated string')
  }

  private seq(close: string, depth: number): unknown[] {
    this.i++
    const out: unknown[] = []
    for (;;) {
      this.ws()
      if (this.s[this.i] === close) {
        this.i++
        return out
      }
      out.push(this.value(depth + 1))
      this.ws()
      if (this.s[this.i] === ',') this.i++
      else if (this.s[this.i] !== close) throw new Error(`expected ',' or '${close}'`)
    }
  }

  private dict(depth: number): PyDict {
    this.i++
    const map = new Map<string, unknown>()
    for (;;) {
      this.ws()
      if (this.s[this.i] === '}') {
        this.i++
        return { __dict: true, map }
      }
      const k = this.value(depth + 1)
      this.ws()
      if (this.s[this.i++] !== ':') throw new Error("expected ':'")
      const v = this.value(depth + 1)
      if (typeof k === 'string') map.set(k, v)
      this.ws()
      if (this.s[this.i] === ',') this.i++
      else if (this.s[this.i] !== '}') throw new Error("expected ',' or '}'")
    }
  }
}
