/**
 * Metrics files (JSON or YAML): evaluation outputs such as DVC `metrics.json`
 * (`{"avg_prec": {"train": 0.97, "test": 0.92}}`), Transformers' `eval_results.json`
 * (`{"eval_accuracy": 0.91, "eval_loss": 0.3}`), or a file holding a `model-index`. Every finite numeric
 * leaf is a metric named by its key path; a path segment naming a split (`test`, `eval`, `validation`…) or
 * a split prefix (`eval_`, `test_`) becomes the split. Parsed with positions (JSON is read as YAML 1.2, which
 * keeps line numbers); pure; never throws.
 */
import { globMatcher } from '../../core/glob.js'
import { parseYaml, type PathKey } from '../yaml.js'
import { extractModelIndex } from './model-index.js'
import { metricKey, metricNumber, rawText, type MetricProblem, type MetricRecord, type MetricSet } from './types.js'

export const SPLIT_NAMES = ['train', 'training', 'test', 'testing', 'eval', 'evaluation', 'val', 'valid', 'validation', 'dev', 'holdout']
const SPLIT_PREFIX = /^(train|test|eval|val|valid|validation|dev)_(.+)$/i

/** Keys that are bookkeeping, not quality metrics (Transformers and DVC outputs). */
export const DEFAULT_IGNORED_KEYS = [
  'epoch', 'epochs', 'step', 'steps', 'global_step', '*runtime*', '*per_second*', 'samples', '*_samples', 'num_*',
  'n_*', '*_count', 'count', 'total_flos', 'size', '*_size', 'version', 'seed', 'timestamp', 'time', '*_time_s', 'batch_size', 'learning_rate', 'lr',
]

export interface MetricsFileOptions {
  /** Repository-relative path (for records and problems). */
  path: string
  /** Dot path of the subtree holding the metrics (`metrics` in a registry metadata file). */
  key?: string
  /** Task, dataset and split to key the file's metrics by (a split found in the key path wins). */
  task?: string
  dataset?: string
  split?: string
  /** Globs of metric names (or key paths) that are not metrics; default DEFAULT_IGNORED_KEYS. */
  ignore?: string[]
  /** Stop after this many metrics (a problem says so). */
  maxMetrics?: number
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseMetricsFile(text: string, o: MetricsFileOptions): MetricSet {
  const problems: MetricProblem[] = []
  const records: MetricRecord[] = []
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const parsed = parseYaml(text)
  // YAML accepts some broken JSON (`"f1": }` is a null there): a .json file must also be JSON.
  const jsonError = /\.json$/i.test(o.path) ? jsonProblem(text) : undefined
  if (jsonError) {
    problems.push({ path: o.path, ...jsonError, message: `metrics file \`${o.path}\` cannot be parsed (${jsonError.message}): its metrics cannot be checked` })
    return { records, problems }
  }
  if (parsed.errors.length) {
    const e = parsed.errors[0]!
    problems.push({ path: o.path, line: e.line, column: e.column, message: `metrics file \`${o.path}\` cannot be parsed (${e.message}): its metrics cannot be checked` })
    return { records, problems }
  }
  let root: unknown = parsed.data
  const base: PathKey[] = []
  if (o.key) {
    for (const k of o.key.split('.').filter(Boolean)) {
      if (!isMap(root) || !(k in root)) {
        const pos = parsed.locate(base)
        problems.push({ path: o.path, line: pos.line, column: pos.column, message: `metrics file \`${o.path}\` has no \`${o.key}\` (the policy's \`key\`): its metrics cannot be checked` })
        return { records, problems }
      }
      root = root[k]
      base.push(k)
    }
  }
  if (root === undefined || root === null) return { records, problems }
  // A file holding a model-index.
  if (isMap(root) && 'model-index' in root) {
    return extractModelIndex({ data: root, locate: parsed.locate, path: o.path, source: o.path, at: [...base, 'model-index'] })
  }
  if (Array.isArray(root) && root.length > 0 && root.every((e) => isMap(e) && 'results' in e)) {
    return extractModelIndex({ data: parsed.data, locate: parsed.locate, path: o.path, source: o.path, at: base })
  }
  // Google Model Card Toolkit JSON: quantitative_analysis.performance_metrics [{type, value, slice}].
  if (isMap(root) && isMap(root.quantitative_analysis) && Array.isArray(root.quantitative_analysis.performance_metrics)) {
    return modelCardToolkit(root.quantitative_analysis.performance_metrics, [...base, 'quantitative_analysis', 'performance_metrics'], parsed.locate, o)
  }
  if (!isMap(root)) {
    const pos = parsed.locate(base)
    problems.push({ path: o.path, line: pos.line, column: pos.column, message: `metrics file \`${o.path}\` must hold a mapping of metric names to numbers` })
    return { records, problems }
  }
  const ignored = globMatcher(o.ignore ?? DEFAULT_IGNORED_KEYS, { nocase: true })
  const max = o.maxMetrics ?? 1000
  const seen = new Set<string>()
  let truncated = false
  const walk = (node: Record<string, unknown>, keys: string[]) => {
    for (const [k, v] of Object.entries(node)) {
      if (records.length >= max) {
        truncated = true
        return
      }
      const path = [...keys, k]
      if (isMap(v)) walk(v, path)
      else if (typeof v === 'number') add(path, v)
      // Python's json writes NaN and Infinity bare; YAML reads them as strings.
      else if (typeof v === 'string' && /^-?(NaN|Infinity)$/.test(v)) add(path, Number(v))
      // Lists (per-epoch curves), strings, booleans and nulls are not metrics to gate on.
    }
  }
  const add = (path: string[], value: number) => {
    let split = o.split
    let names = [...path]
    const si = names.findIndex((s) => SPLIT_NAMES.includes(s.toLowerCase()))
    if (si >= 0 && names.length > 1) {
      split = names[si]
      names.splice(si, 1)
    } else {
      const m = SPLIT_PREFIX.exec(names[names.length - 1]!)
      if (m) {
        split = m[1]
        names = [...names.slice(0, -1), m[2]!]
      }
    }
    const metric = names.join('.')
    if (ignored(metric) || ignored(path.join('.')) || ignored(names[names.length - 1]!)) return
    const pos = parsed.locate([...base, ...path])
    const rec: MetricRecord = {
      key: '',
      source: o.path,
      path: o.path,
      line: pos.line,
      column: pos.column,
      metric,
      ...(o.task ? { task: o.task } : {}),
      ...(o.dataset ? { dataset: o.dataset } : {}),
      ...(split ? { split } : {}),
    }
    if (Number.isFinite(value)) rec.value = value
    else {
      rec.raw = String(value)
      problems.push({ path: o.path, line: pos.line, column: pos.column, message: `metric \`${metric}\` has value \`${rec.raw}\`, which is not a finite number: it cannot be checked` })
    }
    rec.key = metricKey(rec)
    if (seen.has(rec.key)) return
    seen.add(rec.key)
    records.push(rec)
  }
  walk(root, [])
  if (truncated) {
    problems.push({ path: o.path, line: 1, column: 1, message: `metrics file \`${o.path}\` holds more than ${max} metrics: only the first ${max} are checked` })
  }
  return { records, problems }
}

function modelCardToolkit(list: unknown[], at: PathKey[], locate: (p: readonly PathKey[]) => { line: number; column: number }, o: MetricsFileOptions): MetricSet {
  const records: MetricRecord[] = []
  const problems: MetricProblem[] = []
  const seen = new Set<string>()
  list.forEach((m, i) => {
    if (!isMap(m) || typeof m.type !== 'string' || m.type.trim() === '') return
    const pos = locate([...at, i, 'value'])
    const slice = typeof m.slice === 'string' && m.slice.trim() !== '' ? m.slice.trim() : undefined
    const rec: MetricRecord = {
      key: '',
      source: o.path,
      path: o.path,
      ...pos,
      metric: m.type.trim(),
      ...(o.task ? { task: o.task } : {}),
      ...(slice ?? o.dataset ? { dataset: slice ?? o.dataset } : {}),
      ...(o.split ? { split: o.split } : {}),
    }
    const value = metricNumber(m.value)
    if (value === undefined) {
      rec.raw = rawText(m.value)
      problems.push({ path: o.path, ...pos, message: `metric \`${rec.metric}\` has value \`${rec.raw}\`, which is not a number: it cannot be checked` })
    } else rec.value = value
    rec.key = metricKey(rec)
    if (seen.has(rec.key)) return
    seen.add(rec.key)
    records.push(rec)
  })
  return { records, problems }
}

/** The first JSON syntax error (Python's bare NaN/Infinity are accepted), with its position when known. */
function jsonProblem(text: string): { line: number; column: number; message: string } | undefined {
  try {
    JSON.parse(text.replace(/([:[,]\s*)-?(?:NaN|Infinity)\b/g, '$1null'))
    return undefined
  } catch (err) {
    // V8 quotes the text after some messages (`Unexpected token '}', "…" is not valid JSON`): keep the head.
    const msg = (err as Error).message.replace(/, (?:\.\.\.)?"[\s\S]*$/, '').split('\n')[0]!.trim()
    const lc = /line (\d+) column (\d+)/.exec(msg)
    if (lc) return { line: Number(lc[1]), column: Number(lc[2]), message: msg }
    const pos = /position (\d+)/.exec(msg)
    if (pos) {
      const before = text.slice(0, Number(pos[1]))
      const line = before.split('\n').length
      return { line, column: Number(pos[1]) - before.lastIndexOf('\n'), message: msg.replace(/ (?:in JSON )?at position \d+.*$/, '') }
    }
    return { line: 1, column: 1, message: msg }
  }
}
