/**
 * A Node.js built-in module loaded on first use. Loading `node:zlib`, `node:stream`, `node:worker_threads` or
 * `node:v8` loads dozens of Node's internal modules; a run that never decompresses, starts a worker or tunes the
 * heap need not pay for them at start (issue #15, cold start).
 */
import { createRequire } from 'node:module'
import { once } from './once.js'

const load = createRequire(import.meta.url)

export function lazyBuiltin<T>(id: `node:${string}`): () => T {
  return once(() => load(id) as T)
}
