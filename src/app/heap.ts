/**
 * Heap sizing for large repositories. V8 sizes its heap for a browser tab on a big machine: after each full
 * collection it lets the old generation grow to up to four times what survived, and the young generation grows to
 * 3 × 16 MiB. A gate over 10,000 model units keeps about 60 MiB alive (units, findings, tables) and allocates
 * gigabytes of short-lived parse trees, so its resident size reached 300+ MiB though little of it was live.
 *
 * Two V8 flags that V8 reads at every collection (so they take effect when set at startup, unlike
 * `--max-old-space-size`, which only a command line can set and the Actions runner does not pass) keep it close to
 * the live size: the old generation grows by half of what survived, and the young generation stays at its
 * initial size. Measured on the 10,000-unit benchmark (`npm run bench -- units`): peak RSS 311 → 164 MiB for
 * ~15% more CPU. `MODELGATE_HEAP_TUNING=0` leaves V8's defaults.
 */
import { setFlagsFromString } from 'node:v8'

export const HEAP_FLAGS = ['--heap-growing-percent=50', '--semi-space-growth-factor=1']

export function tuneHeap(env: Record<string, string | undefined> = process.env): void {
  if (env.MODELGATE_HEAP_TUNING === '0') return
  try {
    for (const flag of HEAP_FLAGS) setFlagsFromString(flag)
  } catch {
    // A runtime without these flags keeps its defaults: only memory use differs.
  }
}
