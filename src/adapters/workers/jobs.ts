/** How many files are scanned at once: `--jobs N` / action input `jobs` / `MODELGATE_JOBS`, else one per CPU. */
import { availableParallelism } from 'node:os'

export const JOBS_ENV = 'MODELGATE_JOBS'
export const MAX_JOBS = 256

export class JobsError extends Error {}

/**
 * A jobs setting: a whole number from 1 to 256 (1: scan in the main thread, as before workers), or `auto` /
 * empty for one per CPU (undefined). Throws JobsError naming `source` otherwise.
 */
export function parseJobs(raw: string | undefined, source: string): number | undefined {
  const v = raw?.trim().toLowerCase() ?? ''
  if (v === '' || v === 'auto') return undefined
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > MAX_JOBS) {
    throw new JobsError(`${source}: expected a number of parallel scans from 1 to ${MAX_JOBS}, or auto; got "${(raw ?? '').slice(0, 40)}"`)
  }
  return Number(v)
}

/** The jobs for a run: the explicit setting, else `MODELGATE_JOBS`, else the CPUs available to this process. */
export function resolveJobs(explicit: number | undefined, env: Record<string, string | undefined>, cpus: () => number = availableParallelism): number {
  return explicit ?? parseJobs(env[JOBS_ENV], JOBS_ENV) ?? Math.max(1, Math.min(MAX_JOBS, cpus()))
}
