/**
 * Streaming text: bytes in, blocks of whole lines out, so memory is bounded by the block size whatever the
 * file size. UTF-8 is decoded leniently (invalid bytes become U+FFFD, a BOM is dropped); CRLF is left to the
 * scanners (a `\r` before `\n` is never part of a value). A line longer than `maxLine` characters (a 10 MB
 * single-line JSON) is cut at a space or delimiter near the limit and continues in the next block with the
 * same line number and a column offset.
 */

export interface Block {
  /** Whole lines (each ending with `\n`), except at the end of input or when a long line was cut. */
  text: string
  /** Line number (1-based) of `text[0]`. */
  firstLine: number
  /** Column offset (0-based) of `text[0]` within its line: non-zero after a cut. */
  colOffset: number
  /** The last line of `text` continues in the next block (it was cut). */
  cut: boolean
}

export interface BlockOptions {
  /** Target block size in characters (default 1 MiB). */
  blockChars?: number
  /** Longest line kept whole, in characters (default 1 MiB). */
  maxLine?: number
  /** Text encoding (default utf-8; utf-16le/utf-16be when the file starts with that byte-order mark). */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be'
}

/** Where a long line is cut, in order of preference: delimiters, then whitespace (never inside a token). */
const CUT_STRUCTURAL = new Set([44, 59, 124, 9, 123, 125, 91, 93])
const CUT_SPACE = new Set([32, 10, 13])

export async function* textBlocks(source: AsyncIterable<Uint8Array>, options: BlockOptions = {}): AsyncGenerator<Block> {
  if ((options.encoding ?? 'utf-8') === 'utf-8') {
    yield* utf8Blocks(source, options)
    return
  }
  const blockChars = options.blockChars ?? 1 << 20
  const maxLine = options.maxLine ?? 1 << 20
  const decoder = new TextDecoder(options.encoding, { fatal: false, ignoreBOM: false })
  const lines = new LineCounter()
  let pending = ''
  for await (const chunk of source) {
    pending += decoder.decode(chunk, { stream: true })
    while (pending.length >= blockChars) {
      const nl = pending.lastIndexOf('\n')
      if (nl >= 0) {
        yield lines.block(pending.slice(0, nl + 1), false)
        pending = pending.slice(nl + 1)
        if (pending.length < maxLine) break
      }
      if (pending.length >= maxLine && pending.indexOf('\n') < 0) {
        const cut = cutPoint((i) => pending.charCodeAt(i), maxLine)
        yield lines.block(pending.slice(0, cut), true)
        pending = pending.slice(cut)
      } else break
    }
  }
  pending += decoder.decode()
  if (pending.length > 0) yield lines.block(pending, false)
}

/** Keeps line numbers and column offsets across blocks. */
class LineCounter {
  private line = 1
  private colOffset = 0

  block(text: string, cut: boolean): Block {
    const b: Block = { text, firstLine: this.line, colOffset: this.colOffset, cut }
    let nl = 0
    let last = -1
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      nl++
      last = i
    }
    if (nl > 0) {
      this.line += nl
      this.colOffset = text.length - last - 1
    } else this.colOffset += text.length
    if (!cut) this.colOffset = 0
    return b
  }
}

/**
 * UTF-8: blocks are cut from the bytes at a line break (0x0A never occurs inside a multi-byte sequence)
 * and each is decoded on its own, which yields flat strings (faster to scan than slices of concatenations).
 */
async function* utf8Blocks(source: AsyncIterable<Uint8Array>, options: BlockOptions): AsyncGenerator<Block> {
  const blockBytes = options.blockChars ?? 1 << 20
  const maxLine = options.maxLine ?? 1 << 20
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
  const lines = new LineCounter()
  let buf = new Uint8Array(Math.max(blockBytes, maxLine) + (1 << 16))
  let len = 0
  let first = true
  const decode = (end: number): string => {
    let start = 0
    if (first) {
      first = false
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3
    }
    const text = decoder.decode(buf.subarray(start, end))
    buf.copyWithin(0, end, len)
    len -= end
    return text
  }
  for await (const chunk of source) {
    if (len + chunk.length > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, len + chunk.length))
      bigger.set(buf.subarray(0, len))
      buf = bigger
    }
    buf.set(chunk, len)
    len += chunk.length
    while (len >= blockBytes) {
      const nl = buf.lastIndexOf(10, len - 1)
      if (nl >= 0) {
        yield lines.block(decode(nl + 1), false)
        if (len < maxLine) break
      }
      if (len >= maxLine && buf.subarray(0, len).indexOf(10) < 0) {
        let cut = cutPoint((i) => buf[i]!, maxLine)
        while (cut > 1 && (buf[cut]! & 0xc0) === 0x80) cut-- // not inside a multi-byte character
        yield lines.block(decode(cut), true)
      } else break
    }
  }
  if (len > 0) yield lines.block(decode(len), false)
}

/** Where to cut a line longer than `max` units: after a delimiter, else after whitespace, near the limit. */
function cutPoint(at: (i: number) => number, max: number): number {
  for (const set of [CUT_STRUCTURAL, CUT_SPACE]) {
    for (let i = max - 1; i > max - 4096 && i > 0; i--) if (set.has(at(i))) return i + 1
  }
  return max
}

/** Offsets of line starts in `text` (the first is 0). */
export function lineStarts(text: string): number[] {
  const out = [0]
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) out.push(i + 1)
  return out
}

/** Index of the line containing `pos` (binary search over `starts`). */
export function lineIndexOf(starts: ArrayLike<number>, pos: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= pos) lo = mid
    else hi = mid - 1
  }
  return lo
}
