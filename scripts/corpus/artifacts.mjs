#!/usr/bin/env node
/**
 * Measures the artifact rules on a labelled corpus of model files (a directory with `EXPECTED.tsv`:
 * file, kind, expected_verdict = safe | unsafe | corrupt, …). The directory is read in place as a
 * workspace (nothing is copied); the pure gate runs every artifact rule over it under `recommended` and
 * `strict`, and each file's findings are compared with its label:
 *
 *   unsafe  → at least one error          safe → no error          corrupt → at least one finding
 *
 *   node scripts/corpus/artifacts.mjs /work/shared/corpus/artifacts [--json]
 *
 * The TypeScript sources are bundled on the fly with esbuild's JS API. Exit code 1 when a file misses.
 */
import { build } from 'esbuild'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const args = process.argv.slice(2)
const dir = args.find((a) => !a.startsWith('--'))
if (!dir) {
  console.error('usage: node scripts/corpus/artifacts.mjs <corpus directory with EXPECTED.tsv> [--json]')
  process.exit(2)
}
const asJson = args.includes('--json')

const tmp = mkdtempSync(join(tmpdir(), 'modelgate-artifacts-'))
let lib
try {
  const entry = join(tmp, 'entry.ts')
  writeFileSync(
    entry,
    [
      `export { runGate } from ${JSON.stringify(join(root, 'src/core/gate.ts'))}`,
      `export { ruleSet } from ${JSON.stringify(join(root, 'src/rules/index.ts'))}`,
      `export { builtInPolicy, loadPolicy } from ${JSON.stringify(join(root, 'src/core/policy/load.ts'))}`,
      `export { WorkspaceView } from ${JSON.stringify(join(root, 'src/adapters/fs/workspace.ts'))}`,
    ].join('\n'),
  )
  const out = join(tmp, 'lib.mjs')
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error', packages: 'external', absWorkingDir: root })
  // Externals (yauzl, zod, …) resolve from the repository's node_modules.
  const linked = join(root, 'node_modules', `.modelgate-corpus-${process.pid}.mjs`)
  writeFileSync(linked, readFileSync(out))
  try {
    lib = await import(pathToFileURL(linked).href)
  } finally {
    rmSync(linked, { force: true })
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

const { runGate, ruleSet, builtInPolicy, loadPolicy, WorkspaceView } = lib
const corpus = resolve(dir)
const rows = readFileSync(join(corpus, 'EXPECTED.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => {
    const [file, kind, expected] = l.split('\t')
    return { file, kind, expected }
  })

const artifactRules = ruleSet.rules.filter((r) => r.id.startsWith('artifact/')).map((r) => r.id)
async function evaluate(preset) {
  const policy =
    preset === 'recommended'
      ? builtInPolicy(ruleSet)
      : (() => {
          const l = loadPolicy({ text: `version: 1\nextends: ${preset}\n`, source: 'corpus.yml', ruleSet })
          if (!l.ok) throw new Error(JSON.stringify(l.problems))
          return l.policy
        })()
  const started = performance.now()
  const result = await runGate({
    ruleSet,
    policy,
    files: new WorkspaceView(corpus),
    run: { event: 'local', policyPath: 'corpus.yml', now: new Date() },
    all: true,
    tool: { name: 'modelgate', version: 'corpus' },
    only: artifactRules,
  })
  return { findings: result.findings, ms: performance.now() - started }
}

const results = {}
let misses = 0
for (const preset of ['recommended', 'strict']) {
  const { findings, ms } = await evaluate(preset)
  const perFile = rows.map((row) => {
    const mine = findings.filter((f) => f.path === row.file)
    const errors = mine.filter((f) => f.severity === 'error')
    const ok = row.expected === 'unsafe' ? errors.length > 0 : row.expected === 'safe' ? errors.length === 0 : mine.length > 0
    if (!ok && preset === 'recommended') misses++
    return { ...row, ok, errors: errors.length, warnings: mine.length - errors.length, findings: mine.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`) }
  })
  results[preset] = { ms: Math.round(ms), files: perFile }
}

if (asJson) {
  console.log(JSON.stringify(results, null, 2))
} else {
  for (const [preset, r] of Object.entries(results)) {
    console.log(`\n== ${preset} (${r.ms} ms for ${r.files.length} files)`)
    for (const f of r.files) {
      console.log(`${f.ok ? 'ok  ' : 'MISS'} ${f.expected.padEnd(8)} ${f.file.padEnd(58)} errors=${f.errors} warnings=${f.warnings}`)
      for (const line of f.findings) console.log(`       ${line.length > 220 ? `${line.slice(0, 220)}…` : line}`)
    }
    const by = (label) => r.files.filter((f) => f.expected === label)
    const summary = ['unsafe', 'safe', 'corrupt'].map((l) => `${l}: ${by(l).filter((f) => f.ok).length}/${by(l).length}`).join(', ')
    console.log(`-- ${preset}: ${summary}`)
  }
}
process.exit(misses ? 1 : 0)
