/**
 * Validators: the checks that turn a value of the right shape into a detection, so that look-alikes
 * (order numbers, part numbers, version strings) do not fire. Pure functions over strings.
 */

// ---------------------------------------------------------------------------------------------------------
// Payment cards: known IIN ranges with their lengths, then Luhn.

interface CardBrand {
  name: string
  /** Inclusive prefix ranges, compared on the first `digits` digits. */
  ranges: [number, number, number][] // [prefixDigits, from, to]
  lengths: number[]
}

const CARD_BRANDS: CardBrand[] = [
  { name: 'visa', ranges: [[1, 4, 4]], lengths: [13, 16, 19] },
  { name: 'mastercard', ranges: [[2, 51, 55], [4, 2221, 2720]], lengths: [16] },
  { name: 'amex', ranges: [[2, 34, 34], [2, 37, 37]], lengths: [15] },
  { name: 'discover', ranges: [[4, 6011, 6011], [3, 644, 649], [2, 65, 65], [6, 622126, 622925]], lengths: [16, 17, 18, 19] },
  { name: 'diners', ranges: [[3, 300, 305], [4, 3095, 3095], [2, 36, 36], [2, 38, 39]], lengths: [14, 15, 16, 17, 18, 19] },
  { name: 'jcb', ranges: [[4, 3528, 3589]], lengths: [16, 17, 18, 19] },
  { name: 'unionpay', ranges: [[2, 62, 62]], lengths: [16, 17, 18, 19] },
  {
    name: 'maestro',
    ranges: [[4, 5018, 5018], [4, 5020, 5020], [4, 5038, 5038], [4, 5893, 5893], [4, 6304, 6304], [4, 6759, 6759], [4, 6761, 6763]],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  },
  { name: 'mir', ranges: [[4, 2200, 2204]], lengths: [16, 17, 18, 19] },
  { name: 'troy', ranges: [[4, 9792, 9792]], lengths: [16] },
]

/** The card brand whose IIN range and length fit `digits` (digits only), if any. */
export function cardBrand(digits: string): string | undefined {
  const len = digits.length
  for (const b of CARD_BRANDS) {
    if (!b.lengths.includes(len)) continue
    for (const [n, from, to] of b.ranges) {
      const p = Number(digits.slice(0, n))
      if (p >= from && p <= to) return b.name
    }
  }
  return undefined
}

export function luhn(digits: string): boolean {
  let sum = 0
  let dbl = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (d < 0 || d > 9) return false
    if (dbl) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    dbl = !dbl
  }
  return sum % 10 === 0
}

/** A payment card number: 12–19 digits, a known IIN range for that length, and a valid Luhn check digit. */
export function isCardNumber(digits: string): boolean {
  return isCardIn(digits, 0, digits.length)
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000]

/**
 * `isCardNumber` over the digits of `text[s, e)` (separators skipped), without allocating: Luhn first
 * (cheapest rejection), then the IIN range for the length, then not all one digit.
 */
export function isCardIn(text: string, s: number, e: number): boolean {
  let sum = 0
  let dbl = false
  let n = 0
  let prefix = 0
  let firstDigit = -1
  let same = true
  for (let i = e - 1; i >= s; i--) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) continue
    let d = c - 48
    if (firstDigit < 0) firstDigit = d
    else if (d !== firstDigit) same = false
    n++
    if (dbl) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    dbl = !dbl
  }
  if (n < 12 || n > 19 || sum % 10 !== 0 || same) return false
  // The first six digits, as a number.
  let seen = 0
  for (let i = s; i < e && seen < 6; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) continue
    prefix = prefix * 10 + (c - 48)
    seen++
  }
  for (const b of CARD_BRANDS) {
    if (!b.lengths.includes(n)) continue
    for (const [k, from, to] of b.ranges) {
      const p = Math.floor(prefix / POW10[6 - k]!)
      if (p >= from && p <= to) return true
    }
  }
  return false
}

// ---------------------------------------------------------------------------------------------------------
// IBAN: the SWIFT registry's country lengths, then ISO 7064 mod 97-10.

export const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20,
  MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
}

/** ISO 7064 mod 97-10 over an IBAN (uppercase, no spaces): true when the remainder is 1. */
export function ibanChecksumOk(iban: string): boolean {
  const s = iban.slice(4) + iban.slice(0, 4)
  let rem = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97
    else return false
  }
  return rem === 1
}

/** IBAN length by country code, indexed by (first letter - 65) * 26 + (second letter - 65); 0 when unknown. */
const IBAN_LEN_BY_CODE = new Uint8Array(26 * 26)
for (const [cc, len] of Object.entries(IBAN_LENGTHS)) IBAN_LEN_BY_CODE[(cc.charCodeAt(0) - 65) * 26 + (cc.charCodeAt(1) - 65)] = len

/** The registry length of the IBAN whose country code is at text[s, s + 2), or 0. */
export function ibanLengthAt(t: string, s: number): number {
  const a = t.charCodeAt(s) - 65
  const b = t.charCodeAt(s + 1) - 65
  return a >= 0 && a < 26 && b >= 0 && b < 26 ? IBAN_LEN_BY_CODE[a * 26 + b]! : 0
}

/**
 * The end of an IBAN starting at text[s] (country code): exactly the country's length of alphanumerics
 * (single spaces allowed between them), digits in the check positions, ending at a token boundary, and
 * mod 97 = 1; -1 otherwise. One pass, no allocation.
 */
export function ibanEndAt(t: string, s: number): number {
  const len = ibanLengthAt(t, s)
  if (len === 0) return -1
  const c2 = t.charCodeAt(s + 2)
  const c3 = t.charCodeAt(s + 3)
  if (c2 < 48 || c2 > 57 || c3 < 48 || c3 > 57) return -1
  // Remainder of the BBAN, read as digits (letters as two digits, A = 10).
  let rem = 0
  let count = 4
  let e = s + 4
  while (e < t.length && count < len) {
    const c = t.charCodeAt(e)
    if (c === 32) {
      if (t.charCodeAt(e - 1) === 32) break
      e++
      continue
    }
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97
    else break
    count++
    e++
  }
  if (count !== len) return -1
  const n = t.charCodeAt(e)
  if (e < t.length && ((n >= 48 && n <= 57) || (n >= 65 && n <= 90) || (n >= 97 && n <= 122) || n === 95)) return -1
  // Then the country code and the check digits.
  rem = (rem * 100 + (t.charCodeAt(s) - 55)) % 97
  rem = (rem * 100 + (t.charCodeAt(s + 1) - 55)) % 97
  rem = (rem * 100 + (c2 - 48) * 10 + (c3 - 48)) % 97
  return rem === 1 ? e : -1
}

/** An IBAN exactly spanning text[s, e) (spaces allowed). */
export function isIbanIn(t: string, s: number, e: number): boolean {
  return ibanEndAt(t, s) === e
}

/** A full IBAN: known country, the registry length for it, digits in the check positions, mod 97 = 1. */
export function isIban(compact: string): boolean {
  const len = IBAN_LENGTHS[compact.slice(0, 2)]
  if (len === undefined || compact.length !== len) return false
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false
  return ibanChecksumOk(compact)
}

// ---------------------------------------------------------------------------------------------------------
// US Social Security numbers.

const VOIDED_SSNS = new Set(['078051120', '219099999', '457555462'])

/** A valid US SSN (9 digits): area not 000/666/9xx, group not 00, serial not 0000, not a publicly voided one. */
export function isSsn(digits: string): boolean {
  if (digits.length !== 9) return false
  const area = Number(digits.slice(0, 3))
  if (area === 0 || area === 666 || area >= 900) return false
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false
  if (VOIDED_SSNS.has(digits)) return false
  if (digits === '123456789' || /^(\d)\1{8}$/.test(digits)) return false
  return true
}

/**
 * A valid SSN whose nine digits start at text[s]; the group starts at offset `g` and the serial at `r`
 * (3-2-4 with separators: 4, 7; bare: 3, 5). Same rules as `isSsn`, without building a string.
 */
export function ssnIn(t: string, s: number, g: number, r: number): boolean {
  const d = (i: number) => t.charCodeAt(s + i) - 48
  const area = d(0) * 100 + d(1) * 10 + d(2)
  if (area === 0 || area === 666 || area >= 900) return false
  if (d(g) === 0 && d(g + 1) === 0) return false
  if (d(r) === 0 && d(r + 1) === 0 && d(r + 2) === 0 && d(r + 3) === 0) return false
  const group = d(g) * 10 + d(g + 1)
  const serial = d(r) * 1000 + d(r + 1) * 100 + d(r + 2) * 10 + d(r + 3)
  const v = area * 1_000_000 + group * 10_000 + serial
  if (v === 78_051_120 || v === 219_099_999 || v === 457_555_462 || v === 123_456_789) return false
  return v % 111_111_111 !== 0 // all one digit
}

// ---------------------------------------------------------------------------------------------------------
// Email addresses.

/** Top-level "domains" that are file extensions or placeholders, not TLDs people have addresses at. */
const FILE_LIKE_TLDS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'tif', 'tiff', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx',
  'css', 'scss', 'html', 'htm', 'json', 'yaml', 'yml', 'toml', 'md', 'txt', 'csv', 'tsv', 'xml', 'zip', 'gz',
  'tgz', 'tar', 'bz2', 'xz', 'whl', 'pt', 'pth', 'bin', 'ckpt', 'onnx', 'pkl', 'h5', 'npy', 'npz', 'parquet',
  'ipynb', 'lock', 'log', 'cfg', 'ini', 'pdf', 'mp3', 'mp4', 'wav', 'safetensors', 'gguf', 'local', 'localhost',
  'internal', 'invalid', 'example', 'test', 'lan', 'home', 'corp', 'svc',
])

/**
 * An email address in RFC 5321 practical form: a local part of [A-Za-z0-9._%+-] (not starting or ending
 * with a dot, no double dots), a domain of at least two labels (letters, digits, inner hyphens), and a TLD
 * of 2–24 letters (or an xn-- label) that is not a file extension (`logo@2x.png`) or a placeholder.
 */
export function isEmail(local: string, domain: string): boolean {
  return isEmailIn(local + '@' + domain, 0, local.length, local.length + 1 + domain.length)
}

/** `isEmail` over text[s, at) @ text[at + 1, e), without allocating unless the TLD must be looked up. */
export function isEmailIn(t: string, s: number, at: number, e: number): boolean {
  if (at - s < 1 || at - s > 64 || e - at - 1 > 253) return false
  // `git@github.com:org/repo.git` is an SSH remote (scp-like syntax), not an address.
  if (t.charCodeAt(e) === 58 && e + 1 < t.length && t.charCodeAt(e + 1) > 32) return false
  if (t.charCodeAt(s) === 46 || t.charCodeAt(at - 1) === 46) return false
  for (let i = s + 1; i < at; i++) if (t.charCodeAt(i) === 46 && t.charCodeAt(i - 1) === 46) return false
  // Labels: non-empty, at most 63, no hyphen at either end; at least two.
  let labels = 0
  let ls = at + 1
  let lastStart = ls
  for (let i = at + 1; i <= e; i++) {
    if (i === e || t.charCodeAt(i) === 46) {
      const len = i - ls
      if (len === 0 || len > 63 || t.charCodeAt(ls) === 45 || t.charCodeAt(i - 1) === 45) return false
      labels++
      lastStart = ls
      ls = i + 1
    }
  }
  if (labels < 2) return false
  const tldLen = e - lastStart
  if (tldLen > 4 && (t.charCodeAt(lastStart) | 32) === 120 && (t.charCodeAt(lastStart + 1) | 32) === 110 && t.charCodeAt(lastStart + 2) === 45 && t.charCodeAt(lastStart + 3) === 45) return true // xn--
  if (tldLen < 2 || tldLen > 24) return false
  for (let i = lastStart; i < e; i++) {
    const c = t.charCodeAt(i) | 32
    if (c < 97 || c > 122) return false
  }
  // File-extension "TLDs": a hash of the lowercase letters first, a string only on a hash hit.
  let h = 0
  for (let i = lastStart; i < e; i++) h = (h * 31 + (t.charCodeAt(i) | 32)) | 0
  return !FILE_LIKE_HASHES.has(h) || !FILE_LIKE_TLDS.has(t.slice(lastStart, e).toLowerCase())
}

const FILE_LIKE_HASHES = new Set(
  [...FILE_LIKE_TLDS].map((w) => {
    let h = 0
    for (let i = 0; i < w.length; i++) h = (h * 31 + w.charCodeAt(i)) | 0
    return h
  }),
)

// ---------------------------------------------------------------------------------------------------------
// IP addresses.

export type IpScope = 'public' | 'private' | 'loopback' | 'link-local' | 'reserved'

/** Parses dotted-quad IPv4 (no leading zeros beyond a single 0); undefined when it is not one. */
export function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.')
  if (parts.length !== 4) return undefined
  const out: number[] = []
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === '0')) return undefined
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i)
      if (c < 48 || c > 57) return undefined
    }
    const n = Number(p)
    if (n > 255) return undefined
    out.push(n)
  }
  return out
}

export function ipv4Scope(o: number[]): IpScope {
  const [a, b, c] = o as [number, number, number, number]
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private'
  if (a === 100 && b >= 64 && b <= 127) return 'private' // carrier-grade NAT
  if (a === 127) return 'loopback'
  if (a === 169 && b === 254) return 'link-local'
  if (a === 0 || a >= 224) return 'reserved' // this network, multicast, reserved, broadcast
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'reserved' // documentation
  if (a === 198 && (b === 18 || b === 19)) return 'reserved' // benchmarking
  if (a === 192 && b === 0 && c === 0) return 'reserved'
  return 'public'
}

/** Parses IPv6 text (with `::` compression and an optional embedded IPv4 tail) into 8 16-bit groups. */
export function parseIpv6(s: string): number[] | undefined {
  if (s.length < 2 || s.length > 45) return undefined
  const dbl = s.indexOf('::')
  if (dbl !== s.lastIndexOf('::')) return undefined
  const parseSide = (side: string, allowV4: boolean): number[] | undefined => {
    if (side === '') return []
    const parts = side.split(':')
    const out: number[] = []
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!
      if (allowV4 && i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p)
        if (!v4) return undefined
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!)
        continue
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(p)) return undefined
      out.push(parseInt(p, 16))
    }
    return out
  }
  if (dbl < 0) {
    const g = parseSide(s, true)
    return g && g.length === 8 ? g : undefined
  }
  const head = parseSide(s.slice(0, dbl), false)
  const tail = parseSide(s.slice(dbl + 2), true)
  if (!head || !tail || head.length + tail.length > 7) return undefined
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail]
}

export function ipv6Scope(g: number[]): IpScope {
  if (g.every((x) => x === 0)) return 'reserved'
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback'
  const first = g[0]!
  if ((first & 0xffc0) === 0xfe80) return 'link-local'
  if ((first & 0xfe00) === 0xfc00) return 'private' // unique local
  if ((first & 0xff00) === 0xff00) return 'reserved' // multicast
  if (first === 0x2001 && g[1] === 0x0db8) return 'reserved' // documentation
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address's scope.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return ipv4Scope([g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255])
  }
  if ((first & 0xe000) !== 0x2000) return 'reserved' // outside global unicast 2000::/3
  return 'public'
}

// ---------------------------------------------------------------------------------------------------------
// Dates (for dates of birth).

/** A calendar date with a plausible birth year (1900 up to `maxYear`). */
export function isBirthDate(y: number, m: number, d: number, maxYear: number): boolean {
  if (y < 1900 || y > maxYear || m < 1 || m > 12 || d < 1) return false
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!
  return d <= days
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * Parses a date written as YYYY-MM-DD (also / and .), DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY (either order
 * is accepted when valid), returning [y, m, d]; undefined when it is not a valid birth date.
 */
export function parseNumericDate(s: string, maxYear: number): [number, number, number] | undefined {
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(s)
  if (m) {
    const r: [number, number, number] = [Number(m[1]), Number(m[3]), Number(m[4])]
    return isBirthDate(...r, maxYear) ? r : undefined
  }
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/.exec(s)
  if (m) {
    const a = Number(m[1])
    const b = Number(m[3])
    const y = Number(m[4])
    if (isBirthDate(y, b, a, maxYear)) return [y, b, a]
    if (isBirthDate(y, a, b, maxYear)) return [y, a, b]
  }
  return undefined
}

/** Month-name dates: `5 January 1980`, `January 5, 1980`, `5 Jan 1980`. */
export const MONTH_NAME_DATE =
  /\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))\b/gi

export function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1
}
