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
  const blockChars = options.blockChars ?? 1 << 20
  const maxLine = options.maxLine ?? 1 << 20
  const decoder = new TextDecoder(options.encoding ?? 'utf-8', { fatal: false, ignoreBOM: false })
  let pending = ''
  let line = 1
  let colOffset = 0
  const emit = (text: string, cut: boolean): Block => {
    const b: Block = { text, firstLine: line, colOffset, cut }
    let nl = 0
    let last = -1
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      nl++
      last = i
    }
    if (nl > 0) {
      line += nl
      colOffset = text.length - last - 1
    } else colOffset += text.length
    if (!cut) colOffset = 0
    return b
  }
  for await (const chunk of source) {
    pending += decoder.decode(chunk, { stream: true })
    while (pending.length >= blockChars) {
      const nl = pending.lastIndexOf('\n')
      if (nl >= 0) {
        yield emit(pending.slice(0, nl + 1), false)
        pending = pending.slice(nl + 1)
        if (pending.length < maxLine) break
      }
      if (pending.length >= maxLine && pending.indexOf('\n') < 0) {
        const cut = cutPoint(pending, maxLine)
        yield emit(pending.slice(0, cut), true)
        pending = pending.slice(cut)
      } else break
    }
  }
  pending += decoder.decode()
  if (pending.length > 0) yield emit(pending, false)
}

function cutPoint(s: string, max: number): number {
  for (const set of [CUT_STRUCTURAL, CUT_SPACE]) {
    for (let i = max - 1; i > max - 4096 && i > 0; i--) if (set.has(s.charCodeAt(i))) return i + 1
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
