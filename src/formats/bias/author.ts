/**
 * Tools for report authors, behind `modelgate bias-report --from counts.csv`: per-group confusion counts
 * (CSV) and the weights' hashes in, a conforming modelgate bias report out, with every metric computed by
 * the same definitions the rules recompute with. Pure: the CLI reads the files and writes the result.
 */
import { createHash } from 'node:crypto'
import { stringify } from 'yaml'
import { LFS_POINTER_MAX_BYTES, parseLfsPointer } from '../lfs.js'
import { ATTRIBUTE_METRICS, attributeMetric, groupInputFromCounts, groupMetric, type GroupMetric } from './metrics.js'
import { parseBiasReport, type BiasProblem } from './parse.js'
import { biasReportSchema, BIAS_REPORT_VERSION, type BiasReportDoc } from './schema.js'

/** The per-group metrics written for every group. */
export const AUTHORED_GROUP_METRICS: GroupMetric[] = ['selection_rate', 'tpr', 'fpr', 'precision']

export interface AuthorInput {
  /** CSV text: `attribute,group,tp,fp,tn,fn` (optional `n`), one row per group. */
  counts: string
  /** The counts file's name, for messages (default counts.csv). */
  countsPath?: string
  model: { name: string; version: string }
  /** Each weights file, relative to where the report is written, with its sha256 (or LFS oid). */
  weights: { path: string; sha256: string }[]
  dataset: { name: string; split: string; revision: string }
  /** YYYY-MM-DD. */
  date: string
  author: string
  /** The privileged group per attribute (for disparate impact). */
  privileged?: Record<string, string>
  notes?: string
  format?: 'yaml' | 'json'
  /** Decimals kept in written metric values (default 6; far below the default tolerance). */
  decimals?: number
}

export type AuthorResult =
  | { ok: true; text: string; doc: BiasReportDoc; warnings: string[] }
  | { ok: false; problems: (BiasProblem & { file: string })[] }

export function authorBiasReport(input: AuthorInput): AuthorResult {
  const file = input.countsPath ?? 'counts.csv'
  const fail = (problems: BiasProblem[]): AuthorResult => ({ ok: false, problems: problems.map((p) => ({ ...p, file })) })
  const parsed = parseBiasReport(file.toLowerCase().endsWith('.csv') ? file : `${file}.csv`, input.counts)
  if (!parsed.ok) return fail(parsed.problems)
  const decimals = input.decimals ?? 6
  const round = (v: number) => Number(v.toFixed(decimals))
  const warnings: string[] = []
  const problems: BiasProblem[] = []
  const attributes: BiasReportDoc['attributes'] = {}
  for (const a of parsed.report.attributes) {
    const priv = input.privileged?.[a.name]
    if (priv !== undefined && !a.groups.some((g) => g.name === priv)) {
      problems.push({ ...a.at, message: `the privileged group \`${priv}\` is not a group of \`${a.name}\` (${a.groups.map((g) => `\`${g.name}\``).join(', ')})` })
    }
    const groups: BiasReportDoc['attributes'][string]['groups'] = {}
    for (const g of a.groups) {
      if (!g.counts) {
        problems.push({ ...g.at, message: `group \`${g.name}\` of \`${a.name}\` needs the confusion counts tp, fp, tn, fn` })
        continue
      }
      if (g.stated.length) warnings.push(`${file}:${g.at.line}: columns ${[...new Set(g.stated.map((s) => s.metric))].join(', ')} ignored: metrics are computed from the counts`)
      const c = g.counts
      const n = c.tp + c.fp + c.tn + c.fn
      if (g.n !== undefined && g.n !== n) {
        problems.push({ ...(g.nAt ?? g.at), message: `group \`${g.name}\` of \`${a.name}\` has n = ${g.n} but tp + fp + tn + fn = ${n}` })
        continue
      }
      const metrics: Record<string, number> = {}
      for (const m of AUTHORED_GROUP_METRICS) {
        const v = groupMetric(m, c)
        if (v !== undefined) metrics[m] = round(v)
      }
      groups[g.name] = { n, tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn, metrics }
    }
    const inputs = a.groups.filter((g) => g.counts).map((g) => groupInputFromCounts(g.name, g.counts!))
    const metrics: Record<string, number> = {}
    for (const m of ATTRIBUTE_METRICS) {
      const r = attributeMetric(m, inputs, priv)!
      if (r.ok) metrics[m] = round(r.value)
      else warnings.push(`\`${a.name}\`: ${m} not written: ${r.reason}`)
    }
    attributes[a.name] = { ...(priv !== undefined ? { privileged: priv } : {}), groups, metrics }
  }
  if (problems.length) return fail(problems)
  const doc = {
    $schema: 'https://raw.githubusercontent.com/modelgate/modelgate/main/schema/bias-report.schema.json',
    version: BIAS_REPORT_VERSION,
    task: 'classification',
    model: { name: input.model.name, version: input.model.version, weights: input.weights.map((w) => ({ path: w.path, sha256: w.sha256 })) },
    dataset: { ...input.dataset },
    date: input.date,
    author: input.author,
    attributes,
    ...(input.notes ? { notes: input.notes } : {}),
  }
  const check = biasReportSchema().safeParse(doc)
  if (!check.success) {
    return fail(check.error.issues.map((i) => ({ line: 1, column: 1, message: `${i.path.map(String).join('.') || 'report'}: ${i.message}` })))
  }
  const text = input.format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : stringify(doc, { lineWidth: 0 })
  return { ok: true, text, doc: check.data, warnings }
}

/** The bytes the hash helper needs (a FileView satisfies it). */
export interface ByteSource {
  stat(path: string): Promise<{ size: number } | undefined>
  readRange(path: string, start: number, end: number): Promise<Uint8Array>
  stream(path: string): AsyncIterable<Uint8Array>
}

/** sha256 of a weights file, streamed (memory stays bounded), or its Git LFS pointer's oid. */
export async function weightsSha256(files: ByteSource, path: string): Promise<{ sha256: string; lfs: boolean }> {
  const st = await files.stat(path)
  if (st && st.size <= LFS_POINTER_MAX_BYTES) {
    const ptr = parseLfsPointer(new TextDecoder().decode(await files.readRange(path, 0, st.size)))
    if (ptr) return { sha256: ptr.oid, lfs: true }
  }
  const h = createHash('sha256')
  for await (const chunk of files.stream(path)) h.update(chunk)
  return { sha256: h.digest('hex'), lfs: false }
}

/** POSIX relative path from directory `from` to file `to` (both relative to the same root, normalized). */
export function relativePath(from: string, to: string): string {
  const a = from === '.' || from === '' ? [] : from.split('/')
  const b = to.split('/')
  let i = 0
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/')
}

function normalize(p: string): string {
  const out: string[] = []
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') out.pop()
    else out.push(seg)
  }
  return out.join('/') || '.'
}

export interface AuthorFromFilesInput extends Omit<AuthorInput, 'weights'> {
  /** Where the report will be written, relative to the root of `files`. */
  reportPath: string
  /** Weights files, relative to the root of `files`. */
  weightsPaths: string[]
  files: ByteSource
}

/**
 * `modelgate bias-report` in one call: hashes each weights file (streamed; a Git LFS pointer's oid), records
 * it relative to the report, and writes the report. A missing weights file is a problem, not a crash.
 */
export async function authorFromFiles(input: AuthorFromFilesInput): Promise<AuthorResult & { lfs?: string[] }> {
  const { reportPath, weightsPaths, files, ...rest } = input
  const reportDir = normalize(reportPath).split('/').slice(0, -1).join('/') || '.'
  const weights: { path: string; sha256: string }[] = []
  const lfs: string[] = []
  const missing: (BiasProblem & { file: string })[] = []
  for (const w of weightsPaths) {
    const p = normalize(w)
    if (!(await files.stat(p))) {
      missing.push({ file: w, line: 1, column: 1, message: `weights file \`${w}\` does not exist` })
      continue
    }
    const h = await weightsSha256(files, p)
    if (h.lfs) lfs.push(p)
    weights.push({ path: relativePath(reportDir, p), sha256: h.sha256 })
  }
  if (missing.length) return { ok: false, problems: missing }
  if (!weights.length) return { ok: false, problems: [{ file: reportPath, line: 1, column: 1, message: 'name at least one weights file the metrics were computed on (--weights)' }] }
  const r = authorBiasReport({ ...rest, weights })
  return r.ok ? { ...r, lfs } : r
}
