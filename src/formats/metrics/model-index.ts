/**
 * Hugging Face `model-index` (card metadata): a list of models, each with results
 * `{ task: {type, name}, dataset: {type, name, config, split, args}, metrics: [{type, value, name, config}] }`.
 * https://huggingface.co/docs/hub/model-cards#evaluation-results
 * Pure; never throws: malformed entries become problems with positions.
 */
import type { ParsedCard } from '../card/index.js'
import type { PathKey, Position } from '../yaml.js'
import { metricKey, metricNumber, rawText, type MetricProblem, type MetricRecord, type MetricSet } from './types.js'

export type Locate = (path: readonly PathKey[], options?: { key?: boolean }) => Position

export interface ModelIndexInput {
  /** The document holding `model-index` (card metadata or a metrics file's data). */
  data: unknown
  locate: Locate
  /** File path, for records and problems. */
  path: string
  /** Record source (`card` or the file path). */
  source: string
  /** Path of `model-index` inside the document (default `['model-index']`; `[]` when the document is the list). */
  at?: PathKey[]
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined

/** Metrics of a parsed card's `model-index`; an empty set when the card has none. */
export function modelIndexOfCard(card: ParsedCard): MetricSet {
  const fm = card.frontMatter
  if (!fm?.data || !('model-index' in fm.data)) return { records: [], problems: [] }
  return extractModelIndex({ data: fm.data, locate: fm.locate, path: card.path, source: 'card' })
}

export function extractModelIndex(input: ModelIndexInput): MetricSet {
  const at = input.at ?? ['model-index']
  const records: MetricRecord[] = []
  const problems: MetricProblem[] = []
  const problem = (p: PathKey[], message: string, key = false, kind: MetricProblem['kind'] = 'structure') => {
    const pos = input.locate([...at, ...p], { key })
    problems.push({ path: input.path, line: pos.line, column: pos.column, message, kind })
  }
  let list: unknown = input.data
  for (const k of at) list = isMap(list) ? list[k as string] : Array.isArray(list) && typeof k === 'number' ? list[k] : undefined
  if (list === null || list === undefined) return { records, problems }
  if (!Array.isArray(list)) {
    problem([], '`model-index` must be a list of models (`- name: …\n  results: […]`)')
    return { records, problems }
  }
  const multi = list.length > 1
  const seen = new Map<string, string>()
  list.forEach((entry, i) => {
    if (!isMap(entry)) {
      problem([i], `\`model-index[${i}]\` must be a mapping with \`name\` and \`results\``)
      return
    }
    const model = multi ? (str(entry.name) ?? `#${i + 1}`) : undefined
    const results = entry.results
    if (results === undefined || results === null) return
    if (!Array.isArray(results)) {
      problem([i, 'results'], `\`model-index[${i}].results\` must be a list`)
      return
    }
    results.forEach((res, j) => {
      if (!isMap(res)) {
        problem([i, 'results', j], `\`model-index[${i}].results[${j}]\` must be a mapping with \`task\`, \`dataset\` and \`metrics\``)
        return
      }
      const task = isMap(res.task) ? (str(res.task.type) ?? str(res.task.name)) : str(res.task)
      const ds = isMap(res.dataset) ? res.dataset : undefined
      let dataset = ds ? (str(ds.type) ?? str(ds.name)) : str(res.dataset)
      const config = ds ? (str(ds.config) ?? str(ds.args)) : undefined
      if (dataset && config && config !== dataset) dataset = `${dataset}/${config}`
      const split = ds ? str(ds.split) : undefined
      const metrics = res.metrics
      if (!Array.isArray(metrics)) {
        problem([i, 'results', j, 'metrics'], `\`model-index[${i}].results[${j}].metrics\` must be a list of \`{type, value}\``, metrics === undefined)
        return
      }
      metrics.forEach((m, k) => {
        const here: PathKey[] = [i, 'results', j, 'metrics', k]
        if (!isMap(m)) {
          problem(here, `metric \`model-index[${i}].results[${j}].metrics[${k}]\` must be a mapping with \`type\` and \`value\``)
          return
        }
        const type = str(m.type)
        const name = str(m.name)
        let metric = type ?? name
        if (!metric) {
          problem(here, `metric \`model-index[${i}].results[${j}].metrics[${k}]\` has neither \`type\` nor \`name\`: it cannot be identified`)
          return
        }
        const mconfig = str(m.config)
        if (mconfig && type) metric = `${type}/${mconfig}`
        let rec: MetricRecord = {
          key: '',
          source: input.source,
          path: input.path,
          ...input.locate([...at, ...here, 'value']),
          metric,
          ...(model !== undefined ? { model } : {}),
          ...(task !== undefined ? { task } : {}),
          ...(dataset !== undefined ? { dataset } : {}),
          ...(split !== undefined ? { split } : {}),
          ...(name !== undefined ? { name } : {}),
        }
        const value = metricNumber(m.value)
        if (value === undefined) {
          rec.raw = rawText(m.value)
          problem(
            m.value === undefined ? here : [...here, 'value'],
            m.value === undefined
              ? `metric \`${metric}\` has no \`value\``
              : `metric \`${metric}\` has value \`${rec.raw}\`, which is not a number: it cannot be checked`,
          )
        } else rec.value = value
        rec.key = metricKey(rec)
        // The same (task, dataset, split, type) twice: tell them apart by display name, else report.
        if (seen.has(rec.key) && name && type) {
          rec = { ...rec, metric: `${metric} [${name}]` }
          rec.key = metricKey(rec)
        }
        if (seen.has(rec.key)) {
          problem([...here, 'value'], `metric \`${rec.metric}\` is listed twice for the same task, dataset and split (first at line ${seen.get(rec.key)}): only the first is compared`, false, 'duplicate')
          return
        }
        seen.set(rec.key, String(rec.line))
        records.push(rec)
      })
    })
  })
  return { records, problems }
}
