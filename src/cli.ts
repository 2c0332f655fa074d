#!/usr/bin/env node
/** Entry of the `modelgate` CLI (bundled to dist/cli.js). */
import { tuneHeap } from './app/heap.js'
import { isEpipe, main } from './cli/main.js'

tuneHeap()

// Piping into `head` closes stdout early: stop quietly, like other command-line tools.
const quietOnEpipe = (err: Error) => {
  if (isEpipe(err)) process.exit(process.exitCode ?? 0)
  throw err
}
process.stdout.on('error', quietOnEpipe)
process.stderr.on('error', quietOnEpipe)

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
    if (isEpipe(err)) return
    process.stderr.write(`modelgate: ${String(err)}\n`)
    process.exitCode = 2
  },
)
