/**
 * Small files are read once per run and served from a bounded cache: every way of reading them (ranges, text,
 * streams, digests) must give exactly the bytes a direct read gives, and callers own what they get.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { WorkspaceView } from '../../src/adapters/fs/workspace.js'

let dir: string
const small = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff))
const large = Buffer.alloc(300 * 1024, 0x61) // over the small-file size: read from disk each time

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mg-ws-small-'))
  writeFileSync(path.join(dir, 'small.bin'), small)
  writeFileSync(path.join(dir, 'large.bin'), large)
  writeFileSync(path.join(dir, 'card.md'), '# Card\n\nText é\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function collect(it: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; chunks: number[] }> {
  const parts: Uint8Array[] = []
  for await (const c of it) parts.push(c)
  return { bytes: Buffer.concat(parts), chunks: parts.map((p) => p.length) }
}

describe('WorkspaceView small-file reads', () => {
  it('clamps a range to the file and returns a copy the caller may change', async () => {
    const v = new WorkspaceView(dir)
    const a = await v.readRange('small.bin', 10, 2 * 1024 * 1024)
    expect(Buffer.from(a)).toEqual(small.subarray(10))
    a.fill(0)
    expect(Buffer.from(await v.readRange('small.bin', 10, 20))).toEqual(small.subarray(10, 20))
    expect((await v.readRange('small.bin', 500, 400)).length).toBe(0)
    expect((await v.readRange('small.bin', 2000, 3000)).length).toBe(0)
  })

  it('streams ranges in the asked chunk size', async () => {
    const v = new WorkspaceView(dir)
    const s = await collect(v.stream('small.bin', { start: 3, end: 103, chunkSize: 32 }))
    expect(s.bytes).toEqual(small.subarray(3, 103))
    expect(s.chunks).toEqual([32, 32, 32, 4])
    expect((await collect(v.stream('small.bin'))).bytes).toEqual(small)
    expect((await collect(v.stream('small.bin', { start: 5, end: 5 }))).chunks).toEqual([])
  })

  it('digests and decodes from the same bytes', async () => {
    const v = new WorkspaceView(dir)
    expect(await v.digest('small.bin', 'sha256')).toBe(createHash('sha256').update(small).digest('hex'))
    expect(await v.digest('large.bin', 'md5')).toBe(createHash('md5').update(large).digest('hex'))
    expect(await v.readText('card.md')).toEqual({ text: '# Card\n\nText é\n', size: 16, truncated: false })
    expect(await v.readText('card.md', { maxBytes: 6 })).toEqual({ text: '# Card', size: 16, truncated: true })
  })

  it('reads large files from disk with the same results', async () => {
    const v = new WorkspaceView(dir)
    expect(Buffer.from(await v.readRange('large.bin', 300 * 1024 - 4, 400 * 1024))).toEqual(Buffer.from('aaaa'))
    expect((await collect(v.stream('large.bin', { start: 1, end: 11 }))).bytes).toEqual(Buffer.from('aaaaaaaaaa'))
  })
})
