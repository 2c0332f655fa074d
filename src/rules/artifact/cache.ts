/**
 * The artifact scan in the result cache: its stored form (every field of `ArtifactScan`, strictly: a scan
 * that gains a field the schema lacks is not stored rather than stored without it) and the request for one
 * file. The key covers the artifact settings the scan reads; `exclude` only chooses files and is left out.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'
import type { CacheRequest } from '../../core/cache.js'
import type { FileView } from '../../core/files.js'
import type { ArtifactFormat, ArtifactScan, IssueKind } from '../../formats/archive/scan.js'
import type { ArtifactSettings } from './settings.js'

const FORMATS: Record<ArtifactFormat, true> = {
  safetensors: true, pickle: true, joblib: true, 'torch-zip': true, 'torch-legacy': true, 'torch-tar': true, numpy: true, npz: true, keras: true, hdf5: true,
  gguf: true, onnx: true, tflite: true, protobuf: true, zip: true, 'lfs-pointer': true, '7z': true, mlflow: true, empty: true, unknown: true,
}
const ISSUE_KINDS: Record<IssueKind, true> = {
  'dangerous-global': true, 'unknown-global': true, 'dangerous-construct': true, unscannable: true, ambiguous: true, 'safetensors-invalid': true, 'archive-unsafe': true, 'keras-unsafe': true,
}
const keys = <K extends string>(r: Record<K, true>) => Object.keys(r) as [K, ...K[]]

const count = once(() => z.number().int().nonnegative())

export const artifactScanSchema = once((): z.ZodType<ArtifactScan> =>
  z.strictObject({
    format: z.enum(keys(FORMATS)),
    pickle: z.boolean(),
    size: count(),
    issues: z.array(
      z.strictObject({
        kind: z.enum(keys(ISSUE_KINDS)),
        code: z.string(),
        message: z.string(),
        member: z.string().optional(),
        offset: count().optional(),
        details: z.record(z.string(), z.json()).optional(),
        inert: z.boolean().optional(),
      }),
    ),
    globals: z.array(
      z.strictObject({
        module: z.string(),
        name: z.string(),
        safety: z.enum(['dangerous', 'unknown', 'safe']),
        reason: z.string(),
        entry: z.string().optional(),
        member: z.string().optional(),
        offset: count(),
        count: count(),
        opcode: z.string(),
      }),
    ),
    lfs: z.strictObject({ oid: z.string(), algorithm: z.string(), size: count() }).optional(),
    codeCapable: z.boolean().optional(),
    stats: z.strictObject({ pickles: count(), opcodes: count(), pickleBytes: count(), members: count() }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  }),
)

/** The cache request for one artifact's scan. */
export function artifactCacheRequest(files: FileView, path: string, s: ArtifactSettings): CacheRequest<ArtifactScan> {
  const { allowGlobals, denyGlobals, kerasModules, maxCompressionRatio, bombMinBytes, maxArchiveMembers } = s
  return {
    kind: 'artifact',
    files,
    path,
    inputs: { allowGlobals, denyGlobals, kerasModules, maxCompressionRatio, bombMinBytes, maxArchiveMembers },
    schema: artifactScanSchema,
    // A read that failed may succeed next time: such a scan is not kept.
    storable: (scan) => !scan.issues.some((i) => i.code === 'read-error' || i.code === 'unreadable' || i.code === 'outside-workspace' || i.code === 'scan-failed'),
  }
}
