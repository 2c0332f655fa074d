/**
 * A pool for independent per-file scans (artifact and PII scans of the working tree), sized to the CPUs: the
 * main thread is one lane, worker threads the others. Small files are always scanned in the main thread (a
 * worker costs more to start than they take); a large one takes the main thread's lane when it is free, else a
 * worker. Workers start lazily (on the first large file the main thread cannot take), are unref'd while idle
 * (they never keep the process alive), have a memory limit each, and are terminated by `close()`. A worker that
 * dies (a crash, out of memory) fails only the scan it was running (`ScanWorkerError`: the rule reports that file
 * as not scanned) and is replaced; when no worker can start at all, every scan runs in the main thread.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ResourceLimits, Worker } from 'node:worker_threads'
import { lazyBuiltin } from '../../core/builtin.js'
import type { FileView } from '../../core/files.js'
import { ScanWorkerError, type ScanRequest, type Scanner } from '../../core/scan.js'
import type { ScanJobMessage, ScanReplyMessage } from './serve.js'

/** node:worker_threads, loaded when the first worker starts (most runs start none). */
const workerThreads = lazyBuiltin<typeof import('node:worker_threads')>('node:worker_threads')

/** Heap limit of one worker (old generation). A scan streams its file, so this is headroom, not a need. */
export const WORKER_MEMORY_MB = 512

/** Smaller files are scanned in the main thread: a worker takes ~0.1 s of CPU to start and ~0.5 s more to warm up its JIT. */
export const POOL_MIN_BYTES = 16 << 20

export interface PoolOptions {
  /** The workspace root the workers open (the same as the run's WorkspaceView). */
  root: string
  /** Scans at once: the main thread and `size - 1` workers (or `size` workers without `mainLane`). */
  size: number
  /** The worker script; default: worker.js beside this bundle (dist/worker.js). */
  workerFile?: URL | string
  resourceLimits?: ResourceLimits
  /**
   * The run's view of the same workspace: files smaller than `minBytes` (by its cached stat) are scanned in
   * the main thread. Without it, every scan is queued.
   */
  files?: FileView
  minBytes?: number
  /** The main thread takes queued scans when it is free (default true; tests turn it off to use workers only). */
  mainLane?: boolean
}

interface Job {
  id: number
  request: ScanRequest
  local: () => Promise<unknown>
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
  private readonly workers: number
  private readonly mainLane: boolean
  private mainBusy = false
  private readonly slots: Slot[] = []
  private queue: Job[] = []
  private head = 0
  private nextId = 0
  private closed = false
  private started = false
  private unavailable?: string
  /** Replacement workers that died before they were ready. */
  private startFailures = 0
  /** Scans whose worker died. */
  failures = 0
  /** Scans run on workers (for tests and benchmarks). */
  workerScans = 0

  constructor(private readonly options: PoolOptions & { workerFile: URL | string }) {
    this.size = Math.max(1, options.size)
    this.mainLane = options.mainLane ?? true
    this.workers = Math.max(1, this.mainLane ? this.size - 1 : this.size)
  }

  private async small(request: ScanRequest): Promise<boolean> {
    const min = this.options.minBytes ?? POOL_MIN_BYTES
    if (min <= 0 || !this.options.files) return false
    try {
      const st = await this.options.files.stat(request.path)
      // Unreadable files are reported by the in-process scan, exactly as without a pool.
      return st === undefined || st.size < min
    } catch {
      return true
    }
  }

  async run<T>(request: ScanRequest, local: () => Promise<T>): Promise<T> {
    if (this.closed || (await this.small(request))) return local()
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, local, resolve: resolve as (v: unknown) => void, reject })
      this.pump()
    })
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.closed = true
    const workers = this.slots.map((s) => s.worker)
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

  private requeue(job: Job): void {
    if (this.head > 0) this.queue[--this.head] = job
    else this.queue.unshift(job)
  }

  private pump(): void {
    while (this.pending() > 0) {
      // The main thread's lane first: a run with one large file starts no worker at all.
      if ((this.mainLane || this.unavailable) && !this.mainBusy) {
        this.runHere(this.dequeue())
        continue
      }
      if (this.unavailable || this.closed) return
      let slot = this.slots.find((s) => !s.job && !s.dead)
      if (!slot) {
        if (this.slots.length >= this.workers) return
        slot = this.spawn()
      }
      slot.job = this.dequeue()
      slot.worker.ref()
      // A starting worker is sent its job when it says it is ready (below).
      if (slot.ready) this.send(slot)
    }
  }

  /**
   * Sends a slot its job. Only a worker that said it is ready is sent one, so a worker that dies before that
   * cannot have died of its file: on a busy machine its uncaught error can be handled before its ready message,
   * and a job sent at spawn was then taken for "no worker can start" and scanned here instead of reported.
   */
  private send(slot: Slot): void {
    const job = slot.job!
    slot.worker.postMessage({ id: job.id, request: job.request } satisfies ScanJobMessage)
  }

  private runHere(job: Job): void {
    this.mainBusy = true
    job
      .local()
      .then(job.resolve, job.reject)
      .finally(() => {
        this.mainBusy = false
        this.pump()
      })
  }

  private spawn(): Slot {
    const worker = new (workerThreads().Worker)(this.options.workerFile, {
      workerData: { root: this.options.root },
      resourceLimits: this.options.resourceLimits ?? { maxOldGenerationSizeMb: WORKER_MEMORY_MB },
    })
    const slot: Slot = { worker, ready: false, dead: false }
    worker.on('message', (m: ScanReplyMessage) => {
      if ('ready' in m) {
        slot.ready = this.started = true
        if (slot.job) this.send(slot)
        return
      }
      const job = slot.job
      if (!job || job.id !== m.id) return
      slot.job = undefined
      worker.unref()
      this.workerScans++
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
    if (!slot.ready) {
      // Its job was never sent: it goes back to the queue. No worker ever started (the script is missing or
      // broken), or replacements keep failing to start: every scan runs in the main thread.
      if (job && this.closed) job.reject(new ScanWorkerError('the scan was stopped (the run ended)'))
      else if (job) this.requeue(job)
      if (!this.closed && (!this.started || ++this.startFailures > this.workers)) {
        this.unavailable = `the scan workers do not start (${why})`
        // Workers still starting or idle stop; a ready worker with a job finishes it (it is given no other).
        for (const s of this.slots) if (!s.ready || !s.job) void s.worker.terminate().catch(() => undefined)
      }
      this.pump()
      return
    }
    if (!job) return
    this.failures++
    job.reject(new ScanWorkerError(this.closed ? 'the scan was stopped (the run ended)' : why))
    this.pump()
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
