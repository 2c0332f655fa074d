/**
 * JSON, JSON Lines and Jupyter notebooks, streamed: a lenient tokenizer (it never rejects input; broken
 * JSON is still scanned value by value) that tracks the path of keys and indices to every string and
 * number, with its line and column. Values are checked with the key holding them as their column; person
 * names and addresses are found by key name. Notebooks label values by cell (`the output of cell 3`),
 * skip embedded images, and count a value once per output (a data frame's text/plain and text/html
 * renderings hold the same rows).
 */
import { columnRoles, isMeaningfulText, looksLikePersonName, type ColumnRoles } from './columns.js'
import type { Collector, Position } from './collect.js'
import { regionOfCountry } from './countries.js'
import { frameOfText, tableOfHtml, type Table } from './frames.js'
import type { Detector, HitContext } from './detect.js'
import type { Block } from './lines.js'
import type { PiiKind } from './kinds.js'

interface Frame {
  obj: boolean
  key: string | undefined
  index: number
  expectKey: boolean
}

export interface JsonOptions {
  notebook?: boolean
  regionByte?: number
}

/** Deepest nesting tracked: deeper containers are counted, not stored (bounded memory on hostile input). */
const MAX_DEPTH = 4096
/** Longest string value kept whole across a cut line. */
const MAX_STRING = 1 << 20
/** Longest notebook rendering read as one table (characters); longer ones are read in pieces. */
const MAX_RENDERING = 8 << 20
const BINARY_KEYS = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'application/pdf', 'application/octet-stream'])

export class JsonScanner {
  private readonly stack: Frame[] = []
  private untracked = 0
  private partial: { raw: string; line: number; col: number } | undefined
  private readonly ctx: HitContext = { cellStart: 0, cellEnd: 0 }
  /** Notebook de-duplication: values already counted in the current output. */
  private outputKey = ''
  private outputSeen = new Set<string>()
  /** Notebook: the text/html or text/plain rendering being collected (a data frame is read as a table). */
  private rendering: { key: string; mime: string; where: string; parts: { text: string; line: number; col: number; at: number }[]; length: number } | undefined
  /** JSON Lines / records: the region named by a country key of the current object (decides phone numbers). */
  private regionDepth = -1
  private region: string | undefined

  constructor(
    private readonly detector: Detector,
    private readonly collector: Collector,
    private readonly options: JsonOptions = {},
  ) {}

  block(b: Block): void {
    const t = b.text
    let line = b.firstLine
    let lineStart = -b.colOffset
    let i = 0
    if (this.partial) {
      // A string cut at the end of the previous block continues here.
      const end = findStringEnd(t, 0)
      if (end < 0 && this.partial.raw.length + t.length < MAX_STRING && b.cut) {
        this.partial.raw += t
        return
      }
      const stop = end < 0 ? t.length : end
      const p = this.partial
      this.partial = undefined
      this.stringToken(p.raw + t.slice(0, stop), p.line, p.col)
      i = end < 0 ? t.length : end + 1
    }
    const n = t.length
    while (i < n) {
      const c = t.charCodeAt(i)
      if (c === 10) {
        line++
        lineStart = i + 1
        i++
      } else if (c === 32 || c === 9 || c === 13) {
        i++
      } else if (c === 34) {
        const end = findStringEnd(t, i + 1)
        const col = i - lineStart + 1
        if (end < 0) {
          if (b.cut) {
            this.partial = { raw: t.slice(i + 1), line, col }
            return
          }
          // Unterminated string (broken JSON): take the rest of the line.
          const nl = t.indexOf('\n', i + 1)
          const stop = nl < 0 ? n : nl
          this.stringToken(t.slice(i + 1, stop), line, col)
          i = stop
          continue
        }
        const raw = t.slice(i + 1, end)
        this.stringToken(raw, line, col)
        // Raw newlines inside a string are invalid JSON but keep the line count right.
        for (let k = raw.indexOf('\n'); k >= 0; k = raw.indexOf('\n', k + 1)) {
          line++
          lineStart = i + 1 + k + 1
        }
        i = end + 1
      } else if (c === 123 || c === 91) {
        if (this.stack.length < MAX_DEPTH) this.stack.push({ obj: c === 123, key: undefined, index: 0, expectKey: c === 123 })
        else this.untracked++
        i++
      } else if (c === 125 || c === 93) {
        if (this.untracked > 0) this.untracked--
        else this.stack.pop()
        if (this.stack.length < this.regionDepth) {
          this.regionDepth = -1
          this.region = undefined
        }
        i++
      } else if (c === 44) {
        const top = this.stack[this.stack.length - 1]
        if (top) {
          if (top.obj) top.expectKey = true
          else top.index++
        }
        i++
      } else if (c === 58) {
        const top = this.stack[this.stack.length - 1]
        if (top?.obj) top.expectKey = false
        i++
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        let j = i + 1
        while (j < n) {
          const d = t.charCodeAt(j)
          if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) j++
          else break
        }
        if (j - i >= 7) this.value(t.slice(i, j), line, i - lineStart + 1, false)
        i = j
      } else {
        i++
      }
    }
  }

  /** End of input: a rendering still being collected is read. */
  end(): void {
    if (this.partial) {
      const p = this.partial
      this.partial = undefined
      this.stringToken(p.raw, p.line, p.col)
    }
    this.flushRendering()
  }

  private stringToken(raw: string, line: number, col: number) {
    let s = raw
    if (raw.indexOf('\\') >= 0) {
      try {
        s = JSON.parse(`"${raw}"`) as string
      } catch {
        s = raw
      }
    }
    const top = this.stack[this.stack.length - 1]
    if (top && top.obj && top.expectKey) {
      top.key = s
      // Keys can hold personal data too (`{"jane@example.com": …}`).
      if (s.length >= 6 && this.unsafeKey(s)) this.value(s, line, col, true, true)
      return
    }
    this.value(s, line, col, true)
  }

  /** The key holding the current value: the innermost object key (array elements take their parent's key). */
  private currentKey(): string | undefined {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const f = this.stack[k]!
      if (f.obj) return f.key
    }
    return undefined
  }

  /** For notebooks: a label of where the value is, or null to skip it (embedded binary data). */
  private notebookWhere(): string | null | undefined {
    const s = this.stack
    // root {cells: [ {source|outputs: …} ]}
    if (s.length < 3 || s[0]!.key !== 'cells') return s.length >= 1 && s[0]!.key === 'metadata' ? 'the notebook metadata' : undefined
    const cell = s[1]!.index + 1
    const part = s[2]!.key
    if (part === 'outputs') {
      for (let k = 3; k < s.length; k++) if (s[k]!.obj && s[k]!.key && BINARY_KEYS.has(s[k]!.key!)) return null
      const out = s.length > 3 ? s[3]!.index : 0
      const key = `${cell}:${out}`
      if (key !== this.outputKey) {
        this.flushRendering()
        this.outputKey = key
        this.outputSeen = new Set()
      }
      return `the output of cell ${cell}`
    }
    if (part === 'source') return `the source of cell ${cell}`
    if (part === 'attachments') return null
    return `cell ${cell}`
  }

  /** True when a key itself holds personal data: it is then scanned as a value and never used as a label. */
  private unsafeKey(key: string): boolean {
    return this.detector.containsPii(key)
  }

  private value(v: string, line: number, col: number, isString: boolean, isKey = false) {
    const key = isKey ? undefined : this.currentKey()
    const nb = this.options.notebook
    let where: string | undefined
    if (nb) {
      const w = this.notebookWhere()
      if (w === null) return
      where = w
      if (w !== undefined && isString && !isKey && this.collectRendering(v, line, col, w)) return
    }
    const roles = key !== undefined && !nb && !this.unsafeKey(key) ? columnRoles(key) : undefined
    if (roles?.country && isString) {
      const r = regionOfCountry(v)
      if (r) {
        this.region = r
        this.regionDepth = this.stack.length
      }
    }
    const label = roles ? labelOf(key!) : undefined
    const regionByte = this.options.regionByte
    const atPos = (offset: number) => ({
      line: regionByte ? undefined : line,
      column: regionByte ? undefined : col + (isString ? 1 : 0) + offset,
      regionByte,
    })
    if (roles && isString) this.keyed(roles, label!, v, atPos(0))
    if (v.length < 6) return
    const ctx = this.ctx
    ctx.roles = roles
    ctx.cellStart = 0
    ctx.cellEnd = v.length
    ctx.label = label
    ctx.where = where
    ctx.region = this.stack.length >= this.regionDepth ? this.region : undefined
    const seen = where?.startsWith('the output') ? this.outputSeen : undefined
    this.detector.scan(
      v,
      () => ctx,
      (hit, c) => {
        if (seen) {
          const k = `${hit.kind}:${hit.value}`
          if (seen.has(k)) return
          seen.add(k)
        }
        this.collector.add(hit.kind, hit, atPos(hit.start), { column: c.label, where: c.where, detector: hit.detector, evidence: hit.evidence })
      },
      { freeText: !roles || roles.role['date-of-birth'] !== 'positive', birth: roles?.role['date-of-birth'] === 'positive' },
    )
  }

  /**
   * Notebook outputs: a `text/html` or `text/plain` rendering is collected whole (bounded) and read when it
   * ends: a data frame as a table (column names give the heuristics), anything else as text.
   */
  private collectRendering(v: string, line: number, col: number, where: string): boolean {
    const s = this.stack
    // cells[i].outputs[j].data[mime] (a string, or a list of lines)
    const d = s.length === 6 || (s.length === 7 && !s[6]!.obj) ? s[5] : undefined
    const mime = d?.obj && s[4]!.obj && s[4]!.key === 'data' && s[2]!.key === 'outputs' ? d.key : undefined
    if (mime !== 'text/html' && mime !== 'text/plain') {
      this.flushRendering()
      return false
    }
    const key = `${s[1]!.index}:${s[3]!.index}:${mime}`
    if (this.rendering && this.rendering.key !== key) this.flushRendering()
    const r = (this.rendering ??= { key, mime, where, parts: [], length: 0 })
    r.parts.push({ text: v, line, col, at: r.length })
    r.length += v.length
    if (r.length > MAX_RENDERING) this.flushRendering()
    return true
  }

  private flushRendering(): void {
    const r = this.rendering
    if (!r) return
    this.rendering = undefined
    const text = r.parts.map((p) => p.text).join('')
    const table = r.mime === 'text/html' ? tableOfHtml(text) : frameOfText(text)
    const posOf = (at: number): { line: number; col: number } => {
      let k = 0
      while (k + 1 < r.parts.length && r.parts[k + 1]!.at <= at) k++
      const p = r.parts[k]!
      return { line: p.line, col: p.col + (at - p.at) }
    }
    if (table) {
      this.readTable(table, r.where, posOf)
      return
    }
    // Not a table: each piece as text (as before), labelled by the output.
    for (const p of r.parts) this.textValue(p.text, p.line, p.col, r.where)
  }

  /** A piece of notebook output text, scanned without key context. */
  private textValue(v: string, line: number, col: number, where: string) {
    if (v.length < 6) return
    const regionByte = this.options.regionByte
    const ctx = this.ctx
    ctx.roles = undefined
    ctx.label = undefined
    ctx.region = undefined
    ctx.where = where
    ctx.cellStart = 0
    ctx.cellEnd = v.length
    this.scanOutputValue(v, { line: regionByte ? undefined : line, column: regionByte ? undefined : col + 1, regionByte }, { where }, { freeText: true, birth: false })
  }

  /** Scans a value of a notebook output (the context set by the caller): each value once per output. */
  private scanOutputValue(v: string, at: Position, labels: { column?: string; where: string }, options: { freeText: boolean; birth: boolean }) {
    const seen = this.outputSeen
    this.detector.scan(
      v,
      () => this.ctx,
      (hit) => {
        const k = `${hit.kind}:${hit.value}`
        if (seen.has(k)) return
        seen.add(k)
        this.collector.add(hit.kind, hit, { line: at.line, column: at.column === undefined ? undefined : at.column + hit.start, regionByte: at.regionByte }, { ...labels, detector: hit.detector, evidence: hit.evidence })
      },
      options,
    )
  }

  /** A data frame read from an output: each cell with its column's roles, the row's country deciding phones. */
  private readTable(table: Table, where: string, posOf: (at: number) => { line: number; col: number }) {
    const regionByte = this.options.regionByte
    const kinds = this.detector.kinds
    const seen = this.outputSeen
    const cols = table.header.map((h) => {
      const label = labelOf(h)
      const unsafe = label === '' || this.detector.containsPii(label)
      return { label: unsafe ? undefined : label, roles: unsafe ? undefined : columnRoles(label) }
    })
    const countryCol = cols.findIndex((c) => c.roles?.country)
    const ctx = this.ctx
    const pos: Position = {}
    for (const row of table.rows) {
      const region = countryCol >= 0 && row[countryCol] ? regionOfCountry(row[countryCol]!.text) : undefined
      let named = false
      row.forEach((cell, j) => {
        if (!cell) return
        const v = cell.text
        const c = cols[j] ?? { label: undefined, roles: undefined }
        const p = posOf(cell.at)
        pos.line = regionByte ? undefined : p.line
        pos.column = regionByte ? undefined : p.col + 1
        pos.regionByte = regionByte
        const once = (kind: PiiKind) => {
          const k = `${kind}:${v.trim()}`
          if (seen.has(k)) return false
          seen.add(k)
          return true
        }
        const roles = c.roles
        if (roles && (roles.personName === 'named' || roles.personName === 'bare') && !named && kinds.has('person-name')) {
          const ok = roles.personName === 'named' ? isMeaningfulText(v) : looksLikePersonName(v)
          if (ok && !this.detector.allowed('person-name', v.trim())) {
            named = true
            if (once('person-name')) this.collector.add('person-name', v.trim(), pos, { column: c.label, where })
          }
        }
        if (roles?.address && kinds.has('address') && isMeaningfulText(v) && !this.detector.allowed('address', v.trim()) && once('address')) {
          this.collector.add('address', v.trim(), pos, { column: c.label, where })
        }
        if (v.length < 6) return
        ctx.roles = roles
        ctx.label = c.label
        ctx.where = where
        ctx.region = region
        ctx.cellStart = 0
        ctx.cellEnd = v.length
        this.scanOutputValue(v, pos, { column: c.label, where }, { freeText: !roles || roles.role['date-of-birth'] !== 'positive', birth: roles?.role['date-of-birth'] === 'positive' })
      })
    }
  }

  /** Person names and addresses by key name. */
  private keyed(roles: ColumnRoles, label: string, v: string, pos: { line?: number; column?: number; regionByte?: number }) {
    const kinds = this.detector.kinds
    const add = (kind: PiiKind) => {
      if (!kinds.has(kind) || !isMeaningfulText(v) || this.detector.allowed(kind, v.trim())) return
      this.collector.add(kind, v.trim(), pos, { column: label })
    }
    if (roles.personName === 'named') add('person-name')
    if (roles.address) add('address')
  }
}

function labelOf(key: string): string {
  const t = key.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  return t.length > 64 ? `${t.slice(0, 61)}…` : t
}

/** Offset of the closing quote of a string whose content starts at `from`, or -1. */
function findStringEnd(t: string, from: number): number {
  let j = from
  for (;;) {
    const k = t.indexOf('"', j)
    if (k < 0) return -1
    let bs = 0
    for (let m = k - 1; m >= from && t.charCodeAt(m) === 92; m--) bs++
    if (bs % 2 === 0) {
      // A raw newline before the quote means the string was not closed on its line (broken JSON).
      return k
    }
    j = k + 1
  }
}
