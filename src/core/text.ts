/**
 * One path for repository text in every output (issues #17 item 2, #13 item 7): `safeText` redacts
 * personal data (e-mail addresses, phone numbers, SSNs, card numbers, IBANs: the shape, never the value)
 * and shows control characters, ESC, CR/LF, Unicode line separators and bidi controls as visible escapes
 * (`\x1b`, `\n`, `\u202e`), so no finding, table, title or output can carry a raw PII value from a file or
 * name, move a terminal's cursor, hide text behind a bidi override, or start a workflow command.
 * Applied centrally: to every finding (engine `toFinding`) and table, and by the reporters to names.
 */
import { Allowlist } from '../formats/pii/allow.js'
import { Detector } from '../formats/pii/detect.js'
import type { PiiKind } from '../formats/pii/kinds.js'

/** Kinds redacted in free text: those validated by structure or checksum (no context needed). */
const TEXT_KINDS: ReadonlySet<PiiKind> = new Set<PiiKind>(['email', 'phone', 'ssn', 'credit-card', 'iban'])

let detector: Detector | undefined
const det = () =>
  (detector ??= new Detector({
    kinds: TEXT_KINDS,
    phoneRegions: ['US', 'GB', 'DE', 'FR', 'IN'],
    ipScopes: new Set(),
    maxBirthYear: 3000,
    custom: [],
    allow: new Allowlist({ values: [], hashes: [], patterns: [] }),
  }))

/** C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates, marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** Control and bidi characters as visible escapes. */
export function escapeControls(s: string): string {
  return s.replace(UNSAFE, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
}

const MAYBE_PII = /[@\d]/

/** An address followed by a file extension (`jane@example.com.csv`): the detector rejects `.csv` as a TLD. */
const EMAIL_THEN_EXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g

/** Personal data in `s` replaced by its redacted shape. */
export function redactText(s: string): string {
  if (!MAYBE_PII.test(s)) return s
  const out = det().scrub(s)
  if (!out.includes('@')) return out
  return out.replace(EMAIL_THEN_EXT, (m) => {
    // Drop up to three trailing labels (extensions) until the rest reads as an address.
    let head = m
    let tail = ''
    for (let i = 0; i < 3; i++) {
      const dot = head.lastIndexOf('.')
      if (dot <= head.indexOf('@')) break
      tail = head.slice(dot) + tail
      head = head.slice(0, dot)
      const r = det().scrub(head)
      if (r !== head) return r + tail
    }
    return m
  })
}

/** Repository text made safe for any output: PII redacted, controls and bidi shown as escapes. */
export function safeText(s: string): string {
  return escapeControls(redactText(s))
}

/** `safeText` over every string of a JSON-like value (details, table cells); other values unchanged. */
export function safeValue<T>(v: T, depth = 0): T {
  if (typeof v === 'string') return safeText(v) as T
  if (depth > 32 || v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map((x) => safeValue(x, depth + 1)) as T
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[safeText(k)] = safeValue(x, depth + 1)
  return out as T
}
