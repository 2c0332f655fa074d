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

/**
 * Every region libphonenumber knows, in a fixed order, to its index (part of the memo keys). Built on first
 * use: a run that validates no phone number does not load the metadata (cold start, issue #15).
 */
let regionIndex: Map<string, number> | undefined
function regionIndexOf(): Map<string, number> {
  if (!regionIndex) {
    const all = Object.keys((metadata as unknown as { countries: Record<string, unknown> }).countries).filter(isPhoneRegion)
    regionIndex = new Map<string, number>(all.map((r, i) => [r, i]))
  }
  return regionIndex
}

/** What made a number count as a phone number (reported in a finding's details). */
export type PhoneEvidence = 'international prefix' | 'country column' | 'configured region' | 'column name'

/**
 * Regions tried, in this order, for a value in a phone column when neither the configured regions nor the
 * row's country decide: the most populous and most often seen in data first (any region counts there).
 */
const COMMON_REGIONS = [
  'US', 'GB', 'IN', 'CN', 'BR', 'DE', 'FR', 'JP', 'MX', 'ID', 'NG', 'PK', 'BD', 'RU', 'PH', 'VN', 'ET', 'EG', 'TR', 'IR', 'TH', 'IT', 'ZA',
  'KR', 'CO', 'ES', 'AR', 'KE', 'CA', 'AU', 'PL', 'UA', 'NL', 'BE', 'SE', 'CH', 'AT', 'PT', 'IE', 'NZ', 'SG', 'MY', 'SA', 'AE', 'IL', 'CL',
  'PE', 'VE', 'GR', 'CZ', 'RO', 'HU', 'DK', 'FI', 'NO', 'MA', 'DZ', 'TW', 'HK',
]

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
  private regionList?: CountryCode[]
  private readonly full = new Map<number, Verdict>()
  private readonly nanp = new Map<number, Verdict>()
  /** Regions that matched values of phone columns, most recent first (tried first for the next value). */
  private readonly recent: CountryCode[] = []

  constructor(private readonly configured: string[]) {}

  /** The configured regions libphonenumber knows (else US), checked on first use: no metadata is loaded until a candidate number needs it. */
  private get regions(): CountryCode[] {
    if (!this.regionList) {
      const known = this.configured.filter(isPhoneRegion) as CountryCode[]
      this.regionList = known.length ? known : ['US']
    }
    return this.regionList
  }

  /**
   * Why text[s, e) is a phone number, or undefined: written with `+` and a valid international number;
   * valid for the row's `region` (a sibling country column); valid for a configured region; or, in a
   * column named for phone numbers (`anyRegion`), valid for any region.
   */
  evidence(t: string, s: number, e: number, region: string | undefined, anyRegion: boolean): PhoneEvidence | undefined {
    let n = 0
    let value = 0
    for (let i = s; i < e; i++) {
      const c = t.charCodeAt(i)
      if (c >= 48 && c <= 57) {
        n++
        value = value * 10 + (c - 48)
      }
    }
    if (n < 7 || n > 15) return undefined
    if (t.charCodeAt(s) === 43) return this.accepts(t, s, e, n, value, true, 'US') ? 'international prefix' : undefined
    if (region !== undefined && region !== '' && regionIndexOf().has(region) && this.accepts(t, s, e, n, value, false, region as CountryCode)) return 'country column'
    for (const r of this.regions) if (r !== region && this.accepts(t, s, e, n, value, false, r)) return 'configured region'
    if (!anyRegion) return undefined
    for (const r of this.recent) if (this.accepts(t, s, e, n, value, false, r)) return 'column name'
    for (const r of COMMON_REGIONS) {
      if (this.recent.includes(r as CountryCode) || this.regions.includes(r as CountryCode)) continue
      if (this.accepts(t, s, e, n, value, false, r as CountryCode)) {
        this.recent.unshift(r as CountryCode)
        if (this.recent.length > 6) this.recent.pop()
        return 'column name'
      }
    }
    return undefined
  }

  private accepts(t: string, s: number, e: number, n: number, value: number, plus: boolean, region: CountryCode): boolean {
    const v = this.verdict(t, s, e, n, value, plus, region)
    if (!v.valid) return false
    const written = breaksIn(t, s, e, n, v.natLen)
    if (!(written === 0 || (written & ~v.breaks) === 0 || (v.breaks & ~written) === 0)) return false
    // Digits before the national number that are not a trunk `0` (a country code, NANP's 1) are set apart
    // when the rest is grouped: `1-518-583-4480` is written that way, `1518-583-4480` is not a phone number.
    const offset = n - v.natLen
    if (offset > 0 && written !== 0) {
      let k = 0
      for (let i = s; i < e && k <= offset; i++) {
        const c = t.charCodeAt(i)
        if (c >= 48 && c <= 57) {
          if (k === 0 && c === 48) return true
          if (k === offset) return false
          k++
        } else if (k === offset) return true
        else if (k > 0) return true
      }
    }
    return true
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
    return this.evidence(t, s, e, undefined, false) !== undefined
  }

  private verdict(t: string, s: number, e: number, n: number, value: number, plus: boolean, region: CountryCode): Verdict {
    // Keys stay exact integers: the tag (< 8192) holds length, + and region; the NANP prefix is < 10^11.
    const r = regionIndexOf().get(region) ?? 0
    const tag = (n * 2 + (plus ? 1 : 0)) * 256 + r // < 8192
    const nanpKey = Math.floor(value / 10000) * 8192 + tag // prefix < 10^11
    const hit = this.nanp.get(nanpKey)
    if (hit) return hit
    const fullKey = value * 8192 + tag
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
      const p = parsePhoneNumberFromString(plus ? `+${digits}` : digits, region, metadata)
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
