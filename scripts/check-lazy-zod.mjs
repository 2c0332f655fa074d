#!/usr/bin/env node
// Checks that importing modelgate's modules builds no zod schema: every schema in src/ is built on first use
// (src/core/once.ts), because zod 4 schema construction at module load costs every run's start-up.
// Bundles the action's and the CLI's main modules, and one entry importing every module of src/, with `zod`
// replaced by a stand-in that counts calls of its functions (z.string, z.strictObject, z.toJSONSchema, …), imports
// each bundle without running anything, and fails when a call was counted.
// Usage: node scripts/check-lazy-zod.mjs
import { build } from 'esbuild'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const zodPath = createRequire(join(root, 'package.json')).resolve('zod')
const zod = await import(pathToFileURL(zodPath).href)

// The stand-in: zod's exports, with each function (and each function of the iso and coerce namespaces) counting.
const counted = (name, path) => `(...a) => (globalThis.__zodCalls.push(${JSON.stringify(name)}), ${path}(...a))`
const lines = [`import * as real from ${JSON.stringify(zodPath)}`, `export * from ${JSON.stringify(zodPath)}`]
for (const [name, value] of Object.entries(zod)) {
  if (typeof value === 'function' && /^[a-z]/.test(name)) lines.push(`const $${name} = ${counted(name, `real.${name}`)}; export { $${name} as ${name} }`)
}
for (const ns of ['iso', 'coerce']) {
  const fields = Object.keys(zod[ns]).map((k) => `${JSON.stringify(k)}: ${counted(`${ns}.${k}`, `real.${ns}[${JSON.stringify(k)}]`)}`)
  lines.push(`export const ${ns} = { ${fields.join(', ')} }`)
}

// Every module of src/ but the two entries that run on import (the action's and the CLI's).
async function modules(dir) {
  const out = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await modules(p)))
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p)
  }
  return out
}
const src = join(root, 'src')
const all = (await modules(src)).filter((p) => !['index.ts', 'cli.ts'].includes(relative(src, p)))
const allEntry = [...all.map((p, i) => `import * as m${i} from ${JSON.stringify(p)}`), `export const modules = [${all.map((_, i) => `m${i}`).join(', ')}]`].join('\n')

const tmp = await mkdtemp(join(tmpdir(), 'modelgate-lazy-zod-'))
let failed = false
try {
  const stand = join(tmp, 'zod-counting.mjs')
  await writeFile(stand, lines.join('\n') + '\n')
  await writeFile(join(tmp, 'all.ts'), allEntry + '\n')
  const entries = { action: join(root, 'src/action/main.ts'), cli: join(root, 'src/cli/main.ts'), all: join(tmp, 'all.ts') }
  const countingZod = {
    name: 'counting-zod',
    setup(b) {
      b.onResolve({ filter: /^zod$/ }, () => ({ path: stand }))
    },
  }
  await build({
    entryPoints: entries,
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    absWorkingDir: root,
    nodePaths: [join(root, 'node_modules')],
    define: { __MODELGATE_VERSION__: '"0.0.0"' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [countingZod],
  })
  for (const name of Object.keys(entries)) {
    globalThis.__zodCalls = []
    await import(pathToFileURL(join(tmp, `${name}.mjs`)).href)
    const calls = globalThis.__zodCalls
    const tally = [...new Set(calls)].map((k) => `${k}×${calls.filter((c) => c === k).length}`)
    console.log(`${name}: ${calls.length} zod call(s) on import${calls.length ? ` (${tally.join(', ')})` : ''}`)
    if (calls.length) failed = true
  }
  // The stand-in does count: reading the rules' option schemas and the settings schemas after import builds them.
  globalThis.__zodCalls = []
  const { modules } = await import(pathToFileURL(join(tmp, 'all.mjs')).href)
  const { ruleSet } = modules.find((m) => m.ruleSet)
  for (const r of ruleSet.rules) void r.options
  for (const s of ruleSet.settings) void s.schema
  console.log(`check: reading every rule's options and settings schema then made ${globalThis.__zodCalls.length} zod call(s)`)
  if (!globalThis.__zodCalls.length) failed = true
} finally {
  await rm(tmp, { recursive: true, force: true })
}
if (failed) process.exitCode = 1
