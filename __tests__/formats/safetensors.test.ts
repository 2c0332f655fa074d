import { describe, expect, it } from '@jest/globals'
import { bytesSource } from '../../src/formats/archive/source.js'
import { validateSafetensors } from '../../src/formats/safetensors.js'
import { fixture } from './archive/support.js'

const validate = (rel: string) => validateSafetensors(bytesSource(fixture(rel)))

function build(header: unknown, data: number, raw?: string): Uint8Array {
  const h = new TextEncoder().encode(raw ?? JSON.stringify(header))
  const out = new Uint8Array(8 + h.length + data)
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true)
  out.set(h, 8)
  return out
}
const check = (header: unknown, data: number) => validateSafetensors(bytesSource(build(header, data)))

describe('validateSafetensors', () => {
  it('accepts valid files (including sub-byte dtypes and metadata)', async () => {
    expect(await validate('benign/model.safetensors')).toEqual({ valid: true, problems: [], headerLength: 160, tensors: 2, metadata: { format: 'pt' } })
    expect((await validate('benign/model_bf16_f4.safetensors')).valid).toBe(true)
    expect((await check({}, 0)).valid).toBe(true)
    expect((await check({ e: { dtype: 'F32', shape: [0, 3], data_offsets: [0, 0] } }, 0)).valid).toBe(true)
  })

  it('says exactly what is wrong', async () => {
    const msgs = async (rel: string) => (await validate(rel)).problems.map((p) => p.message)
    expect(await msgs('corrupt/header_too_long.safetensors')).toEqual(['the declared header length 10000000 runs past the end of the file (16 bytes): truncated or corrupt'])
    expect(await msgs('corrupt/overlap.safetensors')).toEqual(['tensor `b`: data_offsets [8, 24] overlap tensor `a` (which ends at 16)'])
    expect(await msgs('corrupt/hole.safetensors')).toEqual(['tensor `b`: bytes 4–8 of the data section before it belong to no tensor (a hole)'])
    expect(await msgs('corrupt/trailing.safetensors')).toEqual(['8 bytes at the end of the file belong to no tensor (the data section has 12 bytes, tensors cover 4)'])
    expect(await msgs('corrupt/bad_dtype.safetensors')).toEqual(['tensor `a`: unknown dtype "F128"'])
    expect(await msgs('corrupt/size_mismatch.safetensors')).toEqual(['tensor `a`: data_offsets [0, 8] hold 8 bytes, but shape [2,3] of F16 needs 12'])
    expect(await msgs('corrupt/metadata_not_strings.safetensors')).toEqual(['`__metadata__` must map strings to strings; `epochs` is a number'])
    expect((await msgs('corrupt/not_json.safetensors'))[0]).toMatch(/^the header is not valid JSON \(/)
  })

  it('checks the header length, encoding and shape', async () => {
    expect((await validateSafetensors(bytesSource(new Uint8Array(5)))).problems[0]!.message).toBe('the file has 5 bytes, fewer than the 8-byte header length')
    const big = new Uint8Array(16)
    new DataView(big.buffer).setBigUint64(0, 200_000_000n, true)
    expect((await validateSafetensors(bytesSource(big))).problems[0]!.message).toBe('the declared header length 200000000 exceeds the 100000000-byte cap')
    expect((await validateSafetensors(bytesSource(build(null, 0, '[1,2]')))).problems[0]!.message).toBe('the header does not start with `{`')
    const bad = build(null, 0, '{"a":"\u00e9"}')
    bad[bad.length - 3] = 0xff
    expect((await validateSafetensors(bytesSource(bad))).problems[0]!.message).toBe('the header is not valid UTF-8')
    expect((await check({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4)).problems[0]!.message).toBe('tensor `a`: shape [-1] is not a list of non-negative integers')
    expect((await check({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, 4)).problems[0]!.message).toBe('tensor `a`: data_offsets [4, 0] end before they start')
    expect((await check({ a: { dtype: 'F4', shape: [3], data_offsets: [0, 2] } }, 2)).problems[0]!.message).toBe('tensor `a`: 3 elements of F4 do not fill whole bytes')
    expect((await check({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 4)).problems[0]!.message).toBe(
      'tensor data ends at byte 8 of the data section, past the end of the file (the data section has 4 bytes): truncated',
    )
    expect((await check({ __metadata__: [1] }, 0)).problems[0]!.message).toBe('`__metadata__` is not an object')
  })

  it('reads only the header (streaming is never needed)', async () => {
    const bytes = fixture('benign/model.safetensors')
    let ranged = 0
    const src = { ...bytesSource(bytes), async readRange(s: number, e: number) { ranged += e - s; return bytes.subarray(s, e) }, stream: () => { throw new Error('no streaming') } }
    expect((await validateSafetensors(src)).valid).toBe(true)
    expect(ranged).toBe(8 + 160)
  })
})
