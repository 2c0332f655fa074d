#!/usr/bin/env node
// Cold start of the action and the CLI (issue #15 item 7: the action on an empty workspace ≤ 2.5× `node -e 0`),
// against `node -e 0` measured in the same run, and the JavaScript each entry loads before it runs.
//
// Each run is a fresh `node` process on a fresh empty folder (the action writes its report into the workspace:
// reusing the folder would make every run after the first scan that report). CPU time (user + system, all
// threads) and peak RSS are read in the process itself at exit by a preloaded probe (`-r`, the same for the
// baseline), so they depend less on how busy the shared machine is than wall-clock time, printed too.
//   npm run bench -- startup                       (BENCH_RUNS=15 by default)
//   BENCH_NODE=/path/to/node24 npm run bench -- startup   (another Node.js; the action runs on node24)
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { result } from '../lib/bench-result.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dist = join(root, 'dist')
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const NODE = process.env.BENCH_NODE || process.execPath

const work = mkdtempSync(join(tmpdir(), 'modelgate-startup-'))
const probe = join(work, 'probe.cjs')
const probeOut = join(work, 'probe.json')
writeFileSync(
  probe,
  `process.on('exit', () => {
  const c = process.cpuUsage()
  require('node:fs').writeFileSync(${JSON.stringify(probeOut)}, JSON.stringify({ cpu: (c.user + c.system) / 1000, rss: process.resourceUsage().maxRSS / 1024 }))
})
`,
)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
let fresh = 0

/** `args(workspace)` run RUNS times (after two warm-up runs), each on a new empty workspace. */
function measure(args, env = {}) {
  const wall = []
  const cpu = []
  const rss = []
  for (let i = 0; i < RUNS + 2; i++) {
    const ws = join(work, `ws-${fresh++}`)
    mkdirSync(ws)
    rmSync(probeOut, { force: true })
    const t = process.hrtime.bigint()
    // Cold: no compile cache (Node ≥ 22.1), unless a case asks for one (a variable set to undefined is unset).
    const vars = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1', ...env, GITHUB_WORKSPACE: ws }
    for (const [k, v] of Object.entries(vars)) if (v === undefined) delete vars[k]
    const r = spawnSync(NODE, ['-r', probe, ...args(ws)], { cwd: root, env: vars, stdio: ['ignore', 'ignore', 'pipe'] })
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    rmSync(ws, { recursive: true, force: true })
    if (r.status !== 0) throw new Error(`${args(ws).join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`)
    const p = JSON.parse(readFileSync(probeOut, 'utf8'))
    if (i < 2) continue // warm-up runs (file cache)
    wall.push(ms)
    cpu.push(p.cpu)
    rss.push(p.rss)
  }
  return { wall: median(wall), cpu: median(cpu), rss: Math.max(...rss) }
}

/**
 * An entry and the chunks it imports statically (what is read and compiled before it runs), with those the entry
 * itself imports with import() (the CLI imports its main module that way, after enabling the compile cache).
 */
function startupFiles(entry, seen = new Set(), isEntry = true) {
  if (seen.has(entry)) return seen
  seen.add(entry)
  const text = readFileSync(join(dist, entry), 'utf8')
  const imports = isEntry ? /(?:from\s*|import\s*\(?\s*)["']\.\/([\w.-]+\.js)["']/g : /(?:from\s*|import\s*)["']\.\/([\w.-]+\.js)["']/g
  for (const m of text.matchAll(imports)) startupFiles(m[1], seen, false)
  return seen
}

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`
const files = readdirSync(dist)
const total = files.reduce((n, f) => n + statSync(join(dist, f)).size, 0)
console.log(`dist/: ${files.length} files, ${kib(total)} (${kib(gzipSync(Buffer.concat(files.map((f) => readFileSync(join(dist, f))))).length)} gzipped)`)
for (const entry of ['index.js', 'cli.js']) {
  const loaded = [...startupFiles(entry)]
  const bytes = loaded.reduce((n, f) => n + statSync(join(dist, f)).size, 0)
  console.log(`  dist/${entry}: ${kib(statSync(join(dist, entry)).size)}; with the chunks it imports statically, ${kib(bytes)} in ${loaded.length} files are loaded at start`)
}

const action = { GITHUB_EVENT_NAME: 'workflow_dispatch', INPUT_TOKEN: '' }
const cases = [
  ['node -e 0', () => ['-e', '0']],
  ['cli --version', () => ['dist/cli.js', '--version']],
  ['cli check --all (empty dir)', (ws) => ['dist/cli.js', 'check', '--all', ws]],
  ['action, empty workspace', () => ['dist/index.js'], action],
]
const hasCompileCache = spawnSync(NODE, ['-p', "typeof require('node:module').enableCompileCache"], { encoding: 'utf8' }).stdout.trim() === 'function'
if (hasCompileCache) {
  const cache = join(work, 'compile-cache')
  cases.push(['cli check --all, warm cache', (ws) => ['dist/cli.js', 'check', '--all', ws], { NODE_DISABLE_COMPILE_CACHE: undefined, NODE_COMPILE_CACHE: cache }])
}
const results = cases.map(([name, args, env]) => [name, measure(args, env)])
const base = results[0][1]
const version = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
console.log(`median of ${RUNS} runs, node ${version} (CPU = user + system time of the process; ratios against node -e 0):`)
for (const [name, r] of results) {
  const ratio = (a, b) => (r === base ? 'baseline' : `${(a / b).toFixed(2)}x`)
  console.log(
    `  ${name.padEnd(29)} CPU ${r.cpu.toFixed(0).padStart(4)} ms (${ratio(r.cpu, base.cpu).padStart(8)})   wall ${r.wall.toFixed(0).padStart(4)} ms (${ratio(r.wall, base.wall).padStart(8)})   peak RSS ${r.rss.toFixed(0)} MiB`,
  )
}
for (const [name, r] of results) if (r !== base) result({ figure: `cold start: ${name.trim()}`, value: r.cpu / base.cpu, unit: 'x CPU', anchor: 'node -e 0', target: name.startsWith('action') ? '≤ 2.5' : undefined, met: name.startsWith('action') ? r.cpu / base.cpu <= 2.5 : undefined, rssMiB: r.rss })
rmSync(work, { recursive: true, force: true })
