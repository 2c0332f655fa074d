/**
 * A random-access, streamable byte source: what the artifact scanners read. The rules adapt a `FileView`
 * path to it; tests and nested archives use in-memory and sliced sources. Pure: no file system here.
 */

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number
  /** Bytes [start, end) (fewer at the end of the source). */
  readRange(start: number, end: number): Promise<Uint8Array>
  /** Streams bytes [start, end) in chunks; memory stays bounded by the chunk size. */
  stream(start?: number, end?: number): AsyncIterable<Uint8Array>
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async readRange(start, end) {
      return bytes.subarray(Math.max(0, start), Math.min(end, bytes.length))
    },
    async *stream(start = 0, end = bytes.length) {
      const stop = Math.min(end, bytes.length)
      for (let i = start; i < stop; i += 1 << 20) yield bytes.subarray(i, Math.min(i + (1 << 20), stop))
    },
  }
}

/** The bytes [offset, offset + size) of another source, as a source of its own. */
export function sliceSource(parent: ByteSource, offset: number, size: number): ByteSource {
  return {
    size,
    readRange(start, end) {
      return parent.readRange(offset + Math.max(0, start), offset + Math.min(end, size))
    },
    stream(start = 0, end = size) {
      return parent.stream(offset + start, offset + Math.min(end, size))
    },
  }
}

/** Reads at most `max` bytes of a stream into one buffer; `truncated` says whether more followed. */
export async function readAtMost(chunks: AsyncIterable<Uint8Array>, max: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const parts: Uint8Array[] = []
  let total = 0
  let truncated = false
  for await (const c of chunks) {
    if (total + c.length > max) {
      parts.push(c.subarray(0, max - total))
      total = max
      truncated = true
      break
    }
    parts.push(c)
    total += c.length
  }
  return { bytes: concatBytes(parts, total), truncated }
}

export function concatBytes(parts: Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const n = total ?? parts.reduce((s, p) => s + p.length, 0)
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/**
 * Splits a stream into its first `n` bytes (or fewer at the end) and the rest, to sniff a format before reading
 * on; `close` ends the source when the rest is not wanted.
 */
export async function splitHead(chunks: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array>; close: () => Promise<void> }> {
  const it = chunks[Symbol.asyncIterator]()
  const parts: Uint8Array[] = []
  let got = 0
  let done = false
  while (got < n) {
    const r = await it.next()
    if (r.done) {
      done = true
      break
    }
    parts.push(r.value)
    got += r.value.length
  }
  const all = concatBytes(parts, got)
  const head = all.subarray(0, Math.min(n, all.length))
  const leftover = all.subarray(head.length)
  async function* rest(): AsyncIterable<Uint8Array> {
    if (leftover.length) yield leftover
    if (done) return
    for (;;) {
      const r = await it.next()
      if (r.done) return
      yield r.value
    }
  }
  return {
    head,
    rest: rest(),
    close: async () => {
      await it.return?.()
    },
  }
}

/** A forward reader over a source with a small window: for walking structures whose big fields are skipped. */
export class WindowReader {
  private buf: Uint8Array = new Uint8Array(0)
  private bufStart = 0
  pos: number

  constructor(
    private readonly src: ByteSource,
    start = 0,
    private readonly window = 64 * 1024,
  ) {
    this.pos = start
  }

  get size(): number {
    return this.src.size
  }

  /** Ensures `n` bytes at the current position are buffered; false at the end of the source. */
  async ensure(n: number): Promise<boolean> {
    const off = this.pos - this.bufStart
    if (off >= 0 && off + n <= this.buf.length) return true
    if (this.pos + n > this.src.size) return false
    this.buf = await this.src.readRange(this.pos, Math.min(this.src.size, this.pos + Math.max(n, this.window)))
    this.bufStart = this.pos
    return this.buf.length >= n
  }

  /** `n` bytes at the current position (call `ensure` first); advances. */
  take(n: number): Uint8Array {
    const off = this.pos - this.bufStart
    this.pos += n
    return this.buf.subarray(off, off + n)
  }

  async bytes(n: number): Promise<Uint8Array | undefined> {
    if (!(await this.ensure(n))) return undefined
    return this.take(n)
  }

  skip(n: number): void {
    this.pos += n
  }
}
