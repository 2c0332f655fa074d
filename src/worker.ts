/** Entry of a scan worker thread (bundled to dist/worker.js; started by adapters/workers/pool.ts). */
import { parentPort, workerData } from 'node:worker_threads'
import { serve } from './adapters/workers/serve.js'

if (parentPort) serve(parentPort, (workerData as { root: string }).root)
