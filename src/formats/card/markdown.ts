/**
 * Markdown → mdast block nodes with mdast-util-from-markdown (micromark, CommonMark).
 *
 * micromark slows down quadratically on long documents with many lists (its event splicing copies the
 * whole event list), so a large card (over 128 KiB) is parsed in pieces of about 8 KiB, cut only at a blank
 * line outside fenced code and outside HTML blocks that run across blank lines (comments, <pre>, <script>,
 * …). At such a line every block has ended except a loose list or a block quote, which a cut merely splits
 * in two; headings, code and prose come out the same. Link reference definitions do not carry across
 * pieces (their links read as plain text). Node positions are shifted back to document lines.
 */
import { fromMarkdown } from 'mdast-util-from-markdown'
import type { RootContent } from 'mdast'

const PIECE = 8 * 1024
const WHOLE_LIMIT = 128 * 1024

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/
/** HTML block kinds 1–5 of CommonMark: they end at a marker, not at a blank line. */
const HTML_BLOCKS: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
]

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

/** Line indexes (0-based) where a large document may be cut: blank lines outside fences and HTML blocks. */
export function cutPoints(lines: readonly string[], piece = PIECE): number[] {
  const cuts: number[] = []
  let fence: { ch: string; len: number } | undefined
  let htmlEnd: RegExp | undefined
  let size = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    size += line.length + 1
    if (fence) {
      const m = FENCE.exec(line)
      if (m && m[1]![0] === fence.ch && m[1]!.length >= fence.len && m[2]!.trim() === '') fence = undefined
      continue
    }
    if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined
      continue
    }
    const m = FENCE.exec(line)
    if (m && !(m[1]![0] === '`' && m[2]!.includes('`'))) {
      fence = { ch: m[1]![0]!, len: m[1]!.length }
      continue
    }
    const html = HTML_BLOCKS.find(([start]) => start.test(line))
    if (html) {
      if (!html[1].test(line.replace(html[0], ''))) htmlEnd = html[1]
      continue
    }
    if (line.trim() === '' && size >= piece) {
      cuts.push(i)
      size = 0
    }
  }
  return cuts
}

/** The top-level block nodes of a Markdown document; positions are lines of `markdown`. */
export function markdownBlocks(markdown: string): RootContent[] {
  if (markdown.length <= WHOLE_LIMIT) return fromMarkdown(markdown).children
  const lines = markdown.split('\n')
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
