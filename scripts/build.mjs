#!/usr/bin/env node
// Builds the action (dist/index.js) and the CLI (dist/cli.js) as ESM for Node 20+, then regenerates the committed
// JSON Schemas and the generated reference docs. CI rebuilds and fails if dist/ or schema/ differ.
//
// Cold start (issue #15 item 7): the entries hold only what every run needs. Code they share goes to
// dist/chunk-<hash>.js, and code reached only through import() (the GitHub client, Parquet, zip, the bzip2 and
// LZMA decoders) to chunks loaded when a file or an API call needs them. Chunk names are content hashes:
// esbuild's output is deterministic, so the committed dist/ is reproducible.
import { build } from 'esbuild'
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
const root = new URL('..', import.meta.url).pathname

// Bundled CommonJS dependencies (yauzl, picomatch, bottleneck…) call require() for Node built-ins.
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

// @actions/core imports its OIDC client at load, and with it @actions/http-client and undici: a third of the
// bundle and a dozen Node built-ins (http, tls, net, dns…) compiled on every start. modelgate never asks for an
// ID token (core.getIDToken), so the OIDC module is replaced by a stub that says so.
const noOidc = {
  name: 'no-actions-oidc',
  setup(b) {
    b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]lib[\\/]/.test(args.importer) ? { path: 'oidc-utils', namespace: 'no-oidc' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'no-oidc' }, () => ({
      contents: "export class OidcClient { static async getIDToken() { throw new Error('modelgate does not request OIDC tokens') } }\n",
      loader: 'js',
    }))
  },
}

// One line per entry point: dist/<name>.js.
const entryPoints = {
  index: 'src/index.ts',
  cli: 'src/cli.ts',
}

await mkdir(join(root, 'dist'), { recursive: true })
for (const f of await readdir(join(root, 'dist'))) if (/^chunk-/.test(f)) await rm(join(root, 'dist', f))
await build({ ...common, entryPoints, outdir: 'dist', splitting: true, chunkNames: 'chunk-[hash]', plugins: [noOidc] })

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
