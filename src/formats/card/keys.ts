/**
 * Metadata keys of a Hugging Face model card (https://huggingface.co/docs/hub/model-cards and the
 * `modelcard.md` spec) and suggestions for misspelled, plural or mis-separated keys.
 */
import { osaDistance } from '../similar.js'

export const HF_CARD_KEYS: readonly string[] = [
  'language', 'license', 'license_name', 'license_link', 'library_name', 'tags', 'datasets', 'metrics',
  'base_model', 'base_model_relation', 'new_version', 'pipeline_tag', 'model-index', 'model_name', 'widget',
  'inference', 'thumbnail', 'co2_eq_emissions', 'extra_gated_prompt', 'extra_gated_fields', 'extra_gated_heading',
  'extra_gated_description', 'extra_gated_button_content', 'extra_gated_eu_disallowed', 'gated', 'eval_results',
]

/** Known wrong spellings → the key to use (checked before the edit-distance search). */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  licence: 'license', licences: 'license', licenses: 'license', liscence: 'license', liscense: 'license',
  lisence: 'license', lisense: 'license', licsence: 'license', licens: 'license',
  languages: 'language', lang: 'language', langs: 'language',
  model_index: 'model-index', modelindex: 'model-index', 'model-indexes': 'model-index',
  'pipeline-tag': 'pipeline_tag', pipelinetag: 'pipeline_tag', pipeline_tags: 'pipeline_tag',
  'library-name': 'library_name', libraryname: 'library_name', library_names: 'library_name',
  'base-model': 'base_model', basemodel: 'base_model', base_models: 'base_model',
  dataset: 'datasets', data_sets: 'datasets', tag: 'tags', metric: 'metrics',
  'license-name': 'license_name', 'license-link': 'license_link', licence_name: 'license_name', licence_link: 'license_link',
  'co2-eq-emissions': 'co2_eq_emissions',
}

export { osaDistance }

const fold = (s: string) => s.toLowerCase().replace(/[-_\s.]/g, '')

/**
 * The known key a key most likely meant, or undefined when it is known or looks like a deliberate custom
 * key. Matches (in order): an alias, the same letters with other separators or case, a plural/singular
 * variant, then a small edit distance (1 for keys of 5–6 characters, 2 for keys of 7+ characters).
 */
export function suggestKey(key: string, known: readonly string[], aliases: Readonly<Record<string, string>> = KEY_ALIASES): string | undefined {
  if (known.includes(key)) return undefined
  const lower = key.toLowerCase().trim()
  const alias = aliases[lower]
  if (alias && known.includes(alias)) return alias
  for (const k of known) if (fold(k) === fold(key)) return k
  const variants = (s: string) => [s, s.replace(/s$/, ''), s.replace(/es$/, '')]
  for (const k of known) if (variants(fold(k)).some((v) => variants(fold(key)).includes(v))) return k
  const limit = lower.length >= 7 ? 2 : lower.length >= 5 ? 1 : 0
  let best: string | undefined
  let bestD = Infinity
  // Short known keys (tags, gated) only match by alias or plural: too many real words lie one edit away.
  for (const k of known.filter((x) => x.length >= 6)) {
    // The distance is at least the difference in length: skip the table for keys that cannot be close.
    if (Math.abs(k.length - lower.length) > limit) continue
    const dist = osaDistance(lower, k.toLowerCase())
    if (dist < bestD) {
      bestD = dist
      best = k
    }
  }
  return bestD <= limit ? best : undefined
}
