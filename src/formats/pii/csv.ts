/**
 * CSV/TSV, streamed block by block. The header names the columns (and gives the column-name heuristics);
 * quoted fields, doubled quotes, delimiters and newlines inside quotes (multi-line cells) and CRLF are
 * handled. Detection runs over whole blocks; a candidate's column is worked out only when one is found
 * (counting delimiters from its line's start, quote-aware where the line has quotes), so the common case
 * costs a few native regex passes per megabyte.
 */
import { columnRoles, isMeaningfulText, looksLikePersonName, type ColumnRoles } from './columns.js'
import { regionOfCountry } from './countries.js'
import type { Collector, Labels, Position } from './collect.js'
import type { Detector, HitContext } from './detect.js'
import type { Block } from './lines.js'
import { countOutsideQuotes } from './format.js'

interface Column {
  label: string
  roles: ColumnRoles
}

export interface CsvOptions {
  /** The delimiter; sniffed from the first line when undefined (`,` `;` tab `|`). */
  delimiter?: string
  /** Byte offset of the sampled region being scanned (0 for the head of the file). */
  regionByte?: number
}

const QUOTE = 34

/** Splits one record starting at `start` (quote-aware, may span lines); returns the cells and the offset after it. */
export function splitRecord(t: string, start: number, delim: number): { cells: string[]; end: number } {
  const cells: string[] = []
  let cell = ''
  let inQ = false
  let i = start
  let segStart = i
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (inQ) {
      if (c === QUOTE) {
        if (t.charCodeAt(i + 1) === QUOTE) {
          cell += t.slice(segStart, i + 1)
          i++
          segStart = i + 1
        } else {
          cell += t.slice(segStart, i)
          inQ = false
          segStart = i + 1
        }
      }
      continue
    }
    if (c === QUOTE) {
      cell += t.slice(segStart, i)
      inQ = true
      segStart = i + 1
    } else if (c === delim) {
      cells.push(cell + t.slice(segStart, i))
      cell = ''
      segStart = i + 1
    } else if (c === 10) {
      break
    }
  }
  cell += t.slice(segStart, i)
  cells.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell)
  return { cells, end: i < t.length ? i + 1 : i }
}

/** Like `splitRecord`, with the offset where each cell's content starts (after an opening quote). */
export function splitRecordAt(t: string, start: number, delim: number): { cells: string[]; at: number[]; end: number } {
  const at = [start]
  let inQ = false
  let i = start
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c === QUOTE) inQ = !inQ
    else if (!inQ && c === delim) at.push(i + 1)
    else if (!inQ && c === 10) break
  }
  const { cells, end } = splitRecord(t, start, delim)
  for (let k = 0; k < at.length; k++) {
    let a = at[k]!
    while (t.charCodeAt(a) === 32) a++
    if (t.charCodeAt(a) === QUOTE) at[k] = a + 1
  }
  return { cells, at, end }
}

/**
 * The delimiter of a table: among `,` tab `;` `|`, the one found (outside quotes) the same number of times,
 * at least once, on each of the first lines (up to 5, records may span lines), preferring the most frequent;
 * else the most frequent on the first line.
 */
export function sniffDelimiter(text: string): string {
  const lines: string[] = []
  let pos = 0
  while (lines.length < 5 && pos < text.length) {
    // One record (quote-aware) per entry.
    let inQ = false
    let i = pos
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === QUOTE) inQ = !inQ
      else if (c === 10 && !inQ) break
    }
    const rec = text.slice(pos, i)
    if (rec.trim() !== '') lines.push(rec)
    if (i >= text.length) break
    pos = i + 1
  }
  let best = ','
  let bestN = 0
  let consistent = false
  for (const d of [',', '\t', ';', '|']) {
    const counts = lines.map((l) => countOutsideQuotes(l, d))
    const n = counts[0] ?? 0
    const same = n > 0 && lines.length > 1 && counts.every((c) => c === n)
    if ((same && !consistent) || (same === consistent && n > bestN)) {
      best = d
      bestN = n
      consistent = same
    }
  }
  return best
}

/** A label safe to show: trimmed, at most 64 characters, printable. */
export function safeLabel(s: string): string {
  const t = s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  return t.length > 64 ? `${t.slice(0, 61)}…` : t
}

export class CsvScanner {
  private delimStr: string | undefined
  private delim = 44
  private columns: Column[] = []
  private headerPending = true
  private headerless = false
  /** Quote and field state at the start of the next block (multi-line cells, cut lines). */
  private carryInQ = false
  private carryField = 0
  private nameCols: number[] = []
  private bareNameCols: number[] = []
  private addrCols: number[] = []
  private nameLabel = ''
  /** The column holding each row's country (decides the phone region), or -1. */
  private countryCol = -1
  // Per-block line table (reused).
  /** Per line of the current block (typed arrays, reused): start offset, in-quote and field at its start, first quote (-1: none). */
  private lineCount = 0
  private starts = new Int32Array(1024)
  private qStart = new Uint8Array(1024)
  private fStart = new Int32Array(1024)
  private firstQ = new Int32Array(1024)
  /** Per line: the line where its record starts (continuations of multi-line records point back). */
  private recStart = new Int32Array(1024)
  private readonly ctx: HitContext = { cellStart: 0, cellEnd: 0 }

  constructor(
    private readonly detector: Detector,
    private readonly collector: Collector,
    private readonly options: CsvOptions = {},
  ) {
    this.delimStr = options.delimiter
  }

  /** Continues with another scanner's header (a sampled window of the same file). */
  adoptHeader(o: CsvScanner): void {
    this.delimStr = o.delimStr ?? ','
    this.delim = this.delimStr.charCodeAt(0)
    this.columns = o.columns
    this.headerless = o.headerless
    this.nameCols = o.nameCols
    this.bareNameCols = o.bareNameCols
    this.addrCols = o.addrCols
    this.nameLabel = o.nameLabel
    this.countryCol = o.countryCol
    this.headerPending = false
  }

  /** Column labels (after the header was read). */
  get header(): string[] {
    return this.columns.map((c) => c.label)
  }

  block(b: Block): void {
    const t = b.text
    let bodyStart = 0
    if (this.headerPending) {
      bodyStart = this.readHeader(t)
      if (bodyStart < 0) return // only blank lines so far
      this.headerPending = false
    }
    this.buildLines(t, bodyStart, b.cut)
    if (this.lineCount === 0) return
    const firstLine = b.firstLine
    let li = 0
    const starts = this.starts
    const lineCount = this.lineCount
    const ctx = this.ctx
    const resolve = (pos: number): HitContext => {
      if (pos < starts[li]! || (li + 1 < lineCount && pos >= starts[li + 1]!)) {
        // Positions arrive in increasing order within a pass; search when they do not.
        let lo = 0
        let hi = lineCount - 1
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1
          if (starts[mid]! <= pos) lo = mid
          else hi = mid - 1
        }
        li = lo
      }
      const ls = starts[li]!
      const lineEnd = li + 1 < lineCount ? starts[li + 1]! - 1 : t.length
      this.fieldAt(t, li, ls, lineEnd, pos)
      const field = this.atField
      const col = this.columns[field]
      ctx.roles = col?.roles
      ctx.label = col ? col.label : this.labelOf(field)
      ctx.cellStart = this.atCellStart
      ctx.cellEnd = this.atCellEnd
      ctx.region = this.countryCol >= 0 ? this.regionAt(t, li) : undefined
      // Line and column are worked out in the sink, for the few candidates that are reported.
      ctx.lineIndex = li
      return ctx
    }
    const regionByte = this.options.regionByte
    const pos: Position = { regionByte }
    const labels: Labels = {}
    this.detector.scan(
      t,
      resolve,
      (hit, c) => {
        if (hit.start < bodyStart) return
        if (!regionByte) {
          const li = c.lineIndex!
          pos.line = firstLine + this.lineOffset(t, li)
          pos.column = hit.start - starts[li]! + 1 + (pos.line === firstLine ? b.colOffset : 0)
        }
        labels.column = c.label
        labels.detector = hit.detector
        labels.evidence = hit.evidence
        this.collector.add(hit.kind, hit, pos, labels)
      },
      { birth: this.birthColumn },
    )
    const k = this.detector.kinds
    if (((this.nameCols.length || this.bareNameCols.length) && k.has('person-name')) || (this.addrCols.length && k.has('address'))) this.names(t, b)
  }

  /** Line numbers: `starts` holds only lines from bodyStart on, so count newlines before the first one once. */
  private baseLineOffset = 0
  private lineOffset(_t: string, li: number): number {
    return this.baseLineOffset + li
  }

  private readHeader(t: string): number {
    let start = 0
    // Skip blank lines before the header.
    while (start < t.length) {
      const nl = t.indexOf('\n', start)
      const line = t.slice(start, nl < 0 ? t.length : nl).trim()
      if (line !== '') break
      if (nl < 0) return -1
      start = nl + 1
    }
    if (start >= t.length) return -1
    if (this.delimStr === undefined) this.delimStr = sniffDelimiter(t.slice(start, Math.min(t.length, start + 65536)))
    this.delim = this.delimStr.charCodeAt(0)
    const { cells, end } = splitRecord(t, start, this.delim)
    // A header whose cells hold personal data or numbers is a data row: the file has no header.
    let dataLike = cells.every((c) => c.trim() !== '' && /^[-+\d.,:/ ]+$/.test(c.trim()))
    if (!dataLike) {
      this.detector.scan(t.slice(start, end), () => ({ cellStart: 0, cellEnd: end - start }), () => {
        dataLike = true
      })
    }
    if (dataLike) {
      this.headerless = true
      this.columns = []
      this.headerBlankLines = countNewlines(t, 0, start)
      return start
    }
    this.columns = cells.map((c) => {
      const label = safeLabel(c) || '(unnamed)'
      return { label, roles: columnRoles(label) }
    })
    this.columns.forEach((c, i) => {
      if (c.roles.personName === 'named') this.nameCols.push(i)
      else if (c.roles.personName === 'bare') this.bareNameCols.push(i)
      if (c.roles.address) this.addrCols.push(i)
    })
    this.countryCol = this.columns.findIndex((c) => c.roles.country)
    this.nameLabel = [...this.nameCols, ...this.bareNameCols].sort((a, b) => a - b).map((i) => this.columns[i]!.label).join(', ')
    this.headerBlankLines = countNewlines(t, 0, end)
    return end
  }

  private headerBlankLines = 0
  /** Some column is about birth dates (headerless files: unknown, so every date is checked). */
  private get birthColumn(): boolean {
    return this.headerless || this.columns.some((c) => c.roles.role['date-of-birth'] === 'positive')
  }

  private buildLines(t: string, from: number, cut: boolean): void {
    this.baseLineOffset = this.headerBlankLines
    this.headerBlankLines = 0
    let inQ = this.carryInQ
    let field = this.carryField
    let nextQuote = t.indexOf('"', from)
    let pos = from
    let n = 0
    const delim = this.delim
    while (pos < t.length) {
      if (n === this.starts.length) this.grow()
      const nl = t.indexOf('\n', pos)
      const end = nl < 0 ? t.length : nl
      this.starts[n] = pos
      this.qStart[n] = inQ ? 1 : 0
      this.fStart[n] = field
      this.recStart[n] = n > 0 && (inQ || field !== 0) ? this.recStart[n - 1]! : n
      const fq = nextQuote >= 0 && nextQuote < end ? nextQuote : -1
      this.firstQ[n] = fq
      n++
      const last = nl < 0
      if (inQ || fq >= 0) {
        // Quote parity by hopping from quote to quote; fields are only counted (char by char) when the
        // record continues on the next line or the line was cut.
        let quotes = 0
        for (let i = inQ ? t.indexOf('"', pos) : fq; i >= 0 && i < end; i = t.indexOf('"', i + 1)) quotes++
        const endInQ = quotes % 2 === 1 ? !inQ : inQ
        if (endInQ || (last && cut)) {
          for (let i = pos; i < end; i++) {
            const c = t.charCodeAt(i)
            if (c === QUOTE) inQ = !inQ
            else if (!inQ && c === delim) field++
          }
        } else inQ = endInQ
        nextQuote = t.indexOf('"', end)
      } else if (last && cut) {
        for (let i = t.indexOf(this.delimStr!, pos); i >= 0 && i < end; i = t.indexOf(this.delimStr!, i + 1)) field++
      }
      if (!inQ && !(last && cut)) field = 0
      if (nl < 0) break
      pos = nl + 1
    }
    this.lineCount = n
    this.carryInQ = inQ
    this.carryField = field
  }

  private grow(): void {
    const size = this.starts.length * 2
    const g = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size)
      b.set(a)
      return b
    }
    this.starts = g(this.starts, (k) => new Int32Array(k))
    this.qStart = g(this.qStart, (k) => new Uint8Array(k))
    this.fStart = g(this.fStart, (k) => new Int32Array(k))
    this.firstQ = g(this.firstQ, (k) => new Int32Array(k))
    this.recStart = g(this.recStart, (k) => new Int32Array(k))
  }

  /** Resume point for `fieldAt`: candidates on one line arrive left to right within a detector pass. */
  private memoLi = -1
  private memoPos = 0
  private memoField = 0
  private memoCell = 0
  private memoInQ = false
  private memoBlock = ''
  /** Results of `fieldAt` (fields, not a tuple: no allocation per candidate). */
  private atField = 0
  private atCellStart = 0
  private atCellEnd = 0

  /** The field index holding `pos`, and the cell's bounds (into atField, atCellStart, atCellEnd). */
  private fieldAt(t: string, li: number, ls: number, lineEnd: number, pos: number): void {
    let field = this.fStart[li]!
    let cellStart = ls
    let from = ls
    let inQ = this.qStart[li] === 1
    if (this.memoLi === li && pos >= this.memoPos && this.memoBlock === t) {
      field = this.memoField
      cellStart = this.memoCell
      from = this.memoPos
      inQ = this.memoInQ
    }
    const fq = this.firstQ[li]!
    // Unquoted so far: no quote on the line, or the candidate is before the first one.
    if (!inQ && (fq < 0 || pos < fq)) {
      const d = this.delimStr!
      let i = t.indexOf(d, from)
      while (i >= 0 && i < pos) {
        field++
        cellStart = i + 1
        i = t.indexOf(d, i + 1)
      }
      this.atCellEnd = i >= 0 && i < lineEnd ? i : lineEnd
    } else {
      const delim = this.delim
      for (let i = from; i < pos; i++) {
        const c = t.charCodeAt(i)
        if (c === QUOTE) inQ = !inQ
        else if (!inQ && c === delim) {
          field++
          cellStart = i + 1
        }
      }
      let q = inQ
      let cellEnd = pos
      for (; cellEnd < lineEnd; cellEnd++) {
        const c = t.charCodeAt(cellEnd)
        if (c === QUOTE) q = !q
        else if (!q && c === delim) break
      }
      this.atCellEnd = cellEnd
    }
    this.memoLi = li
    this.memoBlock = t
    this.memoPos = pos
    this.memoField = field
    this.memoCell = cellStart
    this.memoInQ = inQ
    this.atField = field
    this.atCellStart = cellStart
  }

  private readonly numberedLabels: string[] = []

  private labelOf(field: number): string {
    return (this.numberedLabels[field] ??= `column ${field + 1}`)
  }

  private regionLi = -1
  private regionBlock = ''
  private regionVal: string | undefined

  /** The region named by the country column of the record holding line `li` (memoized per record). */
  private regionAt(t: string, li: number): string | undefined {
    const r = this.recStart[li]!
    if (r === this.regionLi && t === this.regionBlock) return this.regionVal
    this.regionLi = r
    this.regionBlock = t
    this.regionVal = undefined
    if (this.qStart[r] || this.fStart[r] !== 0) return undefined // the record began in the previous block
    const { cells } = splitRecord(t, this.starts[r]!, this.delim)
    const v = cells[this.countryCol]
    if (v !== undefined) this.regionVal = regionOfCountry(v)
    return this.regionVal
  }

  /** Line index (within this block's table) of offset `pos`. */
  private lineIndexAt(pos: number): number {
    let lo = 0
    let hi = this.lineCount - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.starts[mid]! <= pos) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** Person names and addresses, by column: each record with a non-empty value counts once per group. */
  private names(t: string, b: Block): void {
    const wanted = [...new Set([...this.nameCols, ...this.bareNameCols, ...this.addrCols])].sort((x, y) => x - y)
    const regionByte = this.options.regionByte
    const kinds = this.detector.kinds
    const d = this.delimStr!
    const values = new Map<number, { v: string; at: number }>()
    for (let li = 0; li < this.lineCount; li++) {
      if (this.qStart[li] || this.fStart[li] !== 0) continue // continuation of a multi-line record
      const ls = this.starts[li]!
      const end = li + 1 < this.lineCount ? this.starts[li + 1]! - 1 : t.length
      if (end <= ls || (end === ls + 1 && t.charCodeAt(ls) === 13)) continue
      values.clear()
      // A record spanning lines (multi-line quoted cells): split whole, RFC 4180.
      const quoted = li + 1 < this.lineCount ? this.qStart[li + 1] === 1 || this.fStart[li + 1] !== 0 : this.carryInQ
      if (quoted) {
        const rec = splitRecordAt(t, ls, this.delim)
        for (const w of wanted) {
          const v = rec.cells[w]
          if (v !== undefined) values.set(w, { v, at: rec.at[w]! })
        }
      } else if (this.firstQ[li]! >= 0) {
        // Quote-aware walk up to the last wanted column (unquoted values; doubled quotes are kept as one).
        let field = 0
        let k = 0
        let inQ = false
        let cs = ls
        for (let i = ls; i <= end && k < wanted.length; i++) {
          const c = i < end ? t.charCodeAt(i) : this.delim
          if (c === QUOTE) inQ = !inQ
          else if (c === this.delim && !inQ) {
            if (field === wanted[k]) {
              let v = t.slice(cs, i)
              let at = cs
              if (v.includes('"')) {
                const lead = v.length - v.trimStart().length
                if (v.charCodeAt(lead) === QUOTE) at = cs + lead + 1
                v = v.replace(/^\s*"|"\s*$/g, '').replace(/""/g, '"')
              }
              values.set(field, { v, at })
              k++
            }
            field++
            cs = i + 1
          }
        }
      } else {
        // Walk the delimiters up to the wanted columns only.
        let field = 0
        let cs = ls
        let k = 0
        while (k < wanted.length && cs <= end) {
          let ce = t.indexOf(d, cs)
          if (ce < 0 || ce > end) ce = end
          if (field === wanted[k]) {
            values.set(field, { v: t.slice(cs, ce), at: cs })
            k++
          }
          field++
          cs = ce + 1
        }
      }
      const at = (i: number) => {
        const off = values.get(i)!.at
        const cl = quoted ? this.lineIndexAt(off) : li
        const line = b.firstLine + this.lineOffset(t, cl)
        return {
          line: regionByte ? undefined : line,
          column: regionByte ? undefined : off - this.starts[cl]! + 1 + (line === b.firstLine ? b.colOffset : 0),
          regionByte,
        }
      }
      if (kinds.has('person-name')) {
        let found = -1
        for (const i of this.nameCols) {
          const v = values.get(i)?.v
          if (v !== undefined && isMeaningfulText(v) && !this.detector.allowed('person-name', v.trim())) {
            found = i
            break
          }
        }
        if (found < 0) {
          for (const i of this.bareNameCols) {
            const v = values.get(i)?.v
            if (v !== undefined && looksLikePersonName(v) && !this.detector.allowed('person-name', v.trim())) {
              found = i
              break
            }
          }
        }
        if (found >= 0) this.collector.add('person-name', values.get(found)!.v.trim(), at(found), { column: this.nameLabel })
      }
      if (kinds.has('address')) {
        for (const i of this.addrCols) {
          const v = values.get(i)?.v
          if (v !== undefined && isMeaningfulText(v) && !this.detector.allowed('address', v.trim())) {
            this.collector.add('address', v.trim(), at(i), { column: this.columns[i]!.label })
          }
        }
      }
    }
  }
}

function countNewlines(t: string, from: number, to: number): number {
  let n = 0
  for (let i = t.indexOf('\n', from); i >= 0 && i < to; i = t.indexOf('\n', i + 1)) n++
  return n
}
