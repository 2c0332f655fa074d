/**
 * Model card parsing: Hugging Face style YAML front matter, then the Markdown heading tree (ATX and setext)
 * with each section's body and line range. Pure; never throws.
 */
import { fromMarkdown } from 'mdast-util-from-markdown'
import type { Heading, RootContent } from 'mdast'
import { parseYaml, type Position, type PathKey, type YamlProblem } from '../yaml.js'

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
}

const FENCE = /^[ \t]*---[ \t]*$/

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
  let bodyStart = 0
  if (i < lines.length && FENCE.test(lines[i]!)) {
    let j = i + 1
    while (j < lines.length && !FENCE.test(lines[j]!)) j++
    if (j < lines.length) {
      const yamlText = lines.slice(i + 1, j).join('\n')
      const parsed = parseYaml(yamlText, i + 1)
      const errors = [...parsed.errors]
      let data: Record<string, unknown> | undefined
      if (errors.length === 0) {
        if (parsed.data === undefined || parsed.data === null) data = {}
        else if (typeof parsed.data === 'object' && !Array.isArray(parsed.data)) data = parsed.data as Record<string, unknown>
        else errors.push({ line: i + 2, column: 1, message: 'front matter must be a YAML mapping (key: value pairs)' })
      }
      frontMatter = { startLine: i + 1, endLine: j + 1, data, errors, locate: parsed.locate }
      bodyStart = j + 1
    }
  }
  const body = lines.slice(bodyStart).join('\n')
  return {
    path,
    frontMatter,
    metadata: frontMatter?.data ?? {},
    sections: sectionsOf(body, bodyStart),
    body,
    bodyLine: bodyStart + 1,
  }
}

function sectionsOf(markdown: string, lineOffset: number): CardSection[] {
  let tree
  try {
    tree = fromMarkdown(markdown)
  } catch {
    return []
  }
  const lines = markdown.split('\n')
  const children = tree.children as RootContent[]
  const headings: { node: Heading; index: number }[] = []
  children.forEach((node, index) => {
    if (node.type === 'heading') headings.push({ node, index })
  })
  const total = lines.length
  const sliceLines = (from: number, to: number) => lines.slice(from - 1, to).join('\n').trim()
  return headings.map(({ node }, k) => {
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
    return {
      title: textOf(node).trim(),
      depth: node.depth,
      line: start + lineOffset,
      endLine: fullEnd + lineOffset,
      body: sliceLines(headEnd + 1, nextStart - 1),
      fullBody: sliceLines(headEnd + 1, fullEnd),
    }
  })
}

function textOf(node: { type: string; value?: string; children?: unknown[] }): string {
  if (typeof node.value === 'string') return node.value
  return (node.children ?? []).map((c) => textOf(c as never)).join('')
}
