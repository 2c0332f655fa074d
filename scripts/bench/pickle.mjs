#!/usr/bin/env node
/**
 * Pickle VM speed against Python's `pickletools.genops` on the same opcode-dense pickle, in CPU time
 * (user + system) measured in the same run:
 *
 *   - anchor: `python3 genops.py FILE` (`for op, arg, pos in pickletools.genops(f): pass`), CPU time of the
 *     whole process from /usr/bin/time (falls back to the script's own process_time);
 *   - in process: modelgate's `scanArtifact` on the file (the path `check` takes), CPU time of the scan
 *     only (process.cpuUsage): the first run (cold JIT, as in the CLI) and the best of 3;
 *   - end to end: `node dist/cli.js check --all DIR` on a folder holding only that pickle as model.pkl and
 *     a model card, CPU time of the whole process (best of 3), next to the same command on an empty
 *     folder (the CLI's fixed cost: start-up, policy, discovery);
 *   - peak RSS of each process.
 *
 *   node scripts/bench/pickle.mjs            (also run by `npm run bench`; needs `npm run build` first)
 *   BENCH_NODE=/path/to/node24 node scripts/bench/pickle.mjs   (modelgate on another Node.js; the action runs on node24)
 *
 * Environment: BENCH_PICKLE_MB (default 60: the 63 MB pickle of issue #15), BENCH_DIR (parent of the
 * temporary folder, default /tmp), BENCH_KEEP=1 to keep the files. The pickle is the one
 * scripts/bench/artifact.mjs generates: a protocol-4 list of (name, int, float) tuples in batches of 1000,
 * names memoized, as pickle.dumps writes them.
 */
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, linkSync, copyFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { result } from '../lib/bench-result.mjs'
import { least, timed } from '../lib/bench-run.mjs'
import { PY_BIG_PICKLE, scanChildImports } from '../lib/bench-fixtures.mjs'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const PICKLE_MB = Number(process.env.BENCH_PICKLE_MB ?? 60)
const RUNS = 3
const NODE = process.env.BENCH_NODE || process.execPath
const nodeVersion = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
const cli = join(root, 'dist/cli.js')
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `npm run build` first')
  process.exit(1)
}
const work = mkdtempSync(join(process.env.BENCH_DIR ?? '/tmp', 'modelgate-bench-pickle-'))

const CHILD = `
${scanChildImports(root)}
const [file, runs] = process.argv.slice(2)
const { view, path, st } = await openFile(file)
let best
let first
for (let i = 0; i < Number(runs); i++) {
  const c = process.cpuUsage()
  const t = performance.now()
  const s = await scanArtifact(viewSource(view, path, st.size), { path, classify: makeClassifier() })
  const u = process.cpuUsage(c)
  const out = { cpuMs: (u.user + u.system) / 1000, ms: performance.now() - t, format: s.format, opcodes: s.stats.opcodes, issues: s.issues.length, globals: s.globals.length }
  if (!best || out.cpuMs < best.cpuMs) best = out
  first ??= out.cpuMs
}
best.firstCpuMs = first
best.maxRssKb = process.resourceUsage().maxRSS
console.log(JSON.stringify(best))
`

const GEN = `
import struct, sys
${PY_BIG_PICKLE}
big_pickle(sys.argv[1], int(sys.argv[2]))
`

const GENOPS = `
import pickletools, sys, time
t = time.process_time()
f = open(sys.argv[1], "rb", buffering=1 << 20)
n = 0
for op, arg, pos in pickletools.genops(f):
    n += 1
print(n, (time.process_time() - t) * 1000)
`

const mb = (kb) => (kb === undefined ? '?' : `${(kb / 1024).toFixed(0)} MB`)
const ms = (x) => `${x.toFixed(0)} ms`

try {
  const child = join(work, 'child.mjs')
  const entry = join(work, 'child.ts')
  writeFileSync(entry, CHILD)
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: child, logLevel: 'error', absWorkingDir: root, nodePaths: [join(root, 'node_modules')], banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } })
  writeFileSync(join(work, 'gen.py'), GEN)
  writeFileSync(join(work, 'genops.py'), GENOPS)
  const repo = join(work, 'repo')
  const empty = join(work, 'empty')
  mkdirSync(repo)
  mkdirSync(empty)
  const pkl = join(work, 'big.pkl')
  console.log(`generating a ${PICKLE_MB} MiB opcode-dense pickle in ${work} …`)
  timed('python3', [join(work, 'gen.py'), pkl, String(PICKLE_MB)], { ok: [0] })
  const bytes = statSync(pkl).size
  try {
    linkSync(pkl, join(repo, 'model.pkl'))
  } catch {
    copyFileSync(pkl, join(repo, 'model.pkl'))
  }
  writeFileSync(join(repo, 'README.md'), '---\nlicense: mit\n---\n# Model\n\nA model.\n')
  spawnSync('cat', [pkl], { stdio: ['ignore', 'ignore', 'inherit'] }) // warm the page cache

  console.log('running pickletools.genops (slow) …')
  const py = timed('python3', [join(work, 'genops.py'), pkl], { ok: [0] })
  const [pyOps, pyLoopMs] = py.stdout.split(/\s+/).map(Number)
  const pyCpu = py.cpuMs ?? pyLoopMs
  const inproc = (() => {
    const r = timed(NODE, [child, pkl, String(RUNS)], { ok: [0] })
    return { ...JSON.parse(r.stdout), rssKb: r.rssKb }
  })()
  const e2e = least(RUNS, () => timed(NODE, [cli, 'check', '--all', repo], { ok: [0, 1] }))
  const floor = least(RUNS, () => timed(NODE, [cli, 'check', '--all', empty], { ok: [0, 1] }))

  console.log(`\nnode ${nodeVersion}; ${(bytes / 1e6).toFixed(1)} MB pickle, ${pyOps} opcodes (genops) / ${inproc.opcodes} (modelgate); CPU = user + sys; best of ${RUNS}`)
  console.log(`  python3 pickletools.genops (process)   ${ms(pyCpu).padStart(9)} CPU   (loop only ${ms(pyLoopMs)}; RSS ${mb(py.rssKb)})   anchor`)
  console.log(`  modelgate scan, in process             ${ms(inproc.cpuMs).padStart(9)} CPU   ${(pyCpu / inproc.cpuMs).toFixed(1)}x genops   (${(inproc.opcodes / (inproc.cpuMs / 1000) / 1e6).toFixed(0)} M opcodes/s; ${(pyLoopMs / inproc.cpuMs).toFixed(1)}x genops loop-only; RSS ${mb(inproc.rssKb)})`)
  console.log(`  modelgate scan, in process, first run  ${ms(inproc.firstCpuMs).padStart(9)} CPU   ${(pyCpu / inproc.firstCpuMs).toFixed(1)}x genops   (cold JIT)`)
  result({ figure: `pickle scan, in process (node ${nodeVersion})`, value: pyCpu / inproc.cpuMs, unit: 'x genops (CPU)', anchor: 'pickletools.genops', target: '≥ 40', met: pyCpu / inproc.cpuMs >= 40, rssMiB: inproc.rssKb / 1024 })
  if (e2e.cpuMs !== undefined && floor.cpuMs !== undefined) {
    result({ figure: `pickle scan, CLI end to end (node ${nodeVersion})`, value: pyCpu / e2e.cpuMs, unit: 'x genops (CPU)', anchor: 'pickletools.genops', target: '≥ 40', met: pyCpu / e2e.cpuMs >= 40, rssMiB: e2e.rssKb / 1024 })
    console.log(`  modelgate check --all (CLI), end to end ${ms(e2e.cpuMs).padStart(8)} CPU   ${(pyCpu / e2e.cpuMs).toFixed(1)}x genops   (target ≥ 40x: ${pyCpu / e2e.cpuMs >= 40 ? 'met' : 'MISSED'}; wall ${ms(e2e.wallMs)}; RSS ${mb(e2e.rssKb)})`)
    console.log(`  modelgate check --all, empty folder    ${ms(floor.cpuMs).padStart(9)} CPU   (the CLI's fixed cost; the pickle adds ${ms(e2e.cpuMs - floor.cpuMs)}, ${(pyCpu / (e2e.cpuMs - floor.cpuMs)).toFixed(1)}x genops)`)
  } else {
    console.log(`  modelgate check --all (CLI), end to end ${ms(e2e.wallMs).padStart(8)} wall (no /usr/bin/time: CPU time unavailable)`)
  }
} finally {
  if (process.env.BENCH_KEEP) console.log(`\nfiles kept in ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
