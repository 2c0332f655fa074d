/** Helpers shared by the metadata parsers. */
import { parseYaml, type PathKey, type PositionedYaml } from '../yaml.js'
import type { MetadataField, MetadataSection } from './index.js'

export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function get(data: unknown, path: readonly PathKey[]): unknown {
  let cur = data
  for (const k of path) {
    if (Array.isArray(cur) && typeof k === 'number') cur = cur[k]
    else if (isMap(cur)) cur = cur[String(k)]
    else return undefined
  }
  return cur
}

/** Parses YAML or JSON (JSON is YAML 1.2) with positions. */
export function parseStructured(text: string): PositionedYaml {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return parseYaml(text)
}

export class Collector {
  readonly fields: MetadataField[] = []
  readonly sections: MetadataSection[] = []
  constructor(
    private readonly doc: PositionedYaml,
    private readonly data: unknown,
  ) {}

  field(key: string, path: readonly PathKey[], value: unknown = get(this.data, path)) {
    if (value === undefined) return
    const p = this.doc.locate(path)
    this.fields.push({ key, value, source: path.join('.'), line: p.line, column: p.column })
  }

  section(title: string, path: readonly PathKey[], text: string) {
    if (get(this.data, path) === undefined) return
    const p = this.doc.locate(path, { key: true })
    this.sections.push({ title, source: path.join('.'), line: p.line, text: text.trim() })
  }
}

/** Joins the string leaves of a value (descriptions, names) into prose. */
export function proseOf(value: unknown, keys?: readonly string[]): string {
  const out: string[] = []
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string' || typeof v === 'number') {
      if (!keys || key === undefined || keys.includes(key)) out.push(String(v))
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key))
    else if (isMap(v)) for (const [k, x] of Object.entries(v)) walk(x, k)
  }
  walk(value)
  return out.join('\n')
}
