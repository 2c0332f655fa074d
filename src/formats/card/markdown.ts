/**
 * Markdown → mdast block nodes with mdast-util-from-markdown (micromark, CommonMark).
 *
 * micromark slows down quadratically on long documents with many lists (its event splicing copies the
 * whole event list), so a large card (over 128 KiB) is parsed in pieces of about 8 KiB, cut only at a blank
 * line outside fenced code and outside HTML blocks that run across blank lines (comments, <pre>, <script>,
 * …). At such a line every block has ended except a loose list or a block quote, which a cut merely splits
 * in two; headings, code and prose come out the same. Link reference definitions do not carry across
 * pieces (their links read as plain text). Node positions are shifted back to document lines. A run of more
 * than PIECE_LINES lines without a blank line (a long list or quote) is cut between two of its lines too.
 *
 * Budget (issue #17): micromark's cost grows faster than the input on some shapes — long runs of emphasis
 * or bracket delimiters in one paragraph (`*a*a*a…`, `[[[…`), deeply nested block quotes and lists — so
 * `markdownBudget` measures those shapes in one linear pass first and refuses a document over a stated limit
 * with MarkdownTooComplex (the card is then reported as too complex to check, never parsed for minutes).
 */
import { fromMarkdown } from 'mdast-util-from-markdown'
import type { RootContent } from 'mdast'

const PIECE = 8 * 1024
const WHOLE_LIMIT = 128 * 1024
/** Longest run of lines parsed as one piece (a long list without blank lines is cut inside). */
const PIECE_LINES = 200
/** Documents with more lines than this are parsed in pieces whatever their size. */
const WHOLE_LINES = 2000

/** Stated limits on Markdown shapes that the parser handles slowly. */
export const MARKDOWN_LIMITS = {
  /** Block quotes and lists nested on one line. */
  nesting: 16,
  /** Block quote and list markers in the whole document. */
  containerMarkers: 50_000,
  /** Emphasis delimiters (`*`, `_`) in one paragraph, and in the whole document. */
  emphasisPerBlock: 2_000,
  emphasis: 50_000,
  /** Bracket delimiters (`[`, `]`) in one paragraph, and in the whole document. */
  bracketsPerBlock: 2_000,
  brackets: 50_000,
  /** Code span backticks and `<` in one paragraph. */
  otherPerBlock: 10_000,
  /** Bytes of one fenced code block or multi-line HTML block (it cannot be parsed in pieces). */
  rawBlockBytes: 256 * 1024,
} as const

/** A Markdown document over one of MARKDOWN_LIMITS; the message names the limit and the line. */
export class MarkdownTooComplex extends Error {
  constructor(
    readonly limit: keyof typeof MARKDOWN_LIMITS,
    readonly line: number,
    message: string,
  ) {
    super(message)
    this.name = 'MarkdownTooComplex'
  }
}

const HTML_BLOCK_6 =
  /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t/>]|$)/i

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/

/** Block quotes and list items a line opens (its container prefix), with list indentation counted. */
export function nestingOf(line: string): number {
  let i = 0
  let depth = 0
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++
  const lead = i
  for (;;) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++
    if (line[i] === '>') {
      depth++
      i++
      continue
    }
    const m = LIST_MARKER.exec(line.slice(i, i + 12))
    if (m) {
      depth++
      i += m[0].length
      continue
    }
    break
  }
  return depth > 0 ? depth + Math.floor(lead / 2) : 0
}

/**
 * Checks a document against MARKDOWN_LIMITS in one pass (fenced code and HTML blocks are skipped: the
 * parser reads them as raw text). Throws MarkdownTooComplex.
 */
export function markdownBudget(lines: readonly string[], lineOffset = 0): void {
  const L = MARKDOWN_LIMITS
  const blocks = new RawBlocks()
  let markers = 0
  let emphasis = 0
  let brackets = 0
  let block = { emphasis: 0, brackets: 0, other: 0, line: 0 }
  let raw = { line: 0, bytes: 0 }
  let htmlToBlank = false
  const fail = (limit: keyof typeof MARKDOWN_LIMITS, line: number, what: string, count: number) => {
    throw new MarkdownTooComplex(limit, line + 1 + lineOffset, `too complex to check: ${what} (${count}, from line ${line + 1 + lineOffset}) exceed modelgate's limit of ${L[limit]}`)
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (blocks.inside) {
      raw.bytes += line.length + 1
      if (raw.bytes > L.rawBlockBytes) fail('rawBlockBytes', raw.line, 'bytes in one fenced code block or HTML block', raw.bytes)
      blocks.next(line)
      continue
    }
    if (line.trim() === '') {
      block = { emphasis: 0, brackets: 0, other: 0, line: i + 1 }
      htmlToBlank = false
      continue
    }
    if (blocks.openFence(line)) {
      raw = { line: i, bytes: line.length + 1 }
      continue
    }
    // An HTML block of kind 6 (`<table>`, `<div>`…) runs to the next blank line as raw text: no inline parsing.
    if (htmlToBlank || HTML_BLOCK_6.test(line)) {
      htmlToBlank = true
      continue
    }
    if (blocks.openHtml(line)) {
      if (blocks.inside) raw = { line: i, bytes: line.length + 1 }
      continue
    }
    const depth = nestingOf(line)
    if (depth > L.nesting) fail('nesting', i, 'block quotes and lists nested on one line', depth)
    markers += depth
    if (markers > L.containerMarkers) fail('containerMarkers', block.line, 'block quote and list markers in the card', markers)
    for (let k = 0; k < line.length; k++) {
      const c = line.charCodeAt(k)
      if (c === 0x2a || c === 0x5f) {
        block.emphasis++
        emphasis++
      } else if (c === 0x5b || c === 0x5d) {
        block.brackets++
        brackets++
      } else if (c === 0x60 || c === 0x3c) block.other++
    }
    if (block.emphasis > L.emphasisPerBlock) fail('emphasisPerBlock', block.line, 'emphasis delimiters (`*`, `_`) in one paragraph', block.emphasis)
    if (block.brackets > L.bracketsPerBlock) fail('bracketsPerBlock', block.line, 'brackets (`[`, `]`) in one paragraph', block.brackets)
    if (block.other > L.otherPerBlock) fail('otherPerBlock', block.line, 'backticks and `<` in one paragraph', block.other)
    if (emphasis > L.emphasis) fail('emphasis', block.line, 'emphasis delimiters (`*`, `_`) in the card', emphasis)
    if (brackets > L.brackets) fail('brackets', block.line, 'brackets (`[`, `]`) in the card', brackets)
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/
/** HTML block kinds 1–5 of CommonMark: they end at a marker, not at a blank line. */
const HTML_BLOCKS: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
]

/**
 * Fenced code blocks and HTML blocks of kinds 1–5, whose lines the parser reads as raw text, tracked line by line
 * (shared by the budget check and the cutting of large documents, which must agree on where blocks are).
 */
class RawBlocks {
  private fence?: { ch: string; len: number }
  private htmlEnd?: RegExp

  /** The next line is inside a raw block (`next` must be given it). */
  get inside(): boolean {
    return this.fence !== undefined || this.htmlEnd !== undefined
  }

  /** A line inside a raw block: closes it when it is the block's end. */
  next(line: string): void {
    if (this.fence) {
      const m = FENCE.exec(line)
      if (m && m[1]![0] === this.fence.ch && m[1]!.length >= this.fence.len && m[2]!.trim() === '') this.fence = undefined
    } else if (this.htmlEnd?.test(line)) this.htmlEnd = undefined
  }

  /** True when the line opens a fenced code block. */
  openFence(line: string): boolean {
    const m = FENCE.exec(line)
    if (!m || (m[1]![0] === '`' && m[2]!.includes('`'))) return false
    this.fence = { ch: m[1]![0]!, len: m[1]!.length }
    return true
  }

  /** True when the line starts an HTML block of kinds 1–5 (`inside` tells whether it stays open past the line). */
  openHtml(line: string): boolean {
    const html = HTML_BLOCKS.find(([start]) => start.test(line))
    if (!html) return false
    if (!html[1].test(line.replace(html[0], ''))) this.htmlEnd = html[1]
    return true
  }
}

interface Positioned {
  position?: { start: { line: number }; end: { line: number } }
  children?: Positioned[]
}

function shift(node: Positioned, by: number): void {
  if (node.position) {
    node.position.start.line += by
    node.position.end.line += by
  }
  for (const c of node.children ?? []) shift(c, by)
}

const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/

/**
 * Line indexes (0-based) where a large document may be cut: blank lines outside fences and HTML blocks, and,
 * in a run of more than `maxLines` lines without one, a line that is not a setext underline.
 */
export function cutPoints(lines: readonly string[], piece = PIECE, maxLines = PIECE_LINES): number[] {
  const cuts: number[] = []
  const blocks = new RawBlocks()
  let size = 0
  let run = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    size += line.length + 1
    run++
    if (blocks.inside) {
      blocks.next(line)
      continue
    }
    if (blocks.openFence(line) || blocks.openHtml(line)) continue
    if (line.trim() === '') {
      run = 0
      if (size >= piece) {
        cuts.push(i)
        size = 0
      }
    } else if (run > maxLines && !SETEXT.test(line) && /^ {0,3}\S/.test(line)) {
      cuts.push(i)
      size = 0
      run = 0
    }
  }
  return cuts
}

/**
 * The top-level block nodes of a Markdown document; positions are lines of `markdown` (plus `lineOffset` in
 * MarkdownTooComplex). Throws MarkdownTooComplex for a document over MARKDOWN_LIMITS.
 */
export function markdownBlocks(markdown: string, lineOffset = 0): RootContent[] {
  const lines = markdown.split('\n')
  markdownBudget(lines, lineOffset)
  if (markdown.length <= WHOLE_LIMIT && lines.length <= WHOLE_LINES) return fromMarkdown(markdown).children
  const out: RootContent[] = []
  let start = 0
  for (const cut of [...cutPoints(lines), lines.length]) {
    if (cut <= start) continue
    const children = fromMarkdown(lines.slice(start, cut).join('\n')).children
    for (const c of children) shift(c as Positioned, start)
    out.push(...children)
    start = cut
  }
  return out
}
