/**
 * One read per file (issue #15): an artifact the scanner reads whole (a pickle) is hashed on the way, so the
 * inventory and the audit record take its sha256 from the scan and the file is not read again to hash it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { WorkspaceView } from '../../../src/adapters/fs/workspace.js'
import type { StreamOptions } from '../../../src/core/files.js'
import { runGate } from '../../../src/core/gate.js'
import { bytesSource } from '../../../src/formats/archive/source.js'
import { hashingSource } from '../../../src/rules/artifact/shared.js'
import { ruleSet } from '../../../src/rules/index.js'
import { policyFrom } from '../../support/harness.js'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

async function drain(it: AsyncIterable<Uint8Array>, stopAfter = Infinity): Promise<number> {
  let n = 0
  for await (const c of it) {
    n += c.length
    if (n >= stopAfter) break
  }
  return n
}

describe('hashingSource', () => {
  const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff))
  const chunked = () => {
    const inner = bytesSource(bytes)
    // Small chunks, so that a consumer can stop in the middle.
    return { ...inner, async *stream(start = 0, end = bytes.length) {
      for (let p = start; p < end; p += 700) yield bytes.subarray(p, Math.min(p + 700, end))
    } }
  }

  it('a stream of the whole file gives its sha256', async () => {
    const s = hashingSource(chunked())
    expect(s.digest()).toBeUndefined()
    expect(await drain(s.stream())).toBe(bytes.length)
    expect(s.digest()).toBe(sha(bytes))
  })

  it('a stream stopped early, or of part of the file, gives none', async () => {
    const early = hashingSource(chunked())
    await drain(early.stream(), 1400)
    expect(early.digest()).toBeUndefined()
    const part = hashingSource(chunked())
    await drain(part.stream(100))
    await drain(part.stream(0, 4000))
    expect(part.digest()).toBeUndefined()
  })

  it('only the first whole stream is hashed; ranges pass through', async () => {
    const s = hashingSource(chunked())
    expect(Buffer.from(await s.readRange(10, 20))).toEqual(bytes.subarray(10, 20))
    await drain(s.stream(), 700) // the first whole stream, stopped: no digest, and none later
    await drain(s.stream())
    expect(s.digest()).toBeUndefined()
  })
})

describe('a pickle over the small-file size is read once', () => {
  let dir: string
  // Protocol 2: an empty list, MARK, 200,000 × BININT1, APPENDS, STOP: ~400 KB, over the 256 KiB small-file cache.
  const pickle = Buffer.concat([Buffer.from([0x80, 0x02, 0x5d, 0x28]), Buffer.alloc(400_000, 0).map((_, i) => (i % 2 ? 7 : 0x4b)), Buffer.from([0x65, 0x2e])])

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mg-one-read-'))
    mkdirSync(path.join(dir, 'models/m'), { recursive: true })
    writeFileSync(path.join(dir, 'models/m/model.pkl'), pickle)
    writeFileSync(path.join(dir, 'models/m/README.md'), '---\nlicense: mit\n---\n# M\n\nA model.\n')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('the scan streams it once and the inventory takes its sha256 from that pass', async () => {
    const digests: string[] = []
    let streamed = 0
    class Counting extends WorkspaceView {
      override digest(p: string, algorithm: 'sha256' | 'md5') {
        digests.push(p)
        return super.digest(p, algorithm)
      }
      override async *stream(p: string, options?: StreamOptions) {
        for await (const c of super.stream(p, options)) {
          if (p === 'models/m/model.pkl') streamed += c.length
          yield c
        }
      }
    }
    const files = new Counting(dir)
    const result = await runGate({ ruleSet, policy: policyFrom(undefined), files, run: { event: 'local', policyPath: '.github/modelgate.yml', now: new Date('2026-12-05T00:00:00Z') }, all: true, tool: { name: 'modelgate', version: '0' } })
    expect(streamed).toBe(pickle.length)
    expect(digests).not.toContain('models/m/model.pkl')
    const table = result.report.tables?.find((t) => t.id === 'artifacts')
    expect(table?.rows).toEqual([['models/m/model.pkl', 'pickle', String(pickle.length), sha(pickle), '—']])
  })
})
