/**
 * A scan worker for the pool's failure tests: the real scans, except that a file named `boom*` makes the worker
 * exit, `oom*` makes it run out of memory and `throw*` makes it throw outside any scan.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { WorkspaceView } from '../../src/adapters/fs/workspace.js'
import { scanHandler, type ScanJobMessage } from '../../src/adapters/workers/serve.js'

const port = parentPort!
const handle = scanHandler(new WorkspaceView((workerData as { root: string }).root))
const hog: number[][] = []
port.on('message', (m: ScanJobMessage) => {
  const name = m.request.path.slice(m.request.path.lastIndexOf('/') + 1)
  if (name.startsWith('boom')) process.exit(3)
  if (name.startsWith('oom')) for (;;) hog.push(new Array(1 << 20).fill(hog.length))
  if (name.startsWith('throw')) setImmediate(() => {
    throw new Error('worker state lost')
  })
  else
    handle(m.request).then(
      (result) => port.postMessage({ id: m.id, ok: true, result }),
      (err: Error) => port.postMessage({ id: m.id, ok: false, error: err.message }),
    )
})
port.postMessage({ ready: true })
