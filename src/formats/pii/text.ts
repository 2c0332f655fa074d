/**
 * Line-oriented text: Markdown cards, plain text, YAML (and other key/value metadata). Detection runs over
 * whole blocks; for a candidate, the line's `key:` (YAML, `key = value`) gives column-name context, and in
 * YAML the key also groups the findings. Context words are read from the same line.
 */
import { columnRoles, isMeaningfulText } from './columns.js'
import type { Collector, Labels, Position } from './collect.js'
import type { Detector, HitContext } from './detect.js'
import { lineIndexOf, lineStarts, type Block } from './lines.js'
import type { PiiKind } from './kinds.js'

export interface TextOptions {
  /** Group findings by the line's key (YAML and other key/value files). */
  keyed?: boolean
  regionByte?: number
}

const KEY_RE = /^\s*(?:-\s+)?["']?([A-Za-z_][\w .-]{0,63}?)["']?\s*[:=](?:\s+|$)/

export class TextScanner {
  private readonly ctx: HitContext = { cellStart: 0, cellEnd: 0 }

  constructor(
    private readonly detector: Detector,
    private readonly collector: Collector,
    private readonly options: TextOptions = {},
  ) {}

  block(b: Block): void {
    const t = b.text
    let starts: number[] | undefined
    const ctx = this.ctx
    const keyed = this.options.keyed
    const regionByte = this.options.regionByte
    let lastLi = -1
    let keyEnd = -1
    const resolve = (pos: number): HitContext => {
      starts ??= lineStarts(t)
      const li = lineIndexOf(starts, pos)
      const ls = starts[li]!
      const le = li + 1 < starts.length ? starts[li + 1]! - 1 : t.length
      if (li !== lastLi) {
        lastLi = li
        const m = KEY_RE.exec(t.slice(ls, Math.min(le, ls + 200)))
        if (m && !this.detector.containsPii(m[1]!.trim())) {
          ctx.roles = columnRoles(m[1]!.trim())
          ctx.label = keyed ? ctx.roles.label : undefined
          keyEnd = ls + m[0].length
        } else {
          ctx.roles = undefined
          ctx.label = undefined
          keyEnd = -1
        }
      }
      ctx.cellStart = keyEnd >= 0 && pos >= keyEnd ? keyEnd : ls
      ctx.cellEnd = le
      ctx.line = b.firstLine + li
      ctx.col = pos - ls + 1 + (li === 0 ? b.colOffset : 0)
      return ctx
    }
    const pos: Position = { regionByte }
    const labels: Labels = {}
    this.detector.scan(
      t,
      (at) => {
        const c = resolve(at)
        // A value before the key's separator (the key itself) has no key context.
        if (keyEnd >= 0 && at < keyEnd) return { ...c, roles: undefined, label: undefined }
        return c
      },
      (hit, c) => {
        if (!regionByte) {
          pos.line = c.line
          pos.column = c.col
        }
        labels.column = c.label
        labels.detector = hit.detector
        labels.evidence = hit.evidence
        this.collector.add(hit.kind, hit, pos, labels)
      },
      { freeText: true, birth: false },
    )
    if (keyed && (this.detector.kinds.has('person-name') || this.detector.kinds.has('address'))) this.keyedNames(b)
  }

  /** YAML `first_name: Jane`, `address: …`: person names and addresses by key name. */
  private keyedNames(b: Block): void {
    const t = b.text
    const regionByte = this.options.regionByte
    let ls = 0
    let li = 0
    while (ls < t.length) {
      const nl = t.indexOf('\n', ls)
      const le = nl < 0 ? t.length : nl
      const m = KEY_RE.exec(t.slice(ls, Math.min(le, ls + 200)))
      if (m && !this.detector.containsPii(m[1]!.trim())) {
        const roles = columnRoles(m[1]!.trim())
        const add = (kind: PiiKind) => {
          if (!this.detector.kinds.has(kind)) return
          let v = t.slice(ls + m[0].length, le).trim()
          v = v.replace(/^["']|["']$/g, '')
          if (!isMeaningfulText(v) || this.detector.allowed(kind, v)) return
          const line = b.firstLine + li
          this.collector.add(kind, v, { line: regionByte ? undefined : line, column: regionByte ? undefined : m[0].length + 1, regionByte }, { column: roles.label })
        }
        if (roles.personName === 'named') add('person-name')
        if (roles.address) add('address')
      }
      if (nl < 0) break
      ls = nl + 1
      li++
    }
  }
}
