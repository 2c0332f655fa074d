/**
 * Model card parsing: Hugging Face style YAML front matter, then the Markdown heading tree (ATX and setext)
 * with each section's body, line range and content blocks. Markdown goes through mdast-util-from-markdown
 * (CommonMark), so headings inside code fences, HTML blocks or lists are never mistaken for sections.
 * Pure; never throws.
 */
import type { Heading, RootContent } from 'mdast'
import { markdownBlocks, MarkdownTooComplex } from './markdown.js'
import { parseYaml, type Position, type PathKey, type PositionedYaml, type YamlProblem } from '../yaml.js'
import { findTemplateField, findUnclosedQuote, reindentQuotedContinuations } from './portability.js'

export interface CardSection {
  /** Heading text, as written (inline markup flattened). */
  title: string
  depth: number
  /** Line of the heading. */
  line: number
  /** Last line of the section's body (before the next heading of the same or a higher level). */
  endLine: number
  /** The section's own text (up to the next heading of any level), trimmed. */
  body: string
  /** Text of the section including its subsections. */
  fullBody: string
  /** Index (in `ParsedCard.sections`) of the enclosing section, if any. */
  parent?: number
  /** The section's own content blocks (up to the next heading of any level). */
  blocks: CardBlock[]
}

/** One top-level Markdown block (paragraph, list, code, HTML…) of a section or of the preamble. */
export interface CardBlock {
  /** The mdast node type (`paragraph`, `list`, `code`, `html`, `blockquote`, …); `comment` for an HTML comment. */
  type: string
  line: number
  endLine: number
  /**
   * The block's prose, per source line: text of paragraphs, lists, quotes, links and HTML elements. Code
   * (fenced, indented, inline) and HTML comments are not prose.
   */
  prose: { line: number; text: string }[]
  /** True when the block holds content besides prose: code, inline code, images, HTML elements. */
  other: boolean
}

export interface FrontMatter {
  /** Line of the opening `---`. */
  startLine: number
  /** Line of the closing `---`. */
  endLine: number
  /** The parsed mapping; undefined when the YAML is broken or not a mapping. */
  data?: Record<string, unknown>
  errors: YamlProblem[]
  /** Position of a metadata key (or its value) in the card. */
  locate(path: readonly PathKey[], options?: { key?: boolean }): Position
  /** The raw YAML lines between the fences (for checks on the source text). */
  lines?: string[]
}

/** A structural problem of the card outside the YAML itself (e.g. front matter that is never closed). */
export interface CardProblem extends Position {
  /** `too-complex`: the Markdown is over a parsing budget (MARKDOWN_LIMITS) and was not read. */
  kind: 'unclosed-front-matter' | 'too-complex'
  message: string
}

export interface ParsedCard {
  path: string
  /** Absent when the card has no front matter. */
  frontMatter?: FrontMatter
  /** The front matter mapping, or {} when there is none or it is broken. */
  metadata: Record<string, unknown>
  sections: CardSection[]
  /** The Markdown after the front matter. */
  body: string
  /** Line number (1-based) where the body starts. */
  bodyLine: number
  /** Content blocks before the first heading. */
  preamble?: CardBlock[]
  /** Number of lines in the card. */
  lineCount?: number
  problems?: CardProblem[]
}

const FENCE = /^[ \t]*---[ \t]*$/

/** Most top-level keys read from front matter (a card's metadata has tens; every key is checked by several rules). */
export const FRONT_MATTER_MAX_KEYS = 1_000
/** A line that starts a top-level mapping key (for the key budget; quoted keys too). */
const TOP_KEY = /^(?:[^\s#'"\-[{][^:]*|"[^"]*"|'[^']*'):(?:\s|$)/

/** Splits lines on \r\n, \r or \n. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}

export function parseCard(path: string, text: string): ParsedCard {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const lines = splitLines(text)
  let i = 0
  while (i < lines.length && lines[i]!.trim() === '') i++
  let frontMatter: FrontMatter | undefined
  const problems: CardProblem[] = []
  let bodyStart = 0
  if (i < lines.length && FENCE.test(lines[i]!)) {
    let j = i + 1
    while (j < lines.length && !FENCE.test(lines[j]!)) j++
    if (j < lines.length) {
      const yamlLines = lines.slice(i + 1, j)
      const parsed = parseFrontMatter(yamlLines, i + 1)
      const errors = [...parsed.errors]
      let data: Record<string, unknown> | undefined
      const keys = errors.length === 0 && parsed.data && typeof parsed.data === 'object' && !Array.isArray(parsed.data) ? Object.keys(parsed.data).length : 0
      if (keys > FRONT_MATTER_MAX_KEYS) {
        errors.push({ line: i + 1, column: 1, message: `front matter is too complex to check: ${keys} top-level keys, over modelgate's limit of ${FRONT_MATTER_MAX_KEYS}` })
      }
      if (errors.length === 0) {
        if (parsed.data === undefined || parsed.data === null) data = {}
        else if (typeof parsed.data === 'object' && !Array.isArray(parsed.data)) data = parsed.data as Record<string, unknown>
        else {
          const at = firstContentLine(yamlLines)
          errors.push({
            line: i + 2 + at,
            column: 1,
            message: `front matter must be a YAML mapping (key: value pairs), not ${Array.isArray(parsed.data) ? 'a list' : `a ${typeof parsed.data}`}`,
          })
        }
      }
      frontMatter = { startLine: i + 1, endLine: j + 1, data, errors, locate: parsed.locate, lines: yamlLines }
      bodyStart = j + 1
    } else if (i + 1 < lines.length && lines.slice(i + 1).some((l) => l.trim() !== '')) {
      // Hugging Face reads no metadata from a card whose opening fence is never closed.
      problems.push({
        kind: 'unclosed-front-matter',
        line: i + 1,
        column: 1,
        message: `the front matter opened by \`---\` on line ${i + 1} is never closed by a second \`---\` line`,
      })
    }
  }
  const body = lines.slice(bodyStart).join('\n')
  const { sections, preamble, tooComplex } = sectionsOf(body, bodyStart)
  if (tooComplex) problems.push({ kind: 'too-complex', line: tooComplex.line, column: 1, message: `its Markdown is ${tooComplex.message}` })
  return {
    path,
    frontMatter,
    metadata: frontMatter?.data ?? {},
    sections,
    body,
    bodyLine: bodyStart + 1,
    preamble,
    lineCount: lines.length,
    problems,
  }
}

/**
 * Parses the front matter YAML. An unfilled template field (`{{ card_data }}`) is an error without parsing
 * (YAML 1.2 would read it as a nested mapping). When YAML 1.2 rejects quoted values continued on
 * under-indented lines, which PyYAML (and so the Hub) accepts, they are re-indented and parsed again.
 */
function parseFrontMatter(yamlLines: string[], lineOffset: number): PositionedYaml {
  const template = findTemplateField(yamlLines, lineOffset + 1)
  if (template) {
    return {
      data: undefined,
      errors: [{ line: template.line, column: template.column, message: `front matter is still a template: \`${template.text.slice(0, 40)}\` is an unfilled field` }],
      locate: () => ({ line: lineOffset + 1, column: 1 }),
    }
  }
  // Over the key budget: refused before parsing (60,000 keys cost seconds and memory to parse).
  let keys = 0
  for (const l of yamlLines) if (TOP_KEY.test(l)) keys++
  if (keys > FRONT_MATTER_MAX_KEYS) {
    return {
      data: undefined,
      errors: [{ line: lineOffset, column: 1, message: `front matter is too complex to check: ${keys} top-level keys, over modelgate's limit of ${FRONT_MATTER_MAX_KEYS}` }],
      locate: () => ({ line: lineOffset, column: 1 }),
    }
  }
  const parsed = parseYaml(yamlLines.join('\n'), lineOffset)
  if (parsed.errors.length === 0) return parsed
  const repaired = reindentQuotedContinuations(yamlLines)
  if (repaired) {
    const again = parseYaml(repaired.join('\n'), lineOffset)
    if (again.errors.length === 0) return again
  }
  // The parser reports a missing closing quote where the text ends; the opening quote is where to look.
  const first = parsed.errors[0]!
  const open = /missing closing .?quote/i.test(first.message) ? findUnclosedQuote(yamlLines, lineOffset + 1) : undefined
  if (open) return { ...parsed, errors: [{ ...first, ...open, message: `${first.message.replace(/\s*$/, '')} (the value opened here is never closed)` }, ...parsed.errors.slice(1)] }
  return parsed
}

function firstContentLine(lines: string[]): number {
  const k = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'))
  return k < 0 ? 0 : k
}

interface MdNode {
  type: string
  value?: string
  children?: MdNode[]
  position?: { start: { line: number; column: number }; end: { line: number; column: number } }
}

function sectionsOf(markdown: string, lineOffset: number): { sections: CardSection[]; preamble: CardBlock[]; tooComplex?: MarkdownTooComplex } {
  let children: RootContent[]
  try {
    children = markdownBlocks(markdown, lineOffset)
  } catch (err) {
    return { sections: [], preamble: [], ...(err instanceof MarkdownTooComplex ? { tooComplex: err } : {}) }
  }
  const lines = markdown.split('\n')
  const headings: { node: Heading; index: number }[] = []
  children.forEach((node, index) => {
    if (node.type === 'heading') headings.push({ node, index })
  })
  const total = lines.length
  const sliceLines = (from: number, to: number) => lines.slice(from - 1, to).join('\n').trim()
  const blocksBetween = (from: number, to: number) =>
    children.slice(from, to).map((n) => blockOf(n as unknown as MdNode, lineOffset))
  const preamble = blocksBetween(0, headings.length ? headings[0]!.index : children.length)
  const stack: { depth: number; index: number }[] = []
  const sections = headings.map(({ node, index }, k) => {
    const start = node.position!.start.line
    const headEnd = node.position!.end.line
    const next = headings[k + 1]
    const nextStart = next ? next.node.position!.start.line : total + 1
    let fullEnd = total
    for (let m = k + 1; m < headings.length; m++) {
      if (headings[m]!.node.depth <= node.depth) {
        fullEnd = headings[m]!.node.position!.start.line - 1
        break
      }
    }
    while (stack.length && stack[stack.length - 1]!.depth >= node.depth) stack.pop()
    const parent = stack.length ? stack[stack.length - 1]!.index : undefined
    stack.push({ depth: node.depth, index: k })
    const section: CardSection = {
      title: textOf(node as unknown as MdNode).trim(),
      depth: node.depth,
      line: start + lineOffset,
      endLine: fullEnd + lineOffset,
      body: sliceLines(headEnd + 1, nextStart - 1),
      fullBody: sliceLines(headEnd + 1, fullEnd),
      blocks: blocksBetween(index + 1, next ? next.index : children.length),
    }
    if (parent !== undefined) section.parent = parent
    return section
  })
  return { sections, preamble }
}

const COMMENT_ONLY = /^\s*<!--[\s\S]*?-->\s*$/

function blockOf(node: MdNode, lineOffset: number): CardBlock {
  const line = (node.position?.start.line ?? 1) + lineOffset
  const endLine = (node.position?.end.line ?? 1) + lineOffset
  const proseByLine = new Map<number, string[]>()
  let other = false
  const add = (startLine: number, value: string) => {
    value.split('\n').forEach((piece, k) => {
      const l = startLine + k + lineOffset
      const arr = proseByLine.get(l)
      if (arr) arr.push(piece)
      else if (piece.trim() !== '') proseByLine.set(l, [piece])
    })
  }
  const walk = (n: MdNode) => {
    switch (n.type) {
      case 'text':
        if (n.value) add(n.position?.start.line ?? 1, n.value)
        return
      case 'code':
      case 'inlineCode':
      case 'image':
      case 'imageReference':
      case 'definition':
        other = true
        return
      case 'html': {
        const v = n.value ?? ''
        if (COMMENT_ONLY.test(v)) return
        // An HTML element: its text (tags and comments removed) is prose, the markup itself is content too.
        other = true
        const text = v.replace(/<!--[\s\S]*?-->/g, (m) => '\n'.repeat(m.split('\n').length - 1)).replace(/<[^>\n]*>/g, ' ')
        add(n.position?.start.line ?? 1, text)
        return
      }
      default:
        for (const c of n.children ?? []) walk(c)
    }
  }
  walk(node)
  const type = node.type === 'html' && COMMENT_ONLY.test(node.value ?? '') ? 'comment' : node.type
  const prose = [...proseByLine.entries()].sort((a, b) => a[0] - b[0]).map(([l, parts]) => ({ line: l, text: parts.join('').replace(/\s+/g, ' ').trim() }))
  return { type, line, endLine, prose, other }
}

function textOf(node: MdNode): string {
  if (typeof node.value === 'string') return node.type === 'html' && COMMENT_ONLY.test(node.value) ? '' : node.value
  return (node.children ?? []).map((c) => textOf(c)).join('')
}
