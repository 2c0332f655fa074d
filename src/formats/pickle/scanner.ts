/**
 * A streaming pickle opcode scanner (protocols 0–5). It never executes anything: it walks the opcodes and
 * simulates the unpickler's stack and memo symbolically, so that every import (`GLOBAL`, `INST`,
 * `STACK_GLOBAL` with operands tracked through the stack and the memo) and every call site (`REDUCE`,
 * `OBJ`, `NEWOBJ`, `NEWOBJ_EX`) is seen with its byte offset. An operand it cannot resolve is reported as
 * dangerous. Bytes arrive in chunks of any size (`write`), memory stays bounded whatever the pickle size:
 * large operands are skipped, not buffered, and the memo keeps only what import resolution needs, within
 * budgets.
 *
 * It also handles several pickles back to back (legacy PyTorch files, a benign pickle followed by a
 * malicious one), `FRAME`, out-of-band buffers (protocol 5), and joblib's raw array bytes interleaved
 * after each `NumpyArrayWrapper` (skipped by computing their size from the wrapper's shape and dtype; an
 * object array's nested pickle is scanned).
 */

export type ProblemKind = 'dangerous' | 'unscannable' | 'ambiguous'

export interface GlobalEvent {
  module: string
  name: string
  /** Byte offset of the opcode in the stream. */
  offset: number
  opcode: 'GLOBAL' | 'INST' | 'STACK_GLOBAL'
}

export interface ProblemEvent {
  kind: ProblemKind
  /** A stable code, e.g. 'truncated', 'unresolved-stack-global', 'computed-callable'. */
  code: string
  message: string
  offset: number
}

export interface PickleSink {
  global(g: GlobalEvent): void
  problem(p: ProblemEvent): void
}

export interface PickleScanOptions {
  /** Stop after this many pickles (legacy PyTorch files hold 5 before raw storages). Default: no limit. */
  maxPickles?: number
  /** Bytes after the last pickle that do not start another: reported (default) or ignored. */
  trailing?: 'report' | 'ignore'
  /**
   * A second pickle after the first STOP: `ambiguous` (default; pickle.load reads one, other readers more) or
   * `expected` (a format made of several pickles). Its content is scanned either way.
   */
  multiple?: 'ambiguous' | 'expected'
  /** Budgets (tests lower them). */
  limits?: Partial<Limits>
}

export interface Limits {
  /** Maximum stack depth (items) before the scan gives up (fail closed). */
  maxStack: number
  /**
   * Recent memo entries kept, per generation (two generations): what a pickler refers back to shortly
   * after memoizing it. Older entries are dropped unless pinned.
   */
  memoWindow: number
  /**
   * Memo entries pinned for the whole pickle: every imported global, every string used as a STACK_GLOBAL
   * operand, and the first identifier-like strings (module names are memoized early).
   */
  memoPinned: number
  /** Longest text line (protocol 0 operands) buffered. */
  maxLine: number
}

const DEFAULT_LIMITS: Limits = { maxStack: 4_000_000, memoWindow: 4_096, memoPinned: 65_536, maxLine: 1 << 20 }

export interface PickleSummary {
  /** Pickles completed (STOP seen). */
  pickles: number
  opcodes: number
  bytes: number
  /** Highest protocol seen. */
  protocol: number
  /** joblib arrays whose raw bytes were skipped. */
  joblibArrays: number
  /** True when every pickle ended with STOP and nothing was left unread or unexplained. */
  complete: boolean
  /** Offset just after the last STOP (where a following record starts). */
  end?: number
}

// ---- values -----------------------------------------------------------------------------------------

type V =
  | { k: 'o' }
  | Str
  | { k: 'i'; v: number }
  | { k: 'n' }
  | { k: 'b'; v: boolean }
  | { k: 'g'; module: string; name: string }
  | { k: 't'; items: V[] | null }
  | { k: 'd'; e: Map<string, V> | null }
  | { k: 'dt'; type: string | null; elsize: number; flags: number }
  | { k: 'w' }

/**
 * A string. Strings from binary opcodes are decoded lazily: `p` is where the bytes start in the buffer being
 * scanned (-1 once decoded, or for a string built decoded). A lazy string lives only on the stack and in the
 * memo; anything that reads it or keeps it elsewhere (tuple and dict items, STACK_GLOBAL operands) decodes
 * it first, and the end of each buffer decodes those still on the stack and copies the bytes of those live in
 * the recent memo to an arena (`settle`), so most strings of a large pickle are never decoded. A memoized string
 * that nothing else can reach from the start (a record's name, see `fast`) gets no object at all.
 */
interface Str {
  k: 's'
  /** The value; null for a string too long to be kept (or not decoded yet, while `p >= 0`). */
  v: string | null
  /** The memo key it was last stored under, or -1. */
  mk: number
  p: number
  n: number
  /** 1 when the bytes are latin-1 (BINSTRING), 0 for UTF-8. */
  latin1: number
}

const str = (v: string | null): Str => ({ k: 's', v, mk: -1, p: -1, n: 0, latin1: 0 })

const OPQ: V = { k: 'o' }
/**
 * The value of a recent memo slot holding a string no object stands for (never on the stack: `recentGet`
 * materializes it): its bytes are in the buffer being scanned (`IN_BUF`, moved to the arena by `settle`) or in
 * its generation's arena (`IN_ARENA`).
 */
const IN_BUF: V = { k: 'o' }
const IN_ARENA: V = { k: 'o' }
/** A tuple holding a computed value: its items are never needed. */
const OPAQUE_TUPLE: V = { k: 't', items: null }
const NONE: V = { k: 'n' }
const TRUE: V = { k: 'b', v: true }
const FALSE: V = { k: 'b', v: false }
const LONGSTR: V = str(null)
const EMPTY_TUPLE: V = { k: 't', items: [] }
const UNTRACKED_DICT: V = { k: 'd', e: null }
const SMALL_INTS: V[] = Array.from({ length: 260 }, (_, i) => ({ k: 'i', v: i - 2 }) as V)
const intV = (n: number): V => (n >= -2 && n < 258 ? SMALL_INTS[n + 2]! : { k: 'i', v: n })

const KEEP_STR = 256

/** Node's native decoders behind `Buffer#toString` (without its argument handling), when present. */
interface NativeSlices extends Buffer {
  utf8Slice(start: number, end: number): string
  latin1Slice(start: number, end: number): string
}
const FAST_SLICES = typeof (Buffer.prototype as Partial<NativeSlices>).utf8Slice === 'function' && typeof (Buffer.prototype as Partial<NativeSlices>).latin1Slice === 'function'
const IDENTISH = /^[A-Za-z_][A-Za-z0-9_.]*$/
const TUPLE_KEEP = 16
const DICT_KEEP = 64
const BITMAP_KEYS = 1 << 26

const JOBLIB_WRAPPER_MODULES = new Set(['joblib.numpy_pickle', 'sklearn.externals.joblib.numpy_pickle'])

// ---- opcodes ----------------------------------------------------------------------------------------

export const OPCODE_NAMES: Record<number, string> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT', 0x49: 'INT', 0x4a: 'BININT',
  0x4b: 'BININT1', 0x4c: 'LONG', 0x4d: 'BININT2', 0x4e: 'NONE', 0x50: 'PERSID', 0x51: 'BINPERSID', 0x52: 'REDUCE',
  0x53: 'STRING', 0x54: 'BINSTRING', 0x55: 'SHORT_BINSTRING', 0x56: 'UNICODE', 0x58: 'BINUNICODE', 0x61: 'APPEND',
  0x62: 'BUILD', 0x63: 'GLOBAL', 0x64: 'DICT', 0x7d: 'EMPTY_DICT', 0x65: 'APPENDS', 0x67: 'GET', 0x68: 'BINGET',
  0x69: 'INST', 0x6a: 'LONG_BINGET', 0x6c: 'LIST', 0x5d: 'EMPTY_LIST', 0x6f: 'OBJ', 0x70: 'PUT', 0x71: 'BINPUT',
  0x72: 'LONG_BINPUT', 0x73: 'SETITEM', 0x74: 'TUPLE', 0x29: 'EMPTY_TUPLE', 0x75: 'SETITEMS', 0x47: 'BINFLOAT',
  0x80: 'PROTO', 0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4', 0x85: 'TUPLE1', 0x86: 'TUPLE2', 0x87: 'TUPLE3',
  0x88: 'NEWTRUE', 0x89: 'NEWFALSE', 0x8a: 'LONG1', 0x8b: 'LONG4', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES',
  0x8c: 'SHORT_BINUNICODE', 0x8d: 'BINUNICODE8', 0x8e: 'BINBYTES8', 0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET',
  0x92: 'NEWOBJ_EX', 0x93: 'STACK_GLOBAL', 0x94: 'MEMOIZE', 0x95: 'FRAME', 0x96: 'BYTEARRAY8', 0x97: 'NEXT_BUFFER',
  0x98: 'READONLY_BUFFER',
}

/** True when `b` is a pickle opcode. */
export function isOpcode(b: number): boolean {
  return OPCODE_NAMES[b] !== undefined
}

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`

// ---- modes ------------------------------------------------------------------------------------------

const OP = 0
const BETWEEN = 1
const JPAD = 2
const SKIPLINE = 3
const DONE = 4
const JRAW = 5
const NEED = -1

interface Machine {
  stack: V[]
  marks: number[]
  /** Memo entries kept for the whole pickle. */
  pinned: Map<number, V>
  /**
   * Recent memo entries, a direct-mapped table (slot = key & mask) of the current and the previous
   * generation: an entry is live when its key matches and its put sequence number is at least `prevStart`.
   * Allocated on the first recent put.
   */
  rKeys: Float64Array | null
  rSeq: Float64Array | null
  rVals: (V | undefined)[]
  /**
   * For a slot whose value is `IN_BUF` or `IN_ARENA`: where its string's bytes are (in the buffer being scanned,
   * or in the arena of its generation), and their length times 2 plus 1 when latin-1.
   */
  rOff: Int32Array | null
  rLen: Int32Array | null
  /** The sequence number of the first put since the last `settle`. */
  settled: number
  /** Recent puts so far, and where the previous and the current generation start; the current generation's number. */
  seq: number
  prevStart: number
  curStart: number
  gen: number
  /**
   * The bytes of memoized strings whose buffer went away while they were live in the recent memo and referred to
   * by nothing else: one arena per generation parity, reused when a generation two back is gone (its entries are
   * dead). Copying bytes costs less than decoding a string that is never read again (most are not).
   */
  arena: (NativeSlices | null)[]
  arenaLen: number[]
  arenaGen: number[]
  pinnedStrings: number
  bitmap: Uint8Array
  sparse: Set<number> | null
  memoLen: number
  frameEnd: number
  /** joblib semantics (raw array bytes after wrappers); off in a nested object-array pickle. */
  joblib: boolean
  start: number
}

function newMachine(start: number, joblib: boolean): Machine {
  return { stack: [], marks: [], pinned: new Map(), rKeys: null, rSeq: null, rVals: [], rOff: null, rLen: null, settled: 0, seq: 0, prevStart: 0, curStart: 0, gen: 0, arena: [null, null], arenaLen: [0, 0], arenaGen: [-1, -1], pinnedStrings: 0, bitmap: new Uint8Array(1024), sparse: null, memoLen: 0, frameEnd: -1, joblib, start }
}

export class PickleScanner {
  private readonly limits: Limits
  private m: Machine
  private outer: Machine | null = null
  private mode = OP
  private carry: Uint8Array | null = null
  private carryAbs = 0
  private abs = 0
  private skip = 0
  /** What the pending skip is (for truncation messages). */
  private skipWhat = ''
  private pendingArray = 0
  private lenient = false
  /** A joblib array wrapper was seen: keep its shape tuples for the whole pickle. */
  private sawWrapper = false
  /** Some memo entries were dropped (a generation rotated out). */
  private memoFull = false
  /** A Buffer view of the chunk being parsed (for native string decoding). */
  private bview: Buffer = Buffer.alloc(0)
  private trailingAt = -1
  /** Where the last `run` stopped. */
  private reached = 0
  private started = false
  private inLinePending = 0
  private readonly stats: PickleSummary = { pickles: 0, opcodes: 0, bytes: 0, protocol: 0, joblibArrays: 0, complete: false }
  private failed = false
  /** Parser-divergence problems already reported (one per kind per stream). */
  private readonly ambiguousSeen = new Set<string>()
  /** Where the frame being read started (FRAME opcode offset), for messages. */
  private frameAt = -1
  /**
   * The memo puts pending `settle`: the recent memo slot of each put since the buffer began, by sequence number
   * modulo its length (that of the recent memo table, at least twice the window, so every live put is there). A
   * lazy string off the stack is referred to by such a slot only, so the strings to settle are found here, however
   * many a buffer holds (the memo puts of the current machine: `settle` runs before the machine changes).
   */
  private pending = new Int32Array(0)
  /** The lowest stack height since the buffer began: entries below it hold no lazy string. */
  private low = 0

  constructor(
    private readonly sink: PickleSink,
    private readonly options: PickleScanOptions = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.m = newMachine(0, true)
  }

  /** True when no more input is needed (the pickle limit was reached, or the stream cannot be followed). */
  get finished(): boolean {
    return this.mode === DONE
  }

  write(chunk: Uint8Array): void {
    this.stats.bytes += chunk.length
    let base = this.abs
    this.abs += chunk.length
    if (this.mode === DONE) return
    if (this.carry) {
      // An opcode was cut by the chunk boundary: join it with the head of this chunk only (bounded copy), and
      // run on the copy only the units that start in the carried bytes; the chunk itself goes on from there.
      const cl = this.carry.length
      const head = chunk.subarray(0, Math.min(chunk.length, 64 * 1024))
      let joined = join(this.carry, head)
      let jbase = this.carryAbs
      this.carry = null
      let at = this.run(joined, jbase, cl)
      if (at >= 0 && head.length < chunk.length) {
        // A long operand spans beyond the head: join the whole rest (rare: long text lines).
        joined = join(joined.subarray(at), chunk.subarray(head.length))
        jbase += at
        at = this.run(joined, jbase)
        if (at >= 0) this.keep(joined, at, jbase)
        return
      }
      if (at >= 0) {
        this.keep(joined, at, jbase)
        return
      }
      if (this.mode === DONE) return
      const from = this.reached - cl
      chunk = chunk.subarray(from)
      base += from
    }
    const at = this.run(chunk, base)
    if (at >= 0) this.keep(chunk, at, base)
  }

  private keep(buf: Uint8Array, at: number, base: number): void {
    this.carry = new Uint8Array(buf.subarray(at)) // a copy: the chunk is not retained
    this.carryAbs = base + at
  }

  /**
   * Consumes the units of `buf` that start before `end`; returns -1 when done with them (`reached` is where
   * the last one ends), or the position where more bytes are needed.
   */
  private run(buf: Uint8Array, base: number, end = buf.length): number {
    // Always a Buffer (one shape for the hot loop; native string decoding).
    const b = (this.bview = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength))
    this.low = this.m.stack.length
    const r = this.units(b, base, end)
    this.settle()
    return r
  }

  private units(buf: Buffer, base: number, end: number): number {
    let pos = 0
    const len = buf.length
    while (pos < end) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, len - pos)
        pos += n
        this.skip -= n
        continue
      }
      if (this.mode === DONE) return -1
      const wasOp = this.mode === OP
      if (wasOp) {
        pos = this.fast(buf, pos, base, end)
        if (pos >= end || this.mode !== OP) continue
      }
      const fe = this.m.frameEnd
      const np = this.step(buf, pos, base)
      if (np === NEED) return pos
      if (wasOp) {
        this.stats.opcodes++
        // An opcode that starts inside a frame must end inside it: CPython before 3.13.x reads the rest of an
        // operand from outside the frame while other readers stop at the boundary (parser divergence).
        const at = base + pos
        const stop = base + np + (this.mode === SKIPLINE ? 1 : this.skip)
        if (fe > at && stop > fe && this.mode !== DONE) this.straddle(buf[pos]!, at, fe)
      }
      pos = np
    }
    this.reached = pos
    return -1
  }

  private straddle(op: number, at: number, fe: number): void {
    this.ambiguous('frame-straddle', at, `the ${OPCODE_NAMES[op] ?? hex(op)} opcode at byte ${at} runs past the end of the frame that starts at byte ${this.frameAt} and ends at byte ${fe}: CPython before 3.13.x reads the rest of the operand from outside the frame, other readers stop at its boundary, so what an unpickler runs can differ from what any scanner sees`)
  }

  /**
   * The hot loop: the common opcodes inline, without a call or an allocation per opcode (strings are
   * decoded lazily). It does exactly what `step` does for them, and returns at the first opcode it leaves to
   * `step`: a rarer one, one cut by the end of `buf`, a stack underflow or overflow (for the message), or
   * when the scan stops.
   */
  private fast(buf: Buffer, pos: number, base: number, end: number): number {
    const len = buf.length
    const m = this.m
    const stack = m.stack
    const marks = m.marks
    const maxStack = this.limits.maxStack
    const maxPinned = this.limits.memoPinned
    const pinStrings = maxPinned >>> 2
    const fe = m.frameEnd
    const feRel = fe - base
    let fence = marks.length ? marks[marks.length - 1]! : 0
    let low = this.low
    let ops = 0
    this.started = true
    loop: while (pos < end) {
      const op = buf[pos]!
      let np = -1
      switch (op) {
        case 0x28: // MARK
          marks.push(stack.length)
          fence = stack.length
          np = pos + 1
          break
        case 0x8c: // SHORT_BINUNICODE
        case 0x55: {
          // SHORT_BINSTRING
          if (pos + 1 >= len || stack.length >= maxStack) break
          const n = buf[pos + 1]!
          const q = pos + 2 + n
          if (q > len) break
          if (q < len && buf[q] === 0x94) {
            // A record as pickle.dumps writes a list of tuples: the string, MEMOIZE, one or two scalars of which one is
            // a float, TUPLE2 or TUPLE3. The tuple holds a computed value, so its items are never read: the string
            // is observable only through the memo. When MEMOIZE takes the inline path below, it is put there as
            // bytes (`IN_BUF`) without a string object, and the record leaves just the tuple on the stack.
            let r = q + 1
            let k = 0
            let opq = false
            while (k < 2 && r < len) {
              const o = buf[r]!
              if (o === 0x4b) r += 2
              else if (o === 0x47) {
                r += 9
                opq = true
              } else if (o === 0x4d) r += 3
              else if (o === 0x4a) r += 5
              else if (o === 0x4e || o === 0x88 || o === 0x89) r += 1
              else break
              k++
            }
            const key = m.memoLen
            if (opq && r < len && buf[r] === 0x85 + k && stack.length + k < maxStack && !(pos < feRel && feRel <= r) && key < BITMAP_KEYS) {
              const byte = key >>> 3
              const bit = 1 << (key & 7)
              const bm = m.bitmap
              if (byte < bm.length && (bm[byte]! & bit) === 0 && (m.pinnedStrings >= pinStrings || m.pinned.size >= maxPinned)) {
                bm[byte] = bm[byte]! | bit
                m.memoLen = key + 1
                this.recentRaw(key, pos + 2, n, op === 0x55 ? 1 : 0)
              } else this.memoPut(key, this.lazy(pos + 2, n, op === 0x55 ? 1 : 0), base + pos + 2 + n) // (pinned, or an overwrite)
              stack.push(OPAQUE_TUPLE)
              ops += k + 2
              np = r + 1
              break
            }
          }
          const v = this.lazy(pos + 2, n, op === 0x55 ? 1 : 0)
          stack.push(v)
          np = q
          break
        }
        case 0x58: {
          // BINUNICODE
          if (pos + 4 >= len || stack.length >= maxStack) break
          const n = readU32(buf, pos + 1)
          if (n > KEEP_STR || pos + 5 + n > len) break
          const v = this.lazy(pos + 5, n, 0)
          stack.push(v)
          np = pos + 5 + n
          break
        }
        case 0x94: {
          // MEMOIZE
          if (stack.length <= fence) break
          const v = stack[stack.length - 1]!
          np = pos + 1
          // A new key for a lazy string put for the first time, once no more strings are pinned (what `memoPut`
          // does then, inline): the common case in a large pickle.
          const key = m.memoLen
          if (v.k === 's' && v.mk < 0 && v.p >= 0 && key < BITMAP_KEYS && (m.pinnedStrings >= pinStrings || m.pinned.size >= maxPinned)) {
            const byte = key >>> 3
            const bit = 1 << (key & 7)
            const bm = m.bitmap
            if (byte < bm.length && (bm[byte]! & bit) === 0) {
              bm[byte] = bm[byte]! | bit
              m.memoLen = key + 1
              v.mk = key
              this.recent(key, v)
              break
            }
          }
          this.memoPut(key, v, base + pos)
          if (this.mode !== OP) {
            ops++
            pos = np
            break loop
          }
          break
        }
        case 0x71: // BINPUT
          if (pos + 1 >= len || stack.length <= fence) break
          this.memoPut(buf[pos + 1]!, stack[stack.length - 1]!, base + pos)
          np = pos + 2
          if (this.mode !== OP) {
            ops++
            pos = np
            break loop
          }
          break
        case 0x68: // BINGET
          if (pos + 1 >= len || stack.length >= maxStack) break
          stack.push(this.memoGet(buf[pos + 1]!, base + pos))
          np = pos + 2
          break
        case 0x4b: // BININT1
          if (pos + 1 >= len || stack.length >= maxStack) break
          stack.push(SMALL_INTS[buf[pos + 1]! + 2]!)
          np = pos + 2
          break
        case 0x4d: // BININT2
          if (pos + 2 >= len || stack.length >= maxStack) break
          stack.push(intV(buf[pos + 1]! | (buf[pos + 2]! << 8)))
          np = pos + 3
          break
        case 0x4a: // BININT
          if (pos + 4 >= len || stack.length >= maxStack) break
          stack.push(intV(readI32(buf, pos + 1)))
          np = pos + 5
          break
        case 0x47: // BINFLOAT
          if (pos + 8 >= len || stack.length >= maxStack) break
          stack.push(OPQ)
          np = pos + 9
          break
        case 0x43: {
          // SHORT_BINBYTES (whole here)
          if (pos + 1 >= len || stack.length >= maxStack) break
          const n = buf[pos + 1]!
          if (pos + 2 + n > len) break
          stack.push(OPQ)
          np = pos + 2 + n
          break
        }
        case 0x4e: // NONE
          if (stack.length >= maxStack) break
          stack.push(NONE)
          np = pos + 1
          break
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
          if (stack.length >= maxStack) break
          stack.push(op === 0x88 ? TRUE : FALSE)
          np = pos + 1
          break
        case 0x29: // EMPTY_TUPLE
          if (stack.length >= maxStack) break
          stack.push(EMPTY_TUPLE)
          np = pos + 1
          break
        case 0x5d: // EMPTY_LIST
        case 0x8f: // EMPTY_SET
          if (stack.length >= maxStack) break
          stack.push(OPQ)
          np = pos + 1
          break
        case 0x7d: // EMPTY_DICT (untracked unless it follows a joblib wrapper: left to step)
          if (stack.length >= maxStack || (stack.length > 0 && stack[stack.length - 1]!.k === 'w')) break
          stack.push(UNTRACKED_DICT)
          np = pos + 1
          break
        case 0x85: {
          // TUPLE1
          if (stack.length - fence < 1) break
          const a = stack.pop()!
          if (stack.length < low) low = stack.length
          stack.push(a === OPQ ? OPAQUE_TUPLE : { k: 't', items: [this.kept(a)] })
          np = pos + 1
          break
        }
        case 0x86: {
          // TUPLE2
          if (stack.length - fence < 2) break
          const b = stack.pop()!
          const a = stack.pop()!
          if (stack.length < low) low = stack.length
          stack.push(a === OPQ || b === OPQ ? OPAQUE_TUPLE : { k: 't', items: [this.kept(a), this.kept(b)] })
          np = pos + 1
          break
        }
        case 0x87: {
          // TUPLE3
          if (stack.length - fence < 3) break
          const c = stack.pop()!
          const b = stack.pop()!
          const a = stack.pop()!
          if (stack.length < low) low = stack.length
          stack.push(a === OPQ || b === OPQ || c === OPQ ? OPAQUE_TUPLE : { k: 't', items: [this.kept(a), this.kept(b), this.kept(c)] })
          np = pos + 1
          break
        }
        case 0x61: // APPEND
          if (stack.length - fence < 2) break
          stack.pop()
          if (stack.length < low) low = stack.length
          np = pos + 1
          break
        case 0x75: // SETITEMS (into a tracked dict: left to step)
        case 0x65: // APPENDS
        case 0x90: {
          // ADDITEMS
          const n = marks.length
          if (n === 0) break
          const mk = marks[n - 1]!
          const below = n > 1 ? marks[n - 2]! : 0
          // The collection must be there, above the previous mark.
          if (mk <= below) break
          if (op === 0x75) {
            const d = stack[mk - 1]!
            if (d.k === 'd' && d.e !== null) break
          }
          marks.pop()
          truncate(stack, mk)
          if (mk < low) low = mk
          fence = below
          np = pos + 1
          break
        }
        default:
          break
      }
      if (np < 0) break
      ops++
      // An opcode that starts inside a frame must end inside it (see `units`).
      if (np > feRel && pos < feRel) this.straddle(op, base + pos, fe)
      pos = np
    }
    this.low = low
    this.stats.opcodes += ops
    return pos
  }

  /** Ends the stream; reports truncation and trailing data. */
  end(): PickleSummary {
    const total = this.abs
    if (this.mode !== DONE) {
      if (this.skip > 0) {
        this.truncated(total, `the data ends inside ${this.skipWhat} (${this.skip} more bytes expected)`)
      } else if (this.mode === JPAD || this.mode === JRAW) {
        this.truncated(total, 'the data ends before a joblib array')
      } else if (this.mode === OP || this.mode === SKIPLINE) {
        if (this.carry && this.carry.length) {
          const op = this.carry[0]!
          this.truncated(this.carryAbs, `the data ends inside a ${OPCODE_NAMES[op] ?? hex(op)} opcode`)
        } else if (this.started || this.stats.pickles === 0) {
          this.truncated(total, this.stats.pickles === 0 && total === 0 ? 'the stream is empty' : 'the pickle ends without a STOP opcode')
        }
      }
    }
    if (this.trailingAt >= 0) {
      this.problem('unscannable', 'trailing-data', this.trailingAt, `${total - this.trailingAt} bytes follow the last pickle at byte ${this.trailingAt} and do not start another pickle; they cannot be scanned`)
    }
    this.stats.complete = !this.failed && this.stats.pickles > 0
    return { ...this.stats }
  }

  get summary(): PickleSummary {
    return { ...this.stats }
  }

  // ---- reporting ----

  private problem(kind: ProblemKind, code: string, offset: number, message: string): void {
    if (kind === 'unscannable') this.failed = true
    this.sink.problem({ kind, code, offset, message })
  }

  private ambiguous(code: string, offset: number, message: string): void {
    if (this.ambiguousSeen.has(code)) return
    this.ambiguousSeen.add(code)
    this.sink.problem({ kind: 'ambiguous', code, offset, message })
  }

  private truncated(offset: number, what: string): void {
    this.problem('unscannable', 'truncated', offset, `${what}: the file is truncated or damaged (at byte ${offset})`)
  }

  private structural(at: number, what: string): void {
    if (this.lenient) return
    this.lenient = true
    this.problem('unscannable', 'malformed', at, `malformed pickle at byte ${at}: ${what}; an unpickler stops here, the scan goes on in lenient mode`)
  }

  private fatal(at: number, code: string, what: string): void {
    this.problem('unscannable', code, at, what)
    this.mode = DONE
  }

  // ---- stack ----

  private fence(): number {
    const mk = this.m.marks
    return mk.length ? mk[mk.length - 1]! : 0
  }

  private push(v: V, at: number): void {
    const s = this.m.stack
    if (s.length >= this.limits.maxStack) {
      this.fatal(at, 'too-deep', `the pickle stack exceeds ${this.limits.maxStack} items at byte ${at}; the scan stops (fail closed)`)
      return
    }
    s.push(v)
  }

  private pop(at: number): V {
    const s = this.m.stack
    if (s.length <= this.fence()) {
      this.structural(at, 'stack underflow')
      return OPQ
    }
    const v = s.pop()!
    if (s.length < this.low) this.low = s.length
    return v
  }

  private top(at: number): V {
    const s = this.m.stack
    if (s.length <= this.fence()) {
      this.structural(at, 'stack underflow')
      return OPQ
    }
    return s[s.length - 1]!
  }

  /** Pops to the last MARK; returns the items when `keep` (up to `limit`), else null. */
  private popMark(at: number, keep: boolean, limit = TUPLE_KEEP): V[] | null {
    const m = this.m
    const mk = m.marks.pop()
    if (mk === undefined) {
      this.structural(at, 'no MARK on the stack')
      return keep ? [] : null
    }
    const n = m.stack.length - mk
    let items: V[] | null = null
    if (keep && n <= limit) {
      items = m.stack.slice(mk)
      for (const v of items) if (v.k === 's' && v.p >= 0) this.decode(v)
    }
    truncate(m.stack, mk)
    if (mk < this.low) this.low = mk
    return items
  }

  // ---- lazy strings ----

  /** A lazy string of the `n` bytes at `p` in the buffer being scanned. */
  private lazy(p: number, n: number, latin1: number): Str {
    return { k: 's', v: null, mk: -1, p, n, latin1 }
  }

  /** Decodes a lazy string from the buffer being scanned. */
  private decode(v: Str): void {
    const s = v.p
    const b = this.bview as NativeSlices
    v.v = FAST_SLICES ? (v.latin1 ? b.latin1Slice(s, s + v.n) : b.utf8Slice(s, s + v.n)) : b.toString(v.latin1 ? 'latin1' : 'utf8', s, s + v.n)
    v.p = -1
  }

  /** `v`, decoded when it is a lazy string: for a value read, or kept beyond the stack and the memo. */
  private kept(v: V): V {
    if (v.k === 's' && v.p >= 0) this.decode(v)
    return v
  }

  /** Before the buffer goes away (or the machine changes): decodes the lazy strings still reachable. */
  private settle(): void {
    const m = this.m
    const s = m.stack
    for (let i = this.low; i < s.length; i++) {
      const v = s[i]!
      if (v.k === 's' && v.p >= 0) this.decode(v)
    }
    if (m.rKeys !== null && m.settled < m.seq) this.settleMemo(m)
    m.settled = m.seq
    this.low = s.length
  }

  /**
   * A lazy string still in the recent memo is no longer on the stack (pinned strings were decoded when pinned,
   * tuple and dict items when kept, a string put under a second key at the second put): that slot is all that
   * refers to it, so its bytes move to the arena. Only slots written since the last settle can hold one, and
   * only the live ones matter (the ring holds every live put).
   */
  private settleMemo(m: Machine): void {
    const from = Math.max(m.settled, m.prevStart)
    // Puts before `curStart` are in the previous generation, the others in the current one.
    if (from < m.curStart) this.toArena(m, from, m.curStart, m.gen - 1)
    this.toArena(m, Math.max(from, m.curStart), m.seq, m.gen)
  }

  /**
   * Moves the bytes of the strings put from sequence number `from` to `to` (generation `gen`) that are still in
   * their memo slots and not yet in an arena (so they are in the buffer being scanned) to that generation's arena.
   */
  private toArena(m: Machine, from: number, to: number, gen: number): void {
    if (from >= to) return
    const j = gen & 1
    let o = m.arenaLen[j]!
    if (m.arenaGen[j] !== gen) {
      // The generation that used this arena before is out of the window: none of its entries can be read.
      m.arenaGen[j] = gen
      o = 0
    }
    let a = m.arena[j] ?? null
    const rk = m.rKeys!
    const rs = m.rSeq!
    const rOff = m.rOff!
    const rLen = m.rLen!
    const vals = m.rVals
    const ring = this.pending
    const mask = rk.length - 1
    const b = this.bview
    for (let q = from; q < to; q++) {
      const i = ring[q & mask]!
      if (rs[i] !== q || rk[i] === -1) continue
      const v = vals[i]!
      let p: number
      let n2: number
      if (v === IN_BUF) {
        p = rOff[i]!
        n2 = rLen[i]!
      } else if (v.k === 's' && v.p >= 0) {
        p = v.p
        n2 = v.n * 2 + v.latin1
      } else continue
      const n = n2 >>> 1
      if (a === null || o + n > a.length) a = m.arena[j] = grow(a, o, o + n)
      for (let k = 0; k < n; k++) a[o + k] = b[p + k]!
      rOff[i] = o
      rLen[i] = n2
      vals[i] = IN_ARENA
      o += n
    }
    m.arenaLen[j] = o
  }

  // ---- memo ----

  private memoHas(key: number): boolean {
    const m = this.m
    if (key >= 0 && key < BITMAP_KEYS) {
      const byte = key >>> 3
      return byte < m.bitmap.length && (m.bitmap[byte]! & (1 << (key & 7))) !== 0
    }
    return m.sparse?.has(key) ?? false
  }

  /** Records that `key` is set; returns true when it was set before (an overwrite). */
  private memoMark(key: number, at: number): boolean {
    const m = this.m
    if (key >= 0 && key < BITMAP_KEYS) {
      const byte = key >>> 3
      if (byte >= m.bitmap.length) {
        const grown = new Uint8Array(Math.min(BITMAP_KEYS >>> 3, Math.max(byte + 1, m.bitmap.length * 2)))
        grown.set(m.bitmap)
        m.bitmap = grown
      }
      const bit = 1 << (key & 7)
      if ((m.bitmap[byte]! & bit) === 0) {
        m.bitmap[byte]! |= bit
        m.memoLen++
        return false
      }
      return true
    }
    m.sparse ??= new Set()
    if (!m.sparse.has(key)) {
      if (m.sparse.size >= 1_000_000) {
        this.fatal(at, 'memo-too-large', `the pickle uses more than 1,000,000 sparse memo keys (at byte ${at}); the scan stops (fail closed)`)
        return false
      }
      m.sparse.add(key)
      m.memoLen++
      return false
    }
    return true
  }

  private memoPut(key: number, v: V, at: number): void {
    const m = this.m
    if (this.memoMark(key, at)) {
      // An overwrite: forget the old value wherever it is.
      const rk = m.rKeys
      if (rk) {
        const i = key & (rk.length - 1)
        if (rk[i] === key) {
          rk[i] = -1
          m.rVals[i] = undefined
        }
      }
      m.pinned.delete(key)
    }
    switch (v.k) {
      case 'g':
      case 'dt':
      case 'w':
        if (m.pinned.size < this.limits.memoPinned) m.pinned.set(key, v)
        else this.recent(key, v)
        return
      case 's':
        if (v.p >= 0) {
          // Memoized under a second key: decode now, as `settle` only follows the last key.
          if (v.mk >= 0) this.decode(v)
        } else if (v.v === null) return
        v.mk = key
        if (m.pinnedStrings < this.limits.memoPinned >>> 2 && m.pinned.size < this.limits.memoPinned) {
          if (v.p >= 0) this.decode(v)
          if (v.v!.length <= 128 && IDENTISH.test(v.v!)) {
            m.pinned.set(key, v)
            m.pinnedStrings++
            return
          }
        }
        this.recent(key, v)
        return
      case 't':
        if (v.items === null) return
        if (this.sawWrapper && m.pinned.size < this.limits.memoPinned && v.items.every((x) => x.k === 'i')) m.pinned.set(key, v)
        else this.recent(key, v)
        return
      case 'i':
      case 'n':
      case 'b':
        this.recent(key, v)
        return
      default:
        return
    }
  }

  private recent(key: number, v: V): void {
    const m = this.m
    let rk = m.rKeys
    if (rk === null) {
      let size = 2
      while (size < 2 * this.limits.memoWindow) size *= 2
      rk = m.rKeys = new Float64Array(size).fill(-1)
      m.rSeq = new Float64Array(size)
      m.rVals = new Array<V | undefined>(size).fill(undefined)
      m.rOff = new Int32Array(size)
      m.rLen = new Int32Array(size)
      if (this.pending.length !== size) this.pending = new Int32Array(size)
    }
    const rs = m.rSeq!
    const i = key & (rk.length - 1)
    // Another live key in the slot is dropped early (keys that are not sequential): say so, as the window would.
    if (rk[i] !== key && rk[i] !== -1 && rs[i]! >= m.prevStart) this.memoFull = true
    rk[i] = key
    rs[i] = m.seq
    m.rVals[i] = v
    this.pending[m.seq & (rk.length - 1)] = i
    m.seq++
    if (m.seq - m.curStart >= this.limits.memoWindow) {
      m.prevStart = m.curStart
      m.curStart = m.seq
      m.gen++
      this.memoFull = true
    }
  }

  /** A recent put of the string whose `n` bytes are at `p` in the buffer being scanned, with no object for it. */
  private recentRaw(key: number, p: number, n: number, latin1: number): void {
    this.recent(key, IN_BUF)
    const m = this.m
    const i = key & (m.rKeys!.length - 1)
    m.rOff![i] = p
    m.rLen![i] = n * 2 + latin1
  }

  /** The recent memo entry under `key`, if it is still in the window (a string in an arena is decoded). */
  private recentGet(key: number): V | undefined {
    const m = this.m
    const rk = m.rKeys
    if (rk === null) return undefined
    const i = key & (rk.length - 1)
    if (rk[i] !== key || m.rSeq![i]! < m.prevStart) return undefined
    const v = m.rVals[i]
    if (v === IN_BUF) {
      // The string object it stands for (unreachable until now) as a lazy string of the buffer being scanned.
      const w: Str = { k: 's', v: null, mk: key, p: m.rOff![i]!, n: m.rLen![i]! >>> 1, latin1: m.rLen![i]! & 1 }
      m.rVals[i] = w
      return w
    }
    if (v !== IN_ARENA) return v
    // Decoded, so it never goes back to the arena: from now on the slot holds this object (as it would have).
    const a = m.arena[m.rSeq![i]! >= m.curStart ? m.gen & 1 : (m.gen - 1) & 1]!
    const s = m.rOff![i]!
    const e = s + (m.rLen![i]! >>> 1)
    const w: Str = { k: 's', v: FAST_SLICES ? (m.rLen![i]! & 1 ? a.latin1Slice(s, e) : a.utf8Slice(s, e)) : a.toString(m.rLen![i]! & 1 ? 'latin1' : 'utf8', s, e), mk: key, p: -1, n: 0, latin1: 0 }
    m.rVals[i] = w
    return w
  }

  /** The recent memo slot's value under `key` as it is (`IN_ARENA` for a string in an arena), for identity checks. */
  private recentPeek(key: number): V | undefined {
    const m = this.m
    const rk = m.rKeys
    if (rk === null) return undefined
    const i = key & (rk.length - 1)
    return rk[i] === key && m.rSeq![i]! >= m.prevStart ? m.rVals[i] : undefined
  }

  /** Keeps a string that served as a STACK_GLOBAL operand for the rest of the pickle. */
  private pin(v: V): void {
    if (v.k !== 's' || v.mk < 0) return
    const m = this.m
    if (m.pinned.get(v.mk) === v || m.pinned.size >= this.limits.memoPinned * 2) return
    if (this.recentPeek(v.mk) !== v) return
    m.pinned.set(v.mk, v)
  }

  private memoGet(key: number, at: number): V {
    const m = this.m
    const v = this.recentGet(key) ?? m.pinned.get(key)
    if (v) return v
    if (!this.memoHas(key)) this.structural(at, `memo key ${key} was never stored`)
    return OPQ
  }

  // ---- the opcode step ----

  /** Parses one unit at `pos`; returns the new position, or NEED when more bytes are required. */
  private step(buf: Uint8Array, pos: number, base: number): number {
    const at = base + pos
    const avail = buf.length - pos
    if (this.mode === BETWEEN) {
      const b = buf[pos]!
      if (b === 0x80 || (isOpcode(b) && b !== 0x2e)) {
        if (this.options.multiple !== 'expected' && this.options.maxPickles === undefined) {
          this.ambiguous('trailing-pickle', at, `a second pickle starts at byte ${at}, after the STOP that ends the first: \`pickle.load\` reads only the first, other readers (a second load, a different loader) read more, so what runs depends on the reader; its content is scanned too`)
        }
        this.settle()
        this.m = newMachine(at, true)
        this.low = 0
        this.lenient = false
        this.mode = OP
        return pos
      }
      // Trailing line breaks and spaces (a text-mode write, a Python 2 NumPy object array) carry nothing.
      if (b === 0x0a || b === 0x0d || b === 0x20 || b === 0x09) return pos + 1
      if (this.options.trailing !== 'ignore') this.trailingAt = at
      this.mode = DONE
      return buf.length
    }
    if (this.mode === JPAD) {
      const padLen = buf[pos]!
      this.skip = padLen + this.pendingArray
      this.skipWhat = 'joblib array data'
      this.mode = OP
      return pos + 1
    }
    if (this.mode === JRAW) {
      // Old joblib arrays have no padding byte: a plain unpickler would read their first byte as an opcode.
      const b = buf[pos]!
      if (isOpcode(b)) {
        this.problem('unscannable', 'joblib-unpadded', at, `the joblib array data at byte ${at} starts with byte ${hex(b)}, a pickle opcode: a plain unpickler would run it as code, and what follows cannot be told apart from array data`)
      }
      this.skip = this.pendingArray
      this.skipWhat = 'joblib array data'
      this.mode = OP
      return pos
    }
    if (this.mode === SKIPLINE) {
      const nl = buf.indexOf(10, pos)
      if (nl < 0) return buf.length
      if (this.inLinePending > 0) {
        this.inLinePending--
        return nl + 1
      }
      this.mode = OP
      return nl + 1
    }
    const op = buf[pos]!
    this.started = true
    switch (op) {
      case 0x28: // MARK
        this.m.marks.push(this.m.stack.length)
        return pos + 1
      case 0x2e: // STOP
        return this.stop(at, pos + 1)
      case 0x30: {
        // POP: an empty stack above a mark pops the mark
        const m = this.m
        if (m.marks.length && m.stack.length === m.marks[m.marks.length - 1]) m.marks.pop()
        else this.pop(at)
        return pos + 1
      }
      case 0x31: // POP_MARK
        this.popMark(at, false)
        return pos + 1
      case 0x32: // DUP
        this.push(this.top(at), at)
        return pos + 1
      case 0x4a: // BININT
        if (avail < 5) return NEED
        this.push(intV(buf[pos + 1]! | (buf[pos + 2]! << 8) | (buf[pos + 3]! << 16) | (buf[pos + 4]! << 24)), at)
        return pos + 5
      case 0x4b: // BININT1
        if (avail < 2) return NEED
        this.push(intV(buf[pos + 1]!), at)
        return pos + 2
      case 0x4d: // BININT2
        if (avail < 3) return NEED
        this.push(intV(buf[pos + 1]! | (buf[pos + 2]! << 8)), at)
        return pos + 3
      case 0x4e: // NONE
        this.push(NONE, at)
        return pos + 1
      case 0x88:
        this.push(TRUE, at)
        return pos + 1
      case 0x89:
        this.push(FALSE, at)
        return pos + 1
      case 0x47: // BINFLOAT
        if (avail < 9) return NEED
        this.push(OPQ, at)
        return pos + 9
      case 0x8a: {
        // LONG1
        if (avail < 2) return NEED
        const n = buf[pos + 1]!
        if (avail < 2 + n) return NEED
        this.push(intV(n === 0 ? 0 : n <= 6 ? readSignedLE(buf, pos + 2, n) : NaN), at)
        return pos + 2 + n
      }
      case 0x8b: {
        // LONG4
        if (avail < 5) return NEED
        const n = readI32(buf, pos + 1)
        if (n < 0) return this.badLength(at, op, n, buf.length)
        return this.opaqueData(buf, pos, 5, n, intV(NaN), at, 'a LONG4 integer')
      }
      case 0x51: // BINPERSID
        this.pop(at)
        this.push(OPQ, at)
        return pos + 1
      case 0x52: {
        // REDUCE
        const args = this.pop(at)
        const fn = this.pop(at)
        this.push(this.call(fn, args, at, 'REDUCE'), at)
        return pos + 1
      }
      case 0x54: {
        // BINSTRING
        if (avail < 5) return NEED
        const n = readI32(buf, pos + 1)
        if (n < 0) return this.badLength(at, op, n, buf.length)
        return this.stringData(buf, pos, 5, n, at, true)
      }
      case 0x55: {
        if (avail < 2) return NEED
        return this.stringData(buf, pos, 2, buf[pos + 1]!, at, true)
      }
      case 0x58: {
        if (avail < 5) return NEED
        return this.stringData(buf, pos, 5, readU32(buf, pos + 1), at, false)
      }
      case 0x8c: {
        if (avail < 2) return NEED
        return this.stringData(buf, pos, 2, buf[pos + 1]!, at, false)
      }
      case 0x8d: {
        if (avail < 9) return NEED
        const n = readU64(buf, pos + 1)
        if (!Number.isSafeInteger(n)) return this.badLength(at, op, n, buf.length)
        return this.stringData(buf, pos, 9, n, at, false)
      }
      case 0x42: {
        if (avail < 5) return NEED
        return this.opaqueData(buf, pos, 5, readU32(buf, pos + 1), OPQ, at, 'a BINBYTES operand')
      }
      case 0x43: {
        if (avail < 2) return NEED
        return this.opaqueData(buf, pos, 2, buf[pos + 1]!, OPQ, at, 'a SHORT_BINBYTES operand')
      }
      case 0x8e:
      case 0x96: {
        if (avail < 9) return NEED
        const n = readU64(buf, pos + 1)
        if (!Number.isSafeInteger(n)) return this.badLength(at, op, n, buf.length)
        return this.opaqueData(buf, pos, 9, n, OPQ, at, `a ${OPCODE_NAMES[op]} operand`)
      }
      case 0x61: // APPEND
        this.pop(at)
        this.top(at)
        return pos + 1
      case 0x65: // APPENDS
      case 0x90: // ADDITEMS
        this.popMark(at, false)
        this.top(at)
        return pos + 1
      case 0x62: {
        // BUILD
        const state = this.pop(at)
        const obj = this.top(at)
        return this.build(obj, state, at, pos + 1)
      }
      case 0x64: {
        // DICT
        const m = this.m
        const mk = m.marks.length ? m.marks[m.marks.length - 1]! : -1
        const below = mk > 0 ? m.stack[mk - 1] : undefined
        const items = this.popMark(at, below?.k === 'w', DICT_KEEP * 2)
        let d: V = UNTRACKED_DICT
        if (items) {
          const e = new Map<string, V>()
          for (let i = 0; i + 1 < items.length; i += 2) {
            const key = items[i]!
            if (key.k === 's' && key.v !== null) e.set(key.v, items[i + 1]!)
          }
          d = { k: 'd', e }
        }
        this.push(d, at)
        return pos + 1
      }
      case 0x7d: {
        // EMPTY_DICT: tracked only when it is the state of a joblib array wrapper
        const s = this.m.stack
        this.push(s.length && s[s.length - 1]!.k === 'w' ? { k: 'd', e: new Map() } : UNTRACKED_DICT, at)
        return pos + 1
      }
      case 0x73: {
        // SETITEM
        const v = this.pop(at)
        const key = this.pop(at)
        const d = this.top(at)
        if (d.k === 'd' && d.e && key.k === 's' && d.e.size < DICT_KEEP) {
          if (key.p >= 0) this.decode(key)
          if (v.k === 's' && v.p >= 0) this.decode(v)
          if (key.v !== null) d.e.set(key.v, v)
        }
        return pos + 1
      }
      case 0x75: {
        // SETITEMS
        const m = this.m
        const mk = m.marks.length ? m.marks[m.marks.length - 1]! : -1
        const d = mk > 0 ? m.stack[mk - 1] : undefined
        const tracked = d?.k === 'd' && d.e !== null
        const items = this.popMark(at, tracked, DICT_KEEP * 2)
        if (tracked && items && d.k === 'd' && d.e) {
          for (let i = 0; i + 1 < items.length && d.e.size < DICT_KEEP; i += 2) {
            const key = items[i]!
            if (key.k === 's' && key.v !== null) d.e.set(key.v, items[i + 1]!)
          }
        }
        this.top(at)
        return pos + 1
      }
      case 0x68: // BINGET
        if (avail < 2) return NEED
        this.push(this.memoGet(buf[pos + 1]!, at), at)
        return pos + 2
      case 0x6a: // LONG_BINGET
        if (avail < 5) return NEED
        this.push(this.memoGet(readU32(buf, pos + 1), at), at)
        return pos + 5
      case 0x71: // BINPUT
        if (avail < 2) return NEED
        this.memoPut(buf[pos + 1]!, this.top(at), at)
        return pos + 2
      case 0x72: // LONG_BINPUT
        if (avail < 5) return NEED
        this.memoPut(readU32(buf, pos + 1), this.top(at), at)
        return pos + 5
      case 0x94: // MEMOIZE
        this.memoPut(this.m.memoLen, this.top(at), at)
        return pos + 1
      case 0x6c: // LIST
      case 0x91: // FROZENSET
        this.popMark(at, false)
        this.push(OPQ, at)
        return pos + 1
      case 0x5d: // EMPTY_LIST
      case 0x8f: // EMPTY_SET
      case 0x97: // NEXT_BUFFER
        this.push(OPQ, at)
        return pos + 1
      case 0x98: // READONLY_BUFFER
        this.top(at)
        return pos + 1
      case 0x6f: {
        // OBJ: the class is the first item after the MARK
        const m = this.m
        const mk = m.marks.length ? m.marks[m.marks.length - 1]! : -1
        const cls = mk >= 0 && mk < m.stack.length ? m.stack[mk]! : undefined
        this.popMark(at, false)
        if (!cls) this.structural(at, 'OBJ without a class')
        this.push(this.call(cls ?? OPQ, OPQ, at, 'OBJ'), at)
        return pos + 1
      }
      case 0x74: {
        // TUPLE
        const items = this.popMark(at, true)
        this.push(items ? (items.length === 0 ? EMPTY_TUPLE : items.includes(OPQ) ? OPAQUE_TUPLE : { k: 't', items }) : OPAQUE_TUPLE, at)
        return pos + 1
      }
      case 0x29:
        this.push(EMPTY_TUPLE, at)
        return pos + 1
      case 0x85: {
        const a = this.pop(at)
        this.push(a === OPQ ? OPAQUE_TUPLE : { k: 't', items: [this.kept(a)] }, at)
        return pos + 1
      }
      case 0x86: {
        const b = this.pop(at)
        const a = this.pop(at)
        this.push(a === OPQ || b === OPQ ? OPAQUE_TUPLE : { k: 't', items: [this.kept(a), this.kept(b)] }, at)
        return pos + 1
      }
      case 0x87: {
        const c = this.pop(at)
        const b = this.pop(at)
        const a = this.pop(at)
        this.push(a === OPQ || b === OPQ || c === OPQ ? OPAQUE_TUPLE : { k: 't', items: [this.kept(a), this.kept(b), this.kept(c)] }, at)
        return pos + 1
      }
      case 0x80: {
        // PROTO
        if (avail < 2) return NEED
        const v = buf[pos + 1]!
        if (v > 5) {
          this.fatal(at, 'protocol', `unsupported pickle protocol ${v} at byte ${at}; the scan stops (fail closed)`)
          return pos + 2
        }
        if (v > this.stats.protocol) this.stats.protocol = v
        return pos + 2
      }
      case 0x81: {
        // NEWOBJ
        const args = this.pop(at)
        const cls = this.pop(at)
        this.push(this.call(cls, args, at, 'NEWOBJ'), at)
        return pos + 1
      }
      case 0x92: {
        // NEWOBJ_EX
        this.pop(at)
        const args = this.pop(at)
        const cls = this.pop(at)
        this.push(this.call(cls, args, at, 'NEWOBJ_EX'), at)
        return pos + 1
      }
      case 0x82:
      case 0x83:
      case 0x84: {
        const n = op === 0x82 ? 1 : op === 0x83 ? 2 : 4
        if (avail < 1 + n) return NEED
        const code = n === 1 ? buf[pos + 1]! : n === 2 ? buf[pos + 1]! | (buf[pos + 2]! << 8) : readU32(buf, pos + 1)
        this.problem('dangerous', 'extension-code', at, `${OPCODE_NAMES[op]} at byte ${at} imports through the copyreg extension registry (code ${code}); the callable it names cannot be resolved statically`)
        this.push({ k: 'g', module: '?', name: `extension code ${code}` }, at)
        return pos + 1 + n
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.kept(this.pop(at))
        const module = this.kept(this.pop(at))
        if (module.k === 's' && name.k === 's' && module.v !== null && name.v !== null) {
          this.pin(module)
          this.pin(name)
          this.sink.global({ module: module.v, name: name.v, offset: at, opcode: 'STACK_GLOBAL' })
          this.push({ k: 'g', module: module.v, name: name.v }, at)
        } else {
          const what = (v: V) => (v.k === 's' ? (v.v === null ? 'a string too long to be a name' : JSON.stringify(v.v)) : v.k === 'o' ? 'a computed or unknown value' : `a ${KIND_NAMES[v.k]}`)
          const budget = this.memoFull ? ' (the pickle memoizes more than the scanner keeps, so a memoized operand may have been dropped)' : ''
          this.problem('dangerous', 'unresolved-stack-global', at, `STACK_GLOBAL at byte ${at} imports a global whose module is ${what(module)} and whose name is ${what(name)}: the import cannot be resolved statically${budget}`)
          this.push({ k: 'g', module: '?', name: '?' }, at)
        }
        return pos + 1
      }
      case 0x95: {
        // FRAME
        if (avail < 9) return NEED
        const n = readU64(buf, pos + 1)
        if (!Number.isSafeInteger(n)) return this.badLength(at, op, n, buf.length)
        if (this.m.frameEnd > at) {
          this.ambiguous('frame-overlap', at, `a FRAME opens at byte ${at} inside the frame that starts at byte ${this.frameAt} and ends at byte ${this.m.frameEnd}: unpicklers disagree on where the data of each frame lies, so what runs can differ from what any scanner sees`)
        }
        this.m.frameEnd = at + 9 + n
        this.frameAt = at
        return pos + 9
      }
      // ---- text-line operands (protocols 0 and 1) ----
      case 0x46: // FLOAT
      case 0x49: // INT
      case 0x4c: // LONG
      case 0x50: // PERSID
      case 0x53: // STRING
      case 0x56: // UNICODE
      case 0x67: // GET
      case 0x70: // PUT
        return this.lineOp(op, buf, pos, at)
      case 0x63: // GLOBAL
      case 0x69: // INST
        return this.globalOp(op, buf, pos, at)
      default:
        this.fatal(at, 'bad-opcode', `byte ${hex(op)} at offset ${at} is not a pickle opcode: the stream is not a valid pickle (corrupt, or not a pickle at all); the scan stops (fail closed)`)
        return buf.length
    }
  }

  private badLength(at: number, op: number, n: number, end: number): number {
    this.fatal(at, 'bad-length', `${OPCODE_NAMES[op]} at byte ${at} declares an invalid length (${n}); the scan stops (fail closed)`)
    return end
  }

  /** A length-prefixed operand whose content is not needed: consumes what is here and skips the rest. */
  private opaqueData(buf: Uint8Array, pos: number, hdr: number, n: number, v: V, at: number, what: string): number {
    const avail = buf.length - pos - hdr
    this.push(v, at)
    if (n <= avail) return pos + hdr + n
    this.skip = n - avail
    this.skipWhat = what
    return buf.length
  }

  private stringData(buf: Uint8Array, pos: number, hdr: number, n: number, at: number, latin1: boolean): number {
    if (n > KEEP_STR) return this.opaqueData(buf, pos, hdr, n, LONGSTR, at, 'a string operand')
    if (buf.length - pos - hdr < n) return NEED
    const s = pos + hdr
    this.push(this.lazy(s, n, latin1 ? 1 : 0), at)
    return s + n
  }

  private lineOp(op: number, buf: Uint8Array, pos: number, at: number): number {
    const nl = buf.indexOf(10, pos + 1)
    if (nl < 0) {
      const cap = op === 0x67 || op === 0x70 ? 64 : this.limits.maxLine
      if (buf.length - pos > cap) {
        if (op === 0x67 || op === 0x70) {
          this.fatal(at, 'malformed', `${OPCODE_NAMES[op]} at byte ${at} has an operand longer than ${cap} bytes: not a memo key; the scan stops (fail closed)`)
          return buf.length
        }
        // A very long text operand: its value is not needed, skip to the end of the line.
        this.push(op === 0x53 || op === 0x56 ? LONGSTR : OPQ, at)
        this.mode = SKIPLINE
        this.inLinePending = 0
        return buf.length
      }
      return NEED
    }
    const s = pos + 1
    switch (op) {
      case 0x46:
        this.push(OPQ, at)
        break
      case 0x49: {
        const t = latin1Text(buf, s, nl)
        this.push(t === '01' ? TRUE : t === '00' ? FALSE : intV(parseIntText(t)), at)
        break
      }
      case 0x4c:
        this.push(intV(parseIntText(latin1Text(buf, s, nl).replace(/L$/, ''))), at)
        break
      case 0x50:
        this.push(OPQ, at)
        break
      case 0x53: {
        const raw = latin1Text(buf, s, nl)
        const q = raw[0]
        if (raw.length < 2 || (q !== '"' && q !== "'") || raw[raw.length - 1] !== q) {
          this.structural(at, 'the STRING operand is not quoted')
          this.push(OPQ, at)
        } else this.push(str(nl - s > KEEP_STR + 2 ? null : unescapeString(raw.slice(1, -1))), at)
        break
      }
      case 0x56:
        this.push(str(nl - s > KEEP_STR * 6 ? null : unescapeRawUnicode(buf, s, nl)), at)
        break
      case 0x67: {
        const key = parseIntText(latin1Text(buf, s, nl))
        if (!Number.isSafeInteger(key)) this.structural(at, 'GET operand is not an integer')
        this.push(this.memoGet(key, at), at)
        break
      }
      case 0x70: {
        const key = parseIntText(latin1Text(buf, s, nl))
        if (!Number.isSafeInteger(key)) this.structural(at, 'PUT operand is not an integer')
        else this.memoPut(key, this.top(at), at)
        break
      }
    }
    return nl + 1
  }

  private globalOp(op: number, buf: Uint8Array, pos: number, at: number): number {
    const nl1 = buf.indexOf(10, pos + 1)
    const nl2 = nl1 < 0 ? -1 : buf.indexOf(10, nl1 + 1)
    if (nl2 < 0) {
      if (buf.length - pos > 4096) {
        this.problem('dangerous', 'malformed-global', at, `${OPCODE_NAMES[op]} at byte ${at} has an operand longer than 4096 bytes: the import cannot be resolved statically`)
        this.push({ k: 'g', module: '?', name: '?' }, at)
        this.mode = SKIPLINE
        this.inLinePending = nl1 < 0 ? 1 : 0
        return nl1 < 0 ? buf.length : nl1 + 1
      }
      return NEED
    }
    const module = this.bview.toString('utf8', pos + 1, nl1)
    const name = this.bview.toString('utf8', nl1 + 1, nl2)
    const opcode = op === 0x63 ? 'GLOBAL' : 'INST'
    this.sink.global({ module, name, offset: at, opcode })
    const g: V = { k: 'g', module, name }
    if (op === 0x63) this.push(g, at)
    else {
      const items = this.popMark(at, true) ?? []
      this.push(this.call(g, { k: 't', items }, at, 'INST'), at)
    }
    return nl2 + 1
  }

  /** A call site: the callable must be a named global; recognises numpy dtypes and joblib wrappers. */
  private call(fn: V, args: V, at: number, opcode: string): V {
    if (fn.k !== 'g') {
      this.problem('dangerous', 'computed-callable', at, `${opcode} at byte ${at} calls ${fn.k === 'o' ? 'a computed value (the result of another call, or an object built by the pickle)' : `a ${KIND_NAMES[fn.k]}`}, not an imported global: code reached this way cannot be vetted statically`)
      return OPQ
    }
    if (fn.name === 'dtype' && (fn.module === 'numpy' || fn.module.startsWith('numpy.'))) {
      const first = args.k === 't' && args.items?.length ? args.items[0]! : undefined
      return { k: 'dt', type: first?.k === 's' ? first.v : null, elsize: -1, flags: 0 }
    }
    if (fn.name === 'NumpyArrayWrapper' && JOBLIB_WRAPPER_MODULES.has(fn.module) && this.m.joblib) {
      this.sawWrapper = true
      return { k: 'w' }
    }
    return OPQ
  }

  private build(obj: V, state: V, at: number, next: number): number {
    if (obj.k === 'dt' && state.k === 't' && state.items) {
      const el = state.items[5]
      const fl = state.items[7]
      if (el?.k === 'i') obj.elsize = el.v
      if (fl?.k === 'i') obj.flags = fl.v
      return next
    }
    if (obj.k !== 'w') return next
    // joblib: the array's raw bytes follow the wrapper in the file (outside the pickle's opcodes).
    const fail = (why: string) => {
      this.fatal(at, 'joblib-array', `joblib array wrapper at byte ${at}: ${why}; the raw array bytes cannot be located, so the rest of the stream cannot be scanned (fail closed)`)
      return next
    }
    if (state.k !== 'd' || !state.e) return fail('its state is not a literal dict')
    const shape = state.e.get('shape')
    const dtype = state.e.get('dtype')
    const align = state.e.get('numpy_array_alignment_bytes')
    if (!shape || shape.k !== 't' || !shape.items || !shape.items.every((d) => d.k === 'i' && Number.isSafeInteger(d.v) && d.v >= 0)) return fail('its shape is not a tuple of integers')
    if (!dtype || dtype.k !== 'dt') return fail('its dtype is not a numpy dtype')
    // The array bytes are read from the file after the current frame (joblib commits the frame first).
    if (this.m.frameEnd > at + 1) return fail('it is followed by more opcodes in the same frame')
    const hasObject = (dtype.type ?? '').startsWith('O') || (dtype.flags & 1) === 1
    this.stats.joblibArrays++
    if (hasObject) {
      if (!this.m.joblib) return fail('object arrays nest deeper than one level')
      // An object array is pickled (protocol 2) right after the wrapper: scan it, then resume.
      this.settle()
      this.outer = this.m
      this.m = newMachine(at + 1, false)
      this.low = 0
      return next
    }
    const itemsize = dtype.elsize > 0 ? dtype.elsize : Number.parseInt((dtype.type ?? '').slice(1), 10)
    if (!Number.isSafeInteger(itemsize) || itemsize <= 0) return fail(`its dtype ${JSON.stringify(dtype.type)} has no known item size`)
    let count = 1
    for (const d of shape.items) count *= (d as { v: number }).v
    const nbytes = count * itemsize
    if (!Number.isSafeInteger(nbytes)) return fail('its size overflows')
    if (align && align.k === 'i') {
      this.pendingArray = nbytes
      this.mode = JPAD
    } else if (nbytes > 0) {
      this.pendingArray = nbytes
      this.mode = JRAW
    }
    return next
  }

  private stop(at: number, next: number): number {
    this.pop(at)
    if (this.outer) {
      // End of a joblib object array's nested pickle: resume the outer pickle.
      this.settle()
      this.m = this.outer
      this.outer = null
      this.low = this.m.stack.length
      return next
    }
    this.stats.pickles++
    this.stats.end = at + 1
    this.started = false
    if (this.options.maxPickles !== undefined && this.stats.pickles >= this.options.maxPickles) {
      this.mode = DONE
      return next
    }
    this.mode = BETWEEN
    return next
  }
}

const KIND_NAMES: Record<V['k'], string> = {
  o: 'computed value',
  s: 'string',
  i: 'integer',
  n: 'None',
  b: 'boolean',
  g: 'global',
  t: 'tuple',
  d: 'dict',
  dt: 'numpy dtype',
  w: 'joblib array wrapper',
}

// ---- byte helpers ---------------------------------------------------------------------------------------

/**
 * Shortens the stack to `n` items. Popping rather than setting `length` keeps the backing store: V8 shrinks it
 * when `length` drops far, and a pickle that fills and empties the stack by the thousand (a list built in
 * batches of 1000 APPENDS) then reallocates it on every batch.
 */
function truncate(stack: V[], n: number): void {
  while (stack.length > n) stack.pop()
}

/** An arena holding at least `need` bytes, with the first `used` of `a`. */
function grow(a: NativeSlices | null, used: number, need: number): NativeSlices {
  const grown = Buffer.allocUnsafeSlow(Math.max(4096, 2 * need)) as NativeSlices
  if (a !== null && used > 0) grown.set(a.subarray(0, used))
  return grown
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

function readU32(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000
}

function readI32(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)
}

function readU64(b: Uint8Array, p: number): number {
  return readU32(b, p) + readU32(b, p + 4) * 0x100000000
}

function readSignedLE(b: Uint8Array, p: number, n: number): number {
  let v = 0
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[p + i]!
  if (b[p + n - 1]! & 0x80) v -= 2 ** (8 * n)
  return v
}

function latin1Text(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 4096) return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[])
  let out = ''
  for (let i = s; i < e; i += 4096) out += String.fromCharCode.apply(null, b.subarray(i, Math.min(e, i + 4096)) as unknown as number[])
  return out
}

function parseIntText(t: string): number {
  const s = t.trim()
  if (!/^[+-]?\d+$/.test(s)) return NaN
  return Number(s)
}

/** Python's `codecs.escape_decode` for the common escapes (STRING operands). */
function unescapeString(s: string): string {
  if (!s.includes('\\')) return s
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(Number.parseInt(e.slice(1), 16))
    if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8) & 0xff)
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' }
    return map[e] ?? `\\${e}`
  })
}

/** Python's `raw-unicode-escape` (UNICODE operands): `\uXXXX` and `\UXXXXXXXX`, other bytes latin-1. */
function unescapeRawUnicode(b: Uint8Array, s: number, e: number): string {
  const t = latin1Text(b, s, e)
  if (!t.includes('\\')) return t
  return t.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, u: string | undefined, U: string | undefined) => String.fromCodePoint(Number.parseInt(u ?? U ?? '0', 16)))
}
