#!/usr/bin/env node
// Many model units: a generated repository of N units (default 10,000; BENCH_UNITS=…), each a folder with a
// model card and either a small safetensors file or a Git LFS pointer, checked with `check --all` through the
// bundled CLI. Reports wall-clock, CPU time and peak RSS against `find <repo> -type f | xargs cat` reading the
// same files in the same run (the anchor), and per-unit time at N/4 and N to show time grows linearly.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { result } from '../lib/bench-result.mjs'
import { HAS_TIME, timed } from '../lib/bench-run.mjs'
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


if (!HAS_TIME) {
  console.log('skipped: /usr/bin/time is not installed (Debian package `time`)')
  process.exit(0)
}
const rows = []
for (const n of [Math.floor(N / 4), N]) {
  const dir = generate(n)
  try {
    const anchor = timed('sh', ['-c', `find ${dir} -type f -print0 | xargs -0 cat > /dev/null`], { cwd: root })
    const mg = timed(process.execPath, ['dist/cli.js', 'check', '--all', '--format', 'json', '--output', join(dir, 'report.json'), dir], { cwd: root })
    rows.push({ n, anchor, mg })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
console.log(`units  modelgate wall / cpu / peak RSS        anchor (find | cat) wall / cpu      cpu ratio  ms per unit`)
for (const { n, anchor, mg } of rows) {
  result({ figure: `${n} units, check --all`, value: (mg.cpuMs / 1000) / Math.max(0.01, (anchor.cpuMs / 1000)), unit: 'x CPU', anchor: 'find + xargs cat', target: `peak RSS < 200 MiB; ${(((mg.cpuMs / 1000) * 1000) / n).toFixed(2)} ms CPU per unit`, met: (mg.rssKb / 1024) < 200, rssMiB: (mg.rssKb / 1024) })
  console.log(
    `${String(n).padStart(6)}  ${(mg.wallMs / 1000).toFixed(2)} s / ${(mg.cpuMs / 1000).toFixed(2)} s / ${(mg.rssKb / 1024).toFixed(0)} MiB (exit ${mg.status})   ${(anchor.wallMs / 1000).toFixed(2)} s / ${(anchor.cpuMs / 1000).toFixed(2)} s   ${((mg.cpuMs / 1000) / Math.max(0.01, (anchor.cpuMs / 1000))).toFixed(1)}x   ${(((mg.wallMs / 1000) * 1000) / n).toFixed(2)}`,
  )
}
