/**
 * Evidence files: whether a file matching an evidence entry exists in the unit, and — for test reports —
 * whether it is dated and signed. Text files are searched for a date and a signature line; PDFs are
 * streamed for a signature dictionary (`/ByteRange`) and a signing or creation date; any file counts as
 * signed with a detached signature beside it (`.asc`, `.sig`, `.p7s`, `.minisig`, `.sigstore`) and as dated
 * with a date in its name. Memory stays bounded: PDFs are streamed, text is read up to a cap.
 */
import { basename, type FileView } from '../../core/files.js'

export const TEXT_EXTENSIONS = ['.md', '.markdown', '.txt', '.rst', '.adoc', '.html', '.htm', '.json', '.yaml', '.yml', '.csv', '.tex', '.xml', '.org']
export const SIGNATURE_SUFFIXES = ['.asc', '.sig', '.p7s', '.minisig', '.sigstore', '.sigstore.json']
export const TEXT_MAX_BYTES = 1024 * 1024
export const PDF_MAX_BYTES = 64 * 1024 * 1024

const MONTHS = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'
const DATE_PATTERNS = [
  /\b(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b/,
  /\b(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./](?:19|20)\d\d\b/,
  /\b(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])\/(?:19|20)\d\d\b/,
  new RegExp(`\\b(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?\\s+${MONTHS}\\.?,?\\s+(?:19|20)\\d\\d\\b`, 'i'),
  new RegExp(`\\b${MONTHS}\\.?\\s+(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?,?\\s+(?:19|20)\\d\\d\\b`, 'i'),
]
const NAME_DATE = /(?:19|20)\d\d[-_]?(?:0[1-9]|1[0-2])[-_]?(?:0[1-9]|[12]\d|3[01])/
const SIGNATURE_PATTERNS = [
  /\b(?:signed[-_ ]?off[-_ ]?by|signed[-_ ]?by|signature|signatory|signatories|approved[-_ ]?by|sign[-_ ]?off|signed)\b\**\s*[:=|]\s*[|*\s]*[\p{L}\p{N}<@]/iu,
  /-----BEGIN (?:PGP|SSH) SIGNATURE-----/,
]

export interface Verification {
  dated: boolean
  signed: boolean
  /** Why a property could not be verified (binary format, too large). */
  unverifiable?: string
}

export function textIsDated(text: string): boolean {
  return DATE_PATTERNS.some((p) => p.test(text))
}

export function textIsSigned(text: string): boolean {
  return SIGNATURE_PATTERNS.some((p) => p.test(text))
}

export function nameIsDated(path: string): boolean {
  return NAME_DATE.test(basename(path))
}

const ext = (p: string) => {
  const b = basename(p).toLowerCase()
  const i = b.lastIndexOf('.')
  return i < 0 ? '' : b.slice(i)
}

/** Checks a file for a date and a signature; `files` lists the unit's files (for detached signatures). */
export async function verifyEvidence(view: FileView, path: string, files: ReadonlySet<string>): Promise<Verification> {
  const detached = SIGNATURE_SUFFIXES.some((s) => files.has(path + s))
  const v: Verification = { dated: nameIsDated(path), signed: detached }
  if (v.dated && v.signed) return v
  const e = ext(path)
  if (TEXT_EXTENSIONS.includes(e)) {
    const { text } = await view.readText(path, { maxBytes: TEXT_MAX_BYTES })
    v.dated ||= textIsDated(text)
    v.signed ||= textIsSigned(text)
    return v
  }
  if (e === '.pdf') {
    const found = await scanPdf(view, path)
    v.dated ||= found.dated
    v.signed ||= found.signed
    if (found.truncated && !(v.dated && v.signed)) v.unverifiable = `only the first ${PDF_MAX_BYTES / 1024 / 1024} MB were searched`
    return v
  }
  v.unverifiable = `\`${basename(path)}\` is not a text or PDF file, so its content cannot be checked`
  return v
}

/** Streams a PDF looking for a signature dictionary and a date; memory is bounded by the chunk size. */
async function scanPdf(view: FileView, path: string): Promise<{ signed: boolean; dated: boolean; truncated: boolean }> {
  const SIG = /\/ByteRange\s*\[/
  const DATE = /\/(?:M|CreationDate|ModDate)\s*\(D:(?:19|20)\d\d/
  let carry = ''
  let seen = 0
  let signed = false
  let dated = false
  for await (const chunk of view.stream(path, { end: PDF_MAX_BYTES + 1 })) {
    seen += chunk.length
    // latin1 keeps one character per byte, so patterns spanning chunks are found through the carry.
    const s = carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1')
    signed ||= SIG.test(s)
    dated ||= DATE.test(s)
    if (signed && dated) break
    carry = s.slice(-64)
  }
  return { signed, dated, truncated: seen > PDF_MAX_BYTES }
}
