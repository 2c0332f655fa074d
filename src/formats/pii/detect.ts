/**
 * The detectors. A few fast passes over a block of text find candidates (an `@`, digit runs with phone /
 * card / date punctuation, IBAN-shaped and IPv6-shaped tokens, custom patterns); each candidate is then
 * checked for being glued to a longer token (`ORD-2024-555123`, `PN-578-60-7899`, `v1.2.3.4`), asks the
 * caller for its context (column name, cell start) and goes through the kind's validator. Only validated
 * values reach the sink, and the sink never keeps them.
 */
import { compileCustom, type Allowlist, type CustomConfig, type CustomDetector } from './allow.js'
import type { ColumnRoles } from './columns.js'
import type { PiiKind } from './kinds.js'
import { redact } from './redact.js'
import { PhoneValidator } from './phone.js'
import {
  ipv4Scope,
  ipv6Scope,
  isCardIn,
  isEmailIn,
  ibanEndAt,
  ssnIn,
  isBirthDate,
  monthIndex,
  MONTH_NAME_DATE,
  parseIpv6,
  type IpScope,
} from './validators.js'

export interface DetectorOptions {
  kinds: ReadonlySet<PiiKind>
  phoneRegions: string[]
  /** IP scopes that count as personal data (default: public only). */
  ipScopes: ReadonlySet<IpScope>
  /** Latest plausible birth year (dates after it are not birth dates). */
  maxBirthYear: number
  custom: CustomConfig[]
  allow: Allowlist
}

/** The context of a candidate, supplied by the format scanner. */
export interface HitContext {
  /** Roles of the column or key holding the value. */
  roles?: ColumnRoles
  /** Offset in the scanned text where the cell (or line) holding the value starts: context words are read from there. */
  cellStart: number
  /** Offset where the cell (or line) ends. */
  cellEnd: number
  /** Position of the candidate, for the sink (set by the format scanner). */
  line?: number
  col?: number
  row?: number
  /** Index of the candidate's line within the scanned block (CSV). */
  lineIndex?: number
  /** Column or key label the value is grouped under. */
  label?: string
  /** Where in a structured document (notebooks). */
  where?: string
  /** The row's region (ISO 3166-1 alpha-2), from a sibling country column or key. */
  region?: string
}

/**
 * A detection, handed to the sink. One object is reused for every detection of a `scan` call, and the raw
 * value is only sliced out of the text when read (for redaction of a first occurrence, allowlists): sinks
 * must not keep it.
 */
export class Hit {
  kind: PiiKind = 'email'
  start = 0
  end = 0
  /** For custom detectors: the detector's name. */
  detector: string | undefined = undefined
  /** For phone numbers: what made the value count (international prefix, country column, …). */
  evidence: string | undefined = undefined
  text = ''

  /** The raw value: for redaction and allowlists only; never stored. */
  get value(): string {
    return this.text.slice(this.start, this.end)
  }
}

export type Resolve = (pos: number) => HitContext
export type Sink = (hit: Hit, ctx: HitContext) => void
type Emit = (kind: PiiKind, start: number, end: number, ctx: HitContext, detector?: string, evidence?: string) => void

const EMAIL_LOCAL = new Uint8Array(128)
const EMAIL_DOMAIN = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c)
  if (/[A-Za-z0-9]/.test(ch)) {
    EMAIL_LOCAL[c] = 1
    EMAIL_DOMAIN[c] = 1
  }
  if ('._%+-'.includes(ch)) EMAIL_LOCAL[c] = 1
  if ('.-'.includes(ch)) EMAIL_DOMAIN[c] = 1
}

/**
 * Runs of the numeric token alphabet long enough to hold a candidate (7+ characters), not glued to a word
 * on the left (`ORD-2024-…`, `PN-578-…`, `DE89 …`): the lookbehinds skip those runs inside the regex
 * engine, including restarts within them (after a digit, or a digit and a separator).
 */
const RUNS = /(?<![A-Za-z0-9_])(?<![A-Za-z0-9][-./#])(?<!\d[ ()./+-])[\d(+][\d ()./+-]{6,}/g
const IBAN_START = /[A-Z]{2}\d\d[ A-Z0-9]{10}/g
const BIRTH_ANY = /born|birth|dob|d\.o\.b|geboren|née?\b/i
const BIRTH_WORDS = /\b(?:born|birth|birthday|birthdate|dob|d\.o\.b\.?|geboren|née?)\b/gi

const CTX = {
  ssn: /\b(?:ssn|ssns|social security|soc\.? sec|tax ?id|tin|itin)\b/i,
  phone: /\b(?:phone|tel|telephone|mobile|cell|fax|call|contact|whatsapp|sms)\b/i,
  dob: /\b(?:born|birth|birthday|birthdate|dob|d\.o\.b)\b/i,
  ident: /\b(?:order|invoice|ref|reference|tracking|sku|serial|part|lot|batch|id|account|acct|transaction|txn|isbn|gtin|ean|upc)\b[^,;|\t]{0,16}$/i,
  version: /\b(?:version|ver|v|release|build|firmware|fw|rev|revision)\s*[:=]?\s*$|[=<>~^]=?\s*$/i,
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
const isIpv6Char = (c: number) => (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46
/** The numeric token alphabet (RUNS): digits, space, ( ) + - . / */
const isRunChar = (c: number) => (c >= 48 && c <= 57) || c === 32 || (c >= 40 && c <= 41) || c === 43 || (c >= 45 && c <= 47)
const isRunStart = (c: number) => (c >= 48 && c <= 57) || c === 40 || c === 43
const isJoiner = (c: number) => c === 45 || c === 46 || c === 47 || c === 35 // - . / #

export class Detector {
  readonly kinds: ReadonlySet<PiiKind>
  private readonly phone: PhoneValidator
  private readonly custom: CustomDetector[]
  private readonly numericKinds: boolean
  private readonly maxBirthYear: number
  // Per-instance scanning state (global regexes carry lastIndex; token shape): never shared between
  // detectors, so a label check (containsPii, on a separate detector) cannot disturb a scan in progress.
  private readonly runs = new RegExp(RUNS)
  private readonly ibanStart = new RegExp(IBAN_START)
  private readonly birthWords = new RegExp(BIRTH_WORDS)
  private readonly monthNames = new RegExp(MONTH_NAME_DATE)
  private readonly G = new Int32Array(32)
  private readonly S = { n: 0, groups: 0, mask: 0, lastSep: 0 }
  private aux: Detector | undefined
  /** Enabled kinds as flags (Set lookups are measurable per candidate). */
  private readonly on: { ip: boolean; dob: boolean; ssn: boolean; card: boolean; phone: boolean }

  constructor(private readonly o: DetectorOptions) {
    this.kinds = o.kinds
    this.phone = new PhoneValidator(o.phoneRegions)
    this.custom = o.kinds.has('custom') ? compileCustom(o.custom) : []
    this.numericKinds = ['phone', 'ssn', 'credit-card', 'ip-address', 'date-of-birth'].some((k) => o.kinds.has(k as PiiKind))
    this.maxBirthYear = o.maxBirthYear
    this.on = { ip: o.kinds.has('ip-address'), dob: o.kinds.has('date-of-birth'), ssn: o.kinds.has('ssn'), card: o.kinds.has('credit-card'), phone: o.kinds.has('phone') }
  }

  /**
   * Runs every enabled detector over `text`; `resolve` gives each candidate's context. `birth: false`
   * says no column of this text is about birth dates, so dates are only checked near birth words.
   */
  scan(text: string, resolve: Resolve, sink: Sink, opts: { freeText?: boolean; birth?: boolean } = {}): void {
    const k = this.kinds
    const hit = new Hit()
    hit.text = text
    const emit: Emit = (kind, s, e, ctx, detector, evidence) => {
      hit.kind = kind
      hit.start = s
      hit.end = e
      hit.detector = detector
      hit.evidence = evidence
      if (!this.o.allow.empty && this.o.allow.allows(kind, hit.value)) return
      sink(hit, ctx)
    }
    if (k.has('email')) this.emails(text, resolve, emit)
    if (k.has('iban')) this.ibans(text, resolve, emit)
    if (this.numericKinds) this.numbers(text, resolve, emit, opts.birth !== false || BIRTH_ANY.test(text))
    if (k.has('ip-address')) this.ipv6(text, resolve, emit)
    if (k.has('date-of-birth') && opts.freeText) this.monthNameBirthDates(text, resolve, emit)
    if (this.custom.length) this.customs(text, resolve, emit)
  }

  private readonly labelVerdicts = new Map<string, boolean>()

  /**
   * True when a label (a column name, a key) holds personal data itself: such a label is never shown.
   * Memoized.
   */
  containsPii(label: string): boolean {
    let v = this.labelVerdicts.get(label)
    if (v === undefined) {
      v = false
      if (label.length >= 6) {
        this.helper().scan(label, () => ({ cellStart: 0, cellEnd: label.length }), () => {
          v = true
        })
      }
      if (this.labelVerdicts.size > 10_000) this.labelVerdicts.clear()
      this.labelVerdicts.set(label, v)
    }
    return v
  }

  /** `text` with every detection replaced by its redacted shape (for error messages that may quote input). */
  scrub(text: string): string {
    const spans: [number, number, PiiKind][] = []
    this.helper().scan(text, () => ({ cellStart: 0, cellEnd: text.length }), (hit) => {
      spans.push([hit.start, hit.end, hit.kind])
    })
    spans.sort((a, b) => b[0] - a[0])
    let out = text
    let limit = Infinity
    for (const [s, e, kind] of spans) {
      if (e > limit) continue
      out = out.slice(0, s) + redact(kind, out.slice(s, e)) + out.slice(e)
      limit = s
    }
    return out
  }

  /** A second detector with the same options, for checks made while a scan is in progress. */
  private helper(): Detector {
    return (this.aux ??= new Detector(this.o))
  }

  /** True when an allowlist entry covers the value. */
  allowed(kind: PiiKind, value: string): boolean {
    return this.o.allow.allows(kind, value)
  }

  private emails(text: string, resolve: Resolve, emit: Emit) {
    let at = text.indexOf('@')
    while (at >= 0) {
      let s = at
      while (s > 0 && at - s < 64) {
        const c = text.charCodeAt(s - 1)
        if (c < 128 && EMAIL_LOCAL[c]) s--
        else break
      }
      let e = at + 1
      while (e < text.length && e - at < 254) {
        const c = text.charCodeAt(e)
        if (c < 128 && EMAIL_DOMAIN[c]) e++
        else break
      }
      // Trailing dots and hyphens end a sentence, not a domain.
      while (e > at + 1 && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--
      while (s < at && text.charCodeAt(s) === 46) s++
      if (s < at && e > at + 1 && isEmailIn(text, s, at, e)) {
        emit('email', s, e, resolve(s))
        at = text.indexOf('@', e)
      } else at = text.indexOf('@', at + 1)
    }
  }

  /** True when the token [s, e) is part of a longer token: `ORD-2024-555123`, `PN-578-60-7899`, `v1.2.3.4`, `a381439d`. */
  private glued(text: string, s: number, e: number, allowIsoTime: boolean): boolean {
    if (s > 0) {
      const p = text.charCodeAt(s - 1)
      if (isAlnum(p)) return true
      if (isJoiner(p) && s > 1 && isAlnum(text.charCodeAt(s - 2))) return true
    }
    if (e < text.length) {
      const n = text.charCodeAt(e)
      if (isAlnum(n)) return !(allowIsoTime && n === 84 /* T */)
      if (isJoiner(n) && e + 1 < text.length && isAlnum(text.charCodeAt(e + 1))) return true
    }
    return false
  }

  /**
   * Numeric candidates: a native regex finds runs of at least 7 characters of the token alphabet (digits,
   * `+ ( ) . - /` and spaces), then a hand-written pass splits each run into tokens: digit groups joined
   * by one separator (`+1 (206) 555-0138`, `4654 9121 0350 3444`, `1977-01-05`), measuring their shape
   * as it goes (no allocation per token).
   */
  private numbers(text: string, resolve: Resolve, emit: Emit, birth: boolean) {
    const re = this.runs
    re.lastIndex = 0
    // test() instead of exec(): no match object per run. A run is maximal on the right (greedy), and on the
    // left it starts at the first digit, + or ( after the previous non-alphabet character.
    while (re.test(text)) {
      const e = re.lastIndex
      let s = e - 7
      while (s > 0 && isRunChar(text.charCodeAt(s - 1))) s--
      while (s < e && !isRunStart(text.charCodeAt(s))) s++
      this.tokens(text, s, e, resolve, emit, birth)
    }
  }

  private tokens(text: string, from: number, to: number, resolve: Resolve, emit: Emit, birth: boolean) {
    const G = this.G
    const S = this.S
    let i = from
    while (i < to) {
      let c = text.charCodeAt(i)
      if (c > 57 || (c < 48 && c !== 43 && c !== 40)) {
        i++
        continue
      }
      let s = i
      let open = false
      let mask = 0
      if (c === 43) {
        // + must be followed by a digit or (
        const d = text.charCodeAt(i + 1)
        if (!(d >= 48 && d <= 57) && d !== 40) {
          i++
          continue
        }
        mask |= PLUS
        i++
        c = d
      }
      if (c === 40) {
        const d = text.charCodeAt(i + 1)
        if (!(d >= 48 && d <= 57)) {
          i++
          continue
        }
        open = true
        mask |= PAREN
        i++
      }
      let groups = 0
      let digits = 0
      let lastSep = 0
      for (;;) {
        // A group of digits.
        const gs = i
        while (i < to) {
          const d = text.charCodeAt(i)
          if (d < 48 || d > 57) break
          i++
        }
        if (groups < 32) G[groups] = i - gs
        groups++
        digits += i - gs
        // A separator followed by a digit continues the token.
        const d = text.charCodeAt(i)
        let j = i
        let sepMask: number
        if (d === 41) {
          if (!open) break
          j++
          open = false
          sepMask = PAREN
          if (text.charCodeAt(j) === 32) j++
        } else if (d === 32 || d === 45) {
          j++
          sepMask = d === 32 ? SPACE : DASH
          if (text.charCodeAt(j) === 40) {
            j++
            open = true
            sepMask |= PAREN
          }
        } else if (d === 46) {
          j++
          sepMask = DOT
        } else if (d === 47) {
          j++
          sepMask = SLASH
        } else if (d === 40) {
          j++
          open = true
          sepMask = PAREN
        } else break
        const f = text.charCodeAt(j)
        if (j >= to || f < 48 || f > 57) break
        mask |= sepMask
        lastSep = d
        i = j
      }
      let e = i
      if (open && text.charCodeAt(e) === 41) e++ // `(555)` closes after the last group
      else if (open && text.charCodeAt(s) === 40) {
        // An unclosed ( belongs to the surrounding text.
        s++
        const close = text.indexOf(')', s)
        const again = text.indexOf('(', s)
        if ((close < 0 || close >= e) && (again < 0 || again >= e)) mask &= ~PAREN
      }
      i = Math.max(e, s + 1)
      if (e - s < 7) continue
      // Glued to a word on the left (ORD-2024-…, PN-578-…, v1.2.3.4): no kind accepts it.
      if (s > 0) {
        const p = text.charCodeAt(s - 1)
        if (isAlnum(p) || (isJoiner(p) && s > 1 && isAlnum(text.charCodeAt(s - 2)))) continue
      }
      S.n = digits
      S.groups = Math.min(groups, 32)
      S.mask = mask
      S.lastSep = lastSep
      this.numeric(text, s, e, resolve, emit, birth)
    }
  }

  /** IBANs: two capital letters, two check digits, the rest of the country's length. */
  private ibans(text: string, resolve: Resolve, emit: Emit) {
    const re = this.ibanStart
    re.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = re.exec(text)) !== null) {
      const s = m.index
      if (s > 0 && isAlnum(text.charCodeAt(s - 1))) continue
      const e = ibanEndAt(text, s)
      if (e < 0) continue
      re.lastIndex = e
      emit('iban', s, e, resolve(s))
    }
  }

  /** Text just before a candidate, within its cell: where context words are read. */
  private before(text: string, ctx: HitContext, s: number, n: number): string {
    const from = Math.max(ctx.cellStart, s - n)
    return from < s ? text.slice(from, s) : ''
  }

  private numeric(text: string, s: number, e: number, resolve: Resolve, emit: Emit, birth: boolean) {
    const k = this.on
    const G = this.G
    const S = this.S
    const n = S.n
    const mask = S.mask
    const groups = S.groups
    const structured = (mask & (PLUS | PAREN)) === 0
    // IPv4 (optionally with a CIDR suffix).
    if (structured && (mask === DOT || mask === (DOT | SLASH)) && (groups === 4 || (groups === 5 && S.lastSep === 47))) {
      if (G[0]! > 3 || G[1]! > 3 || G[2]! > 3 || G[3]! > 3) return
      if (!k.ip || this.glued(text, s, e, false)) return
      const addrEnd = s + G[0]! + G[1]! + G[2]! + G[3]! + 3
      const o = octets(text, s, addrEnd)
      if (!o || !this.o.ipScopes.has(ipv4Scope(o))) return
      const ctx = resolve(s)
      if (ctx.roles?.role['ip-address'] === 'negative') return
      if (CTX.version.test(this.before(text, ctx, s, 24))) return
      emit('ip-address', s, addrEnd, ctx)
      return
    }
    // Dates: only dates of birth are personal data; other dates are never phone numbers either.
    if (structured && groups === 3 && (mask === DASH || mask === SLASH || mask === DOT) && ((G[0] === 4 && G[1]! <= 2 && G[2]! <= 2) || (G[0]! <= 2 && G[1]! <= 2 && G[2] === 4))) {
      if (!birth || !k.dob) return
      if (this.glued(text, s, e, true)) return
      const ctx = resolve(s)
      if (ctx.roles?.role['date-of-birth'] !== 'positive' && !this.birthContext(text, s, e, ctx)) return
      if (!dateFromGroups(G, text, s, this.maxBirthYear)) return
      emit('date-of-birth', s, e, ctx)
      return
    }
    // SSN written as 3-2-4 with one consistent delimiter.
    if (structured && groups === 3 && G[0] === 3 && G[1] === 2 && G[2] === 4 && (mask === DASH || mask === SPACE)) {
      if (!k.ssn || this.glued(text, s, e, false)) return
      if (!ssnIn(text, s, 4, 7)) return
      const ctx = resolve(s)
      if (ctx.roles?.role.ssn === 'negative') return
      if (ctx.roles?.role.ssn !== 'positive' && CTX.ident.test(this.before(text, ctx, s, 24))) return
      emit('ssn', s, e, ctx)
      return
    }
    // Payment cards: 12–19 digits, plain or grouped (4-4-4-4, 4-6-5, …) with spaces or dashes.
    if (structured && n >= 12 && n <= 19 && (mask === 0 || mask === SPACE || mask === DASH) && k.card && cardGrouping(G, groups)) {
      if (isCardIn(text, s, e) && !this.glued(text, s, e, false)) {
        const ctx = resolve(s)
        const role = ctx.roles?.role['credit-card']
        if (role === 'negative') return
        if (role !== 'positive' && CTX.ident.test(this.before(text, ctx, s, 24))) return
        emit('credit-card', s, e, ctx)
        return
      }
    }
    // A bare 9-digit SSN needs a column or words that say so.
    if (structured && mask === 0 && n === 9 && k.ssn && !this.glued(text, s, e, false)) {
      const ctx = resolve(s)
      const role = ctx.roles?.role.ssn
      if ((role === 'positive' || (role !== 'negative' && CTX.ssn.test(this.before(text, ctx, s, 32)))) && ssnIn(text, s, 3, 5)) {
        emit('ssn', s, e, ctx)
        return
      }
    }
    // Phone numbers.
    if (!k.phone || n < 7 || n > 15) return
    if (mask & DOT && (mask & ~(DOT | PLUS) || groups < 3 || G[groups - 1]! < 2)) return // decimals, versions
    if (mask & SLASH && (mask === SLASH || G[groups - 1]! <= 2)) return // fractions, CIDR
    const formatted = !structured || mask !== 0
    if (this.glued(text, s, e, false)) return
    const ctx = resolve(s)
    const role = ctx.roles?.role.phone
    if (role === 'negative') return
    if (role !== 'positive') {
      if (lookAlike(text, s, G, groups, mask)) return
      const before = this.before(text, ctx, s, 32)
      const said = CTX.phone.test(before)
      if (!formatted && !said) return
      if (!said && CTX.ident.test(before)) return
    }
    const ev = this.phone.evidence(text, s, e, ctx.region, role === 'positive')
    if (ev) emit('phone', s, e, ctx, undefined, ev)
  }

  private birthContext(text: string, s: number, e: number, ctx: HitContext): boolean {
    // A cell holding just the date (or a timestamp) has no words around it.
    if (ctx.cellStart >= s && (ctx.cellEnd <= e || text.charCodeAt(e) === 84)) return false
    const before = text.slice(Math.max(ctx.cellStart, s - 40), s)
    if (CTX.dob.test(before)) return true
    const after = text.slice(e, Math.min(ctx.cellEnd, e + 24))
    return /^\s*[([]?\s*(?:dob|d\.o\.b|date of birth|born|birth ?date)\b/i.test(after)
  }

  private ipv6(text: string, resolve: Resolve, emit: Emit) {
    let colon = text.indexOf(':')
    while (colon >= 0) {
      // The run of hex digits, colons and dots around this colon.
      let s = colon
      while (s > 0 && isIpv6Char(text.charCodeAt(s - 1))) s--
      let e = colon + 1
      let colons = 1
      let dbl = false
      while (e < text.length) {
        const c = text.charCodeAt(e)
        if (c === 58) {
          colons++
          if (text.charCodeAt(e - 1) === 58) dbl = true
        } else if (!isIpv6Char(c)) break
        e++
      }
      colon = e < text.length ? text.indexOf(':', e) : -1
      if (colons < 2 || (!dbl && colons < 7)) continue
      // Trailing dots and single colons are punctuation.
      while (e > s && (text.charCodeAt(e - 1) === 46 || (text.charCodeAt(e - 1) === 58 && text.charCodeAt(e - 2) !== 58))) e--
      if (s > 0 && isAlnum(text.charCodeAt(s - 1))) continue
      if (e < text.length && isAlnum(text.charCodeAt(e))) continue
      const g = parseIpv6(text.slice(s, e))
      if (!g || !this.o.ipScopes.has(ipv6Scope(g))) continue
      const ctx = resolve(s)
      if (ctx.roles?.role['ip-address'] === 'negative') continue
      emit('ip-address', s, e, ctx)
    }
  }

  private monthNameBirthDates(text: string, resolve: Resolve, emit: Emit) {
    const words = this.birthWords
    words.lastIndex = 0
    let w: RegExpExecArray | null
    let lastEnd = -1
    while ((w = words.exec(text)) !== null) {
      const from = Math.max(w.index + w[0].length, lastEnd)
      const window = text.slice(from, Math.min(text.length, from + 48))
      const re = this.monthNames
      re.lastIndex = 0
      const d = re.exec(window)
      if (!d) continue
      const day = Number(d[1] ?? d[5])
      const month = monthIndex(d[2] ?? d[4] ?? '')
      const year = Number(d[3] ?? d[6])
      if (!isBirthDate(year, month, day, this.maxBirthYear)) continue
      const s = from + d.index
      const e = s + d[0].length
      lastEnd = e
      emit('date-of-birth', s, e, resolve(s))
    }
  }

  private customs(text: string, resolve: Resolve, emit: Emit) {
    for (const c of this.custom) {
      for (const m of c.re.matchAll(text)) {
        if (m[0].length === 0) continue
        const s = m.index ?? 0
        emit('custom', s, s + m[0].length, resolve(s), c.name)
      }
    }
  }
}

/**
 * Number shapes that are not phone numbers outside a phone column: ISO 6709 coordinates (`+404251-0740023`,
 * `-3352+15113`: a signed latitude followed by a signed longitude), and runs of small integers (a space-
 * separated run with a one-digit group past the first: `1 2 3 5 8 13 21`, `3 14 15 92 65`) unless written
 * with `+` (`+33 6 12 34 56 78`).
 */
function lookAlike(text: string, s: number, G: Int32Array, groups: number, mask: number): boolean {
  // Coordinates: the sign may sit just before the token (`-2332-04637`: `-` is not a token start).
  const sign = text.charCodeAt(s) === 43 ? s : s > 0 && (text.charCodeAt(s - 1) === 45 || text.charCodeAt(s - 1) === 43) ? s - 1 : -1
  if (sign >= 0) {
    ISO6709.lastIndex = sign
    if (ISO6709.test(text)) return true
  }
  if ((mask & PLUS) === 0 && (mask & ~SPACE) === 0 && groups >= 3) {
    for (let i = 1; i < groups; i++) if (G[i] === 1) return true
  }
  return false
}

const ISO6709 = /[+-](?:\d{4}|\d{6}|\d{2}\.\d+)(?:\.\d+)?[+-](?:\d{5}|\d{7}|\d{3}\.\d+)(?:\.\d+)?(?![\d])/y

/** Card numbers are written plain or in groups starting with four digits (4-4-4-4, 4-6-5, 4-6-4, …). */
function cardGrouping(G: Int32Array, groups: number): boolean {
  if (groups === 1) return true
  if (G[0] !== 4 || groups > 8) return false
  for (let i = 1; i < groups; i++) if (G[i]! < 2 || G[i]! > 6) return false
  return true
}

// Token shape, computed without allocating: digit count, group lengths, separator kinds.
const SPACE = 1
const DASH = 2
const DOT = 4
const SLASH = 8
const PAREN = 16
const PLUS = 32

/** The four octets of a dotted quad at text[s, e) (shape already checked), or undefined (leading zeros, > 255). */
const OCTETS = [0, 0, 0, 0]
function octets(t: string, s: number, e: number): number[] | undefined {
  let k = 0
  let v = 0
  let len = 0
  for (let i = s; i <= e; i++) {
    const c = i < e ? t.charCodeAt(i) : 46
    if (c === 46) {
      if (len === 0 || v > 255 || k > 3) return undefined
      OCTETS[k++] = v
      v = 0
      len = 0
    } else {
      if (len === 1 && v === 0) return undefined // leading zero
      v = v * 10 + (c - 48)
      len++
    }
  }
  return k === 4 ? OCTETS : undefined
}

/** A valid birth date from the three digit groups at text[s…] (shape already checked: Y-M-D or D-M-Y / M-D-Y). */
function dateFromGroups(G: Int32Array, t: string, s: number, maxYear: number): boolean {
  let i = s
  const group = (len: number): number => {
    let v = 0
    for (let k = 0; k < len; k++) v = v * 10 + (t.charCodeAt(i++) - 48)
    i++ // separator
    return v
  }
  const a = group(G[0]!)
  const b = group(G[1]!)
  const c = group(G[2]!)
  if (G[0] === 4) return isBirthDate(a, b, c, maxYear)
  return isBirthDate(c, b, a, maxYear) || isBirthDate(c, a, b, maxYear)
}

