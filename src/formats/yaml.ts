/**
 * YAML parsing that keeps source positions, so errors point at file:line:column.
 *
 * Budgets for repository-controlled input (issue #17): flow collections (`[`, `{`, which is all of JSON)
 * nested deeper than YAML_MAX_DEPTH, or block mappings indented deeper than that, are refused before
 * parsing with an error naming the limit (the parser recurses per level: deep input costs time, memory and
 * ends in a stack overflow). Duplicate keys are found in one pass over the parsed maps (the parser's own
 * check compares every pair of keys: 60,000 keys took over a minute), and `locate` looks keys up through a
 * per-map index.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type YAMLMap } from 'yaml'

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

/** Deepest nesting of collections read (flow brackets, or block levels by indentation). */
export const YAML_MAX_DEPTH = 64

/** The message of a document over the nesting budget (also used by callers that pre-check JSON). */
export function tooDeepMessage(depth = YAML_MAX_DEPTH): string {
  return `too complex to read: collections are nested more than ${depth} levels deep (modelgate's limit for YAML and JSON)`
}

/**
 * Where the text first nests deeper than `max` levels: flow brackets outside quoted scalars and comments,
 * or block collections (counted by distinct indentation levels of the enclosing lines). Linear.
 */
export function nestingOverflow(text: string, max = YAML_MAX_DEPTH): number | undefined {
  let flow = 0
  let quote = 0 // 0, or the char code of the open quote
  let lineStart = true
  const indents: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) {
      lineStart = true
      continue
    }
    if (lineStart) {
      lineStart = false
      if (flow === 0 && quote === 0) {
        let j = i
        while (j < text.length && text.charCodeAt(j) === 32) j++
        const next = text.charCodeAt(j)
        if (j < text.length && next !== 10 && next !== 13 && next !== 35 /* # */) {
          const indent = j - i
          while (indents.length && indents[indents.length - 1]! >= indent) indents.pop()
          indents.push(indent)
          if (indents.length > max) return i
        }
      }
    }
    if (quote) {
      if (c === 0x5c && quote === 0x22) i++
      else if (c === quote) quote = 0
      continue
    }
    if (c === 0x22 || c === 0x27) {
      // A quote opens a scalar only where one may start (after space, bracket, comma, colon or at line start).
      const p = i === 0 ? 32 : text.charCodeAt(i - 1)
      if (p === 32 || p === 9 || p === 10 || p === 0x5b || p === 0x7b || p === 0x2c || p === 0x3a || p === 0x2d) quote = c
    } else if (c === 0x23 /* # */) {
      const p = i === 0 ? 32 : text.charCodeAt(i - 1)
      if (p === 32 || p === 9 || p === 10) {
        while (i + 1 < text.length && text.charCodeAt(i + 1) !== 10) i++
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++flow + indents.length > max) return i
    } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--
  }
  return undefined
}

/**
 * Parses one YAML document. `lineOffset` shifts reported lines (front matter inside a Markdown file).
 * Never throws.
 */
export function parseYaml(text: string, lineOffset = 0): PositionedYaml {
  const lc = new LineCounter()
  const pos = (offset: number): Position => {
    const p = lc.linePos(offset)
    return { line: p.line + lineOffset, column: p.col }
  }
  const deep = nestingOverflow(text)
  if (deep !== undefined) {
    let line = 1
    let col = 1
    for (let i = 0; i < deep; i++) {
      if (text.charCodeAt(i) === 10) {
        line++
        col = 1
      } else col++
    }
    return { data: undefined, errors: [{ line: line + lineOffset, column: col, message: tooDeepMessage() }], locate: () => ({ line: 1 + lineOffset, column: 1 }) }
  }
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, strict: true, logLevel: 'error' })
  const errors: YamlProblem[] = doc.errors.map((e) => ({
    ...pos(e.pos[0]),
    message: firstLine(e.message),
  }))
  const dups = duplicateKeys(doc.contents)
  if (dups.length) {
    const offsets = [...doc.errors.map((e) => e.pos[0]), ...dups]
    const all = [...errors, ...dups.map((o) => ({ ...pos(o), message: 'Map keys must be unique' }))]
    const order = all.map((_, k) => k).sort((a, b) => offsets[a]! - offsets[b]!)
    errors.splice(0, errors.length, ...order.map((k) => all[k]!))
  }
  let data: unknown
  if (errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 })
    } catch (err) {
      errors.push({ line: 1 + lineOffset, column: 1, message: firstLine((err as Error).message) })
    }
  }
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>()
  const pairOf = (map: YAMLMap, k: PathKey): Pair | undefined => {
    let index = indexes.get(map)
    if (!index) {
      index = new Map()
      for (const it of map.items as Pair[]) {
        const name = isScalar(it.key) ? String(it.key.value) : String(it.key)
        if (!index.has(name)) index.set(name, it)
      }
      indexes.set(map, index)
    }
    return index.get(String(k))
  }
  const locate = (path: readonly PathKey[], options?: { key?: boolean }): Position => {
    let node: unknown = doc.contents
    let best: Position = node && (node as Node).range ? pos((node as Node).range![0]) : { line: 1 + lineOffset, column: 1 }
    for (let i = 0; i < path.length; i++) {
      const k = path[i]!
      const last = i === path.length - 1
      if (isMap(node)) {
        const pair = pairOf(node, k)
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

/**
 * Offsets of keys that repeat an earlier scalar key of the same map (the parser's `uniqueKeys` rule: equal
 * scalar values; `<<` merge keys may repeat). Linear in the number of keys.
 */
function duplicateKeys(contents: unknown): number[] {
  const out: number[] = []
  if (!contents) return out
  visit(contents as Node, {
    Map(_, map) {
      const seen = new Set<string>()
      for (const it of map.items as Pair[]) {
        if (!isScalar(it.key)) continue
        const v = it.key.value
        if (v === '<<') continue
        const id = `${typeof v}:${String(v)}`
        if (seen.has(id)) out.push(it.key.range?.[0] ?? 0)
        else seen.add(id)
      }
    },
  })
  return out
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim()
}
