#!/usr/bin/env node
// `npm run bench`: runs every benchmark in scripts/bench/ (or those named: npm run bench -- pii artifact).
// Benchmarks print ratios against baselines measured in the same run; none of them is a test.
import { readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const dir = fileURLToPath(new URL('./bench/', import.meta.url))
const wanted = process.argv.slice(2)
const all = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()
const chosen = wanted.length ? all.filter((f) => wanted.includes(f.replace(/\.mjs$/, ''))) : all
let failed = 0
for (const f of chosen) {
  console.log(`\n=== bench: ${f.replace(/\.mjs$/, '')} (node scripts/bench/${f})`)
  const r = spawnSync(process.execPath, [join(dir, f)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
