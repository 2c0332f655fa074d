#!/usr/bin/env node
// Generates schema/bias-report.schema.json from the zod schema in src/formats/bias/schema.ts (the single
// source of truth). __tests__/formats/bias/schema.test.ts fails when the committed file is not current.
// Usage: node scripts/gen-bias-schema.mjs
import { build } from 'esbuild'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const tmp = await mkdtemp(join(tmpdir(), 'modelgate-bias-schema-'))
try {
  const out = join(tmp, 'entry.mjs')
  await build({
    stdin: { contents: "export { biasReportJsonSchema } from './src/formats/bias/schema.ts'", resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: out,
    logLevel: 'warning',
  })
  const { biasReportJsonSchema } = await import(pathToFileURL(out).href)
  await mkdir(join(root, 'schema'), { recursive: true })
  const file = join(root, 'schema', 'bias-report.schema.json')
  await writeFile(file, JSON.stringify(biasReportJsonSchema(), null, 2) + '\n')
  console.log(`wrote ${file}`)
} finally {
  await rm(tmp, { recursive: true, force: true })
}
