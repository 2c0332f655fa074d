#!/usr/bin/env node
// `npm run bench`: runs every benchmark in scripts/bench/ (or those named: npm run bench -- pii artifact), then
// prints one table of the headline figures, each a ratio against an anchor measured in the same run (the lines a
// benchmark prints as `BENCH-RESULT {...}`, see scripts/lib/bench-result.mjs). Benchmarks are not tests.
import { readdirSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { cpus } from 'node:os'

const dir = fileURLToPath(new URL('./bench/', import.meta.url))
const wanted = process.argv.slice(2)
const all = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()
const chosen = wanted.length ? all.filter((f) => wanted.includes(f.replace(/\.mjs$/, ''))) : all
let failed = 0
const results = []

function run(f) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, f)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let rest = ''
    child.stdout.on('data', (d) => {
      const lines = (rest + d).split('\n')
      rest = lines.pop()
      for (const line of lines) {
        if (line.startsWith('BENCH-RESULT ')) results.push({ bench: f.replace(/\.mjs$/, ''), ...JSON.parse(line.slice(13)) })
        else process.stdout.write(line + '\n')
      }
    })
    child.on('close', (code) => {
      if (rest) process.stdout.write(rest + '\n')
      resolve(code)
    })
  })
}

for (const f of chosen) {
  console.log(`\n=== bench: ${f.replace(/\.mjs$/, '')} (node scripts/bench/${f})`)
  if ((await run(f)) !== 0) failed++
}

if (results.length) {
  const num = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : '')
  console.log(`\n=== summary (node ${process.version}, ${cpus().length} CPUs; each figure against its anchor in the same run)`)
  console.log('| bench | figure | value | anchor | target | met | peak RSS MiB |')
  console.log('|---|---|---:|---|---|---|---:|')
  for (const r of results) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : 'no'
    console.log(`| ${r.bench} | ${r.figure} | ${num(r.value)} ${r.unit ?? ''} | ${r.anchor ?? ''} | ${r.target ?? ''} | ${met} | ${num(r.rssMiB)} |`)
  }
}
process.exit(failed ? 1 : 0)
