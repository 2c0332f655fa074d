#!/usr/bin/env node
// Many model units: a generated repository of N units (default 10,000; BENCH_UNITS=…), each a folder with a
// model card and either a small safetensors file or a Git LFS pointer, checked with `check --all` through the
// bundled CLI. Reports wall-clock, CPU time and peak RSS against `find <repo> -type f | xargs cat` reading the
// same files in the same run (the anchor), and per-unit time at N/4 and N to show time grows linearly.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { result } from '../lib/bench-result.mjs'
import { benchCard } from '../lib/bench-fixtures.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const N = Number(process.env.BENCH_UNITS ?? 10_000)

function safetensors(i) {
  const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }).padEnd(64, ' '))
  const len = Buffer.alloc(8)
  len.writeBigUInt64LE(BigInt(header.length))
  const data = Buffer.alloc(8)
  data.writeFloatLE(i, 0)
  return Buffer.concat([len, header, data])
}

const card = benchCard

function generate(n) {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-units-'))
  for (let i = 0; i < n; i++) {
    const u = join(dir, 'models', `g${Math.floor(i / 100)}`, `m${i}`)
    mkdirSync(u, { recursive: true })
    writeFileSync(join(u, 'README.md'), card(i))
    if (i % 2) writeFileSync(join(u, 'model.safetensors'), safetensors(i))
    else writeFileSync(join(u, 'model.safetensors'), `version https://git-lfs.github.com/spec/v1\noid sha256:${i.toString(16).padStart(64, '0')}\nsize 123456\n`)
  }
  return dir
}

function measure(cmd, args) {
  // /usr/bin/time -f gives peak RSS (KiB), user and system CPU seconds, elapsed seconds.
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S %e', cmd, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 })
  const last = r.stderr.trim().split('\n').pop().split(' ').map(Number)
  return { rssMiB: last[0] / 1024, cpu: last[1] + last[2], wall: last[3], status: r.status }
}

const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0
if (!hasTime) {
  console.log('skipped: /usr/bin/time is not installed (Debian package `time`)')
  process.exit(0)
}
const rows = []
for (const n of [Math.floor(N / 4), N]) {
  const dir = generate(n)
  try {
    const anchor = measure('sh', ['-c', `find ${dir} -type f -print0 | xargs -0 cat > /dev/null`])
    const mg = measure(process.execPath, ['dist/cli.js', 'check', '--all', '--format', 'json', '--output', join(dir, 'report.json'), dir])
    rows.push({ n, anchor, mg })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
console.log(`units  modelgate wall / cpu / peak RSS        anchor (find | cat) wall / cpu      cpu ratio  ms per unit`)
for (const { n, anchor, mg } of rows) {
  result({ figure: `${n} units, check --all`, value: mg.cpu / Math.max(0.01, anchor.cpu), unit: 'x CPU', anchor: 'find + xargs cat', target: `peak RSS < 200 MiB; ${((mg.cpu * 1000) / n).toFixed(2)} ms CPU per unit`, met: mg.rssMiB < 200, rssMiB: mg.rssMiB })
  console.log(
    `${String(n).padStart(6)}  ${mg.wall.toFixed(2)} s / ${mg.cpu.toFixed(2)} s / ${mg.rssMiB.toFixed(0)} MiB (exit ${mg.status})   ${anchor.wall.toFixed(2)} s / ${anchor.cpu.toFixed(2)} s   ${(mg.cpu / Math.max(0.01, anchor.cpu)).toFixed(1)}x   ${((mg.wall * 1000) / n).toFixed(2)}`,
  )
}
