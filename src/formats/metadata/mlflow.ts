/**
 * MLflow model metadata: `MLmodel` (flavors and their library versions, mlflow_version, run_id,
 * model_uuid, utc_time_created, signature) and `registered_model_meta` (model_name, model_version). Read
 * as YAML; nothing of the model is loaded.
 */
import type { MetadataDoc } from './index.js'
import { Collector, get, isMap, parseStructured } from './shared.js'

export function parseMLmodel(path: string, text: string): MetadataDoc {
  const doc = parseStructured(text)
  const out: MetadataDoc = { kind: 'mlflow', path, errors: [...doc.errors], fields: [], sections: [] }
  if (doc.errors.length) return out
  const data = doc.data
  if (!isMap(data)) {
    out.errors.push({ line: 1, column: 1, message: 'an MLmodel file must be a YAML mapping with `flavors`' })
    return out
  }
  const c = new Collector(doc, data)
  const flavors = get(data, ['flavors'])
  if (isMap(flavors)) {
    const names = Object.keys(flavors).filter((f) => f !== 'python_function')
    if (names.length) c.field('library_name', ['flavors', names[0]!], names[0])
    const versions: string[] = []
    for (const f of names) {
      const fl = flavors[f]
      if (!isMap(fl)) continue
      for (const [k, v] of Object.entries(fl)) if (k.endsWith('_version') && (typeof v === 'string' || typeof v === 'number')) versions.push(`${k.replace(/_version$/, '')} ${v}`)
    }
    const py = get(flavors, ['python_function', 'python_version'])
    if (py !== undefined) versions.push(`python ${py}`)
    if (versions.length) c.field('software', ['flavors'], versions)
  } else if (!('flavors' in data)) {
    out.errors.push({ line: 1, column: 1, message: 'an MLmodel file must declare `flavors`' })
  }
  for (const k of ['mlflow_version', 'run_id', 'model_uuid', 'artifact_path', 'signature', 'model_size_bytes']) c.field(k, [k])
  c.field('created', ['utc_time_created'])
  out.fields = c.fields
  return out
}

export function parseRegisteredModelMeta(path: string, text: string): MetadataDoc {
  const doc = parseStructured(text)
  const out: MetadataDoc = { kind: 'mlflow-registered-model', path, errors: [...doc.errors], fields: [], sections: [] }
  if (doc.errors.length) return out
  if (!isMap(doc.data)) {
    out.errors.push({ line: 1, column: 1, message: 'registered_model_meta must be a YAML mapping' })
    return out
  }
  const c = new Collector(doc, doc.data)
  c.field('model_name', ['model_name'])
  c.field('version', ['model_version'])
  out.fields = c.fields
  return out
}
