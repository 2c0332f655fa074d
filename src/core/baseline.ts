/**
 * The baseline: today's findings of an existing repository, accepted so that the gate blocks only what is
 * new. `modelgate baseline` writes it (`.github/modelgate-baseline.json`); on pull requests it is read from
 * the base commit, like the policy (a pull request cannot baseline its own findings).
 *
 * An entry is a fingerprint of a finding that does not move with lines: the rule, the path and a hash of the
 * finding's subject (its message with every number blanked, so "2 emails at line 14" and "3 emails at line
 * 20" are the same subject). Findings never hold a raw PII value, and the file holds only hashes of them.
 * Each entry counts how many findings share the fingerprint: a file with one more such finding than the
 * baseline has one new finding (the last ones in report order), like ESLint's bulk suppressions. Pure.
 */
import { createHash } from 'node:crypto'
import * as z from 'zod'
import { once } from './once.js'
import type { Finding } from './findings.js'

export const DEFAULT_BASELINE_PATH = '.github/modelgate-baseline.json'
export const BASELINE_VERSION = 1

/** Findings about the change or the process, not the repository's state: never baselined. */
const NEVER_BASELINED = /^(governance|policy)\//

export interface BaselineEntry {
  rule: string
  path: string
  /** sha256 (hex, 16 characters) of rule, path and the normalised subject. */
  fingerprint: string
  count: number
}

export interface Baseline {
  version: 1
  entries: BaselineEntry[]
}

const entrySchema = once(() =>
  z.strictObject({
    rule: z.string().min(1).max(200),
    path: z.string().min(1).max(4096),
    fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/),
    count: z.number().int().min(1).max(1_000_000),
  }),
)
const baselineSchema = once(() =>
  z.object({
    version: z.literal(BASELINE_VERSION),
    entries: z.array(entrySchema()).max(500_000),
  }),
)

export type BaselineRead = { ok: true; baseline: Baseline } | { ok: false; problem: string }

/** Parses a baseline file; never throws. */
export function parseBaseline(text: string): BaselineRead {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    return { ok: false, problem: `not JSON (${(err as Error).message.slice(0, 200)})` }
  }
  const parsed = baselineSchema().safeParse(json)
  if (!parsed.success) {
    const i = parsed.error.issues[0]!
    return { ok: false, problem: `not a modelgate baseline (version ${BASELINE_VERSION}): ${i.path.join('.') || '(root)'}: ${i.message}` }
  }
  return { ok: true, baseline: { version: 1, entries: parsed.data.entries } }
}

/** The subject of a finding, stable under line moves and count changes: its message with numbers blanked. */
export function findingSubject(f: Finding): string {
  const explicit = f.details?.subject
  if (typeof explicit === 'string' && explicit) return explicit
  return f.message.replace(/\d+(?:[.,]\d+)*/g, '#').replace(/\s+/g, ' ').trim()
}

/** The fingerprint of a finding: rule, path and a hash of its subject (never the subject itself). */
export function fingerprint(f: Pick<Finding, 'ruleId' | 'path' | 'message' | 'details'>): string {
  return createHash('sha256')
    .update(`${f.ruleId}\u0000${f.path}\u0000${findingSubject(f as Finding)}`, 'utf8')
    .digest('hex')
    .slice(0, 16)
}

export function baselinable(f: Finding): boolean {
  return !f.waived && !f.baselined && !NEVER_BASELINED.test(f.ruleId)
}

/** The baseline of a set of findings (deterministic: sorted by path, rule, fingerprint). */
export function buildBaseline(findings: Finding[]): Baseline {
  const byKey = new Map<string, BaselineEntry>()
  for (const f of findings) {
    if (!baselinable(f)) continue
    const fp = fingerprint(f)
    const cur = byKey.get(fp)
    if (cur) cur.count++
    else byKey.set(fp, { rule: f.ruleId, path: f.path, fingerprint: fp, count: 1 })
  }
  const entries = [...byKey.values()].sort((a, b) => cmp(a.path, b.path) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint))
  return { version: 1, entries }
}

export function serializeBaseline(b: Baseline): string {
  const lines = b.entries.map((e) => `    ${JSON.stringify(e)}`)
  return `{\n  "version": ${b.version},\n  "entries": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`
}

export interface BaselineOutcome {
  findings: Finding[]
  /** Findings the baseline accepted. */
  matched: number
  /** Entries (or parts of their counts) that matched no finding in scope: fixed, or the file moved. */
  stale: BaselineEntry[]
}

/**
 * Marks findings the baseline accepts as `baselined` (they never block). `inScope` says whether an entry's
 * path was evaluated in this run: entries outside it are not stale, just not looked at.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, inScope: (path: string) => boolean = () => true): BaselineOutcome {
  const left = new Map<string, number>()
  for (const e of baseline.entries) left.set(e.fingerprint, (left.get(e.fingerprint) ?? 0) + e.count)
  let matched = 0
  const out = findings.map((f) => {
    if (!baselinable(f)) return f
    const fp = fingerprint(f)
    const n = left.get(fp) ?? 0
    if (n <= 0) return f
    left.set(fp, n - 1)
    matched++
    return { ...f, baselined: true }
  })
  const stale: BaselineEntry[] = []
  for (const e of baseline.entries) {
    const n = left.get(e.fingerprint) ?? 0
    if (n <= 0 || !inScope(e.path)) continue
    const count = Math.min(n, e.count)
    stale.push({ ...e, count })
    left.set(e.fingerprint, n - count)
  }
  return { findings: out, matched, stale }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The baseline a run applies, and where it came from (for notes and the report). */
export interface BaselineInput {
  baseline: Baseline
  /** Repository-relative path of the file. */
  source: string
  /** The revision it was read from (pull requests: the base SHA). */
  ref?: string
}

/** What the report says about the baseline. */
export interface BaselineSummary {
  source: string
  ref?: string
  entries: number
  matched: number
  /** Entries that no longer match: delete them (`modelgate baseline` rewrites the file). */
  stale: { rule: string; path: string; count: number }[]
}

/**
 * The gate's baseline step: applies the baseline to the findings of the evaluated scope (every path when
 * `all`, else paths under a selected unit or among the changed files) and summarises it.
 */
export function baselineStep(
  findings: Finding[],
  input: BaselineInput,
  scope: { all: boolean; units: string[]; changed: string[] },
): { findings: Finding[]; summary: BaselineSummary; note?: string } {
  const changed = new Set(scope.changed)
  const inScope = (p: string) => scope.all || changed.has(p) || scope.units.some((u) => u === '' || u === '.' || p.startsWith(`${u}/`))
  const r = applyBaseline(findings, input.baseline, inScope)
  const stale = r.stale.map((e) => ({ rule: e.rule, path: e.path, count: e.count }))
  const summary: BaselineSummary = { source: input.source, entries: input.baseline.entries.length, matched: r.matched, stale }
  if (input.ref) summary.ref = input.ref
  const n = stale.reduce((a, e) => a + e.count, 0)
  const note = n
    ? `${n} baselined finding${n === 1 ? '' : 's'} no longer occur${n === 1 ? 's' : ''} (fixed or moved): run \`modelgate baseline\` to shrink \`${input.source}\`.`
    : undefined
  return { findings: r.findings, summary, ...(note ? { note } : {}) }
}
