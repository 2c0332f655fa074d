/**
 * The worker side of the scan pool: opens the workspace (the same root and safety checks as the main thread's
 * FileView) and answers scan requests with plain data. Each request kind maps to the same function the rules
 * run in-process, so results are identical.
 */
import type { MessagePort } from 'node:worker_threads'
import { WorkspaceView } from '../fs/workspace.js'
import type { FileView } from '../../core/files.js'
import type { ScanRequest } from '../../core/scan.js'
import { makeClassifier, type Classifier } from '../../formats/pickle/classify.js'
import { ARTIFACT_SCAN, scanArtifactFile } from '../../rules/artifact/shared.js'
import type { ArtifactSettings } from '../../rules/artifact/settings.js'
import { detectorOf, PII_SCAN, scanPiiFile, type PiiFileOptions } from '../../rules/pii/shared.js'
import type { Detector } from '../../formats/pii/detect.js'

/** What the pool sends a worker and what it answers. */
export interface ScanJobMessage {
  id: number
  request: ScanRequest
}
export type ScanReplyMessage = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string } | { ready: true }

/** Small per-worker caches: a run uses one or two settings objects, built once per worker. */
function memo<T>(make: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>()
  return (key) => {
    let v = cache.get(key)
    if (v === undefined) {
      if (cache.size >= 16) cache.clear()
      cache.set(key, (v = make(key)))
    }
    return v
  }
}

export function scanHandler(files: FileView): (request: ScanRequest) => Promise<unknown> {
  const classifier = memo<Classifier>((key) => {
    const s = JSON.parse(key) as { allow: string[]; deny: string[] }
    return makeClassifier({ policyAllow: s.allow, policyDeny: s.deny })
  })
  const detector = memo<Detector>((key) => detectorOf(JSON.parse(key) as PiiFileOptions))
  return async (request) => {
    switch (request.kind) {
      case ARTIFACT_SCAN: {
        const s = request.options as ArtifactSettings
        return scanArtifactFile(files, request.path, s, classifier(JSON.stringify({ allow: s.allowGlobals, deny: s.denyGlobals })))
      }
      case PII_SCAN: {
        const o = request.options as PiiFileOptions
        const d = detector(JSON.stringify({ ...o, format: 'text' }))
        return scanPiiFile(files, request.path, o.format, d, o.settings)
      }
      default:
        throw new Error(`unknown scan kind ${String(request.kind).slice(0, 40)}`)
    }
  }
}

/** Serves scan requests on `port` for the workspace at `root` until the pool terminates the worker. */
export function serve(port: MessagePort, root: string): void {
  const handle = scanHandler(new WorkspaceView(root))
  port.on('message', (m: ScanJobMessage) => {
    handle(m.request).then(
      (result) => port.postMessage({ id: m.id, ok: true, result } satisfies ScanReplyMessage),
      (err: unknown) => port.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies ScanReplyMessage),
    )
  })
  port.postMessage({ ready: true } satisfies ScanReplyMessage)
}
