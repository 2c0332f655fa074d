/**
 * A plain metadata file named by the policy (`model.yaml`, `metadata.json`, …): a YAML or JSON mapping whose
 * keys are read like a card's front matter.
 */
import type { MetadataDoc } from './index.js'
import { Collector, isMap, parseStructured } from './shared.js'

export function parseMetadataFile(path: string, text: string): MetadataDoc {
  const doc = parseStructured(text)
  const out: MetadataDoc = { kind: 'metadata-file', path, errors: [...doc.errors], fields: [], sections: [] }
  if (doc.errors.length) return out
  if (doc.data === undefined || doc.data === null) return out
  if (!isMap(doc.data)) {
    out.errors.push({ line: 1, column: 1, message: `${path.endsWith('.json') ? 'JSON' : 'YAML'} metadata must be a mapping (key: value pairs)` })
    return out
  }
  const c = new Collector(doc, doc.data)
  for (const k of Object.keys(doc.data)) c.field(k, [k])
  out.fields = c.fields
  return out
}
