#!/usr/bin/env node
// The result cache across runs (issue #15 item 6): a committed repository of N units (default 500;
// BENCH_UNITS=…), each with a model card, a small safetensors file and a 200 KB opcode-dense pickle
// (BENCH_PICKLE_OPCODES=…), checked with
// `check --all --cache DIR` through the bundled CLI: cold (empty cache), then warm (every blob unchanged).
// Anchor: the same check without a cache, in the same run. Reports CPU time (user + system, /usr/bin/time),
// wall-clock and peak RSS, and the cache counts from the JSON report.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { result } from '../lib/bench-result.mjs'
import { benchCard } from '../lib/bench-fixtures.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const N = Number(process.env.BENCH_UNITS ?? 500)
const OPCODES = Number(process.env.BENCH_PICKLE_OPCODES ?? 100_000)

function safetensors(i) {
  const n = 256
  const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [n], data_offsets: [0, 4 * n] } }).padEnd(64, ' '))
  const len = Buffer.alloc(8)
  len.writeBigUInt64LE(BigInt(header.length))
  const data = Buffer.alloc(4 * n)
  for (let k = 0; k < n; k++) data.writeFloatLE(i + k, 4 * k)
  return Buffer.concat([len, header, data])
}

// Protocol 2: collections.OrderedDict() (a safe global), popped, then a list of the unit's number (BININT, so
// every pickle is another blob) and OPCODES small ints (BININT1 + APPENDS).
function pickle(i) {
  const id = Buffer.alloc(5)
  id[0] = 0x4a // BININT
  id.writeInt32LE(i, 1)
  const head = Buffer.concat([Buffer.from('\x80\x02ccollections\nOrderedDict\n)R0](', 'latin1'), id])
  const body = Buffer.alloc(2 * OPCODES)
  for (let k = 0; k < OPCODES; k++) {
    body[2 * k] = 0x4b // BININT1
    body[2 * k + 1] = (i + k) & 0xff
  }
  return Buffer.concat([head, body, Buffer.from('e.', 'latin1')])
}

const card = benchCard

function generate(n) {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-cache-bench-'))
  for (let i = 0; i < n; i++) {
    const u = join(dir, 'models', `g${Math.floor(i / 100)}`, `m${i}`)
    mkdirSync(u, { recursive: true })
    writeFileSync(join(u, 'README.md'), card(i))
    writeFileSync(join(u, 'model.safetensors'), safetensors(i))
    writeFileSync(join(u, 'weights.pkl'), pickle(i))
  }
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  git('init', '-q', '-b', 'main')
  git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'add', '-A')
  git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'units')
  // As in a settled checkout: no "racily clean" index entries (which git would re-hash on every status).
  spawnSync('sleep', ['1.1'])
  git('update-index', '-q', '--refresh')
  return dir
}

function measure(args, report) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S %e', process.execPath, 'dist/cli.js', ...args, '--format', 'json', '--output', report], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 })
  const last = r.stderr.trim().split('\n').pop().split(' ').map(Number)
  const json = JSON.parse(readFileSync(report, 'utf8'))
  return { rssMiB: last[0] / 1024, cpu: last[1] + last[2], wall: last[3], status: r.status, stats: json.stats?.cache, findings: json.findings.length }
}

if (spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status !== 0) {
  console.log('skipped: /usr/bin/time is not installed (Debian package `time`)')
  process.exit(0)
}
const dir = generate(N)
const out = mkdtempSync(join(tmpdir(), 'modelgate-cache-bench-out-'))
try {
  const cache = join(out, 'cache')
  const plain = measure(['check', '--all', dir], join(out, 'plain.json'))
  const cold = measure(['check', '--all', '--cache', cache, dir], join(out, 'cold.json'))
  const warm = measure(['check', '--all', '--cache', cache, dir], join(out, 'warm.json'))
  const du = spawnSync('du', ['-sk', cache], { encoding: 'utf8' }).stdout.split('\t')[0]
  console.log(`${N} units (card + ${safetensors(0).length}-byte safetensors + ${pickle(0).length}-byte pickle of ${OPCODES} opcodes each), committed; cache ${(Number(du) / 1024).toFixed(1)} MiB`)
  console.log(`run                     cpu       wall      peak RSS   cpu vs no cache   cache counts`)
  for (const [name, m] of [['no cache (anchor)', plain], ['cold (empty cache)', cold], ['warm (all unchanged)', warm]]) {
    const counts = m.stats ? `hits ${m.stats.hits}, misses ${m.stats.misses}, stored ${m.stats.stored}; hashes ${m.stats.hashes.hits} hit, ${m.stats.hashes.misses} computed` : '—'
    console.log(`${name.padEnd(22)}  ${m.cpu.toFixed(2).padStart(6)} s  ${m.wall.toFixed(2).padStart(6)} s  ${m.rssMiB.toFixed(0).padStart(5)} MiB   ${(m.cpu / Math.max(0.01, plain.cpu)).toFixed(2).padStart(5)}x            ${counts}   (exit ${m.status}, ${m.findings} findings)`)
  }
  result({ figure: `result cache, warm run (${N} units)`, value: warm.cpu / Math.max(0.01, plain.cpu), unit: 'x CPU', anchor: 'no cache', target: `cold ${(cold.cpu / Math.max(0.01, plain.cpu)).toFixed(2)}x`, rssMiB: warm.rssMiB })
  if (warm.findings !== plain.findings || cold.findings !== plain.findings) {
    console.log('MISMATCH: the runs found different numbers of findings')
    process.exitCode = 1
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
  rmSync(out, { recursive: true, force: true })
}
