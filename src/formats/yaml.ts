/** YAML parsing that keeps source positions, so errors point at file:line:column. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'

export interface Position {
  line: number
  column: number
}

export interface YamlProblem extends Position {
  message: string
}

export type PathKey = string | number

export interface PositionedYaml {
  /** The parsed value (undefined for an empty document or when parsing failed). */
  data: unknown
  /** Syntax errors, with positions (1-based). */
  errors: YamlProblem[]
  /** Position of the value at `path` (or of its key with `key: true`); falls back to the nearest ancestor. */
  locate(path: readonly PathKey[], options?: { key?: boolean }): Position
}

/**
 * Parses one YAML document. `lineOffset` shifts reported lines (front matter inside a Markdown file).
 * Never throws.
 */
export function parseYaml(text: string, lineOffset = 0): PositionedYaml {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' })
  const pos = (offset: number): Position => {
    const p = lc.linePos(offset)
    return { line: p.line + lineOffset, column: p.col }
  }
  const errors: YamlProblem[] = doc.errors.map((e) => ({
    ...pos(e.pos[0]),
    message: firstLine(e.message),
  }))
  let data: unknown
  if (errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 })
    } catch (err) {
      errors.push({ line: 1 + lineOffset, column: 1, message: firstLine((err as Error).message) })
    }
  }
  const locate = (path: readonly PathKey[], options?: { key?: boolean }): Position => {
    let node: unknown = doc.contents
    let best: Position = node && (node as Node).range ? pos((node as Node).range![0]) : { line: 1 + lineOffset, column: 1 }
    for (let i = 0; i < path.length; i++) {
      const k = path[i]
      const last = i === path.length - 1
      if (isMap(node)) {
        const pair = node.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === String(k))
        if (!pair) return best
        const keyNode = pair.key as Node | undefined
        if (last && options?.key && keyNode?.range) return pos(keyNode.range[0])
        const v = pair.value as Node | null
        if (v && v.range) best = pos(v.range[0])
        else if (keyNode?.range) best = pos(keyNode.range[0])
        node = v
      } else if (isSeq(node) && typeof k === 'number') {
        const item = node.items[k] as Node | undefined
        if (!item) return best
        if (item.range) best = pos(item.range[0])
        node = item
      } else {
        return best
      }
    }
    return best
  }
  return { data, errors, locate }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim()
}
