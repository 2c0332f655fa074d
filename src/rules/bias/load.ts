/**
 * Finding and parsing a unit's bias reports, once per unit and run (every bias rule asks), and hashing
 * weights files (a Git LFS pointer's oid stands in for the content's hash).
 */
import { globMatcher } from '../../core/glob.js'
import { decodeUtf8, dirname, joinPath, normalizePath, basename } from '../../core/files.js'
import type { UnitContext } from '../../core/rule.js'
import type { Position } from '../../formats/yaml.js'
import { formatOf, parseBiasReport, type BiasParse, type ParsedBiasReport } from '../../formats/bias/parse.js'
import { LFS_POINTER_MAX_BYTES, parseLfsPointer } from '../../formats/lfs.js'
import { settingsOf, type BiasSettings } from './settings.js'

/** Bias reports larger than this are not read (a finding says so). */
export const REPORT_MAX_BYTES = 4 * 1024 * 1024

export interface LoadedReport {
  /** The report file (or, when a card names a missing report, the card). */
  path: string
  parse: BiasParse
  /** How it was found: by name pattern, or named by the model card. */
  via: 'name' | 'card'
}

export interface ValidReport {
  path: string
  report: ParsedBiasReport
}

export interface UnitReports {
  all: LoadedReport[]
  valid: ValidReport[]
  /** Files that look like fairness reports but are not read (e.g. Markdown), for hints. */
  nearMisses: string[]
}


/** Relative path of `p` from directory `dir` (both repository-relative). */
export function relativeTo(dir: string, p: string): string {
  return dir === '.' ? p : p.startsWith(dir + '/') ? p.slice(dir.length + 1) : p
}

export function loadReports(ctx: UnitContext<unknown>): Promise<UnitReports> {
  return ctx.facts.shared('bias:reports', () => load(ctx))
}

async function readReport(ctx: UnitContext<unknown>, path: string): Promise<BiasParse> {
  const { text, truncated } = await ctx.files.readText(path, { maxBytes: REPORT_MAX_BYTES })
  if (truncated) {
    return { ok: false, problems: [{ line: 1, column: 1, message: `the report is larger than ${REPORT_MAX_BYTES / 1024 / 1024} MB, which modelgate does not read: keep per-group counts and metrics only` }] }
  }
  return parseBiasReport(path, text)
}

async function load(ctx: UnitContext<unknown>): Promise<UnitReports> {
  const s = settingsOf(ctx.policy)
  const match = globMatcher(s['report-names'], { nocase: true })
  const found = new Map<string, LoadedReport['via']>()
  for (const f of ctx.unit.files) if (match(relativeTo(ctx.unit.path, f))) found.set(f, 'name')
  const all: LoadedReport[] = []
  // A card may name a report kept elsewhere (e.g. reports/ beside the model directory).
  const linked = await cardLinks(ctx, s)
  for (const l of linked) {
    if (found.has(l.path)) continue
    if (!(await ctx.files.stat(l.path))) {
      all.push({ path: l.card, via: 'card', parse: { ok: false, problems: [{ ...l.at, message: `the model card names bias report \`${l.path}\` (\`${s['card-key']}\`), which does not exist` }] } })
      continue
    }
    found.set(l.path, 'card')
  }
  for (const [path, via] of [...found.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    all.push({ path, via, parse: await readReport(ctx, path) })
  }
  const valid = all.flatMap((r) => (r.parse.ok ? [{ path: r.path, report: r.parse.report }] : []))
  const nearMisses = ctx.unit.files.filter((f) => !found.has(f) && /(bias|fairness)/i.test(basename(f)) && !formatOf(f))
  return { all, valid, nearMisses }
}

async function cardLinks(ctx: UnitContext<unknown>, s: BiasSettings): Promise<{ path: string; card: string; at: Position }[]> {
  let card
  try {
    card = await ctx.facts.card()
  } catch {
    return []
  }
  if (!card) return []
  const raw = card.metadata[s['card-key']]
  const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : []
  return values.map((v, i) => ({
    path: normalizePath(joinPath(dirname(card.path), v)),
    card: card.path,
    at: card.frontMatter ? card.frontMatter.locate(typeof raw === 'string' ? [s['card-key']] : [s['card-key'], i]) : { line: 1, column: 1 },
  }))
}

export interface ContentHash {
  sha256: string
  /** True when the file is a Git LFS pointer and the hash is its oid. */
  lfs: boolean
}

/** The sha256 of a file's content (streamed), or a Git LFS pointer's oid. */
export async function contentHash(ctx: UnitContext<unknown>, path: string): Promise<ContentHash> {
  const st = await ctx.files.stat(path)
  if (st && st.size <= LFS_POINTER_MAX_BYTES) {
    const head = await ctx.files.readRange(path, 0, st.size)
    const ptr = parseLfsPointer(decodeUtf8(head))
    if (ptr) return { sha256: ptr.oid, lfs: true }
  }
  return { sha256: await ctx.facts.sha256(path), lfs: false }
}

/** Where a finding about an attribute's group points (its `n`, else the group). */
export function groupAt(g: { at: Position; nAt?: Position }): Position {
  return g.nAt ?? g.at
}
