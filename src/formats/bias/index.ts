/** The bias report formats: parsing (modelgate format and reduced inputs), metric definitions, authoring. */
export * from './metrics.js'
export * from './parse.js'
export * from './schema.js'
export { authorBiasReport, authorFromFiles, relativePath, weightsSha256, AUTHORED_GROUP_METRICS, type AuthorInput, type AuthorFromFilesInput, type AuthorResult, type ByteSource } from './author.js'
export { parseCsv, type CsvCell, type CsvRow, type CsvParse } from './csv.js'
