/**
 * Model Card Toolkit cards (`model_card.json`, schema 0.0.1–0.0.2): `model_details` (owners, version,
 * licenses, citations), `model_parameters` (data, architecture), `quantitative_analysis`
 * (performance_metrics with slices) and `considerations` (users, use cases, limitations, tradeoffs,
 * ethical considerations).
 */
import type { MetadataDoc } from './index.js'
import { Collector, get, isMap, parseStructured, proseOf } from './shared.js'

/** True when parsed JSON looks like a Model Card Toolkit card. */
export function isModelCardToolkit(data: unknown): boolean {
  return isMap(data) && (isMap(data.model_details) || isMap(data.considerations) || 'schema_version' in data)
}

export function parseModelCardToolkit(path: string, text: string): MetadataDoc {
  const doc = parseStructured(text)
  const out: MetadataDoc = { kind: 'model-card-toolkit', path, errors: [...doc.errors], fields: [], sections: [] }
  if (doc.errors.length) return out
  const data = doc.data
  if (!isMap(data)) {
    out.errors.push({ line: 1, column: 1, message: 'a Model Card Toolkit card must be a JSON object' })
    return out
  }
  const c = new Collector(doc, data)
  const details = ['model_details']
  c.field('model_name', [...details, 'name'])
  const owners = get(data, [...details, 'owners'])
  if (Array.isArray(owners) && owners.length) {
    c.field('owners', [...details, 'owners'], owners.map((o) => (isMap(o) ? o.name : o)).filter((x) => x !== undefined && x !== ''))
    const contacts = owners.map((o) => (isMap(o) ? o.contact : undefined)).filter((x) => typeof x === 'string' && x.trim() !== '')
    if (contacts.length) c.field('contact', [...details, 'owners'], contacts)
  }
  const version = get(data, [...details, 'version'])
  if (isMap(version)) {
    c.field('version', [...details, 'version', 'name'])
    c.field('version_date', [...details, 'version', 'date'])
    c.section('Changes', [...details, 'version', 'diff'], proseOf(version.diff))
  }
  const licenses = get(data, [...details, 'licenses'])
  if (Array.isArray(licenses) && licenses.length) {
    const ids = licenses.map((l) => (isMap(l) ? (l.identifier ?? l.custom_text) : l)).filter((x) => typeof x === 'string' && x.trim() !== '')
    c.field('license', [...details, 'licenses'], ids.length === 1 ? ids[0] : ids)
  }
  c.section('Citation', [...details, 'citations'], proseOf(get(data, [...details, 'citations'])))
  c.section('References', [...details, 'references'], proseOf(get(data, [...details, 'references'])))
  c.section('Model Description', [...details, 'overview'], proseOf(get(data, [...details, 'overview'])))
  const params = ['model_parameters']
  c.section('Model Architecture', [...params, 'model_architecture'], proseOf(get(data, [...params, 'model_architecture'])))
  const dataSets = get(data, [...params, 'data'])
  if (Array.isArray(dataSets)) {
    const names = dataSets.map((d) => (isMap(d) ? d.name : undefined)).filter((x) => typeof x === 'string' && x.trim() !== '')
    if (names.length) c.field('datasets', [...params, 'data'], names)
    c.section('Datasets', [...params, 'data'], proseOf(dataSets, ['name', 'description', 'link']))
  }
  const metrics = get(data, ['quantitative_analysis', 'performance_metrics'])
  if (Array.isArray(metrics)) {
    c.section('Performance Metrics', ['quantitative_analysis', 'performance_metrics'], proseOf(metrics, ['type', 'value', 'slice']))
    const sliced = metrics.filter((m) => isMap(m) && typeof m.slice === 'string' && m.slice.trim() !== '' && m.slice.trim().toLowerCase() !== 'overall')
    if (sliced.length) c.section('Performance by Slice', ['quantitative_analysis', 'performance_metrics'], proseOf(sliced, ['type', 'value', 'slice']))
  }
  const cons = ['considerations']
  c.section('Users', [...cons, 'users'], proseOf(get(data, [...cons, 'users'])))
  c.section('Use Cases', [...cons, 'use_cases'], proseOf(get(data, [...cons, 'use_cases'])))
  c.section('Limitations', [...cons, 'limitations'], proseOf(get(data, [...cons, 'limitations'])))
  c.section('Tradeoffs', [...cons, 'tradeoffs'], proseOf(get(data, [...cons, 'tradeoffs'])))
  c.section('Ethical Considerations', [...cons, 'ethical_considerations'], proseOf(get(data, [...cons, 'ethical_considerations'])))
  out.fields = c.fields
  out.sections = c.sections
  return out
}
