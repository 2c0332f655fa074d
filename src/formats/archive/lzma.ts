/**
 * A streaming LZMA decoder for the three containers model files use: `.xz` (LZMA2, joblib `compress='xz'`),
 * `.lzma` "LZMA alone" (joblib `compress='lzma'`) and zip members stored with method 14 (Python's zipfile
 * `ZIP_LZMA`). It follows the reference decoder (LzmaSpec.cpp in the LZMA SDK, public domain) and never holds
 * more than the dictionary window (capped, `maxDictionary`) plus one input chunk: output is yielded in 64 KiB
 * pieces, so the caller's bomb guard stops it as soon as it has seen enough.
 *
 * Why hand-written: no pure-JS library on the npm registry decodes LZMA as a stream with bounded memory (the
 * pure-JS ones decode whole buffers; the streaming ones are native or WebAssembly builds of liblzma/xz-embedded
 * that cover `.xz` only). This module is ~300 lines and has no dependency.
 */

const OUT_CHUNK = 64 * 1024
/** Bytes of input kept ahead of the range decoder: one LZMA symbol reads far fewer. */
const MARGIN = 64

export interface LzmaOptions {
  /** Largest dictionary window allocated (default 128 MiB; xz -9 uses 64 MiB); a stream that asks for more is refused. */
  maxDictionary?: number
}

export class LzmaError extends Error {}

/** A pull queue over async chunks: `ensure(n)` buffers at least n bytes (fewer at the end). */
class Input {
  buf: Uint8Array = new Uint8Array(0)
  pos = 0
  ended = false
  consumed = 0
  private readonly it: AsyncIterator<Uint8Array>

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.it = chunks[Symbol.asyncIterator]()
  }

  get avail(): number {
    return this.buf.length - this.pos
  }

  async ensure(n: number): Promise<boolean> {
    while (this.avail < n && !this.ended) {
      const r = await this.it.next()
      if (r.done) {
        this.ended = true
        break
      }
      const rest = this.buf.subarray(this.pos)
      const next = new Uint8Array(rest.length + r.value.length)
      next.set(rest)
      next.set(r.value, rest.length)
      this.consumed += this.pos
      this.buf = next
      this.pos = 0
    }
    return this.avail >= n
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new LzmaError('the compressed data ends early')
    return this.buf[this.pos++]!
  }

  async bytes(n: number): Promise<Uint8Array> {
    if (!(await this.ensure(n))) throw new LzmaError('the compressed data ends early')
    const b = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return b
  }

  async close(): Promise<void> {
    await this.it.return?.()
  }
}

const N_STATES = 12
const POS_STATES_MAX = 16
const END_POS_MODEL = 14
const FULL_DISTANCES = 128
const ALIGN_BITS = 4
const MATCH_MIN = 2

class LenDecoder {
  choice = new Uint16Array(2).fill(1024)
  low = new Uint16Array(POS_STATES_MAX << 3).fill(1024)
  mid = new Uint16Array(POS_STATES_MAX << 3).fill(1024)
  high = new Uint16Array(256).fill(1024)

  reset(): void {
    for (const a of [this.choice, this.low, this.mid, this.high]) a.fill(1024)
  }
}

/** The LZMA decoder proper: range decoder, probability model, dictionary window. */
class Decoder {
  private range = 0
  private code = 0
  private input!: Input
  lc = 0
  lp = 0
  pb = 0
  private lit = new Uint16Array(0x300)
  private readonly isMatch = new Uint16Array(N_STATES << 4)
  private readonly isRep = new Uint16Array(N_STATES)
  private readonly isRepG0 = new Uint16Array(N_STATES)
  private readonly isRepG1 = new Uint16Array(N_STATES)
  private readonly isRepG2 = new Uint16Array(N_STATES)
  private readonly isRep0Long = new Uint16Array(N_STATES << 4)
  private readonly posSlot = new Uint16Array(4 << 6)
  private readonly posDec = new Uint16Array(1 + FULL_DISTANCES - END_POS_MODEL)
  private readonly align = new Uint16Array(1 << ALIGN_BITS)
  private readonly lenDec = new LenDecoder()
  private readonly repLenDec = new LenDecoder()
  private state = 0
  private reps = [0, 0, 0, 0]
  /** Window. */
  private readonly win: Uint8Array
  private wpos = 0
  private full = false
  /** Bytes decoded since the last dictionary reset. */
  total = 0
  /** Pending match bytes still to copy (a match may straddle an output chunk). */
  private pendingLen = 0
  out: Uint8Array = new Uint8Array(OUT_CHUNK)
  outLen = 0

  constructor(readonly dictSize: number) {
    this.win = new Uint8Array(Math.max(4096, dictSize))
  }

  setProps(props: number): void {
    if (props >= 9 * 5 * 5) throw new LzmaError(`invalid LZMA properties byte ${props}`)
    this.lc = props % 9
    props = Math.floor(props / 9)
    this.lp = props % 5
    this.pb = Math.floor(props / 5)
    if (this.lit.length !== 0x300 << (this.lc + this.lp)) this.lit = new Uint16Array(0x300 << (this.lc + this.lp))
  }

  resetState(): void {
    for (const a of [this.lit, this.isMatch, this.isRep, this.isRepG0, this.isRepG1, this.isRepG2, this.isRep0Long, this.posSlot, this.posDec, this.align]) a.fill(1024)
    this.lenDec.reset()
    this.repLenDec.reset()
    this.state = 0
    this.reps = [0, 0, 0, 0]
    this.pendingLen = 0
  }

  resetDict(): void {
    this.wpos = 0
    this.full = false
    this.total = 0
  }

  initRange(input: Input): void {
    this.input = input
    if (input.byte() !== 0) throw new LzmaError('corrupt LZMA stream (range coder)')
    this.code = 0
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | input.byte()) >>> 0
    this.range = 0xffffffff
    if (this.code === this.range) throw new LzmaError('corrupt LZMA stream (range coder)')
  }

  get rangeFinishedOk(): boolean {
    return this.code === 0
  }

  private norm(): void {
    if (this.range < 0x1000000) {
      this.range = (this.range << 8) >>> 0
      this.code = ((this.code << 8) | this.input.byte()) >>> 0
    }
  }

  private bit(p: Uint16Array, i: number): number {
    const v = p[i]!
    const bound = (this.range >>> 11) * v
    let b: number
    if (this.code < bound) {
      p[i] = v + ((2048 - v) >>> 5)
      this.range = bound
      b = 0
    } else {
      p[i] = v - (v >>> 5)
      this.code -= bound
      this.range -= bound
      b = 1
    }
    this.norm()
    return b
  }

  private direct(n: number): number {
    let res = 0
    for (; n > 0; n--) {
      this.range >>>= 1
      let b = 0
      if (this.code >= this.range) {
        this.code -= this.range
        b = 1
      }
      res = res * 2 + b
      this.norm()
    }
    return res
  }

  private tree(p: Uint16Array, base: number, bits: number): number {
    let m = 1
    for (let i = 0; i < bits; i++) m = (m << 1) + this.bit(p, base + m)
    return m - (1 << bits)
  }

  private reverse(p: Uint16Array, base: number, bits: number): number {
    let m = 1
    let sym = 0
    for (let i = 0; i < bits; i++) {
      const b = this.bit(p, base + m)
      m = (m << 1) + b
      sym |= b << i
    }
    return sym
  }

  private len(d: LenDecoder, posState: number): number {
    if (this.bit(d.choice, 0) === 0) return this.tree(d.low, posState << 3, 3)
    if (this.bit(d.choice, 1) === 0) return 8 + this.tree(d.mid, posState << 3, 3)
    return 16 + this.tree(d.high, 0, 8)
  }

  private put(b: number): void {
    this.win[this.wpos++] = b
    if (this.wpos === this.win.length) {
      this.wpos = 0
      this.full = true
    }
    this.total++
    this.out[this.outLen++] = b
  }

  private back(dist: number): number {
    let i = this.wpos - dist - 1
    if (i < 0) i += this.win.length
    return this.win[i]!
  }

  private copy(): void {
    const d = this.reps[0]!
    while (this.pendingLen > 0 && this.outLen < OUT_CHUNK) {
      this.put(this.back(d))
      this.pendingLen--
    }
  }

  /**
   * Decodes until `limit` bytes since the last dictionary reset (Infinity: until the end marker), the output
   * chunk is full, or the input margin is used up. Returns true at the end marker.
   */
  run(limit: number, inputEnded: boolean): boolean {
    const pbMask = (1 << this.pb) - 1
    const lpMask = (1 << this.lp) - 1
    while (this.outLen < OUT_CHUNK) {
      if (this.pendingLen > 0) {
        this.copy()
        continue
      }
      if (this.total >= limit) return false
      if (!inputEnded && this.input.avail < MARGIN) return false
      const posState = this.total & pbMask
      const s = this.state
      if (this.bit(this.isMatch, (s << 4) + posState) === 0) {
        const prev = this.total > 0 || this.full ? this.back(0) : 0
        const base = 0x300 * (((this.total & lpMask) << this.lc) + (prev >>> (8 - this.lc)))
        let sym = 1
        if (s >= 7) {
          let mb = this.back(this.reps[0]!)
          do {
            const matchBit = (mb >>> 7) & 1
            mb <<= 1
            const b = this.bit(this.lit, base + ((1 + matchBit) << 8) + sym)
            sym = (sym << 1) | b
            if (matchBit !== b) break
          } while (sym < 0x100)
        }
        while (sym < 0x100) sym = (sym << 1) | this.bit(this.lit, base + sym)
        this.put(sym - 0x100)
        this.state = s < 4 ? 0 : s < 10 ? s - 3 : s - 6
        continue
      }
      let len: number
      if (this.bit(this.isRep, s) !== 0) {
        if (this.total === 0 && !this.full) throw new LzmaError('corrupt LZMA stream (a match before any data)')
        if (this.bit(this.isRepG0, s) === 0) {
          if (this.bit(this.isRep0Long, (s << 4) + posState) === 0) {
            this.state = s < 7 ? 9 : 11
            this.put(this.back(this.reps[0]!))
            continue
          }
        } else {
          let dist: number
          if (this.bit(this.isRepG1, s) === 0) dist = this.reps[1]!
          else {
            if (this.bit(this.isRepG2, s) === 0) dist = this.reps[2]!
            else {
              dist = this.reps[3]!
              this.reps[3] = this.reps[2]!
            }
            this.reps[2] = this.reps[1]!
          }
          this.reps[1] = this.reps[0]!
          this.reps[0] = dist
        }
        len = this.len(this.repLenDec, posState)
        this.state = s < 7 ? 8 : 11
      } else {
        this.reps[3] = this.reps[2]!
        this.reps[2] = this.reps[1]!
        this.reps[1] = this.reps[0]!
        len = this.len(this.lenDec, posState)
        this.state = s < 7 ? 7 : 10
        const dist = this.distance(len)
        if (dist === 0xffffffff) return true
        this.reps[0] = dist
        if (dist >= this.win.length || (!this.full && dist >= this.total)) throw new LzmaError('corrupt LZMA stream (a distance beyond the data)')
      }
      this.pendingLen = len + MATCH_MIN
      if (this.total + this.pendingLen > limit) throw new LzmaError('corrupt LZMA stream (a match runs past the declared size)')
    }
    return false
  }

  private distance(len: number): number {
    const lenState = Math.min(len, 3)
    const slot = this.tree(this.posSlot, lenState << 6, 6)
    if (slot < 4) return slot
    const n = (slot >>> 1) - 1
    let dist = (2 | (slot & 1)) * 2 ** n
    if (slot < END_POS_MODEL) dist += this.reverse(this.posDec, dist - slot, n)
    else {
      dist += this.direct(n - ALIGN_BITS) * 16
      dist += this.reverse(this.align, 0, ALIGN_BITS)
    }
    return dist >>> 0
  }

  /** An LZMA2 uncompressed chunk: into the window (later matches may refer to it), not the output buffer. */
  raw(data: Uint8Array): void {
    for (const b of data) {
      this.win[this.wpos++] = b
      if (this.wpos === this.win.length) {
        this.wpos = 0
        this.full = true
      }
    }
    this.total += data.length
  }

  take(): Uint8Array {
    const o = this.out.slice(0, this.outLen)
    this.outLen = 0
    return o
  }
}

function dictFor(size: number, opts: LzmaOptions, known?: number): number {
  const max = opts.maxDictionary ?? 128 * 1024 * 1024
  const need = known !== undefined && known >= 0 ? Math.min(size, Math.max(known, 4096)) : size
  if (need > max) throw new LzmaError(`the LZMA dictionary (${size} bytes) is larger than the ${max}-byte limit`)
  return need
}

/** Runs an LZMA1 stream whose header has been read. */
async function* lzma1(input: Input, props: number, dictSize: number, unpacked: number | undefined, opts: LzmaOptions): AsyncIterable<Uint8Array> {
  const d = new Decoder(dictFor(dictSize, opts, unpacked))
  d.setProps(props)
  d.resetState()
  await input.ensure(5 + MARGIN)
  d.initRange(input)
  const limit = unpacked ?? Infinity
  for (;;) {
    await input.ensure(MARGIN)
    const end = d.run(limit, input.ended)
    if (d.outLen) yield d.take()
    if (end || d.total >= limit) return
  }
}

/** `.lzma` ("LZMA alone"): props, dictionary size, 64-bit size (all ones: unknown, end marker). */
export async function* decodeLzmaAlone(chunks: AsyncIterable<Uint8Array>, opts: LzmaOptions = {}): AsyncIterable<Uint8Array> {
  const input = new Input(chunks)
  try {
    const h = await input.bytes(13)
    const dict = (h[1]! | (h[2]! << 8) | (h[3]! << 16)) + h[4]! * 0x1000000
    const lo = (h[5]! | (h[6]! << 8) | (h[7]! << 16)) + h[8]! * 0x1000000
    const hi = (h[9]! | (h[10]! << 8) | (h[11]! << 16)) + h[12]! * 0x1000000
    const unknown = lo === 0xffffffff && hi === 0xffffffff
    yield* lzma1(input, h[0]!, dict, unknown ? undefined : hi * 0x100000000 + lo, opts)
  } finally {
    await input.close()
  }
}

/** A zip member with method 14: version (2), properties size (2), properties (5), then LZMA1 data. */
export async function* decodeZipLzma(chunks: AsyncIterable<Uint8Array>, uncompressedSize: number, opts: LzmaOptions = {}): AsyncIterable<Uint8Array> {
  const input = new Input(chunks)
  try {
    const h = await input.bytes(4)
    const n = h[2]! | (h[3]! << 8)
    if (n !== 5) throw new LzmaError(`unexpected LZMA properties size ${n} in a zip member`)
    const p = await input.bytes(5)
    const dict = (p[1]! | (p[2]! << 8) | (p[3]! << 16)) + p[4]! * 0x1000000
    yield* lzma1(input, p[0]!, dict, uncompressedSize, opts)
  } finally {
    await input.close()
  }
}

function varint(b: Uint8Array, at: { i: number }): number {
  let v = 0
  for (let k = 0; k < 9; k++) {
    const x = b[at.i++]
    if (x === undefined) throw new LzmaError('corrupt xz block header')
    v += (x & 0x7f) * 2 ** (7 * k)
    if ((x & 0x80) === 0) return v
  }
  throw new LzmaError('corrupt xz block header')
}

const CHECK_SIZE = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64]

/** `.xz`: stream header, blocks of LZMA2 (the only filter supported), index. Integrity checks are not verified. */
export async function* decodeXz(chunks: AsyncIterable<Uint8Array>, opts: LzmaOptions = {}): AsyncIterable<Uint8Array> {
  const input = new Input(chunks)
  try {
    const sh = await input.bytes(12)
    if (sh[0] !== 0xfd || sh[1] !== 0x37 || sh[2] !== 0x7a || sh[3] !== 0x58 || sh[4] !== 0x5a || sh[5] !== 0) throw new LzmaError('not an xz stream')
    const check = sh[7]! & 0x0f
    for (;;) {
      const first = (await input.bytes(1))[0]!
      if (first === 0) return // the index: every block has been read
      const hdr = await input.bytes((first + 1) * 4 - 1)
      const flags = hdr[0]!
      const at = { i: 1 }
      if (flags & 0x40) varint(hdr, at)
      if (flags & 0x80) varint(hdr, at)
      const filters = (flags & 3) + 1
      let dictProp = -1
      for (let f = 0; f < filters; f++) {
        const id = varint(hdr, at)
        const size = varint(hdr, at)
        if (id !== 0x21 || f !== filters - 1) throw new LzmaError(`xz filter 0x${id.toString(16)} is not supported (only LZMA2 alone)`)
        if (size !== 1) throw new LzmaError('corrupt xz LZMA2 filter properties')
        dictProp = hdr[at.i++]!
      }
      if (dictProp > 40) throw new LzmaError('corrupt xz LZMA2 dictionary size')
      const dictSize = dictProp === 40 ? 0xffffffff : (2 | (dictProp & 1)) * 2 ** (Math.floor(dictProp / 2) + 11)
      const before = input.consumed + input.pos
      yield* lzma2(input, dictFor(dictSize, opts))
      const packed = input.consumed + input.pos - before
      await input.bytes((4 - (packed % 4)) % 4 + CHECK_SIZE[check]!)
    }
  } finally {
    await input.close()
  }
}

/** LZMA2 chunks until the end marker (control byte 0). */
async function* lzma2(input: Input, dictSize: number): AsyncIterable<Uint8Array> {
  const d = new Decoder(dictSize)
  let needProps = true
  let needDictReset = true
  for (;;) {
    const control = (await input.bytes(1))[0]!
    if (control === 0) return
    if (control === 1 || control === 2) {
      if (control === 1) {
        d.resetDict()
        needDictReset = false
      } else if (needDictReset) throw new LzmaError('corrupt LZMA2 stream (no dictionary reset)')
      const sz = await input.bytes(2)
      const n = ((sz[0]! << 8) | sz[1]!) + 1
      const data = await input.bytes(n)
      // Uncompressed chunk: copied through the window (it serves later matches).
      d.raw(data)
      yield data.slice()
      continue
    }
    if (control < 0x80) throw new LzmaError(`corrupt LZMA2 stream (control byte 0x${control.toString(16)})`)
    const h = await input.bytes(4)
    const unpacked = (control & 0x1f) * 0x10000 + ((h[0]! << 8) | h[1]!) + 1
    const packed = ((h[2]! << 8) | h[3]!) + 1
    const mode = (control >>> 5) & 3
    if (mode === 3) {
      d.resetDict()
      needDictReset = false
    } else if (needDictReset) throw new LzmaError('corrupt LZMA2 stream (no dictionary reset)')
    if (mode >= 2) {
      d.setProps((await input.bytes(1))[0]!)
      needProps = false
    } else if (needProps) throw new LzmaError('corrupt LZMA2 stream (no properties)')
    if (mode >= 1) d.resetState()
    if (!(await input.ensure(packed))) throw new LzmaError('the compressed data ends early')
    // The whole packed chunk (at most 64 KiB) is buffered: the decoder may read right up to its end.
    const start = input.pos
    const limit = d.total + unpacked
    d.initRange(input)
    for (;;) {
      const end = d.run(limit, true)
      if (d.outLen) yield d.take()
      if (end) throw new LzmaError('corrupt LZMA2 stream (an end marker inside a chunk)')
      if (d.total >= limit) break
    }
    if (input.pos - start !== packed) throw new LzmaError('corrupt LZMA2 stream (chunk size)')
  }
}
