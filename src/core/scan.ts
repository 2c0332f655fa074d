/**
 * Scans that may run elsewhere: an adapter (the CLI, the action) can hand the core a `Scanner` that runs
 * independent per-file scans in parallel (a pool of worker threads). The core stays pure: it only sees this
 * interface, through `RunFacts.scanner`. Requests and results are plain data (structured-clone safe).
 */

/** One per-file scan of the working tree: `kind` names the scan ('artifact', 'pii'), `options` are plain data. */
export interface ScanRequest {
  kind: string
  path: string
  options: unknown
}

export interface Scanner {
  /** How many scans run at once (the main thread's own lane included). */
  readonly size: number
  /**
   * Runs the scan of `request.path` in the working tree: on a worker (which opens the same root with the same
   * safety checks as the run's FileView), or here by calling `local` (a small file, or the main thread's lane is
   * free). Rejects with `ScanWorkerError` when the scan's worker died (crash, out of memory), and with the scan's
   * own error otherwise.
   */
  run<T>(request: ScanRequest, local: () => Promise<T>): Promise<T>
}

/** The worker running a scan died (a crash or running out of memory): that file was not scanned. */
export class ScanWorkerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ScanWorkerError'
  }
}

/**
 * Runs a scan on the run's scanner when there is one, else in-process (`local`). A dead worker becomes
 * `failed(why)`, the caller's "could not be scanned" result for that file: never a crash, never silence.
 */
export async function runInPool<T>(scanner: Scanner | undefined, request: ScanRequest, local: () => Promise<T>, failed: (why: string) => T): Promise<T> {
  if (!scanner) return local()
  try {
    return await scanner.run(request, local)
  } catch (err) {
    if (err instanceof ScanWorkerError) return failed(err.message)
    throw err
  }
}

/** `fn` over `items` with at most `limit` calls at once; results in the items' order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
  return out
}
