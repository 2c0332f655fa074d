/** Metrics formats: model-index, metrics files, DVC pipelines, metric directions. */
export * from './types.js'
export * from './direction.js'
export { extractModelIndex, modelIndexOfCard, type ModelIndexInput } from './model-index.js'
export { parseMetricsFile, DEFAULT_IGNORED_KEYS, SPLIT_NAMES, type MetricsFileOptions } from './file.js'
export { parseDvcYaml, type DvcPipeline } from './dvc.js'
