#!/usr/bin/env node
/**
 * Runs the documentation rules over a directory of real model cards, each laid into its own temporary
 * (in-memory) model unit beside a stub artifact, and prints what fired per card and a summary.
 *
 *   node scripts/corpus/cards.mjs /work/shared/corpus/model-cards [--preset recommended|strict|eu-ai-act-high-risk]
 *        [--policy extra.yml] [--json] [--all-rules]
 *
 * The TypeScript sources are bundled on the fly with esbuild's JS API (no build step needed). Files in the
 * directory other than *.md / *.json (e.g. SOURCES.tsv) are skipped; `model_card.json` style files (Model
 * Card Toolkit JSON) are laid in as `model_card.json`, everything else as `README.md` (or `MODEL_CARD.md`
 * when the file name ends so).
 */
import { build } from 'esbuild'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const args = process.argv.slice(2)
const flag = (name) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const dir = args.find((a, i) => !a.startsWith('--') && !['--preset', '--policy'].includes(args[i - 1]))
if (!dir) {
  console.error('usage: node scripts/corpus/cards.mjs <directory> [--preset NAME] [--policy FILE] [--json] [--all-rules]')
  process.exit(2)
}
const preset = flag('--preset') ?? 'recommended'
const extraPolicy = flag('--policy') ? readFileSync(flag('--policy'), 'utf8') : ''
const asJson = args.includes('--json')
const allRules = args.includes('--all-rules')

const entry = `
export { MemoryView } from './src/adapters/memory/view.ts'
export { runGate } from './src/core/gate.ts'
export { loadPolicy, formatProblem } from './src/core/policy/load.ts'
export { ruleSet } from './src/rules/index.ts'
`
const tmp = mkdtempSync(join(tmpdir(), 'modelgate-cards-'))
try {
  const out = join(tmp, 'bundle.mjs')
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  })
  const m = await import(pathToFileURL(out).href)
  const policyText = `version: 1\nextends: ${preset}\n${extraPolicy}`
  const loaded = m.loadPolicy({ text: policyText, source: 'corpus-policy.yml', ruleSet: m.ruleSet })
  if (!loaded.ok) {
    console.error(loaded.problems.map(m.formatProblem).join('\n'))
    process.exit(2)
  }
  const only = allRules ? undefined : m.ruleSet.rules.filter((r) => r.category === 'documentation').map((r) => r.id)
  const files = readdirSync(dir)
    .filter((f) => /\.(md|json)$/i.test(f) && statSync(join(dir, f)).isFile())
    .sort()
  const results = []
  const counts = new Map()
  for (const f of files) {
    const bytes = readFileSync(join(dir, f))
    const isMct = /\.json$/i.test(f)
    const name = isMct ? 'model_card.json' : /MODEL_CARD\.md$/.test(f) ? 'MODEL_CARD.md' : 'README.md'
    const unitFiles = { 'model/model.safetensors': new Uint8Array([0]), [`model/${name}`]: bytes }
    let r
    try {
      r = await m.runGate({
        ruleSet: m.ruleSet,
        policy: loaded.policy,
        files: new m.MemoryView(unitFiles),
        run: { event: 'local', policyPath: 'corpus-policy.yml', now: new Date() },
        tool: { name: 'modelgate', version: 'corpus' },
        only,
      })
    } catch (err) {
      results.push({ card: f, crash: String(err?.stack ?? err) })
      continue
    }
    const findings = r.findings.map((x) => ({ rule: x.ruleId, severity: x.severity, line: x.line, column: x.column, message: x.message }))
    for (const x of findings) counts.set(x.rule, (counts.get(x.rule) ?? 0) + 1)
    results.push({ card: f, as: name, verdict: r.verdict.conclusion, findings })
  }
  if (asJson) {
    console.log(JSON.stringify({ preset, results, counts: Object.fromEntries(counts) }, null, 2))
  } else {
    for (const res of results) {
      console.log(`\n== ${res.card}${res.as ? ` (as ${res.as})` : ''}: ${res.crash ? 'CRASH' : `${res.findings.length} finding(s), ${res.verdict}`}`)
      if (res.crash) console.log(res.crash)
      for (const x of res.findings ?? []) console.log(`  ${x.severity.padEnd(7)} ${x.rule} :${x.line ?? '-'}${x.column ? `:${x.column}` : ''} ${x.message}`)
    }
    const crashed = results.filter((x) => x.crash).length
    const cardsWith = (rule) => results.filter((x) => x.findings?.some((y) => y.rule === rule)).length
    console.log(`\n== summary (${preset}): ${results.length} cards, ${crashed} crashed`)
    for (const [rule, n] of [...counts.entries()].sort()) console.log(`  ${rule.padEnd(32)} ${String(n).padStart(4)} finding(s) on ${cardsWith(rule)} card(s)`)
  }
  writeFileSync(join(tmp, 'done'), '')
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
