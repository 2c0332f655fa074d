/**
 * Parses a bias report into one normalized shape with source positions. Accepted inputs:
 *
 * - the modelgate bias report (JSON or YAML, `version: 1`; schema.ts): counts, stated metrics, weights hashes;
 * - reduced inputs, which can be threshold-checked but carry no weights hashes and usually no counts:
 *   a Fairlearn `MetricFrame.by_group` export (CSV, or JSON with orient records, table, columns or index),
 *   a long per-group CSV (`attribute,group,…` columns, the input of `modelgate bias-report`), and a
 *   JSON/YAML mapping attribute → group → metric values (a common hand-written shape).
 *
 * Anything else is a problem with a hint at what the file looks like. Pure; never throws.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'
import { parseYaml, type PathKey, type Position } from '../yaml.js'
import { parseCsv, type CsvCell } from './csv.js'
import { jsonSyntaxError } from './json-syntax.js'
import { canonicalCount, canonicalGroupMetric, isAmbiguousPositiveRate, isGroupSize, normalizeName, type Counts } from './metrics.js'
import { biasReportSchema, type BiasReportDoc, type Task } from './schema.js'
import { closest } from '../similar.js'

export type ReportKind = 'modelgate' | 'fairlearn-csv' | 'counts-csv' | 'fairlearn-json' | 'by-attribute' | 'by-metric'

export const KIND_DESCRIPTIONS: Record<ReportKind, string> = {
  modelgate: 'modelgate bias report',
  'fairlearn-csv': 'Fairlearn MetricFrame.by_group CSV export',
  'counts-csv': 'per-group CSV (attribute, group, …)',
  'fairlearn-json': 'Fairlearn MetricFrame.by_group JSON export',
  'by-attribute': 'per-attribute, per-group metrics file',
  'by-metric': 'file of `<metric>_by_<attribute>` per-group values',
}

export interface StatedValue {
  /** The metric name as written. */
  metric: string
  /** The metric it was read as, when the name alone does not say (`positive_rate` → `selection_rate`). */
  as?: string
  value: number
  at: Position
}

export interface ParsedGroup {
  name: string
  at: Position
  n?: number
  nAt?: Position
  counts?: Counts
  stated: StatedValue[]
}

export interface ParsedAttribute {
  name: string
  at: Position
  privileged?: string
  groups: ParsedGroup[]
  /** Attribute-level metrics as stated (modelgate reports only). */
  stated: StatedValue[]
}

export interface WeightsRef {
  /** As written (relative to the report). */
  path: string
  sha256: string
  at: Position
}

export interface ParsedBiasReport {
  kind: ReportKind
  /** Absent for reduced inputs (the task is not stated). */
  task?: Task
  model?: { name: string; version: string }
  weights: WeightsRef[]
  /** Where findings about the weights binding point (the `model.weights` list, or line 1). */
  weightsAt: Position
  attributes: ParsedAttribute[]
  attributesAt: Position
  /** Parts of the file that were ignored (reduced inputs), for messages. */
  ignored: string[]
  /** How ambiguous names were read (reduced inputs), for messages. */
  notes?: string[]
  /** The validated document (modelgate reports). */
  doc?: BiasReportDoc
}

export interface BiasProblem extends Position {
  message: string
}

export type BiasParse = { ok: true; report: ParsedBiasReport } | { ok: false; problems: BiasProblem[] }

const START: Position = { line: 1, column: 1 }

export type InputFormat = 'json' | 'yaml' | 'csv'

/** The format of a report file by its extension; undefined when unsupported. */
export function formatOf(path: string): InputFormat | undefined {
  const m = /\.([a-z0-9]+)$/i.exec(path)
  const ext = m?.[1]?.toLowerCase()
  if (ext === 'json') return 'json'
  if (ext === 'yaml' || ext === 'yml') return 'yaml'
  if (ext === 'csv') return 'csv'
  return undefined
}

export function parseBiasReport(path: string, text: string): BiasParse {
  const format = formatOf(path)
  if (!format) {
    const ext = /\.([^./]+)$/.exec(path)?.[1]
    const what = ext ? `\`.${ext}\` files` : 'files without an extension'
    return { ok: false, problems: [{ ...START, message: `unsupported report format: modelgate cannot read numbers from ${what}; write the report as JSON or YAML in the modelgate format (docs/bias-report.md), or export a Fairlearn MetricFrame.by_group CSV` }] }
  }
  if (format === 'csv') return parseCsvReport(text)
  return parseStructured(text, format)
}

// ---------------------------------------------------------------------------------------------------------
// JSON / YAML

type Locate = (path: readonly PathKey[], options?: { key?: boolean }) => Position

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

function parseStructured(text: string, format: 'json' | 'yaml'): BiasParse {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  // YAML accepts more than JSON (e.g. `"model": }` is a null there): a .json file must be strict JSON.
  if (format === 'json') {
    const bad = jsonError(text)
    if (bad) return { ok: false, problems: [bad] }
  }
  const parsed = parseYaml(text)
  const what = format === 'json' ? 'JSON' : 'YAML'
  if (parsed.errors.length) return { ok: false, problems: parsed.errors.map((e) => ({ line: e.line, column: e.column, message: `invalid ${what}: ${e.message}` })) }
  const data = parsed.data
  if (data === undefined || data === null) return { ok: false, problems: [{ ...START, message: 'the report is empty' }] }
  if (isRecord(data) && ('attributes' in data || ('version' in data && 'model' in data))) return parseModelgate(data, parsed.locate)
  const reduced = detectReduced(data, parsed.locate)
  if (reduced) return reduced
  return { ok: false, problems: [{ ...START, message: unrecognizedMessage(data) }] }
}

function parseModelgate(data: Record<string, unknown>, locate: Locate): BiasParse {
  const result = biasReportSchema().safeParse(data)
  if (!result.success) {
    const problems = result.error.issues.flatMap((i) => describeIssue(i, locate, data))
    problems.sort((a, b) => a.line - b.line || a.column - b.column)
    return { ok: false, problems: dedupe(problems) }
  }
  const doc = result.data
  const attributes: ParsedAttribute[] = Object.entries(doc.attributes).map(([an, a]) => ({
    name: an,
    at: locate(['attributes', an], { key: true }),
    privileged: a.privileged === undefined ? undefined : String(a.privileged),
    stated: Object.entries(a.metrics ?? {}).map(([m, v]) => ({ metric: m, value: v, at: locate(['attributes', an, 'metrics', m]) })),
    groups: Object.entries(a.groups).map(([gn, g]) => {
      const base = ['attributes', an, 'groups', gn]
      const group: ParsedGroup = {
        name: gn,
        at: locate(base, { key: true }),
        n: g.n,
        nAt: locate([...base, 'n']),
        stated: Object.entries(g.metrics ?? {}).map(([m, v]) => ({ metric: m, value: v, at: locate([...base, 'metrics', m]) })),
      }
      if (g.tp !== undefined && g.fp !== undefined && g.tn !== undefined && g.fn !== undefined) group.counts = { tp: g.tp, fp: g.fp, tn: g.tn, fn: g.fn }
      return group
    }),
  }))
  return {
    ok: true,
    report: {
      kind: 'modelgate',
      task: doc.task,
      model: { name: doc.model.name, version: String(doc.model.version) },
      weights: doc.model.weights.map((w, i) => ({ path: w.path, sha256: w.sha256, at: locate(['model', 'weights', i, 'sha256']) })),
      weightsAt: locate(['model', 'weights'], { key: true }),
      attributes,
      attributesAt: locate(['attributes'], { key: true }),
      ignored: [],
      doc,
    },
  }
}

const topKeys = once(() => Object.keys(biasReportSchema().shape))

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let v = data
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<string | number, unknown>)[k]
  }
  return v
}

function jsonError(text: string): BiasProblem | undefined {
  const e = jsonSyntaxError(text)
  return e ? { line: e.line, column: e.column, message: `invalid JSON: ${e.message}` } : undefined
}

function describeIssue(issue: z.core.$ZodIssue, locate: Locate, data: unknown): BiasProblem[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
  const where = path.length ? `\`${path.join('.')}\`: ` : ''
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const p = locate([...path, key], { key: true })
      const hint = suggest(key, knownKeys(path))
      return { ...p, message: `unknown key "${key}"${path.length ? ` in \`${path.join('.')}\`` : ''}${hint ? ` (did you mean "${hint}"?)` : ''}` }
    })
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value') && path.length && valueAt(data, path) === undefined) {
    const parent = path.slice(0, -1)
    const p = parent.length ? locate(parent, { key: true }) : START
    const key = path[path.length - 1]
    return [{ ...p, message: `${parent.length ? `\`${parent.join('.')}\`: ` : ''}missing required key \`${String(key)}\`` }]
  }
  if (issue.code === 'invalid_key') {
    const parent = path.slice(0, -1)
    const p = locate(path, { key: true })
    return [{ ...p, message: `${parent.length ? `\`${parent.join('.')}\`: ` : ''}a name must be a non-empty string (found "${String(path[path.length - 1])}")` }]
  }
  if (issue.code === 'invalid_union') {
    const p = locate(path)
    return [{ ...p, message: `${where}expected a string or a number` }]
  }
  const p = locate(path)
  return [{ ...p, message: `${where}${issue.message}` }]
}

function knownKeys(path: (string | number)[]): string[] {
  if (path.length === 0) return topKeys()
  if (path.length === 1 && path[0] === 'model') return ['name', 'version', 'weights']
  if (path.length === 3 && path[0] === 'model') return ['path', 'sha256']
  if (path.length === 1 && path[0] === 'dataset') return ['name', 'split', 'revision']
  if (path.length === 2 && path[0] === 'attributes') return ['privileged', 'groups', 'metrics']
  if (path.length === 4 && path[0] === 'attributes') return ['n', 'tp', 'fp', 'tn', 'fn', 'metrics']
  return []
}

function suggest(key: string, known: string[]): string | undefined {
  return closest(key, known, Math.max(1, Math.floor(key.length / 3)))
}

function dedupe(problems: BiasProblem[]): BiasProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const k = `${p.line}:${p.column}:${p.message}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** A group built from a mapping of metric name → value (reduced inputs); bad counts go to `problems`. */
function groupFromValues(name: string, at: Position, values: [string, unknown, Position][], problems: BiasProblem[]): ParsedGroup {
  const g: ParsedGroup = { name, at, stated: [] }
  const counts: Partial<Counts> = {}
  for (const [k, v, pos] of values) {
    if (!isNum(v)) continue
    const confusion = canonicalCount(k)
    const size = isGroupSize(k)
    if ((size || confusion) && (!Number.isInteger(v) || v < 0)) {
      problems.push({ ...pos, message: `group \`${name}\`: \`${k}\` must be a whole number ≥ 0 (found ${v})` })
      continue
    }
    if (size) {
      g.n = v
      g.nAt = pos
    } else if (confusion) {
      counts[confusion] = v
    } else {
      g.stated.push({ metric: k, value: v, at: pos })
    }
  }
  if (counts.tp !== undefined && counts.fp !== undefined && counts.tn !== undefined && counts.fn !== undefined) {
    g.counts = counts as Counts
    if (g.n === undefined) g.n = counts.tp + counts.fp + counts.tn + counts.fn
  } else {
    for (const k of ['tp', 'fp', 'tn', 'fn'] as const) if (counts[k] !== undefined) g.stated.push({ metric: k, value: counts[k], at: at })
  }
  return g
}

function looksLikeMetric(key: string): boolean {
  return canonicalGroupMetric(key) !== undefined || isGroupSize(key) || canonicalCount(key) !== undefined || isAmbiguousPositiveRate(key)
}

/**
 * Reads an ambiguous per-group `positive_rate` (`group_positive_rate`, `pos_rate`): exports use the name for the
 * rate of positive predictions (the selection rate) and for the rate of positive labels (prevalence). The other
 * rates a group states decide: with tpr, fpr and precision, only one reading makes them agree (selection rate s:
 * prevalence p = (s − fpr) / (tpr − fpr) and precision = tpr·p / s; prevalence p: s = tpr·p + fpr·(1 − p) and
 * precision = tpr·p / s). A group stating none of tpr, fpr or precision is read as stating its selection rate
 * (a per-group positive rate alone is a demographic parity export). Otherwise it stays unread, and the
 * threshold rules say why.
 */
function resolvePositiveRate(attributes: ParsedAttribute[]): string[] {
  const notes: string[] = []
  for (const a of attributes) {
    const votes = { selection: 0, prevalence: 0, undecided: 0, alone: 0 }
    const names = new Set<string>()
    for (const g of a.groups) {
      const pr = g.stated.find((x) => isAmbiguousPositiveRate(x.metric))
      if (!pr) continue
      names.add(pr.metric)
      const get = (m: string) => g.stated.find((x) => canonicalGroupMetric(x.metric) === m)?.value
      let tpr = get('tpr')
      let fpr = get('fpr')
      const fnr = get('fnr')
      const tnr = get('tnr')
      if (tpr === undefined && fnr !== undefined) tpr = 1 - fnr
      if (fpr === undefined && tnr !== undefined) fpr = 1 - tnr
      const precision = get('precision')
      if (tpr === undefined && fpr === undefined && precision === undefined) {
        votes.alone++
        continue
      }
      if (tpr === undefined || fpr === undefined || precision === undefined) {
        votes.undecided++
        continue
      }
      const x = pr.value
      const asSelection = tpr !== fpr && x > 0 ? (() => {
        const p = (x - fpr) / (tpr - fpr)
        return p < 0 || p > 1 ? Infinity : Math.abs((tpr * p) / x - precision)
      })() : Infinity
      const s = tpr * x + fpr * (1 - x)
      const asPrevalence = s > 0 ? Math.abs((tpr * x) / s - precision) : Infinity
      const TOL = 0.02
      if (asSelection <= TOL && asPrevalence > TOL) votes.selection++
      else if (asPrevalence <= TOL && asSelection > TOL) votes.prevalence++
      else votes.undecided++
    }
    if (!names.size) continue
    const shown = [...names].map((n) => `\`${n}\``).join(', ')
    const decided = votes.selection + votes.prevalence + votes.alone
    if (votes.undecided === 0 && votes.prevalence === 0 && decided > 0) {
      for (const g of a.groups) for (const x of g.stated) if (isAmbiguousPositiveRate(x.metric)) x.as = 'selection_rate'
      notes.push(
        votes.selection
          ? `${shown} of \`${a.name}\` is read as the selection rate (the rate of positive predictions): it agrees with the tpr, fpr and precision stated`
          : `${shown} of \`${a.name}\` is read as the selection rate (the rate of positive predictions); name it \`selection_rate\` to say so`,
      )
    } else if (votes.undecided === 0 && votes.selection === 0 && votes.alone === 0 && votes.prevalence > 0) {
      notes.push(`${shown} of \`${a.name}\` is the rate of positive labels, not of predictions (only that reading agrees with the tpr, fpr and precision stated), so it gives no selection rate`)
    }
  }
  return notes
}

function numberMap(v: unknown): v is Record<string, number> {
  return isRecord(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => isNum(x) || x === null)
}

function reducedReport(kind: ReportKind, attributes: ParsedAttribute[], ignored: string[], problems: BiasProblem[] = []): BiasParse {
  for (const a of attributes) {
    if (a.groups.length < 2) problems.push({ ...a.at, message: `attribute \`${a.name}\` needs at least two groups to compare (found ${a.groups.length})` })
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) }
  const notes = resolvePositiveRate(attributes)
  return { ok: true, report: { kind, weights: [], weightsAt: START, attributes, attributesAt: attributes[0]?.at ?? START, ignored, ...(notes.length ? { notes } : {}) } }
}

const UNNAMED = '(unnamed)'

function detectReduced(data: unknown, locate: Locate): BiasParse | undefined {
  const problems: BiasProblem[] = []
  // Fairlearn by_group.reset_index().to_json(orient='records') or pandas orient='table'.
  let records: unknown[] | undefined
  let keyColumns: string[] | undefined
  let recordPath: PathKey[] = []
  if (Array.isArray(data)) records = data
  else if (isRecord(data) && isRecord(data.schema) && Array.isArray(data.data)) {
    records = data.data
    recordPath = ['data']
    const pk = (data.schema as Record<string, unknown>).primaryKey
    if (Array.isArray(pk) && pk.every((k) => typeof k === 'string')) keyColumns = pk as string[]
  }
  if (records) {
    if (!records.length || !records.every(isRecord)) return undefined
    const first = records[0] as Record<string, unknown>
    keyColumns ??= Object.keys(first).filter((k) => !isNum(first[k]) && first[k] !== null)
    const metricCols = Object.keys(first).filter((k) => !keyColumns!.includes(k))
    if (!keyColumns.length || !metricCols.length) return undefined
    const attrName = keyColumns.join(' & ')
    const groups = (records as Record<string, unknown>[]).map((r, i) =>
      groupFromValues(
        keyColumns!.map((k) => String(r[k])).join(' & '),
        locate([...recordPath, i]),
        metricCols.map((m) => [m, r[m], locate([...recordPath, i, m])] as [string, unknown, Position]),
        problems,
      ),
    )
    return reducedReport('fairlearn-json', [{ name: attrName, at: locate(recordPath), groups, stated: [] }], [], problems)
  }
  if (!isRecord(data)) return undefined
  const entries = Object.entries(data)
  // attribute → group → metric → number (e.g. {"race": {"Caucasian": {"n": 14743, "positive_rate": …}}}).
  const attrEntries = entries.filter(([, v]) => isRecord(v) && Object.keys(v).length > 0 && Object.values(v).every((g) => numberMap(g) && Object.keys(g).some(looksLikeMetric)))
  if (attrEntries.length) {
    const attributes = attrEntries.map(([an, a]) => ({
      name: an,
      at: locate([an], { key: true }),
      stated: [],
      groups: Object.entries(a as Record<string, Record<string, number>>).map(([gn, g]) =>
        groupFromValues(gn, locate([an, gn], { key: true }), Object.entries(g).map(([m, v]) => [m, v, locate([an, gn, m])] as [string, unknown, Position]), problems),
      ),
    }))
    const ignored = entries.filter(([k]) => !attrEntries.some(([a]) => a === k)).map(([k]) => k)
    return reducedReport('by-attribute', attributes, ignored, problems)
  }
  // {"selection_rate_by_sex": {"0": 0.78, "1": 0.56}, "tpr_by_sex": {…}}: metric names modelgate knows only.
  const byMetric = entries
    .map(([k, v]) => ({ k, v, m: /^(.+)_by_(.+)$/.exec(k) }))
    .filter((e) => e.m && numberMap(e.v) && looksLikeMetric(e.m[1]!))
  if (byMetric.length) {
    const attrs = new Map<string, ParsedAttribute>()
    const values = new Map<string, Map<string, [string, unknown, Position][]>>()
    for (const { k, v, m } of byMetric) {
      const [metric, an] = [m![1]!, m![2]!]
      if (!attrs.has(an)) attrs.set(an, { name: an, at: locate([k], { key: true }), groups: [], stated: [] })
      const byGroup = values.get(an) ?? new Map<string, [string, unknown, Position][]>()
      values.set(an, byGroup)
      for (const [gn, x] of Object.entries(v as Record<string, unknown>)) {
        if (!byGroup.has(gn)) byGroup.set(gn, [])
        byGroup.get(gn)!.push([metric, x, locate([k, gn])])
      }
    }
    for (const [an, a] of attrs) {
      for (const [gn, vals] of values.get(an)!) a.groups.push(groupFromValues(gn, vals[0]![2], vals, problems))
    }
    const used = new Set(byMetric.map((e) => e.k))
    return reducedReport('by-metric', [...attrs.values()], entries.map(([k]) => k).filter((k) => !used.has(k)), problems)
  }
  // Fairlearn by_group.to_json(): orient 'columns' (metric → group → value) or 'index' (group → metric → value).
  if (entries.length && entries.every(([, v]) => numberMap(v))) {
    const outer = entries.map(([k]) => k)
    const inner = Object.keys(entries[0]![1] as Record<string, unknown>)
    if (outer.some(looksLikeMetric)) {
      const groups = inner.map((gn) =>
        groupFromValues(gn, locate([outer[0]!, gn], { key: true }), outer.map((m) => [m, (data[m] as Record<string, unknown>)[gn], locate([m, gn])] as [string, unknown, Position]), problems),
      )
      return reducedReport('fairlearn-json', [{ name: UNNAMED, at: START, groups, stated: [] }], [], problems)
    }
    if (inner.some(looksLikeMetric)) {
      const groups = outer.map((gn) =>
        groupFromValues(gn, locate([gn], { key: true }), Object.entries(data[gn] as Record<string, unknown>).map(([m, v]) => [m, v, locate([gn, m])] as [string, unknown, Position]), problems),
      )
      return reducedReport('fairlearn-json', [{ name: UNNAMED, at: START, groups, stated: [] }], [], problems)
    }
  }
  return undefined
}

const AGGREGATE_ONLY = ['disparate_impact', 'statistical_parity_difference', 'equal_opportunity_difference', 'average_odds_difference', 'demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'theil_index']

function unrecognizedMessage(data: unknown): string {
  const base = 'not a modelgate bias report (no `version: 1` and `attributes`) nor a recognized per-group export'
  const fix = 'write the per-group confusion counts in the modelgate format (docs/bias-report.md; `modelgate bias-report --from counts.csv` writes one)'
  if (!isRecord(data)) return `${base}: expected a mapping; ${fix}`
  const keys = Object.keys(data)
  const byKeys = keys.filter((k) => /^.+_by_.+$/.test(k) && numberMap(data[k]))
  if (byKeys.length) {
    const shown = byKeys.slice(0, 3).map((k) => `\`${k}\``).join(', ')
    return `${base}: it holds per-group values under keys like ${shown}, but none of a metric modelgate knows (selection_rate, tpr, fpr, precision, …); ${fix}`
  }
  const aggregates = keys.filter((k) => AGGREGATE_ONLY.includes(normalizeName(k)))
  if (aggregates.length && keys.every((k) => isNum(data[k]) || typeof data[k] === 'string')) {
    return `${base}: it holds only aggregate metrics (${aggregates.map((k) => `\`${k}\``).join(', ')}) without per-group values or counts, so modelgate cannot recompute, threshold-check or bind them (note: AIF360's signed differences are unprivileged − privileged, modelgate's are max − min); ${fix}`
  }
  return `${base}; top-level keys: ${keys.slice(0, 6).map((k) => `\`${k}\``).join(', ')}${keys.length > 6 ? ', …' : ''}; ${fix}`
}

// ---------------------------------------------------------------------------------------------------------
// CSV

function num(cell: CsvCell | undefined): number | undefined | 'bad' {
  const s = cell?.value.trim() ?? ''
  if (s === '' || /^(nan|null|none|na)$/i.test(s)) return undefined
  const v = Number(s)
  return Number.isFinite(v) ? v : 'bad'
}

function parseCsvReport(text: string): BiasParse {
  const csv = parseCsv(text)
  if (csv.errors.length) return { ok: false, problems: csv.errors.map((e) => ({ line: e.line, column: e.column, message: `invalid CSV: ${e.message}` })) }
  const [header, ...rows] = csv.rows
  if (!header) return { ok: false, problems: [{ ...START, message: 'the CSV is empty' }] }
  if (!rows.length) return { ok: false, problems: [{ line: header.line, column: 1, message: 'the CSV has a header but no group rows' }] }
  const names = header.cells.map((c) => c.value.trim())
  const lower = names.map((n) => normalizeName(n))
  const problems: BiasProblem[] = []
  for (const r of rows) {
    if (r.cells.length !== names.length) problems.push({ line: r.line, column: 1, message: `expected ${names.length} columns as in the header, found ${r.cells.length}` })
  }
  if (problems.length) return { ok: false, problems }
  const ai = lower.indexOf('attribute')
  const gi = lower.indexOf('group')
  let keyCols: number[]
  let kind: ReportKind
  if (ai >= 0 && gi >= 0) {
    keyCols = [ai, gi]
    kind = 'counts-csv'
  } else {
    // Fairlearn by_group.to_csv(): the leading index column(s) hold the groups, named by the sensitive feature(s).
    keyCols = [0]
    for (let c = 1; c < names.length; c++) {
      if (looksLikeMetric(names[c]!)) break
      if (rows.every((r) => typeof num(r.cells[c]) === 'number')) break
      keyCols.push(c)
    }
    kind = 'fairlearn-csv'
  }
  const metricCols = names.map((_, i) => i).filter((i) => !keyCols.includes(i))
  if (kind === 'fairlearn-csv' && keyCols.length === 1 && rows.every((r) => looksLikeMetric(r.cells[0]!.value))) {
    return { ok: false, problems: [{ line: header.line, column: 1, message: 'this looks like a Fairlearn MetricFrame.overall export (one row per metric, no groups): export `MetricFrame.by_group` instead (`mf.by_group.to_csv(path)`)' }] }
  }
  if (!metricCols.length) return { ok: false, problems: [{ line: header.line, column: 1, message: 'the CSV has no metric or count columns' }] }
  for (const r of rows) {
    for (const c of metricCols) {
      if (num(r.cells[c]) === 'bad') {
        const cell = r.cells[c]!
        problems.push({ line: cell.line, column: cell.column, message: `column \`${names[c]}\` expects a number` })
      }
    }
  }
  if (problems.length) return { ok: false, problems }
  const byAttr = new Map<string, ParsedAttribute>()
  for (const r of rows) {
    let an: string
    let gn: string
    if (kind === 'counts-csv') {
      an = r.cells[ai]!.value.trim()
      gn = r.cells[gi]!.value.trim()
      if (!an || !gn) return { ok: false, problems: [{ line: r.line, column: 1, message: 'every row needs an `attribute` and a `group`' }] }
    } else {
      an = keyCols.map((c) => names[c] || UNNAMED).join(' & ')
      gn = keyCols.map((c) => r.cells[c]!.value.trim()).join(' & ')
    }
    let a = byAttr.get(an)
    if (!a) byAttr.set(an, (a = { name: an, at: { line: r.line, column: 1 }, groups: [], stated: [] }))
    if (a.groups.some((g) => g.name === gn)) return { ok: false, problems: [{ line: r.line, column: 1, message: `group \`${gn}\` of \`${an}\` appears twice` }] }
    const values = metricCols.map((c) => [names[c]!, num(r.cells[c]), { line: r.cells[c]!.line, column: r.cells[c]!.column }] as [string, unknown, Position])
    a.groups.push(groupFromValues(gn, { line: r.line, column: 1 }, values, problems))
  }
  return reducedReport(kind, [...byAttr.values()], [], problems)
}
