/**
 * Structure of `model-index` (evaluation results) per the Hugging Face spec
 * (https://github.com/huggingface/hub-docs/blob/main/modelcard.md): a list of models, each with `name` and
 * `results`; each result with `task.type`, `dataset.type`, `dataset.name` and `metrics`, each metric with
 * `type` and a numeric `value`.
 */
import type { PathKey } from '../yaml.js'

export interface ModelIndexProblem {
  /** Path of the offending node from the front matter root (e.g. ['model-index', 0, 'results', 1, 'task']). */
  path: PathKey[]
  message: string
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const kind = (v: unknown) => (v === null || v === undefined ? 'empty' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`)
const nonEmptyString = (v: unknown) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number'

export function checkModelIndex(value: unknown, key = 'model-index'): ModelIndexProblem[] {
  const out: ModelIndexProblem[] = []
  const root: PathKey[] = [key]
  const need = (obj: Record<string, unknown>, field: string, at: PathKey[], label: string) => {
    if (!(field in obj) || obj[field] === null || obj[field] === undefined) {
      out.push({ path: at, message: `\`${label}.${field}\` is required` })
      return false
    }
    if (!nonEmptyString(obj[field])) {
      out.push({ path: [...at, field], message: `\`${label}.${field}\` must be a non-empty string, not ${kind(obj[field])}` })
      return false
    }
    return true
  }
  if (!Array.isArray(value)) {
    out.push({ path: root, message: `\`${key}\` must be a list of models (\`- name: …\` with \`results\`), not ${kind(value)}` })
    return out
  }
  value.forEach((model, i) => {
    const at: PathKey[] = [key, i]
    const label = `${key}[${i}]`
    if (!isMap(model)) {
      out.push({ path: at, message: `\`${label}\` must be a mapping with \`name\` and \`results\`, not ${kind(model)}` })
      return
    }
    need(model, 'name', at, label)
    if (!('results' in model) || model.results === null || model.results === undefined) {
      out.push({ path: at, message: `\`${label}.results\` is required (a list; \`[]\` when there are none yet)` })
      return
    }
    if (!Array.isArray(model.results)) {
      out.push({ path: [...at, 'results'], message: `\`${label}.results\` must be a list, not ${kind(model.results)}` })
      return
    }
    model.results.forEach((result, j) => {
      const rAt: PathKey[] = [...at, 'results', j]
      const rLabel = `${label}.results[${j}]`
      if (!isMap(result)) {
        out.push({ path: rAt, message: `\`${rLabel}\` must be a mapping with \`task\`, \`dataset\` and \`metrics\`, not ${kind(result)}` })
        return
      }
      if (!isMap(result.task)) {
        out.push({ path: 'task' in result ? [...rAt, 'task'] : rAt, message: `\`${rLabel}.task\` must be a mapping with \`type\` (e.g. \`type: text-classification\`)` })
      } else need(result.task, 'type', [...rAt, 'task'], `${rLabel}.task`)
      if (!isMap(result.dataset)) {
        out.push({ path: 'dataset' in result ? [...rAt, 'dataset'] : rAt, message: `\`${rLabel}.dataset\` must be a mapping with \`type\` (a dataset id) and \`name\`` })
      } else {
        need(result.dataset, 'type', [...rAt, 'dataset'], `${rLabel}.dataset`)
        need(result.dataset, 'name', [...rAt, 'dataset'], `${rLabel}.dataset`)
      }
      if (!Array.isArray(result.metrics)) {
        out.push({
          path: 'metrics' in result ? [...rAt, 'metrics'] : rAt,
          message: `\`${rLabel}.metrics\` must be a list of \`- type: …\` / \`value: …\` entries${'metrics' in result ? `, not ${kind(result.metrics)}` : ''}`,
        })
        return
      }
      if (result.metrics.length === 0) out.push({ path: [...rAt, 'metrics'], message: `\`${rLabel}.metrics\` is empty: list at least one metric with its value` })
      result.metrics.forEach((metric, k) => {
        const mAt: PathKey[] = [...rAt, 'metrics', k]
        const mLabel = `${rLabel}.metrics[${k}]`
        if (!isMap(metric)) {
          out.push({ path: mAt, message: `\`${mLabel}\` must be a mapping with \`type\` and \`value\`, not ${kind(metric)}` })
          return
        }
        need(metric, 'type', mAt, mLabel)
        if (!('value' in metric) || metric.value === null || metric.value === undefined) {
          out.push({ path: mAt, message: `\`${mLabel}.value\` is required (the metric's numeric value)` })
        } else if (typeof metric.value !== 'number' || !Number.isFinite(metric.value)) {
          const raw = typeof metric.value === 'string' ? metric.value.trim() : undefined
          const numeric = raw !== undefined && raw !== '' && Number.isFinite(Number(raw.replace(/%$/, '')))
          out.push({
            path: [...mAt, 'value'],
            message: numeric
              ? `\`${mLabel}.value\` must be a number: write \`value: ${raw!.replace(/%$/, '')}\` without quotes${/%$/.test(raw!) ? ' or a percent sign' : ''}`
              : `\`${mLabel}.value\` must be a number, not ${kind(metric.value)}`,
          })
        }
      })
    })
  })
  return out
}
