#!/usr/bin/env node
// Bundle size and cold start of dist/index.js and dist/cli.js, against `node -e 0` measured in the same run.
import { spawnSync } from 'node:child_process'
import { statSync, mkdtempSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const RUNS = Number(process.env.BENCH_RUNS ?? 15)

function time(args, env = {}) {
  const samples = []
  for (let i = 0; i < RUNS + 2; i++) {
    const t = process.hrtime.bigint()
    spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' })
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    if (i >= 2) samples.push(ms) // two warm-up runs (file cache)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]
}

for (const f of ['dist/index.js', 'dist/cli.js']) {
  const bytes = statSync(join(root, f)).size
  const gz = gzipSync(readFileSync(join(root, f))).length
  console.log(`${f}: ${(bytes / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped)`)
}
const empty = mkdtempSync(join(tmpdir(), 'modelgate-bench-'))
const baseline = time(['-e', '0'])
const cliVersion = time(['dist/cli.js', '--version'])
const cliCheck = time(['dist/cli.js', 'check', '--all', empty])
const action = time(['dist/index.js'], { GITHUB_WORKSPACE: empty, GITHUB_EVENT_NAME: 'workflow_dispatch', INPUT_TOKEN: '' })
console.log(`median of ${RUNS} runs, node ${process.version}:`)
console.log(`  node -e 0                     ${baseline.toFixed(0)} ms (baseline)`)
console.log(`  cli --version                 ${cliVersion.toFixed(0)} ms (${(cliVersion / baseline).toFixed(2)}x baseline)`)
console.log(`  cli check --all (empty dir)   ${cliCheck.toFixed(0)} ms (${(cliCheck / baseline).toFixed(2)}x baseline)`)
console.log(`  action, empty workspace       ${action.toFixed(0)} ms (${(action / baseline).toFixed(2)}x baseline)`)
