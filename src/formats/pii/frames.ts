/**
 * Data frames as notebooks render them, read back as tables: pandas/Polars `text/html` (`<table>` with a
 * `<thead>` of column names and the index as a leading `<th>` per row) and the `text/plain` repr (columns
 * right-aligned under their names, separated by two or more spaces). Bounded: at most MAX_ROWS rows and
 * MAX_COLS columns are read; anything that is not table-shaped returns undefined (then scanned as text).
 */

export interface Cell {
  text: string
  /** Offset of the cell's text in the rendering. */
  at: number
}

export interface Table {
  header: string[]
  rows: (Cell | undefined)[][]
}

const MAX_ROWS = 100_000
const MAX_COLS = 512

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" }

function decode(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]{0,500}>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6}|#39);/gi, (m, e: string) => {
      if (ENTITIES[e.toLowerCase()] !== undefined) return ENTITIES[e.toLowerCase()]!
      if (e[0] === '#') {
        const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
        return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m
      }
      return m
    })
    .trim()
}

/**
 * Finds the next `<tag` (case-insensitive, followed by a space, `>` or `/`) at or after a position that
 * only moves forward: the last answer is kept while it is still ahead, so a whole pass costs one scan of
 * the text per tag (linear, whatever the markup).
 */
class TagFinder {
  private at = -2
  constructor(
    private readonly lower: string,
    private readonly tag: string,
  ) {}

  next(from: number): number {
    if (this.at === -1 || (this.at >= from && this.at !== -2)) return this.at
    for (let k = this.lower.indexOf(this.tag, from); k >= 0; k = this.lower.indexOf(this.tag, k + 1)) {
      const c = this.lower.charCodeAt(k + this.tag.length)
      if (c === 62 || c === 32 || c === 47 || c === 9 || c === 10 || c === 13) return (this.at = k)
    }
    return (this.at = -1)
  }
}

/** Likewise for a plain substring (closing tags). */
class Finder {
  private at = -2
  constructor(
    private readonly lower: string,
    private readonly needle: string,
  ) {}

  next(from: number): number {
    if (this.at === -1 || (this.at >= from && this.at !== -2)) return this.at
    return (this.at = this.lower.indexOf(this.needle, from))
  }
}

/**
 * The first `<table>` of an HTML rendering, or undefined. The index column is kept (header ''). Linear
 * time: rows and cells are found by forward-only searches (a row ends where the next one starts when
 * `</tr>` is missing, a cell where the next cell starts), never with backtracking patterns.
 */
export function tableOfHtml(html: string): Table | undefined {
  const lower = html.toLowerCase()
  const start = new TagFinder(lower, '<table').next(0)
  if (start < 0) return undefined
  const stop = lower.indexOf('</table', start)
  const end = stop < 0 ? html.length : stop
  const theadEnd = lower.indexOf('</thead', start)
  const trs = new TagFinder(lower, '<tr')
  const ths = new TagFinder(lower, '<th')
  const tds = new TagFinder(lower, '<td')
  const trClose = new Finder(lower, '</tr')
  const cellClose = new Finder(lower, '</t')
  const gts = new Finder(html, '>')
  let header: string[] | undefined
  const rows: (Cell | undefined)[][] = []
  let tr = trs.next(start)
  while (tr >= 0 && tr < end && rows.length < MAX_ROWS) {
    const open = gts.next(tr)
    if (open < 0 || open >= end) break
    let next = trs.next(open)
    if (next < 0 || next > end) next = end
    const close = trClose.next(open)
    const rowEnd = close >= 0 && close < next ? close : next
    const cells: Cell[] = []
    let allTh = true
    let k = open + 1
    while (k < rowEnd && cells.length < MAX_COLS) {
      const th = ths.next(k)
      const td = tds.next(k)
      const at = th < 0 ? td : td < 0 ? th : Math.min(th, td)
      if (at < 0 || at >= rowEnd) break
      if (at === td) allTh = false
      const gt = gts.next(at)
      if (gt < 0 || gt >= rowEnd) break
      // The cell ends at its closing tag, or where the next cell starts.
      const nth = ths.next(gt)
      const ntd = tds.next(gt)
      let nextCell = nth < 0 ? ntd : ntd < 0 ? nth : Math.min(nth, ntd)
      if (nextCell < 0 || nextCell > rowEnd) nextCell = rowEnd
      const ct = cellClose.next(gt)
      const cellEnd = ct >= 0 && ct < nextCell ? ct : nextCell
      cells.push({ text: decode(html.slice(gt + 1, cellEnd)), at: gt + 1 })
      k = cellEnd === nextCell ? cellEnd : cellEnd + 1
    }
    const inHead = theadEnd >= 0 ? tr < theadEnd : header === undefined && allTh
    if (inHead) {
      // The last header row names the columns (a second row may name the index: keep the first non-empty).
      if (!header || cells.some((x, i) => x.text !== '' && i > 0)) header = cells.map((x) => x.text)
    } else rows.push(cells)
    tr = next < end ? next : -1
  }
  if (!header || rows.length === 0) return undefined
  return { header, rows }
}

/**
 * A pandas-style text rendering: the first line names the columns (two or more spaces apart, each name
 * ending where its column's values end), every other line starts with an index token. Returns undefined
 * when fewer than two columns or rows line up.
 */
export function frameOfText(text: string): Table | undefined {
  const lines: { s: string; at: number }[] = []
  let at = 0
  for (const s of text.split('\n')) {
    lines.push({ s: s.replace(/\r$/, ''), at })
    at += s.length + 1
  }
  const head = lines[0]
  if (!head || lines.length < 2) return undefined
  // Column names and their right edges.
  const names: { name: string; end: number }[] = []
  const re = /\S+(?: \S+)*/g
  let m: RegExpExecArray | null
  while ((m = re.exec(head.s)) !== null && names.length < MAX_COLS) names.push({ name: m[0], end: m.index + m[0].length })
  if (names.length < 2 || !/^\s/.test(head.s)) return undefined // the index column has no name: the header starts with spaces
  const width = head.s.length
  const rows: (Cell | undefined)[][] = []
  let bad = 0
  for (let k = 1; k < lines.length && rows.length < MAX_ROWS; k++) {
    const { s, at: lineAt } = lines[k]!
    if (s.trim() === '' || /^\[\d+ rows x \d+ columns\]$/.test(s.trim())) continue
    if (s.length !== width || /^\s/.test(s)) {
      bad++
      continue
    }
    const row: (Cell | undefined)[] = [{ text: s.slice(0, s.indexOf(' ') < 0 ? s.length : s.indexOf(' ')), at: lineAt }]
    let from = 0
    let ok = true
    names.forEach((n, j) => {
      const seg = s.slice(j === 0 ? row[0]!.text.length : from, n.end)
      // A value ends at its column's edge: the character after it (when any) is a space.
      if (n.end < s.length && s[n.end] !== ' ') ok = false
      const lead = seg.length - seg.trimStart().length
      row.push({ text: seg.trim(), at: lineAt + (j === 0 ? row[0]!.text.length : from) + lead })
      from = n.end
    })
    if (!ok) {
      bad++
      continue
    }
    rows.push(row)
  }
  if (rows.length === 0 || bad > rows.length) return undefined
  return { header: ['', ...names.map((n) => n.name)], rows }
}
