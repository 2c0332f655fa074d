#!/usr/bin/env node
// Builds dist/index.js (the action), dist/cli.js (the CLI) and dist/worker.js (their scan worker) as single ESM files for Node 20+, then
// regenerates the committed JSON Schemas and the generated reference docs. CI rebuilds and fails if dist/ or schema/ differ.
import { build } from 'esbuild'
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
const root = new URL('..', import.meta.url).pathname

// Some bundled dependencies (undici via @actions/http-client) call require() for Node built-ins.
const banner = "import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);"

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  absWorkingDir: root,
  // Builds from a worktree whose node_modules is a symlink must equal builds from a plain checkout.
  preserveSymlinks: true,
  define: { __MODELGATE_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: banner },
}

await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' })
await build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' })
// The scan worker (node:worker_threads), found beside the action and the CLI: new URL('./worker.js', import.meta.url).
await build({ ...common, entryPoints: ['src/worker.ts'], outfile: 'dist/worker.js' })

// Schemas: bundle a tiny entry to a temporary module and import it.
const tmp = await mkdtemp(join(tmpdir(), 'modelgate-schema-'))
try {
  const out = join(tmp, 'schema.mjs')
  await build({ ...common, minify: false, entryPoints: ['scripts/schema-entry.ts'], outfile: out })
  const { schemas, docs } = await import(pathToFileURL(out).href)
  await mkdir(join(root, 'schema'), { recursive: true })
  for (const [name, schema] of Object.entries(schemas)) {
    await writeFile(join(root, 'schema', name), JSON.stringify(schema, null, 2) + '\n')
  }
  for (const [name, text] of Object.entries(docs)) await writeFile(join(root, 'docs', name), text)
} finally {
  await rm(tmp, { recursive: true, force: true })
}
