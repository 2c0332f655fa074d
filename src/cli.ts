#!/usr/bin/env node
/** Entry of the `modelgate` CLI (bundled to dist/cli.js). */
import * as nodeModule from 'node:module'
import { asksVersion, VERSION } from './version.js'
import { isEpipe } from './cli/epipe.js'

// Node ≥ 22.1 keeps V8's compiled code of the modules loaded after this call in a cache (in the OS temp folder,
// or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so the next run starts faster: hence the
// CLI itself is imported below, not above. Node 20 has no such cache and nothing happens. The action does not
// do this: a hosted runner starts each job on a fresh machine, where a cache would only cost its writing.
;(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.()

// Piping into `head` closes stdout early: stop quietly, like other command-line tools.
const quietOnEpipe = (err: Error) => {
  if (isEpipe(err)) process.exit(process.exitCode ?? 0)
  throw err
}
process.stdout.on('error', quietOnEpipe)
process.stderr.on('error', quietOnEpipe)

// The version needs none of the CLI: it is answered before the CLI is loaded (about 60 ms of module loading).
if (asksVersion(process.argv.slice(2))) process.stdout.write(VERSION + '\n')
else await runCli()

async function runCli() {
  const { main } = await import('./cli/main.js')

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
}
