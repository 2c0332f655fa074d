/**
 * Bundles a scan-worker entry (src/worker.ts, or a test's own) to a temporary ESM file with esbuild, the way
 * scripts/build.mjs bundles dist/worker.js: pool tests then run real worker threads without depending on dist/.
 */
import { build } from 'esbuild'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { ROOT } from './run-dist.js'

/** `entry`: relative to the repository root, or absolute. */
export async function bundleWorker(entry = 'src/worker.ts'): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'modelgate-worker-'))
  const outfile = path.join(dir, `${path.basename(entry).replace(/\.ts$/, '')}.mjs`)
  await build({
    entryPoints: [path.resolve(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    preserveSymlinks: true,
    absWorkingDir: ROOT,
    define: { __MODELGATE_VERSION__: '"test"' },
    banner: { js: "import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);" },
  })
  return outfile
}
