/**
 * A pool of worker threads for independent per-file scans (artifact and PII scans of the working tree), sized
 * to the CPUs. Workers start lazily (on the first scan that needs one), are unref'd while idle (they never keep
 * the process alive), have a memory limit each, and are terminated by `close()`. A worker that dies (a crash,
 * out of memory) fails only the scan it was running (`ScanWorkerError`: the rule reports that file as not
 * scanned) and is replaced; a worker that cannot start at all makes the pool unavailable (`ScanUnavailableError`:
 * the rules scan in-process).
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import { ScanUnavailableError, ScanWorkerError, type ScanRequest, type Scanner } from '../../core/scan.js'
import type { FileView } from '../../core/files.js'
import type { ScanJobMessage, ScanReplyMessage } from './serve.js'

/** Heap limit of one worker (old generation). A scan streams its file, so this is headroom, not a need. */
export const WORKER_MEMORY_MB = 512

export interface PoolOptions {
  /** The workspace root the workers open (the same as the run's WorkspaceView). */
  root: string
  /** Workers at most. */
  size: number
  /** The worker script; default: worker.js beside this bundle (dist/worker.js). */
  workerFile?: URL | string
  resourceLimits?: ResourceLimits
  /**
   * The run's view of the same workspace: files smaller than `minBytes` (by its cached stat) are scanned in
   * the main thread, where they take less time than a worker takes to start.
   */
  files?: FileView
  minBytes?: number
}

/** Smaller files are scanned in the main thread: a worker takes ~0.2 s of CPU to start and ~0.5 s more to warm up its JIT. */
export const POOL_MIN_BYTES = 16 << 20

interface Job {
  id: number
  request: ScanRequest
  resolve: (v: unknown) => void
  reject: (e: Error) => void
}

interface Slot {
  worker: Worker
  job?: Job
  ready: boolean
  dead: boolean
}

/** The worker script beside the running bundle: dist/index.js and dist/cli.js both sit next to dist/worker.js. */
export function defaultWorkerFile(): URL {
  return new URL('./worker.js', import.meta.url)
}

export class WorkerPool implements Scanner {
  readonly size: number
  private readonly slots: Slot[] = []
  private queue: Job[] = []
  private head = 0
  private nextId = 0
  private closed = false
  private started = false
  private unavailable?: string
  /** Scans whose worker died, for the run's notes and tests. */
  failures = 0

  constructor(private readonly options: PoolOptions & { workerFile: URL | string }) {
    this.size = Math.max(1, options.size)
  }

  async wants(request: ScanRequest): Promise<boolean> {
    const min = this.options.minBytes ?? POOL_MIN_BYTES
    if (min <= 0) return true
    if (!this.options.files) return true
    try {
      const st = await this.options.files.stat(request.path)
      // Unreadable files are reported by the in-process scan, exactly as without a pool.
      return st !== undefined && st.size >= min
    } catch {
      return false
    }
  }

  run(request: ScanRequest): Promise<unknown> {
    if (this.unavailable) return Promise.reject(new ScanUnavailableError(this.unavailable))
    if (this.closed) return Promise.reject(new ScanUnavailableError('the scan pool is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject })
      this.pump()
    })
  }

  /** Terminates every worker; scans still running fail. */
  async close(): Promise<void> {
    this.closed = true
    const workers = this.slots.map((s) => s.worker)
    this.failQueued(() => new ScanUnavailableError('the scan pool is closed'))
    await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)))
  }

  private pending(): number {
    return this.queue.length - this.head
  }

  private dequeue(): Job {
    const job = this.queue[this.head++]!
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
    return job
  }

  private pump(): void {
    while (!this.closed && !this.unavailable && this.pending() > 0) {
      let slot = this.slots.find((s) => !s.job && !s.dead)
      if (!slot) {
        if (this.slots.length >= this.size) return
        slot = this.spawn()
      }
      const job = this.dequeue()
      slot.job = job
      slot.worker.ref()
      slot.worker.postMessage({ id: job.id, request: job.request } satisfies ScanJobMessage)
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.workerFile, {
      workerData: { root: this.options.root },
      resourceLimits: this.options.resourceLimits ?? { maxOldGenerationSizeMb: WORKER_MEMORY_MB },
    })
    const slot: Slot = { worker, ready: false, dead: false }
    worker.on('message', (m: ScanReplyMessage) => {
      if ('ready' in m) {
        slot.ready = this.started = true
        return
      }
      const job = slot.job
      if (!job || job.id !== m.id) return
      slot.job = undefined
      worker.unref()
      if (m.ok) job.resolve(m.result)
      else job.reject(new Error(m.error))
      this.pump()
    })
    worker.on('error', (err) => this.died(slot, describe(err, this.options.resourceLimits?.maxOldGenerationSizeMb ?? WORKER_MEMORY_MB)))
    worker.on('exit', (code) => this.died(slot, `the scan's worker thread stopped (exit code ${code})`))
    this.slots.push(slot)
    return slot
  }

  private died(slot: Slot, why: string): void {
    if (slot.dead) return
    slot.dead = true
    this.slots.splice(this.slots.indexOf(slot), 1)
    const job = slot.job
    slot.job = undefined
    if (this.closed) {
      job?.reject(new ScanUnavailableError('the scan pool is closed'))
      return
    }
    if (!slot.ready && !this.started) {
      // No worker ever started (the script is missing or broken): scan in-process instead.
      this.unavailable = `the scan workers do not start (${why})`
      const err = () => new ScanUnavailableError(this.unavailable!)
      job?.reject(err())
      this.failQueued(err)
      void Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => undefined)))
      return
    }
    if (job) {
      this.failures++
      job.reject(new ScanWorkerError(why))
    }
    this.pump()
  }

  private failQueued(err: () => Error): void {
    while (this.pending() > 0) this.dequeue().reject(err())
  }
}

function describe(err: Error, limitMb: number): string {
  if ((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') return `the scan ran out of memory (limit ${limitMb} MB per worker thread)`
  return `the scan's worker thread crashed (${err.message.split('\n')[0]!.slice(0, 200)})`
}

/**
 * The run's scanner: a pool of `jobs` workers over the workspace at `root`, or undefined for `jobs` 1 (scans
 * run in the main thread, as without workers) or when the worker script is not there (a source checkout).
 */
export function createScanner(o: Omit<PoolOptions, 'size'> & { jobs: number }): WorkerPool | undefined {
  if (o.jobs <= 1) return undefined
  const workerFile = o.workerFile ?? defaultWorkerFile()
  const path = workerFile instanceof URL ? fileURLToPath(workerFile) : workerFile
  if (!existsSync(path)) return undefined
  return new WorkerPool({ ...o, size: o.jobs, workerFile })
}
