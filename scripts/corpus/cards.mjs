#!/usr/bin/env node
/**
 * Runs `modelgate check` over a directory of real model cards: each card is laid into its own temporary
 * directory as a model unit (`model/README.md` beside a stub `model/model.safetensors`), checked with the
 * CLI (`check DIR --all --format json`), and what fired is printed per card with a summary.
 *
 *   node scripts/corpus/cards.mjs /work/shared/corpus/model-cards [--preset recommended|strict|eu-ai-act-high-risk]
 *        [--policy extra.yml] [--json] [--all-rules]
 *
 * The TypeScript sources are bundled on the fly with esbuild's JS API (no build step needed). Only *.md and
 * *.json files are taken: `*.json` is laid in as a Model Card Toolkit `model_card.json`, a file ending in
 * `MODEL_CARD.md` as `MODEL_CARD.md`, anything else as `README.md`. Without --all-rules only the
 * documentation family's findings are shown (the stub artifact would draw artifact findings).
 */
import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
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

const tmp = mkdtempSync(join(tmpdir(), 'modelgate-cards-'))
try {
  const bundle = join(tmp, 'cli.mjs')
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  })
  const { main } = await import(pathToFileURL(bundle).href)
  const policyPath = join(tmp, 'policy.yml')
  writeFileSync(policyPath, `version: 1\nextends: ${preset}\n${extraPolicy}`)

  const files = readdirSync(dir)
    .filter((f) => /\.(md|json)$/i.test(f) && statSync(join(dir, f)).isFile())
    .sort()
  const results = []
  const counts = new Map()
  for (const [i, f] of files.entries()) {
    const name = /\.json$/i.test(f) ? 'model_card.json' : /MODEL_CARD\.md$/.test(f) ? 'MODEL_CARD.md' : 'README.md'
    const work = join(tmp, `unit-${i}`)
    mkdirSync(join(work, 'model'), { recursive: true })
    writeFileSync(join(work, 'model', 'model.safetensors'), new Uint8Array([0]))
    writeFileSync(join(work, 'model', name), readFileSync(join(dir, f)))
    let out = ''
    let err = ''
    const io = {
      cwd: work,
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      isTTY: false,
      env: {},
      now: () => new Date(),
    }
    let code
    try {
      code = await main(['check', work, '--all', '--format', 'json', '--policy', policyPath, '--fail-on', 'never'], io)
    } catch (e) {
      results.push({ card: f, crash: String(e?.stack ?? e) })
      continue
    }
    let report
    try {
      report = JSON.parse(out)
    } catch {
      results.push({ card: f, crash: `exit ${code}; no JSON report\n${err}${out}`.slice(0, 2000) })
      continue
    }
    const findings = report.findings
      .filter((x) => allRules || x.category === 'documentation')
      .map((x) => ({ rule: x.ruleId, severity: x.severity, line: x.line, column: x.column, message: x.message }))
    for (const x of findings) counts.set(x.rule, (counts.get(x.rule) ?? 0) + 1)
    results.push({ card: f, as: name, findings, stderr: err.trim() || undefined })
  }
  if (asJson) {
    console.log(JSON.stringify({ preset, results, counts: Object.fromEntries(counts) }, null, 2))
  } else {
    for (const res of results) {
      console.log(`\n== ${res.card}${res.as ? ` (as ${res.as})` : ''}: ${res.crash ? 'CRASH' : `${res.findings.length} finding(s)`}`)
      if (res.crash) console.log(res.crash)
      if (res.stderr) console.log(`  stderr: ${res.stderr}`)
      for (const x of res.findings ?? []) console.log(`  ${x.severity.padEnd(7)} ${x.rule} :${x.line ?? '-'}${x.column ? `:${x.column}` : ''} ${x.message}`)
    }
    const crashed = results.filter((x) => x.crash).length
    const cardsWith = (rule) => results.filter((x) => x.findings?.some((y) => y.rule === rule)).length
    const clean = results.filter((x) => x.findings && x.findings.length === 0).length
    console.log(`\n== summary (${preset}): ${results.length} cards, ${crashed} crashed, ${clean} without findings`)
    for (const [rule, n] of [...counts.entries()].sort()) console.log(`  ${rule.padEnd(32)} ${String(n).padStart(4)} finding(s) on ${cardsWith(rule)} card(s)`)
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
