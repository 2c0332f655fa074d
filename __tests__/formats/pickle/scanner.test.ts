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
