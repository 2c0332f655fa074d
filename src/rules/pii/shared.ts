/**
 * The PII scan shared by every `pii/*` rule: each eligible file of a unit is scanned once per run (the
 * result is memoized on the unit's facts object, which the engine creates once per unit and run), and each
 * rule reports its own kind from it.
 */
import { globMatcher } from '../../core/glob.js'
import { decodeUtf8, FileAccessError, type FileView } from '../../core/files.js'
import { LFS_POINTER_MAX_BYTES } from '../../formats/lfs.js'
import type { Report, UnitContext } from '../../core/rule.js'
import { mapConcurrent, runInPool } from '../../core/scan.js'
import { Allowlist } from '../../formats/pii/allow.js'
import type { Group } from '../../formats/pii/collect.js'
import { Detector } from '../../formats/pii/detect.js'
import { noun, type PiiKind } from '../../formats/pii/kinds.js'
import { dataFormatOf, type FileFormat } from '../../formats/pii/format.js'
import type { FileScan } from '../../formats/pii/scan.js'
import type { IpScope } from '../../formats/pii/validators.js'
import { piiSettingsOf, type PiiSettings } from './settings.js'
import { cached } from '../../core/cache.js'
import { piiCacheRequest } from './cache.js'

export const KIND_RULES: Record<PiiKind, string> = {
  email: 'pii/email',
  phone: 'pii/phone',
  ssn: 'pii/ssn',
  'credit-card': 'pii/credit-card',
  iban: 'pii/iban',
  'ip-address': 'pii/ip-address',
  'date-of-birth': 'pii/date-of-birth',
  'person-name': 'pii/person-name',
  address: 'pii/address',
  custom: 'pii/custom',
}

export interface UnitScan {
  settings: PiiSettings
  /** Kinds whose rule is enabled (others are not detected). */
  kinds: Set<PiiKind>
  files: FileScan[]
}

/** The unit's scan, computed once per run and shared by the pii rules. */
export function unitScan(ctx: UnitContext<unknown>): Promise<UnitScan> {
  return ctx.facts.shared('pii:scan', () => scanUnit(ctx))
}

/** The files of the unit the scan covers. */
export function eligibleFiles(ctx: UnitContext<unknown>, s: PiiSettings): string[] {
  const include = globMatcher(s.include, { nocase: true })
  const exclude = s.exclude.length || s.allow.paths.length ? globMatcher([...s.exclude, ...s.allow.paths]) : () => false
  let files = ctx.unit.files
  // Outside governed units only data files are scanned (tables, JSON, Parquet, notebooks): a project's prose
  // and configuration (a CODE_OF_CONDUCT.md contact, a setup.cfg author) is not a data leak.
  if (ctx.unit.kind === 'repository') files = files.filter((f) => ctx.unit.formats?.[f] !== undefined)
  else if (s.scope === 'changed' && ctx.run.changes !== undefined && !ctx.run.all) {
    const changed = new Set(ctx.unit.changes.filter((c) => c.status !== 'removed').map((c) => c.path))
    files = files.filter((f) => changed.has(f))
  }
  // A data file recognised by content whose name says nothing (an extensionless table) is in scope too.
  const sniffedOnly = (f: string) => ctx.unit.formats?.[f] !== undefined && dataFormatOf(f) === undefined
  return files.filter((f) => (include(f) || sniffedOnly(f)) && !exclude(f))
}

function enabledKinds(ctx: UnitContext<unknown>): Set<PiiKind> {
  const kinds = new Set<PiiKind>()
  for (const [kind, id] of Object.entries(KIND_RULES) as [PiiKind, string][]) {
    const r = ctx.policy.rules[id]
    if (r && r.severity !== 'off') kinds.add(kind)
  }
  return kinds
}

export function detectorFor(s: PiiSettings, kinds: Set<PiiKind>, now: Date): Detector {
  const scopes = new Set<IpScope>(['public'])
  if (s.ip.private) scopes.add('private')
  if (s.ip.loopback) scopes.add('loopback')
  if (s.ip['link-local']) scopes.add('link-local')
  if (s.ip.reserved) scopes.add('reserved')
  return new Detector({
    kinds,
    phoneRegions: s['phone-regions'].map((r) => r.toUpperCase()),
    ipScopes: scopes,
    maxBirthYear: now.getUTCFullYear(),
    custom: s.custom.map((c) => ({ name: c.name, pattern: c.pattern, ignoreCase: c['ignore-case'] })),
    allow: new Allowlist(s.allow),
  })
}

/** The kind of `ScanRequest` a worker answers with `scanPiiFile`. */
export const PII_SCAN = 'pii'

/** What scanning one file needs besides its path, as plain data (a pool's worker builds the detector from it). */
export interface PiiFileOptions {
  format: FileFormat
  settings: PiiSettings
  kinds: PiiKind[]
  /** The run's time (ISO): the latest plausible birth year. */
  now: string
  /** The card's published contact e-mails, allowed in the card itself. */
  contacts?: string[]
}

/** The detector for `o`: the unit's, or the card's when it publishes contacts. */
export function detectorOf(o: PiiFileOptions): Detector {
  const s = o.contacts?.length ? { ...o.settings, allow: { ...o.settings.allow, values: [...o.settings.allow.values, ...o.contacts] } } : o.settings
  return detectorFor(s, new Set(o.kinds), new Date(o.now))
}

async function scanUnit(ctx: UnitContext<unknown>): Promise<UnitScan> {
  const settings = piiSettingsOf(ctx.policy.settings)
  const kinds = enabledKinds(ctx)
  const out: UnitScan = { settings, kinds, files: [] }
  if (kinds.size === 0) return out
  const base = { settings, kinds: [...kinds], now: ctx.run.now.toISOString() }
  const detector = detectorOf({ ...base, format: 'text' })
  // The card's published contacts (the documentation rules ask for one) are not personal data leaks.
  const cardPath = ctx.facts.cardPath()
  let contacts: string[] = []
  let cardDetector: Detector | undefined
  if (cardPath && settings['card-contacts'] && kinds.has('email')) {
    contacts = await cardContactEmails(ctx)
    if (contacts.length) cardDetector = detectorOf({ ...base, format: 'text', contacts })
  }
  const sortedKinds = [...kinds].sort()
  const year = ctx.run.now.getUTCFullYear()
  const scanOne = async (path: string): Promise<FileScan | undefined> => {
    // Content sniffing (the gate's) first, then the name; scanFile refines it from the content (magic numbers, sniffed tables, encodings).
    const format = (ctx.unit.formats?.[path] as FileFormat | undefined) ?? dataFormatOf(path) ?? 'text'
    const card = path === cardPath && cardDetector !== undefined
    // Across runs: an unchanged blob scanned with the same settings, kinds and scanner is not read again. Within
    // the run: on the worker pool when there is one (the worker opens the same workspace), else here.
    const inputs = { settings, kinds: sortedKinds, format, year, contacts: card ? contacts : undefined }
    const scan = await cached(ctx.run.cache, piiCacheRequest(ctx.files, path, inputs), async () => {
      const s = await runInPool(
        ctx.run.scanner,
        { kind: PII_SCAN, path, options: { ...base, format, ...(card ? { contacts } : {}) } satisfies PiiFileOptions },
        () => scanPiiFile(ctx.files, path, format, card ? cardDetector! : detector, settings),
        (why) => ({ path, format, size: 0, groups: [], overflow: {}, problem: detector.scrub(why) }),
      )
      return s ?? null
    })
    return scan ?? undefined
  }
  const paths = eligibleFiles(ctx, settings)
  // With a worker pool, as many files at once as it has workers (results in the files' order); else one at a time.
  for (const scan of await mapConcurrent(paths, ctx.run.scanner?.size ?? 1, scanOne)) if (scan) out.files.push(scan)
  return out
}

/**
 * Scans one file of `files` for PII (in-process, or in a pool's worker); undefined when there is nothing to
 * scan (missing, or a Git LFS pointer). A read error becomes the file's `problem`.
 */
export async function scanPiiFile(files: FileView, path: string, format: FileFormat, detector: Detector, settings: PiiSettings): Promise<FileScan | undefined> {
  // The scanners (CSV, JSON, text, archives) are loaded by the first file to scan, not at start (issue #15). Outside
  // the try: a scanner that cannot be loaded fails the rule (an error), it is not one file's read problem (a warning).
  const { scanFile } = await import('../../formats/pii/scan.js')
  try {
    const st = await files.stat(path)
    if (!st) return undefined
    // A Git LFS pointer holds no data, only the pointer (the artifact rules report pointers of model files).
    if (st.size <= LFS_POINTER_MAX_BYTES && isLfsPointerText(decodeUtf8(await files.readRange(path, 0, 64)))) return undefined
    return await scanFile(
      {
        path,
        size: st.size,
        stream: (start, end) => files.stream(path, { start, end, chunkSize: 1 << 20 }),
        readRange: (start, end) => files.readRange(path, start, end),
      },
      format,
      {
        detector,
        maxBytes: settings['max-bytes'],
        sampleWindows: settings['sample-windows'],
        contactPoints: settings['contact-points'],
        maxInflatedBytes: settings['max-inflated-bytes'],
      },
    )
  } catch (err) {
    // Error text may quote input: scrubbed of anything that looks like personal data.
    const why = detector.scrub(err instanceof FileAccessError ? err.message : `unexpected error (${err instanceof Error ? err.message.slice(0, 200) : String(err)})`)
    return { path, format, size: 0, groups: [], overflow: {}, problem: `could not be read: ${why}` }
  }
}

const CONTACT_KEY = /contact|author|maintainer|owner|developer|creator|e-?mail|point_of_contact/i
const CONTACT_SECTION = /contact|authors?\b|maintainers?|developed by|owners?\b/i
const EMAIL_IN_TEXT = /[^\s<>()[\]"'`,;:]+@[^\s<>()[\]"'`,;:]+\.[A-Za-z]{2,}/g

/** E-mail addresses the unit's card publishes as contacts: in contact-like metadata keys and sections. */
async function cardContactEmails(ctx: UnitContext<unknown>): Promise<string[]> {
  let card
  try {
    card = await ctx.facts.card()
  } catch {
    return []
  }
  if (!card) return []
  const found = new Set<string>()
  const visit = (v: unknown, contactKey: boolean) => {
    if (typeof v === 'string') {
      if (contactKey) for (const m of v.match(EMAIL_IN_TEXT) ?? []) found.add(m)
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, contactKey)
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) visit(x, contactKey || CONTACT_KEY.test(k))
    }
  }
  visit(card.metadata, false)
  for (const s of card.sections) if (CONTACT_SECTION.test(s.title)) for (const m of s.fullBody.match(EMAIL_IN_TEXT) ?? []) found.add(m)
  return [...found]
}

const fmtBytes = (n: number) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`)

function sampledNote(f: FileScan): string {
  const s = f.sampled
  if (!s) return ''
  if (s.rowsScanned !== undefined && s.totalRows !== undefined) {
    return `; sampled: the file is over settings.pii.max-bytes, ${s.rowsScanned} of ${s.totalRows} rows were scanned`
  }
  return `; sampled: the file is over settings.pii.max-bytes, ${fmtBytes(s.scannedBytes)} of ${fmtBytes(s.totalBytes)} were scanned`
}

/** The finding for one group. Messages hold counts, labels and the redacted shape, never a value. */
export function groupReport(f: FileScan, g: Group): Report {
  const what = g.kind === 'custom' ? `${g.count === 1 ? 'match' : 'matches'} of custom pattern "${g.detector}"` : noun(g.kind, g.count)
  const where = g.column !== undefined ? ` in column "${g.column}"` : g.where !== undefined ? ` in ${g.where}` : ''
  const at = g.firstRow !== undefined ? `first at row ${g.firstRow}: ` : g.firstLine === undefined && g.firstRegionByte !== undefined ? `first in the sampled region at byte ${g.firstRegionByte}: ` : 'first: '
  const details: Record<string, unknown> = { kind: g.kind, count: g.count, redacted: g.redacted }
  if (g.column !== undefined) details.column = g.column
  if (g.where !== undefined) details.where = g.where
  if (g.detector !== undefined) details.detector = g.detector
  if (g.evidence !== undefined) details.evidence = [...g.evidence]
  if (g.firstLine !== undefined) details.firstLine = g.firstLine
  if (g.firstRow !== undefined) details.firstRow = g.firstRow
  if (f.sampled) details.sampled = { ...f.sampled }
  const r: Report = {
    path: f.path,
    message: `${g.count} ${what}${where} (${at}${g.redacted})${sampledNote(f)}`,
    details,
  }
  if (g.firstLine !== undefined) r.line = g.firstLine
  if (g.firstColumn !== undefined) r.column = g.firstColumn
  return r
}

/** Reports one kind's groups for every scanned file, capped per file with the rest summarized. */
export async function reportKind(ctx: UnitContext<unknown>, kind: PiiKind): Promise<void> {
  const scan = await unitScan(ctx)
  const max = scan.settings['max-findings-per-file']
  for (const f of scan.files) {
    const groups = f.groups.filter((g) => g.kind === kind)
    const overflow = f.overflow[kind] ?? 0
    if (groups.length === 0 && overflow === 0) continue
    const shown = groups.length > max ? groups.slice(0, max - 1) : groups
    for (const g of shown) ctx.report(groupReport(f, g))
    const rest = groups.slice(shown.length)
    if (rest.length === 0 && overflow === 0) continue
    const occurrences = rest.reduce((n, g) => n + g.count, 0) + overflow
    const first = rest[0]
    const r: Report = {
      path: f.path,
      message: `${occurrences} more ${noun(kind, occurrences)} in ${rest.length || 'further'} other ${rest.length === 1 ? 'place' : 'places'} of this file (not listed: at most ${max} findings per file; see settings.pii.max-findings-per-file)${sampledNote(f)}`,
      details: { kind, count: occurrences, groups: rest.length, truncated: true },
    }
    if (first?.firstLine !== undefined) r.line = first.firstLine
    if (first?.firstColumn !== undefined) r.column = first.firstColumn
    ctx.report(r)
  }
}

const isLfsPointerText = (head: string) => head.startsWith('version https://git-lfs.github.com/spec/')
