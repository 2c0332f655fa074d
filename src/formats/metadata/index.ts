/**
 * Model metadata beside (or instead of) a Markdown card: Model Card Toolkit JSON (`model_card.json`),
 * MLflow `MLmodel` (+ `registered_model_meta`), and a plain `model.yaml` / `metadata.json` named by the
 * policy. Each is parsed with positions and normalised to card-style fields (`license`, `version`,
 * `datasets`, …) and, where the format has prose (MCT considerations), to virtual sections, so the
 * documentation rules check them like a card. Pure; never throws.
 */
import type { YamlProblem } from '../yaml.js'

export type MetadataKind = 'model-card-toolkit' | 'mlflow' | 'mlflow-registered-model' | 'metadata-file'

/** A metadata value with the position it came from. */
export interface MetadataField {
  /** Card-style key, e.g. `license`, `version`, `contact`. */
  key: string
  value: unknown
  /** The key path in the source file, e.g. `model_details.version.name`. */
  source: string
  line: number
  column: number
}

/** Prose a metadata format carries (e.g. MCT `considerations.limitations`), checked like a card section. */
export interface MetadataSection {
  title: string
  /** The key path in the source file. */
  source: string
  line: number
  /** The prose, joined; empty when the entries are blank. */
  text: string
}

export interface MetadataDoc {
  kind: MetadataKind
  path: string
  /** Syntax and shape problems, with positions; empty when the file parsed. */
  errors: YamlProblem[]
  fields: MetadataField[]
  sections: MetadataSection[]
}

/** Display names of the formats, for messages. */
export const METADATA_KIND_NAMES: Record<MetadataKind, string> = {
  'model-card-toolkit': 'Model Card Toolkit card',
  mlflow: 'MLflow MLmodel file',
  'mlflow-registered-model': 'MLflow registered model metadata',
  'metadata-file': 'metadata file',
}

export { parseModelCardToolkit, isModelCardToolkit } from './mct.js'
export { parseMLmodel, parseRegisteredModelMeta } from './mlflow.js'
export { parseMetadataFile } from './generic.js'
