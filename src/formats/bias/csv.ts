/**
 * A small RFC 4180 CSV reader that keeps each cell's line and column, so findings point at the cell. No CSV
 * library is installed and the bias formats need only this (quoted fields, doubled quotes, CRLF, quoted
 * newlines). Pure; never throws.
 */

export interface CsvCell {
  value: string
  /** 1-based line and column where the cell starts. */
  line: number
  column: number
}

export interface CsvRow {
  cells: CsvCell[]
  line: number
}

export interface CsvParse {
  rows: CsvRow[]
  /** Syntax problems (an unterminated quote, text after a closing quote). */
  errors: { line: number; column: number; message: string }[]
}

export function parseCsv(text: string): CsvParse {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const rows: CsvRow[] = []
  const errors: CsvParse['errors'] = []
  let line = 1
  let col = 1
  let i = 0
  let row: CsvCell[] = []
  let rowLine = 1
  const n = text.length
  const endRow = () => {
    // Skip blank lines (a single empty cell).
    if (!(row.length === 1 && row[0]!.value === '')) rows.push({ cells: row, line: rowLine })
    row = []
  }
  while (i <= n) {
    // Start of a cell.
    const cellLine = line
    const cellCol = col
    if (row.length === 0) rowLine = line
    let value = ''
    if (text[i] === '"') {
      i++
      col++
      let closed = false
      while (i < n) {
        const ch = text[i]!
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"'
            i += 2
            col += 2
            continue
          }
          i++
          col++
          closed = true
          break
        }
        if (ch === '\r' && text[i + 1] === '\n') {
          value += '\n'
          i += 2
          line++
          col = 1
          continue
        }
        if (ch === '\n' || ch === '\r') {
          value += '\n'
          i++
          line++
          col = 1
          continue
        }
        value += ch
        i++
        col++
      }
      if (!closed) {
        errors.push({ line: cellLine, column: cellCol, message: 'unterminated quoted field' })
        row.push({ value, line: cellLine, column: cellCol })
        endRow()
        break
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        errors.push({ line, column: col, message: 'unexpected text after a closing quote' })
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          i++
          col++
        }
      }
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        value += text[i]
        i++
        col++
      }
    }
    row.push({ value, line: cellLine, column: cellCol })
    if (i >= n) {
      endRow()
      break
    }
    const ch = text[i]!
    if (ch === ',') {
      i++
      col++
      continue
    }
    // End of line.
    i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
    line++
    col = 1
    endRow()
    if (i >= n) break
  }
  return { rows, errors }
}
