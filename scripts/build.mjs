#!/usr/bin/env node
// Builds the action (dist/index.js) and the CLI (dist/cli.js) as ESM for Node 20+, then regenerates the committed
// JSON Schemas and the generated reference docs. CI rebuilds and fails if dist/ or schema/ differ.
//
// Cold start (issue #15 item 7): the entries hold only what every run needs. Code they share goes to
// dist/chunk-<hash>.js, and code reached only through import() (the GitHub client, Parquet, zip, the bzip2 and
// LZMA decoders) to chunks loaded when a file or an API call needs them; libraries used synchronously but not by
// every run go to dist/lib-<name>.cjs (see LAZY). Chunk names are content hashes: esbuild's output is
// deterministic, so the committed dist/ is reproducible.
import { build } from 'esbuild'
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequire } from 'node:module'

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
const root = new URL('..', import.meta.url).pathname

// Bundled CommonJS dependencies (yauzl, picomatch, bottleneck…) call require() for Node built-ins; the lazily
// loaded libraries (below) are require()d too.
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

// Libraries that a run needs only for some files are loaded on first use, not at start: RE2 (user patterns,
// card placeholders), the phone-number metadata (PII), the Markdown parser (cards), YAML (policies, cards, DVC
// files) and zod (policy files, the result cache). src/ imports them as usual, and uses them synchronously; in the
// bundle each import gets a stand-in whose exports forward to the library, bundled on its own as
// dist/lib-<name>.cjs (the metadata as JSON) and require()d the first time one of its exports is used. The names
// are the exports src/ imports: a name missing here fails the build. An export that is a plain object, not a
// function or class, is marked 'object'.
const LAZY = {
  're2js': { file: 'lib-re2js.cjs', exports: { RE2JS: 'function' } },
  'libphonenumber-js/core': { file: 'lib-phone.cjs', exports: { isSupportedCountry: 'function', parsePhoneNumberFromString: 'function' } },
  'libphonenumber-js/metadata.max.json': { file: 'lib-phone-metadata.json', exports: { default: 'object' } },
  'mdast-util-from-markdown': { file: 'lib-markdown.cjs', exports: { fromMarkdown: 'function' } },
  // zod: a run without a policy file or a result cache builds no schema (src/core/once.ts), so it need not load zod.
  'zod': {
    file: 'lib-zod.cjs',
    exports: Object.fromEntries(
      ['ZodDefault', 'ZodError', 'ZodObject', 'ZodOptional', 'ZodPrefault', 'ZodType', 'array', 'boolean', 'enum', 'int', 'json', 'literal', 'number', 'object', 'partialRecord', 'record', 'strictObject', 'string', 'toJSONSchema', 'union', 'unknown'].map((n) => [n, 'function']),
    ),
  },
  'yaml': {
    file: 'lib-yaml.cjs',
    exports: { isMap: 'function', isScalar: 'function', isSeq: 'function', LineCounter: 'function', parseDocument: 'function', parse: 'function', stringify: 'function', visit: 'function' },
  },
}
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(b) {
    const names = new RegExp(`^(?:${Object.keys(LAZY).map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`)
    b.onResolve({ filter: names }, (args) => (args.importer.startsWith(join(root, 'src')) ? { path: args.path, namespace: 'lazy-library' } : undefined))
    b.onResolve({ filter: /^\.\/lib-/ }, (args) => (args.namespace === 'lazy-library' ? { path: args.path, external: true } : undefined))
    b.onLoad({ filter: /.*/, namespace: 'lazy-library' }, (args) => {
      const { file, exports } = LAZY[args.path]
      const lines = [
        `let lib`,
        `const load = () => (lib ??= require(${JSON.stringify(`./${file}`)}))`,
        `const stand = (get, object) => {`,
        `  const proxy = new Proxy(object ? {} : function () {}, {`,
        `    get: (_, k) => Reflect.get(get(), k),`,
        `    has: (_, k) => Reflect.has(get(), k),`,
        `    apply: (_, self, args) => Reflect.apply(get(), self, args),`,
        `    construct: (_, args, target) => Reflect.construct(get(), args, target === proxy ? get() : target),`,
        `  })`,
        `  return proxy`,
        `}`,
      ]
      for (const [name, kind] of Object.entries(exports)) {
        const get = name === 'default' ? `() => (load().__esModule ? load().default : load())` : `() => load()[${JSON.stringify(name)}]`
        // Through a local binding: an export may be named with a reserved word (zod's `enum`).
        lines.push(`const $${name} = stand(${get}, ${kind === 'object'})`, name === 'default' ? `export default $${name}` : `export { $${name} as ${name} }`)
      }
      return { contents: lines.join('\n') + '\n', loader: 'js', resolveDir: root }
    })
  },
}

async function buildLazyLibraries() {
  const resolve = createRequire(join(root, 'package.json')).resolve
  for (const [spec, { file, exports }] of Object.entries(LAZY)) {
    if (file.endsWith('.json')) {
      await writeFile(join(root, 'dist', file), JSON.stringify(JSON.parse(await readFile(resolve(spec), 'utf8'))))
      continue
    }
    const { banner: _banner, ...cjs } = common
    await build({ ...cjs, format: 'cjs', stdin: { contents: `export { ${Object.keys(exports).join(', ')} } from ${JSON.stringify(spec)}`, resolveDir: root, loader: 'js' }, outfile: join('dist', file) })
  }
}

function builtInPolicyModule(json) {
  return `// Generated by scripts/build.mjs (npm run build): do not edit. The policy a run uses when the repository has none
// (\`recommended\`), resolved through zod at build time from the rules' defaults and presets, as JSON (ruleSet.builtInPolicy).
export const BUILT_IN_POLICY = ${JSON.stringify(json)}
`
}

// One line per entry point: dist/<name>.js.
const entryPoints = {
  index: 'src/index.ts',
  cli: 'src/cli.ts',
  // The scan worker (node:worker_threads), found beside the action and the CLI: new URL('./worker.js', import.meta.url).
  worker: 'src/worker.ts',
}

// Generated before the bundle, from the sources (a tiny entry bundled to a temporary module and imported): the JSON
// Schemas in schema/, the reference docs, and src/rules/built-in-policy.ts, the built-in policy resolved at build time
// (a run without a policy file then builds no zod schema; __tests__/core/built-in-policy.test.ts checks it is current).
const tmp = await mkdtemp(join(tmpdir(), 'modelgate-schema-'))
try {
  const out = join(tmp, 'schema.mjs')
  await build({ ...common, minify: false, entryPoints: ['scripts/schema-entry.ts'], outfile: out })
  const { schemas, docs, builtInPolicyJson } = await import(pathToFileURL(out).href)
  await mkdir(join(root, 'schema'), { recursive: true })
  for (const [name, schema] of Object.entries(schemas)) {
    await writeFile(join(root, 'schema', name), JSON.stringify(schema, null, 2) + '\n')
  }
  for (const [name, text] of Object.entries(docs)) await writeFile(join(root, 'docs', name), text)
  await writeFile(join(root, 'src/rules/built-in-policy.ts'), builtInPolicyModule(builtInPolicyJson))
} finally {
  await rm(tmp, { recursive: true, force: true })
}

await mkdir(join(root, 'dist'), { recursive: true })
for (const f of await readdir(join(root, 'dist'))) if (/^(?:chunk|lib)-/.test(f)) await rm(join(root, 'dist', f))
const bundled = await build({ ...common, entryPoints, outdir: 'dist', splitting: true, chunkNames: 'chunk-[hash]', plugins: [noOidc, lazyLibraries] })
// A name used through a namespace import (`z.union`) that LAZY does not list is only a warning to esbuild, and
// undefined at run time: fail instead.
const missing = bundled.warnings.filter((w) => w.id === 'import-is-undefined')
if (missing.length) throw new Error(`names missing from LAZY in scripts/build.mjs: ${missing.map((w) => w.text).join('; ')}`)
await buildLazyLibraries()

