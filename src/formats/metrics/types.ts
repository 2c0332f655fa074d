/** Metrics read from a model card's `model-index` or a metrics file, each with the position of its value. */

export interface MetricRecord {
  /** Identity across revisions: (source, model, task, dataset, split, metric), normalized. */
  key: string
  /** `card` for the card's model-index; the metrics file's repository-relative path otherwise. */
  source: string
  /** The file holding the value (repository-relative). */
  path: string
  line: number
  column: number
  /** The model-index entry name, when the model-index lists more than one model. */
  model?: string
  /** Task type (e.g. `text-classification`), or its name. */
  task?: string
  /** Dataset type (e.g. `imdb`), with its config when one is given (`common_voice/ja`). */
  dataset?: string
  split?: string
  /** Metric type (e.g. `accuracy`, `wer`), or its name when it has no type; for files, the key path. */
  metric: string
  /** The metric's display name (`Test WER`), when one is given. */
  name?: string
  /** The value; undefined when it is not a finite number. */
  value?: number
  /** The value as written (shortened), for messages when it is not a number. */
  raw?: string
}

export interface MetricProblem {
  path: string
  line: number
  column: number
  message: string
  /** `structure`: the model-index breaks the Hugging Face spec (a card linter may report it too). */
  kind?: 'structure' | 'duplicate'
}

export interface MetricSet {
  records: MetricRecord[]
  problems: MetricProblem[]
}

export function emptyMetricSet(): MetricSet {
  return { records: [], problems: [] }
}

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase()

export function metricKey(r: Pick<MetricRecord, 'source' | 'model' | 'task' | 'dataset' | 'split' | 'metric'>): string {
  return JSON.stringify([r.source, norm(r.model), norm(r.task), norm(r.dataset), norm(r.split), norm(r.metric)])
}

/** A short human label: `wer (common_voice/ja, test)`; files add their name. */
export function metricLabel(r: MetricRecord): string {
  const parts: string[] = []
  if (r.model) parts.push(r.model)
  if (r.dataset) parts.push(r.dataset)
  else if (r.task) parts.push(r.task)
  if (r.split) parts.push(r.split)
  if (r.source !== 'card') parts.push(r.source.slice(r.source.lastIndexOf('/') + 1))
  return parts.length ? `${r.metric} (${parts.join(', ')})` : r.metric
}

/**
 * A finite number from a metric value: numbers, numeric strings, and percentages (`"85.3%"` → 0.853).
 * Undefined otherwise.
 */
export function metricNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v !== 'string') return undefined
  const s = v.trim()
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(%?)$/i.exec(s)
  if (!m) return undefined
  const n = Number(m[1])
  if (!Number.isFinite(n)) return undefined
  return m[2] ? n / 100 : n
}

/** A value as written, for messages (never long). */
export function rawText(v: unknown): string {
  let s: string
  if (v === undefined) s = '(missing)'
  else if (v === null) s = 'null'
  else if (typeof v === 'object') s = Array.isArray(v) ? '(a list)' : '(a mapping)'
  else s = String(v)
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}
