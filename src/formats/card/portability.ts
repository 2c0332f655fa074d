/**
 * Where YAML 1.2 (the `yaml` library) and PyYAML (YAML 1.1, used by `huggingface_hub` and the Hub to read
 * cards) disagree on front matter, judged on the source lines:
 * - a tab outside quotes and comments is valid YAML 1.2 but PyYAML rejects it ("found character '\t' that
 *   cannot start any token");
 * - a quoted value continued on a line indented less than YAML 1.2 requires is accepted by PyYAML (it does
 *   not check the indentation of quoted scalars), and real cards rely on it;
 * - an unfilled `{{ jinja }}` field parses as a nested flow mapping in YAML 1.2 and fails in PyYAML.
 */
import type { Position } from '../yaml.js'

interface Hit {
  line: number
  column: number
}

/**
 * Walks the characters of YAML lines outside comments, tracking quoted scalars across lines. `visit` sees
 * each character outside quotes; `onContinuation` sees each line that starts inside a quoted scalar.
 */
function scan(
  lines: readonly string[],
  visit: (ch: string, line: number, col: number, text: string) => boolean | void,
  onContinuation?: (line: number, quoteColumn: number) => void,
): Hit | undefined {
  let quote: string | undefined
  let quoteCol = 0
  let quoteLine = 0
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!
    if (quote && onContinuation) onContinuation(i, quoteCol)
    for (let c = 0; c < text.length; c++) {
      const ch = text[c]!
      if (quote) {
        if (ch === quote) {
          if (quote === "'" && text[c + 1] === "'") c++
          else quote = undefined
        } else if (ch === '\\' && quote === '"') c++
        continue
      }
      if (ch === '#' && (c === 0 || text[c - 1] === ' ' || text[c - 1] === '\t')) break
      // A quote opens a quoted scalar only where a value starts (not inside a plain scalar: `it's`, `a 'b`).
      const prev = text.slice(0, c).trimEnd().slice(-1)
      if ((ch === '"' || ch === "'") && (prev === '' || ':-?[{,'.includes(prev))) {
        quote = ch
        quoteCol = c
        quoteLine = i
        continue
      }
      if (visit(ch, i, c, text) === true) return undefined
    }
  }
  return quote ? { line: quoteLine, column: quoteCol } : undefined
}

/** Where a quoted value that is never closed opens, as a card position. */
export function findUnclosedQuote(lines: readonly string[], firstLine: number): Position | undefined {
  const open = scan(lines, () => false)
  return open && { line: firstLine + open.line, column: open.column + 1 }
}

/** The first tab that PyYAML cannot read, as a card position (`firstLine` = card line of `lines[0]`). */
export function findPyYamlTab(lines: readonly string[], firstLine: number): Position | undefined {
  let hit: Hit | undefined
  scan(lines, (ch, i, c) => {
    if (ch !== '\t') return false
    hit = { line: firstLine + i, column: c + 1 }
    return true
  })
  return hit
}

/** The first unquoted `{{ … }}` or `{% … %}` (an unfilled Jinja template field) on one line, as a card position. */
export function findTemplateField(lines: readonly string[], firstLine: number): (Position & { text: string }) | undefined {
  let hit: (Position & { text: string }) | undefined
  scan(lines, (ch, i, c, text) => {
    if (ch !== '{' || (text[c + 1] !== '{' && text[c + 1] !== '%')) return false
    const close = text.indexOf(text[c + 1] === '{' ? '}}' : '%}', c + 2)
    if (close < 0) return false
    hit = { line: firstLine + i, column: c + 1, text: text.slice(c, close + 2) }
    return true
  })
  return hit
}

/**
 * Indents the continuation lines of quoted values that YAML 1.2 finds under-indented, as PyYAML reads them
 * (leading spaces of a quoted value's continuation lines are folded away, so values do not change).
 * Returns undefined when no line needed it.
 */
export function reindentQuotedContinuations(lines: readonly string[]): string[] | undefined {
  const out = [...lines]
  let changed = false
  scan(
    lines,
    () => false,
    (i, quoteCol) => {
      const text = out[i]!
      const indent = text.length - text.trimStart().length
      if (text.trim() !== '' && indent <= quoteCol) {
        out[i] = ' '.repeat(quoteCol + 1) + text.trimStart()
        changed = true
      }
    },
  )
  return changed ? out : undefined
}
