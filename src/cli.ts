#!/usr/bin/env node
/** Entry of the `modelgate` CLI (bundled to dist/cli.js). */
import { main } from './cli/main.js'

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code
  },
  (err) => {
    process.stderr.write(`modelgate: ${String(err)}\n`)
    process.exitCode = 2
  },
)
