/**
 * Phone numbers, validated with libphonenumber-js (Google's libphonenumber metadata, the reference the
 * industry uses) for the configured regions, plus a grouping check in the spirit of libphonenumber's
 * STRICT_GROUPING leniency: digit groups written in the input must agree with the way the number is
 * grouped when formatted (so `2024-555123` from `ORD-2024-555123` is not a phone number even though its
 * ten digits form a valid US number).
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core'
// The full ("max") metadata: validation by number type, not only by length. Imported as the package's JS
// module form of the JSON (its `import` condition), so no JSON import is needed.
import maxMetadata from 'libphonenumber-js/metadata.max.json'

const metadata = maxMetadata as unknown as MetadataJson

export function isPhoneRegion(code: string): boolean {
  return isSupportedCountry(code as CountryCode, metadata)
}

interface Verdict {
  valid: boolean
  /** Length of the national significant number. */
  natLen: number
  /** Group breaks of the formatted number: bit k set when a group ends after national digit k. */
  breaks: number
}

const INVALID: Verdict = { valid: false, natLen: 0, breaks: 0 }

/** Group breaks written in text[s, e), as a bitmask over the last `natLen` digits (see Verdict.breaks). */
function breaksIn(t: string, s: number, e: number, digits: number, natLen: number): number {
  const offset = digits - natLen
  let seen = 0
  let mask = 0
  let pending = false
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (pending && seen > 0) {
        const n = seen - offset
        if (n > 0 && n < natLen) mask |= 1 << n
      }
      pending = false
      seen++
    } else pending = true
  }
  return mask
}

/**
 * Validates phone numbers. Results are memoized: fully per number, and for NANP numbers (+1) per
 * area code and exchange, because libphonenumber's metadata decides NANP validity and formatting on the
 * first six national digits only (every NANP pattern ends in `\d{4}`), and parsing is the costly part.
 * Keys are numbers (digits, length, region, `+`), so a lookup allocates nothing.
 */
export class PhoneValidator {
  private readonly regions: CountryCode[]
  private readonly full = new Map<number, Verdict>()
  private readonly nanp = new Map<number, Verdict>()

  constructor(regions: string[]) {
    this.regions = regions.filter(isPhoneRegion) as CountryCode[]
    if (this.regions.length === 0) this.regions = ['US']
  }

  /**
   * True when `text` (a token with digits and phone punctuation) is a valid phone number for one of the
   * regions (or an international number with `+`), written with a plausible grouping.
   */
  isPhone(text: string): boolean {
    return this.isPhoneIn(text, 0, text.length)
  }

  /** `isPhone` over text[s, e). */
  isPhoneIn(t: string, s: number, e: number): boolean {
    let n = 0
    let value = 0
    for (let i = s; i < e; i++) {
      const c = t.charCodeAt(i)
      if (c >= 48 && c <= 57) {
        n++
        value = value * 10 + (c - 48)
      }
    }
    if (n < 7 || n > 15) return false
    const plus = t.charCodeAt(s) === 43
    const regions = plus ? 1 : this.regions.length
    for (let r = 0; r < regions; r++) {
      const v = this.verdict(t, s, e, n, value, plus, r)
      if (!v.valid) continue
      const written = breaksIn(t, s, e, n, v.natLen)
      if (written === 0 || (written & ~v.breaks) === 0 || (v.breaks & ~written) === 0) return true
    }
    return false
  }

  private verdict(t: string, s: number, e: number, n: number, value: number, plus: boolean, r: number): Verdict {
    // Keys stay exact integers: the tag (< 2048) holds length, + and region; the NANP prefix is < 10^11.
    const tag = (n * 2 + (plus ? 1 : 0)) * 64 + r // < 2048
    const nanpKey = Math.floor(value / 10000) * 2048 + tag // prefix < 10^11
    const hit = this.nanp.get(nanpKey)
    if (hit) return hit
    const fullKey = value * 2048 + tag
    const exact = Number.isSafeInteger(fullKey)
    const known = exact ? this.full.get(fullKey) : undefined
    if (known) return known
    let v = INVALID
    let digits = ''
    for (let i = s; i < e; i++) {
      const c = t.charCodeAt(i)
      if (c >= 48 && c <= 57) digits += t[i]
    }
    try {
      const p = parsePhoneNumberFromString(plus ? `+${digits}` : digits, this.regions[r]!, metadata)
      if (p && !p.ext) {
        const nat = String(p.nationalNumber)
        if (p.isValid()) {
          const f = p.formatNational()
          v = { valid: true, natLen: nat.length, breaks: breaksIn(f, 0, f.length, f.replace(/\D/g, '').length, nat.length) }
        } else v = { valid: false, natLen: nat.length, breaks: 0 }
        if (p.countryCallingCode === '1' && nat.length === 10) {
          if (this.nanp.size > 100_000) this.nanp.clear()
          this.nanp.set(nanpKey, v)
          return v
        }
      }
    } catch {
      v = INVALID
    }
    if (exact) {
      if (this.full.size > 50_000) this.full.clear()
      this.full.set(fullKey, v)
    }
    return v
  }
}
