#!/usr/bin/env node
// One read per file: `check --all --audit` on a repository holding one large safetensors file (1 GiB, then 4 GiB
// for peak RSS; BENCH_AUDIT_MIB=1024,4096), in CPU time against `openssl dgst -sha256` (or `sha256sum`) on the same file in the same run.
// Every consumer of the file's digest (the audit record, the hash inventory, bias staleness) shares one pass.
// Each command runs BENCH_RUNS times (default 3) and the least CPU time of each is compared (the machine is shared).
//   npm run bench -- audit                                   (the Node.js running the bench)
//   BENCH_NODE=/path/to/node24 npm run bench -- audit          (another Node.js; the action runs on node24)
import { spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { result } from '../lib/bench-result.mjs'
import { HAS_TIME, least, timed } from '../lib/bench-run.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const SIZES = String(process.env.BENCH_AUDIT_MIB ?? '1024,4096').split(',').map(Number).filter((n) => n > 0)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const NODE = process.env.BENCH_NODE || process.execPath
const nodeVersion = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()



if (!HAS_TIME) {
  console.log('skipped: /usr/bin/time is not installed (Debian package `time`)')
  process.exit(0)
}
const anchorCmd = spawnSync('openssl', ['version']).status === 0 ? ['openssl', ['dgst', '-sha256']] : ['sha256sum', []]
for (const MIB of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-audit-'))
  try {
    const unit = join(dir, 'models', 'big')
    mkdirSync(unit, { recursive: true })
    const bytes = MIB * 1024 * 1024
    const header = Buffer.from(JSON.stringify({ w: { dtype: 'U8', shape: [bytes], data_offsets: [0, bytes] } }).padEnd(128, ' '))
    const len = Buffer.alloc(8)
    len.writeBigUInt64LE(BigInt(header.length))
    const file = join(unit, 'model.safetensors')
    const fd = openSync(file, 'w')
    writeSync(fd, len)
    writeSync(fd, header)
    const chunk = Buffer.alloc(1 << 20)
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 2654435761) >>> 24
    for (let i = 0; i < MIB; i++) writeSync(fd, chunk)
    closeSync(fd)
    writeFileSync(join(unit, 'README.md'), '---\nlicense: mit\n---\n# Big\n')
    spawnSync('sh', ['-c', `cat ${file} > /dev/null`]) // warm the page cache for both
    const anchor = least(RUNS, () => timed(anchorCmd[0], [...anchorCmd[1], file], { cwd: root }))
    const mg = least(RUNS, () => timed(NODE, ['dist/cli.js', 'check', '--all', '--format', 'json', '--output', join(dir, 'r.json'), '--audit', join(dir, 'audit.json'), dir], { cwd: root }))
    console.log(`${MIB} MiB safetensors, check --all --audit (node ${nodeVersion}; least CPU of ${RUNS} runs each):`)
    console.log(`  ${anchorCmd[0]} ${anchorCmd[1].join(' ')}  cpu ${(anchor.cpuMs / 1000).toFixed(2)} s  wall ${(anchor.wallMs / 1000).toFixed(2)} s  (anchor)`)
    console.log(`  modelgate               cpu ${(mg.cpuMs / 1000).toFixed(2)} s  wall ${(mg.wallMs / 1000).toFixed(2)} s  peak RSS ${(mg.rssKb / 1024).toFixed(0)} MiB  (exit ${mg.status})`)
    console.log(`  CPU ratio modelgate / anchor: ${((mg.cpuMs / 1000) / (anchor.cpuMs / 1000)).toFixed(2)}x (target ≤ 1.1x)`)
    result({ figure: `check --all --audit, ${MIB} MiB safetensors (node ${nodeVersion})`, value: (mg.cpuMs / 1000) / (anchor.cpuMs / 1000), unit: 'x CPU', anchor: `${anchorCmd[0]} ${anchorCmd[1].join(' ')}`, target: '≤ 1.1', met: (mg.cpuMs / 1000) / (anchor.cpuMs / 1000) <= 1.1, rssMiB: (mg.rssKb / 1024) })
    result({ figure: `peak RSS, ${MIB} MiB checkpoint`, value: (mg.rssKb / 1024), unit: 'MiB', target: '< 200', met: (mg.rssKb / 1024) < 200 })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
