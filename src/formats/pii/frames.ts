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

const ROW = /<tr\b[^>]{0,500}>([\s\S]*?)<\/tr\s*>/gi
const CELL = /<(t[hd])\b[^>]{0,500}>([\s\S]*?)<\/t[hd]\s*>/gi

/** The first `<table>` of an HTML rendering, or undefined. The index column is kept (header ''). */
export function tableOfHtml(html: string): Table | undefined {
  const start = html.search(/<table\b/i)
  if (start < 0) return undefined
  const endTag = html.indexOf('</table', start)
  const body = html.slice(start, endTag < 0 ? html.length : endTag)
  const theadEnd = body.search(/<\/thead\s*>/i)
  let header: string[] | undefined
  const rows: (Cell | undefined)[][] = []
  ROW.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = ROW.exec(body)) !== null && rows.length < MAX_ROWS) {
    const inner = m[1]!
    const innerAt = start + m.index + m[0].indexOf(inner)
    const cells: Cell[] = []
    let allTh = true
    CELL.lastIndex = 0
    let c: RegExpExecArray | null
    while ((c = CELL.exec(inner)) !== null && cells.length < MAX_COLS) {
      if (c[1]!.toLowerCase() !== 'th') allTh = false
      const raw = c[2]!
      cells.push({ text: decode(raw), at: innerAt + c.index + c[0].indexOf('>') + 1 })
    }
    const inHead = theadEnd >= 0 ? m.index < theadEnd : header === undefined && allTh
    if (inHead) {
      // The last header row names the columns (a second row may name the index: keep the first non-empty).
      if (!header || cells.some((x, i) => x.text !== '' && i > 0)) header = cells.map((x) => x.text)
      continue
    }
    rows.push(cells)
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
