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
  /** Digit offsets (within the national number) where the formatted number has a group break. */
  breaks: number[]
}

const INVALID: Verdict = { valid: false, natLen: 0, breaks: [] }

/** Group breaks of a formatted or written number, as digit offsets within its last `natLen` digits. */
function breaksOf(text: string, natLen: number): number[] {
  let digits = 0
  const raw: number[] = []
  let pendingBreak = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (pendingBreak && digits > 0) raw.push(digits)
      pendingBreak = false
      digits++
    } else {
      pendingBreak = true
    }
  }
  const offset = digits - natLen
  const out: number[] = []
  for (const b of raw) {
    const n = b - offset
    if (n > 0 && n < natLen) out.push(n)
  }
  return out
}

function subset(a: number[], b: number[]): boolean {
  return a.every((x) => b.includes(x))
}

/**
 * Validates phone numbers. Results are memoized: fully per number, and for NANP numbers (+1) per
 * area code and exchange, because libphonenumber's metadata decides NANP validity and formatting on the
 * first six national digits only (every NANP pattern ends in `\d{4}`), and parsing is the costly part.
 */
export class PhoneValidator {
  private readonly regions: CountryCode[]
  private readonly full = new Map<string, Verdict>()
  private readonly nanp = new Map<string, Verdict>()

  constructor(regions: string[]) {
    this.regions = regions.filter(isPhoneRegion) as CountryCode[]
    if (this.regions.length === 0) this.regions = ['US']
  }

  /**
   * True when `text` (a token with digits and phone punctuation) is a valid phone number for one of the
   * regions (or an international number with `+`), written with a plausible grouping.
   */
  isPhone(text: string): boolean {
    let digits = ''
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c >= 48 && c <= 57) digits += text[i]
    }
    const plus = text.charCodeAt(0) === 43
    if (digits.length < 7 || digits.length > 15) return false
    const regions = plus ? this.regions.slice(0, 1) : this.regions
    for (const region of regions) {
      const v = this.verdict(text, digits, plus, region)
      if (!v.valid) continue
      const written = breaksOf(text, v.natLen)
      if (written.length === 0 || subset(written, v.breaks) || subset(v.breaks, written)) return true
    }
    return false
  }

  private verdict(text: string, digits: string, plus: boolean, region: CountryCode): Verdict {
    const head = `${plus ? '+' : ''}${region}:${digits.length}:`
    const nanpKey = head + digits.slice(0, -4)
    const hit = this.nanp.get(nanpKey)
    if (hit) return hit
    const fullKey = head + digits
    const known = this.full.get(fullKey)
    if (known) return known
    let v = INVALID
    try {
      const p = parsePhoneNumberFromString(plus ? `+${digits}` : digits, region, metadata)
      if (p && p.isValid() && !p.ext) {
        const nat = String(p.nationalNumber)
        v = { valid: true, natLen: nat.length, breaks: breaksOf(p.formatNational(), nat.length) }
      } else if (p && !p.ext) {
        v = { valid: false, natLen: String(p.nationalNumber).length, breaks: [] }
      }
      if (p && p.countryCallingCode === '1' && String(p.nationalNumber).length === 10) {
        if (this.nanp.size > 100_000) this.nanp.clear()
        this.nanp.set(nanpKey, v)
        return v
      }
    } catch {
      v = INVALID
    }
    if (this.full.size > 50_000) this.full.clear()
    this.full.set(fullKey, v)
    return v
  }
}
