/**
 * Heap sizing for large repositories. V8 sizes its heap for a browser tab on a big machine: after each full
 * collection it lets the old generation grow to up to four times what survived, and the young generation grows to
 * 3 × 16 MiB. A gate over 10,000 model units keeps about 60 MiB alive (units, findings, tables) and allocates
 * gigabytes of short-lived parse trees, so its resident size reached 300+ MiB though little of it was live.
 *
 * V8 reads two flags at every collection, so they take effect when set by the running process (unlike
 * `--max-old-space-size`, which only a command line can set, and the Actions runner passes none). Once the file
 * list shows a repository of 5,000 files or more:
 * - the old generation grows by half of what survived (`--heap-growing-percent=50`; ~5% more CPU);
 * - the young generation stops growing (`--semi-space-growth-factor=1`): 30 MiB less at 10,000 units.
 * Neither is set at start, nor for a smaller repository: a V8 flag set at run time makes V8 refuse the code cache
 * that Node.js ships for its own modules, so every built-in module loaded afterwards is compiled from source
 * (Node 24, one small unit: 117 → 103 ms CPU without it, the compiling of built-ins 15 → 6 ms), and a young
 * generation held at its first size makes the start-up collect more often and an allocation-heavy scan such as a
 * large pickle cost ~25% more.
 * Measured with `npm run bench -- units` (10,000 units): peak RSS 311 → 161 MiB for about the same CPU.
 * `MODELGATE_HEAP_TUNING=0` leaves V8's defaults.
 */
import { lazyBuiltin } from '../core/builtin.js'

/** node:v8, loaded only to set the flags (for a large repository). */
const v8 = lazyBuiltin<typeof import('node:v8')>('node:v8')

/** From this many files in the repository, the young generation is kept at its initial size. */
export const LARGE_REPOSITORY_FILES = 5_000

type Env = Record<string, string | undefined>

function setFlags(flags: string[], env: Env): void {
  if (env.MODELGATE_HEAP_TUNING === '0') return
  try {
    for (const flag of flags) v8().setFlagsFromString(flag)
  } catch {
    // A runtime without these flags keeps its defaults: only memory use differs.
  }
}

/** Once the repository's file list is known. */
export function tuneHeapForFiles(count: number, env: Env = process.env): void {
  if (count >= LARGE_REPOSITORY_FILES) setFlags(['--heap-growing-percent=50', '--semi-space-growth-factor=1'], env)
}

/** A file lister that tunes the heap to what it lists. */
export function tunedLister(list: () => Promise<string[]>): () => Promise<string[]> {
  return async () => {
    const files = await list()
    tuneHeapForFiles(files.length)
    return files
  }
}
