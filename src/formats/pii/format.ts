/**
 * Which files are data and how each is read, from its name and first bytes: the format and text-encoding
 * sniffing that discovery and the PII rules need for every file, apart from the scanners themselves
 * (`scan.ts`, loaded by the first file to scan: cold start, issue #15).
 */
/**
 * How a file is read. Besides the text and table formats: `gzip` and `zip` (data files inside are scanned,
 * with a decompression-bomb guard), `sqlite` and `excel` (recognised, not scanned: reported as unscanned data).
 */
export type FileFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'notebook' | 'parquet' | 'yaml' | 'markdown' | 'text' | 'gzip' | 'zip' | 'sqlite' | 'excel'

const BY_EXTENSION: Record<string, FileFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  psv: 'csv',
  json: 'json',
  geojson: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  ipynb: 'notebook',
  parquet: 'parquet',
  pq: 'parquet',
  yaml: 'yaml',
  yml: 'yaml',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  text: 'text',
  cfg: 'yaml',
  ini: 'yaml',
  toml: 'yaml',
  properties: 'yaml',
  env: 'yaml',
  gz: 'gzip',
  zip: 'zip',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  db3: 'sqlite',
  xlsx: 'excel',
  xlsm: 'excel',
  xls: 'excel',
  ods: 'excel',
}

/** Extensions that say nothing about the content: the file is a table or JSON lines when its content says so. */
export const SNIFFED = new Set(['', 'dat', 'data', 'txt', 'text', 'log', 'out', 'db'])

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? '' : name.slice(dot + 1)
}

/** The format of a file from its name alone (case-insensitive extension), or undefined. */
export function formatOf(path: string): FileFormat | undefined {
  return BY_EXTENSION[extensionOf(path)]
}

/**
 * Whether and how a file is scanned as data, from its name (case-insensitive) and, when given, its first
 * bytes (8 KiB are plenty): magic numbers (gzip, zip, Parquet, SQLite, OLE/Excel) win over the name; a file
 * without extension, or named `.dat`, `.data`, `.txt`, `.log`, whose content is JSON lines or a delimited
 * table (in UTF-8, UTF-16 or UTF-32) is scanned as one. Prose documentation returns `markdown` or `text`.
 */
export function dataFormatOf(path: string, head?: Uint8Array): FileFormat | undefined {
  const ext = extensionOf(path)
  const byName = BY_EXTENSION[ext]
  if (!head || head.length === 0) return byName
  const magic = magicFormat(head)
  if (magic === 'zip' && (byName === 'excel' || ext === 'docx' || ext === 'pptx' || ext === 'odt')) return byName === 'excel' ? 'excel' : undefined
  if (magic === 'excel') return byName === 'excel' || ext === 'xls' ? 'excel' : undefined
  if (magic) return magic
  if (byName === 'sqlite' || byName === 'excel' || byName === 'parquet' || byName === 'gzip' || byName === 'zip') return byName
  if (byName !== undefined && !SNIFFED.has(ext)) return byName
  if (!SNIFFED.has(ext)) return undefined
  const text = headText(head)
  if (text === undefined) return byName
  const sniffed = sniffText(text)
  return sniffed ?? byName
}

export function magicFormat(h: Uint8Array): FileFormat | undefined {
  if (h[0] === 0x1f && h[1] === 0x8b) return 'gzip'
  if (h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04) return 'zip'
  if (h[0] === 0x50 && h[1] === 0x41 && h[2] === 0x52 && h[3] === 0x31) return 'parquet'
  if (h.length >= 16 && new TextDecoder('latin1').decode(h.subarray(0, 16)) === 'SQLite format 3\u0000') return 'sqlite'
  if (h[0] === 0xd0 && h[1] === 0xcf && h[2] === 0x11 && h[3] === 0xe0) return 'excel'
  return undefined
}

/** The head decoded as text (any supported encoding), or undefined when it is binary. */
function headText(head: Uint8Array): string | undefined {
  const { encoding, problem } = sniff(head)
  if (problem || !encoding) return undefined
  const bytes = encoding === 'utf-8' ? head.map((b) => (b === 0 ? 32 : b)) : head
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le').text
  return new TextDecoder(encoding, { fatal: false }).decode(bytes)
}

/** JSON lines, a JSON document or a delimited table, judged from the first lines of text. */
function sniffText(text: string): FileFormat | undefined {
  const lines = text.replace(/^\ufeff/, '').split('\n')
  if (text.length >= 4096 && lines.length > 1) lines.pop() // the last line may be cut
  const nonBlank = lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '')
  if (nonBlank.length === 0) return undefined
  const first = nonBlank[0]!.trim()
  if (first.startsWith('{') || first.startsWith('[')) {
    const objects = nonBlank.filter((l) => {
      const t = l.trim()
      return t.startsWith('{') && t.endsWith('}')
    })
    if (objects.length >= 1 && objects.length === nonBlank.length) {
      try {
        JSON.parse(objects[0]!)
        return 'jsonl'
      } catch {
        // not JSON lines
      }
    }
    // A JSON document: it parses whole, or (cut at the head's end) opens with a key or a nested value.
    // A log line such as `[INFO] …` or `[2024-01-05 12:00] …` is text.
    try {
      JSON.parse(text)
      return 'json'
    } catch {
      if (/^\s*(?:\{\s*(?:"|\}|$)|\[\s*(?:[{["]|\]|$))/.test(text)) return 'json'
    }
  }
  if (nonBlank.length < 2) return undefined
  const rows = nonBlank.slice(0, 20)
  for (const d of ['\t', ',', ';', '|']) {
    const counts = rows.map((l) => countOutsideQuotes(l, d))
    const n = counts[0]!
    if (n < 1) continue
    const same = counts.filter((c) => c === n).length
    // Prose has commas too, but not the same number on (nearly) every line.
    if (same >= Math.max(2, Math.ceil(rows.length * 0.9))) return d === '\t' ? 'tsv' : 'csv'
  }
  return undefined
}

/** Delimiters `d` in a line outside double quotes. */
export function countOutsideQuotes(line: string, d: string): number {
  let n = 0
  let inQ = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '"') inQ = !inQ
    else if (!inQ && c === d) n++
  }
  return n
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be'

/**
 * The text encoding of a file from its first bytes: a byte-order mark; else the pattern of zero bytes
 * (UTF-32 and UTF-16 text without BOM, mostly ASCII, has zeros at fixed positions); else UTF-8, where a
 * few stray NUL bytes (< 1 %) are tolerated (`nul`: they are read as spaces). Other content with NUL
 * bytes is binary.
 */
export function sniff(head: Uint8Array): { encoding?: Encoding; nul?: boolean; problem?: string } {
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) return { encoding: 'utf-32le' }
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return { encoding: 'utf-32be' }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le' }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be' }
  const n = head.length - (head.length % 4)
  let nul = 0
  const z = [0, 0, 0, 0]
  for (let i = 0; i < n; i++) if (head[i] === 0) z[i % 4]!++
  for (let i = n; i < head.length; i++) if (head[i] === 0) nul++
  nul += z[0]! + z[1]! + z[2]! + z[3]!
  if (nul === 0) return { encoding: 'utf-8' }
  const q = n / 4
  if (q >= 2) {
    const hi = (k: number) => z[k]! >= q * 0.9
    const lo = (k: number) => z[k]! <= q * 0.1
    if (lo(0) && hi(1) && hi(2) && hi(3)) return { encoding: 'utf-32le' }
    if (hi(0) && hi(1) && hi(2) && lo(3)) return { encoding: 'utf-32be' }
    const even = z[0]! + z[2]!
    const odd = z[1]! + z[3]!
    if (odd >= q * 2 * 0.6 && even <= q * 2 * 0.05) return { encoding: 'utf-16le' }
    if (even >= q * 2 * 0.6 && odd <= q * 2 * 0.05) return { encoding: 'utf-16be' }
  }
  if (nul * 100 <= head.length) {
    let control = 0
    for (let i = 0; i < head.length; i++) {
      const b = head[i]!
      if (b < 32 && b !== 0 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++
    }
    if (control * 100 <= head.length) return { encoding: 'utf-8', nul: true }
  }
  return { problem: 'the file holds binary data (NUL bytes): its content was not scanned' }
}

/** UTF-32 bytes to a string; `rest` holds the bytes of an incomplete code unit. */
export function decodeUtf32(b: Uint8Array, le: boolean): { text: string; rest: number } {
  const n = b.length - (b.length % 4)
  const parts: string[] = []
  let cps: number[] = []
  for (let i = 0; i < n; i += 4) {
    const cp = le ? b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24) : (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!
    cps.push(cp >= 0 && cp < 0x110000 && !(cp >= 0xd800 && cp < 0xe000) ? cp : 0xfffd)
    if (cps.length === 8192) {
      parts.push(String.fromCodePoint(...cps))
      cps = []
    }
  }
  if (cps.length) parts.push(String.fromCodePoint(...cps))
  let text = parts.join('')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return { text, rest: b.length - n }
}
