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
  /** How many scans run at once. */
  readonly size: number
  /**
   * Runs the scan of `request.path` in the working tree (the same root and the same safety checks as the run's
   * FileView). Rejects with `ScanWorkerError` when the scan's worker died (crash, out of memory), with
   * `ScanUnavailableError` when no worker can run at all (then the caller scans in-process), and with the
   * scan's own error otherwise.
   */
  run(request: ScanRequest): Promise<unknown>
  /** Whether the scan is worth a worker (a small file scans faster here than a worker starts); default yes. */
  wants?(request: ScanRequest): Promise<boolean>
}

/** The worker running a scan died (a crash or running out of memory): that file was not scanned. */
export class ScanWorkerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ScanWorkerError'
  }
}

/** The scanner cannot run scans (its worker does not start): scan in-process instead. */
export class ScanUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ScanUnavailableError'
  }
}

/**
 * Runs a scan on the run's scanner when there is one, else in-process (`local`). A dead worker becomes
 * `failed(why)`, the caller's "could not be scanned" result for that file: never a crash, never silence.
 */
export async function runInPool<T>(scanner: Scanner | undefined, request: ScanRequest, local: () => Promise<T>, failed: (why: string) => T): Promise<T> {
  if (!scanner || (scanner.wants && !(await scanner.wants(request)))) return local()
  try {
    return (await scanner.run(request)) as T
  } catch (err) {
    if (err instanceof ScanUnavailableError) return local()
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
