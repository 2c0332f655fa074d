#!/usr/bin/env node
// `npm run demo`: runs the bundled CLI on the examples/ repository and prints its report. The example gate
// fails on purpose (planted findings); the demo itself exits 0 unless modelgate could not run at all.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = ['dist/cli.js', 'check', '--all', 'examples', ...process.argv.slice(2)]
console.log(`$ modelgate ${args.slice(1).join(' ')}\n`)
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
if (r.status === 0 || r.status === 1) {
  console.log(`\n(modelgate exited ${r.status}: ${r.status === 1 ? 'the example gate fails, as planted' : 'the gate passes'}. The demo exits 0.)`)
  process.exit(0)
}
console.error(`\nmodelgate could not run (exit ${r.status}).`)
process.exit(1)
