import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { PickleScanner, type GlobalEvent, type PickleScanOptions, type ProblemEvent } from '../../../src/formats/pickle/scanner.js'
import { FIXTURES, fixture } from '../archive/support.js'

interface Run {
  globals: string[]
  problems: string[]
  summary: ReturnType<PickleScanner['end']>
}

function run(bytes: Uint8Array, chunk = bytes.length || 1, options: PickleScanOptions = {}): Run {
  const globals: string[] = []
  const problems: string[] = []
  const s = new PickleScanner(
    {
      global: (g: GlobalEvent) => globals.push(`${g.module}.${g.name}@${g.offset} ${g.opcode}`),
      problem: (p: ProblemEvent) => problems.push(`${p.kind}/${p.code}@${p.offset}: ${p.message}`),
    },
    options,
  )
  for (let i = 0; i < bytes.length; i += chunk) s.write(bytes.subarray(i, i + chunk))
  return { globals, problems, summary: s.end() }
}

const enc = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)))
const u8 = (...parts: (string | number[] | Uint8Array)[]) => {
  const arrays = parts.map((p) => (typeof p === 'string' ? enc(p) : p instanceof Uint8Array ? p : new Uint8Array(p)))
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0))
  let o = 0
  for (const a of arrays) {
    out.set(a, o)
    o += a.length
  }
  return out
}
const sbu = (s: string) => u8([0x8c, s.length], s) // SHORT_BINUNICODE

describe('PickleScanner', () => {
  it('reports the same globals, problems and opcode counts whatever the chunk size', () => {
    const files = ['malicious', 'benign', 'corrupt'].flatMap((d) =>
      readdirSync(join(FIXTURES, d))
        .filter((f) => /\.(pkl|joblib)$/.test(f) && !f.includes('gzip') && !f.includes('zlib') && !f.includes('bz2'))
        .map((f) => `${d}/${f}`),
    )
    expect(files.length).toBeGreaterThan(30)
    for (const f of files) {
      const bytes = fixture(f)
      const whole = run(bytes)
      for (const size of [1, 2, 3, 7, 64]) {
        const r = run(bytes, size)
        expect({ f, size, g: r.globals, p: r.problems, ops: r.summary.opcodes }).toEqual({ f, size, g: whole.globals, p: whole.problems, ops: whole.summary.opcodes })
      }
    }
  })

  it('resolves GLOBAL, INST and STACK_GLOBAL with offsets', () => {
    expect(run(fixture('malicious/reduce_os_system_p0.pkl')).globals).toEqual(['posix.system@0 GLOBAL'])
    expect(run(fixture('malicious/inst_os_system_p0.pkl')).globals).toEqual(['os.system@15 INST'])
    expect(run(fixture('malicious/reduce_subprocess_popen_p4.pkl')).globals).toEqual(['subprocess.Popen@32 STACK_GLOBAL'])
  })

  it('tracks STACK_GLOBAL operands through the memo (MEMOIZE / BINGET)', () => {
    const r = run(fixture('malicious/getattr_import_memo_p4.pkl'))
    expect(r.globals).toEqual(['builtins.getattr@22 STACK_GLOBAL', 'builtins.__import__@38 STACK_GLOBAL'])
    expect(r.problems).toEqual([
      'dangerous/computed-callable@69: REDUCE at byte 69 calls a computed value (the result of another call, or an object built by the pickle), not an imported global: code reached this way cannot be vetted statically',
    ])
  })

  it('tracks operands through PUT/GET (protocol 0) and BINPUT/LONG_BINPUT/LONG_BINGET', () => {
    // (S'os'\np0\nS'system'\np1\n ... protocol 4 STACK_GLOBAL fed by GET and LONG_BINGET
    const p = u8([0x80, 4], "S'os'\np7\n", sbu('system'), [0x72, 9, 0, 0, 0], [0x30, 0x30], 'g7\n', [0x6a, 9, 0, 0, 0], [0x93], '.')
    expect(run(p).globals).toEqual(['os.system@34 STACK_GLOBAL'])
    expect(run(p).problems).toEqual([])
  })

  it('treats STACK_GLOBAL operands it cannot resolve as dangerous', () => {
    const r = run(fixture('malicious/stack_global_computed_p4.pkl'))
    expect(r.globals).toEqual(['builtins.str@17 STACK_GLOBAL'])
    expect(r.problems).toEqual([
      'dangerous/unresolved-stack-global@35: STACK_GLOBAL at byte 35 imports a global whose module is a computed or unknown value and whose name is "system": the import cannot be resolved statically',
    ])
  })

  it('treats the extension registry as unresolvable', () => {
    expect(run(fixture('malicious/ext1_p2.pkl')).problems).toEqual([
      'dangerous/extension-code@2: EXT1 at byte 2 imports through the copyreg extension registry (code 1); the callable it names cannot be resolved statically',
    ])
  })

  it('scans pickles back to back', () => {
    const r = run(fixture('malicious/benign_then_malicious.pkl'))
    expect(r.globals).toEqual(['posix.system@69 STACK_GLOBAL'])
    expect(r.summary).toMatchObject({ pickles: 2, complete: true })
  })

  it('stops after maxPickles (legacy PyTorch) and ignores the raw storages', () => {
    const r = run(fixture('benign/state_dict_legacy.pt'), 5, { maxPickles: 5 })
    expect(r.problems).toEqual([])
    expect(r.summary.pickles).toBe(5)
    const unlimited = run(fixture('benign/state_dict_legacy.pt'))
    expect(unlimited.problems.some((p) => p.startsWith('unscannable/'))).toBe(true)
  })

  it('reports bytes after the last pickle that do not start another', () => {
    const r = run(u8([0x80, 2, 0x4e, 0x2e], [1, 2, 3]))
    expect(r.problems).toEqual(['unscannable/trailing-data@4: 3 bytes follow the last pickle at byte 4 and do not start another pickle; they cannot be scanned'])
    expect(run(u8([0x80, 2, 0x4e, 0x2e], [1, 2, 3]), 2, { trailing: 'ignore' }).problems).toEqual([])
  })

  it('reports truncation precisely', () => {
    expect(run(u8([0x80, 4, 0x95, 9, 0, 0, 0, 0, 0, 0, 0, 0x8c, 5], 'ab')).problems).toEqual([
      'unscannable/truncated@11: the data ends inside a SHORT_BINUNICODE opcode: the file is truncated or damaged (at byte 11)',
    ])
    expect(run(u8([0x80, 2, 0x5d])).problems).toEqual(['unscannable/truncated@3: the pickle ends without a STOP opcode: the file is truncated or damaged (at byte 3)'])
    expect(run(u8([0x80, 4, 0x8e, 0, 1, 0, 0, 0, 0, 0, 0], new Uint8Array(100)), 16).problems).toEqual([
      'unscannable/truncated@111: the data ends inside a BINBYTES8 operand (156 more bytes expected): the file is truncated or damaged (at byte 111)',
    ])
    expect(run(new Uint8Array(0)).problems).toEqual(['unscannable/truncated@0: the stream is empty: the file is truncated or damaged (at byte 0)'])
  })

  it('stops on an invalid opcode and on an unsupported protocol', () => {
    expect(run(fixture('corrupt/bad_opcode.pkl')).problems).toEqual([
      'unscannable/bad-opcode@5: byte 0xff at offset 5 is not a pickle opcode: the stream is not a valid pickle (corrupt, or not a pickle at all); the scan stops (fail closed)',
    ])
    expect(run(u8([0x80, 6, 0x4e, 0x2e])).problems).toEqual(['unscannable/protocol@0: unsupported pickle protocol 6 at byte 0; the scan stops (fail closed)'])
  })

  it('skips large operands without buffering them, across chunks', () => {
    const big = new Uint8Array(3_000_000).fill(0x41)
    const p = u8([0x80, 4, 0x58], [0xc0, 0xc6, 0x2d, 0], big, [0x30], sbu('os'), sbu('system'), [0x93, 0x2e])
    const r = run(p, 65536)
    expect(r.globals).toEqual([`os.system@${3 + 4 + 3_000_000 + 1 + 4 + 8} STACK_GLOBAL`])
    expect(r.problems).toEqual([])
  })

  it('goes on in lenient mode after a malformed stretch, so later imports are still seen', () => {
    const p = u8([0x80, 2, 0x30], 'cos\nsystem\n', [0x2e])
    const r = run(p)
    expect(r.problems).toEqual(['unscannable/malformed@2: malformed pickle at byte 2: stack underflow; an unpickler stops here, the scan goes on in lenient mode'])
    expect(r.globals).toEqual(['os.system@3 GLOBAL'])
  })

  it('fails closed when the stack exceeds its budget', () => {
    const p = u8([0x80, 2, 0x28], new Uint8Array(50).fill(0x4e), [0x74, 0x2e])
    expect(run(p, 1000, { limits: { maxStack: 20 } }).problems).toEqual(['unscannable/too-deep@23: the pickle stack exceeds 20 items at byte 23; the scan stops (fail closed)'])
  })

  it('says so when a memoized operand was dropped by the memo budget', () => {
    const p = u8([0x80, 4], sbu('aaa'), [0x94], sbu('os'), [0x94], sbu('system'), [0x94], [0x30, 0x30, 0x30], [0x68, 1, 0x68, 2, 0x93, 0x2e])
    const r = run(p, 1000, { limits: { memoWindow: 1, memoPinned: 0 } })
    expect(r.problems).toEqual([
      'dangerous/unresolved-stack-global@29: STACK_GLOBAL at byte 29 imports a global whose module is a computed or unknown value and whose name is "system": the import cannot be resolved statically (the pickle memoizes more than the scanner keeps, so a memoized operand may have been dropped)',
    ])
    // With the default budgets the same pickle resolves.
    expect(run(p).globals).toEqual(['os.system@29 STACK_GLOBAL'])
  })

  it('skips joblib raw array bytes and scans the nested pickle of object arrays', () => {
    const r = run(fixture('benign/estimator.joblib'), 3)
    expect(r.problems).toEqual([])
    expect(r.summary).toMatchObject({ pickles: 1, joblibArrays: 3, complete: true })
    const obj = run(fixture('malicious/joblib_object_array.joblib'), 5)
    expect(obj.globals.filter((g) => g.startsWith('posix'))).toEqual(['posix.system@639 GLOBAL'])
    expect(obj.summary.joblibArrays).toBe(4)
  })

  it('keeps what resolution needs (globals, operand strings, dtypes, joblib shapes) beyond the recent memo window', () => {
    for (const rel of ['benign/estimator.joblib', 'benign/estimator_object_array.joblib', 'benign/state_dict_legacy.pt']) {
      const r = run(fixture(rel), 7, { limits: { memoWindow: 1 }, maxPickles: rel.endsWith('.pt') ? 5 : undefined })
      expect({ rel, p: r.problems }).toEqual({ rel, p: [] })
      expect(r.globals).toEqual(run(fixture(rel), 7, { maxPickles: rel.endsWith('.pt') ? 5 : undefined }).globals)
    }
  })

  it('flags joblib array data in the middle of a frame (where a plain unpickler would read opcodes)', () => {
    const bytes = fixture('benign/estimator.joblib')
    // Extend the first frame by one byte so that the array data starts inside it.
    const copy = bytes.slice()
    copy[3] = copy[3]! + 1
    const r = run(copy)
    expect(r.problems[0]).toMatch(/^unscannable\/joblib-array@\d+: joblib array wrapper at byte \d+: it is followed by more opcodes in the same frame; the raw array bytes cannot be located/)
  })

  it('reports unaligned (old) joblib array data whose first byte a plain unpickler would run as an opcode', () => {
    expect(run(fixture('benign/estimator_unaligned.joblib'), 4).problems).toEqual([])
    expect(run(fixture('corrupt/unaligned_opcode.joblib'), 4).problems).toEqual([
      expect.stringMatching(/^unscannable\/joblib-unpadded@\d+: the joblib array data at byte \d+ starts with byte 0x4e, a pickle opcode: a plain unpickler would run it as code/),
    ])
  })
})

// ---- the hot loop, lazy strings and chunk boundaries ----

const memoize = [0x94]
const binget = (k: number) => [0x68, k]
const longBinget = (k: number) => [0x6a, k & 255, (k >> 8) & 255, (k >> 16) & 255, (k >>> 24) & 255]
const binfloat = [0x47, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0]

/**
 * An opcode-dense protocol-4 pickle using every opcode the hot loop handles: (name, int, float) records with
 * memoized names (as pickle.dumps writes lists of tuples), BINUNICODE and SHORT_BINSTRING strings, kept
 * (str, int) tuples, a dict filled by SETITEMS, then STACK_GLOBALs whose operands come from the memo (put
 * `records` records earlier), from DUP and from SHORT_BINSTRING.
 */
function dense(records: number): Uint8Array {
  const parts: (string | number[] | Uint8Array)[] = [[0x80, 4], sbu('os'), memoize, sbu('system'), memoize, [0x30, 0x30], [0x5d], memoize, [0x28]]
  let key = 3
  for (let i = 0; i < records; i++) {
    parts.push(sbu(`layer.${i}.weight`), memoize, [0x4b, i & 255], binfloat, [0x87])
    key++
    if (i % 7 === 3) parts.push([0x58, 4, 0, 0, 0], 'bias', [0x4d, 0x34, 0x12, 0x86]) // (BINUNICODE, BININT2) kept
    if (i % 11 === 5) parts.push([0x55, 3], 'abc', [0x4a, 1, 2, 3, 4, 0x4e, 0x88, 0x89, 0x29, 0x85, 0x87]) // SHORT_BINSTRING …
  }
  parts.push([0x65]) // APPENDS
  parts.push([0x7d, 0x28], sbu('k'), [0x4b, 1], sbu('j'), [0x43, 2, 9, 9], [0x75, 0x30]) // {k: 1, j: b'..'} then POP
  parts.push(longBinget(0), binget(1), [0x93]) // os.system from the memo
  parts.push(sbu('builtins'), [0x32, 0x30], sbu('eval'), [0x93]) // DUP'd module string
  parts.push([0x55, 10], 'subprocess', [0x55, 5], 'Popen', [0x93]) // latin-1 strings
  parts.push([0x86, 0x86, 0x2e])
  expect(key).toBe(records + 3)
  const chunks: Uint8Array[] = []
  for (let i = 0; i < parts.length; i += 10_000) chunks.push(u8(...parts.slice(i, i + 10_000)))
  return u8(...chunks)
}

describe('PickleScanner hot loop', () => {
  it('resolves memoized, duplicated and latin-1 STACK_GLOBAL operands in an opcode-dense pickle', () => {
    const p = dense(40)
    const r = run(p)
    const end = p.length - 3
    expect(r.globals).toEqual([`os.system@${end - 40} STACK_GLOBAL`, `builtins.eval@${end - 21} STACK_GLOBAL`, `subprocess.Popen@${end - 1} STACK_GLOBAL`])
    expect(r.problems).toEqual([])
    expect(r.summary).toMatchObject({ pickles: 1, complete: true, end: p.length })
  })

  it('gives identical results for every chunk size from 1 to 7 and for a split at every offset', () => {
    for (const limits of [{}, { memoPinned: 0 }, { memoPinned: 0, memoWindow: 8 }]) {
      const p = dense(30)
      const whole = run(p, p.length, { limits })
      for (let size = 1; size <= 7; size++) {
        const r = run(p, size, { limits })
        expect({ size, limits, g: r.globals, p: r.problems, s: r.summary }).toEqual({ size, limits, g: whole.globals, p: whole.problems, s: whole.summary })
      }
      for (let k = 0; k <= p.length; k++) {
        const globals: string[] = []
        const problems: string[] = []
        const s = new PickleScanner({ global: (g) => globals.push(`${g.module}.${g.name}@${g.offset} ${g.opcode}`), problem: (e) => problems.push(`${e.kind}/${e.code}@${e.offset}: ${e.message}`) }, { limits })
        s.write(p.subarray(0, k))
        s.write(p.subarray(k))
        expect({ k, limits, g: globals, p: problems, s: s.end() }).toEqual({ k, limits, g: whole.globals, p: whole.problems, s: whole.summary })
      }
    }
  })

  it('keeps memoized strings right across many large chunks, and never serves a reused one for a dropped key', () => {
    // 30,000 records (~1 MB): strings are created lazily, decoded when a chunk ends only if still reachable,
    // and the unreachable ones are reused. With the memo budgets lowered, `os` (key 0) is dropped long before
    // it is fetched: STACK_GLOBAL must say the module is unknown, not some other (reused) string.
    const p = dense(30_000)
    for (const size of [p.length, 100_000, 65_536 + 3, 4096, 1000]) {
      expect({ size, ...run(p, size) }).toMatchObject({ size, problems: [], globals: expect.arrayContaining([expect.stringMatching(/^os\.system@\d+ STACK_GLOBAL$/)]) })
      const r = run(p, size, { limits: { memoPinned: 0, memoWindow: 64 } })
      expect({ size, g: r.globals.map((g) => g.replace(/@\d+/, '')) }).toEqual({ size, g: ['builtins.eval STACK_GLOBAL', 'subprocess.Popen STACK_GLOBAL'] })
      expect(r.problems).toEqual([
        expect.stringMatching(/^dangerous\/unresolved-stack-global@\d+: STACK_GLOBAL at byte \d+ imports a global whose module is a computed or unknown value and whose name is a computed or unknown value: .*\(the pickle memoizes more than the scanner keeps/),
      ])
    }
  })

  it('bounds the lazy strings it tracks whatever the size of one write', () => {
    // 200,000 one-byte memoized strings in a single write: the memo puts awaiting `settle` are a ring sized to the
    // memo window (twice 4,096, rounded to a power of two), however many strings one write holds.
    const one = u8(sbu('x'), [0x94])
    const many = new Uint8Array(one.length * 200_000)
    for (let i = 0; i < 200_000; i++) many.set(one, i * one.length)
    const p = u8([0x80, 4], sbu('os'), [0x94], sbu('system'), [0x94, 0x5d, 0x28], many, [0x65, 0x30], binget(0), binget(1), [0x93], longBinget(200_001), sbu('y'), [0x93, 0x86, 0x2e])
    const globals: string[] = []
    const s = new PickleScanner({ global: (g) => globals.push(`${g.module}.${g.name}`), problem: (e) => globals.push(e.code) })
    s.write(p)
    expect((s as unknown as { pending: Int32Array }).pending.length).toBe(8192)
    expect(s.end()).toMatchObject({ complete: true, opcodes: 1 + 4 + 2 + 400_000 + 2 + 3 + 5 })
    expect(globals).toEqual(['os.system', 'x.y'])
    expect(run(p, 4096).globals.map((g) => g.replace(/@.*/, ''))).toEqual(['os.system', 'x.y'])
  })

  it('reports an opcode cut by a large chunk boundary once and goes on in the chunk (no copy of the rest)', () => {
    // A FRAME that ends inside a SHORT_BINUNICODE, placed across a chunk boundary larger than the join head.
    const pad = new Uint8Array(70_000).fill(0x4e) // NONE × 70,000 (no MARK: the stack grows, within budget)
    const body = u8(pad, [0x95, 3, 0, 0, 0, 0, 0, 0, 0], sbu('os'), sbu('system'), [0x93, 0x2e])
    const p = u8([0x80, 4], body)
    const whole = run(p)
    expect(whole.globals).toEqual([`os.system@${2 + 70_000 + 9 + 4 + 8} STACK_GLOBAL`])
    expect(whole.problems).toEqual([expect.stringMatching(/^ambiguous\/frame-straddle@70011: the SHORT_BINUNICODE opcode at byte 70011 runs past the end of the frame that starts at byte 70002 and ends at byte 70014/)])
    for (const size of [70_012, 70_013, 70_000, 65_536, 1 << 20]) {
      const r = run(p, size)
      expect({ size, g: r.globals, p: r.problems, s: r.summary }).toEqual({ size, g: whole.globals, p: whole.problems, s: whole.summary })
    }
  })
})

// ---- records put in the memo as bytes (no string object), and the memo arena ----

/** A record as pickle.dumps writes a list of (name, int, float) tuples: the name memoized, then the tuple. */
const rec = (name: string | number[], op = 0x8c) => {
  const bytes = typeof name === 'string' ? [...Buffer.from(name, op === 0x55 ? 'latin1' : 'utf8')] : name
  return u8([op, bytes.length], bytes, memoize, [0x4b, 7], binfloat, [0x87])
}

describe('PickleScanner records and memo arena', () => {
  // A list (memo key 0) of 12 records (keys 1..12), then STACK_GLOBAL on two memoized names.
  const names = ['os', 'system', 'n2', 'n3', 'n4', 'builtins', 'eval', 'n7', 'n8', 'n9', 'n10', 'n11']
  const records = (get: [number, number]) => {
    const body = u8(...names.map((n) => rec(n)))
    return u8([0x80, 4, 0x5d], memoize, [0x28], body, [0x65], binget(get[0]), binget(get[1]), [0x93, 0x86, 0x2e])
  }
  const SIZES = [1, 2, 3, 4, 5, 6, 7, 13, 64, 4096]

  it('reads memoized record names back from later buffers, in every generation of the memo window', () => {
    for (const limits of [{}, { memoPinned: 0 }, { memoPinned: 0, memoWindow: 8 }, { memoPinned: 0, memoWindow: 4 }]) {
      // With a window of 4, generations start every 4 puts (0, 4, 8, 12): after put 12 the previous generation
      // holds keys 8..11 (puts 8..11), so keys 9 and 10 (n8, n9) are live and key 6 is not.
      const p = records(limits.memoWindow === 4 ? [9, 10] : [6, 7])
      const at = p.length - 3
      const want = limits.memoWindow === 4 ? `n8.n9@${at} STACK_GLOBAL` : `builtins.eval@${at} STACK_GLOBAL`
      for (const size of [...SIZES, p.length]) {
        const r = run(p, size, { limits })
        expect({ size, limits, g: r.globals, p: r.problems, ops: r.summary.opcodes }).toEqual({ size, limits, g: [want], p: [], ops: 4 + 5 * 12 + 1 + 2 + 3 })
      }
    }
  })

  it('never serves a record name that left the memo window', () => {
    // With a window of 4, keys 1 and 2 (os, system) are two generations back when STACK_GLOBAL reads them.
    const p = records([1, 2])
    const at = p.length - 3
    for (const size of [...SIZES, p.length]) {
      const r = run(p, size, { limits: { memoPinned: 0, memoWindow: 4 } })
      expect({ size, g: r.globals }).toEqual({ size, g: [] })
      expect({ size, p: r.problems }).toEqual({
        size,
        p: [`dangerous/unresolved-stack-global@${at}: STACK_GLOBAL at byte ${at} imports a global whose module is a computed or unknown value and whose name is a computed or unknown value: the import cannot be resolved statically (the pickle memoizes more than the scanner keeps, so a memoized operand may have been dropped)`],
      })
    }
  })

  it('decodes latin-1 (SHORT_BINSTRING) and UTF-8 record names read back from the memo', () => {
    const p = u8([0x80, 4, 0x5d], memoize, [0x28], rec('mod\u00e9', 0x55), rec('nam\u00e9'), rec([0xe2, 0x82, 0xac]), [0x65], binget(1), binget(2), [0x93], binget(3), [0x30, 0x86, 0x2e])
    for (const limits of [{}, { memoPinned: 0 }]) {
      for (const size of [...SIZES, p.length]) {
        expect({ size, limits, g: run(p, size, { limits }).globals }).toEqual({ size, limits, g: [`mod\u00e9.nam\u00e9@${p.length - 6} STACK_GLOBAL`] })
      }
    }
  })

  it('keeps the stack budget exact inside a record', () => {
    // 20 items fit: 17 NONEs and a record (name, int, float) reach exactly 20 before TUPLE3; 18 NONEs do not.
    for (const nones of [17, 18]) {
      const p = u8([0x80, 4], new Uint8Array(nones).fill(0x4e), rec('os'), [0x2e])
      const floatAt = 2 + nones + 2 + 2 + 1 + 2
      for (const limits of [{ maxStack: 20 }, { maxStack: 20, memoPinned: 0 }]) {
        for (const size of [1, 5, p.length]) {
          expect({ nones, size, p: run(p, size, { limits }).problems }).toEqual({ nones, size, p: nones === 17 ? [] : [`unscannable/too-deep@${floatAt}: the pickle stack exceeds 20 items at byte ${floatAt}; the scan stops (fail closed)`] })
        }
      }
    }
  })

  it('reports a frame that ends inside a record at the opcode it cuts', () => {
    // FRAME at byte 2, 9 bytes long: its data (bytes 11..19) ends inside the BINFLOAT of the first record (bytes 17..25).
    const p = u8([0x80, 4, 0x95, 9, 0, 0, 0, 0, 0, 0, 0], rec('os'), rec('system'), [0x30], binget(0), binget(1), [0x93, 0x86, 0x2e])
    const at = 11 + 2 + 2 + 1 + 2
    for (const limits of [{}, { memoPinned: 0 }]) {
      for (const size of [...SIZES, p.length]) {
        const r = run(p, size, { limits })
        expect({ size, g: r.globals, p: r.problems }).toEqual({
          size,
          g: [`os.system@${p.length - 3} STACK_GLOBAL`],
          p: [`ambiguous/frame-straddle@${at}: the BINFLOAT opcode at byte ${at} runs past the end of the frame that starts at byte 2 and ends at byte 20: CPython before 3.13.x reads the rest of the operand from outside the frame, other readers stop at its boundary, so what an unpickler runs can differ from what any scanner sees`],
        })
      }
    }
  })

  it('handles a record whose MEMOIZE overwrites a key set before', () => {
    // BINPUT 1 stores "x" under key 1: one key is set, so MEMOIZE uses key 1 (the memo's size), in both records.
    const p = u8([0x80, 4], sbu('x'), [0x71, 1, 0x30], rec('os'), rec('system'), [0x30, 0x30], sbu('os'), binget(1), [0x93, 0x2e])
    for (const limits of [{}, { memoPinned: 0 }]) {
      for (const size of [...SIZES, p.length]) {
        const r = run(p, size, { limits })
        expect({ size, g: r.globals, p: r.problems }).toEqual({ size, g: [`os.system@${p.length - 2} STACK_GLOBAL`], p: [] })
      }
    }
  })
})
