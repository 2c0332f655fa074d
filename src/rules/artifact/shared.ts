/**
 * What the artifact rules share: one scan per artifact per run (memoized on the unit's facts, so the nine
 * rules read each file once), the FileView → ByteSource adapter, and message helpers.
 */
import { createHash } from 'node:crypto'
import { globMatcher } from '../../core/glob.js'
import { FileAccessError, type FileView } from '../../core/files.js'
import type { UnitContext } from '../../core/rule.js'
import { rememberSha256 } from '../../core/facts.js'
import { runInPool } from '../../core/scan.js'
import type { Classifier } from '../../formats/pickle/classify.js'
import type { ArtifactIssue, ArtifactScan, FoundGlobal, IssueKind } from '../../formats/archive/artifact.js'
import type { ByteSource } from '../../formats/archive/source.js'
import { settingsOf, type ArtifactSettings } from './settings.js'
import { cached } from '../../core/cache.js'
import { artifactCacheRequest } from './cache.js'

const STREAM_CHUNK = 1 << 20

/**
 * A source that hashes the bytes of the first stream covering the whole file as the scanner reads them: when the
 * scanner reads every byte (a pickle, a tar), `digest()` then gives the file's sha256 and the file is not read a
 * second time for the inventory or the audit record (issue #15: one read per file). A stream stopped early, or
 * reading only part of the file, gives no digest.
 */
export function hashingSource(source: ByteSource): ByteSource & { digest(): string | undefined } {
  let digest: string | undefined
  let started = false
  return {
    size: source.size,
    readRange: (start, end) => source.readRange(start, end),
    stream(start = 0, end = source.size) {
      if (started || start !== 0 || end < source.size) return source.stream(start, end)
      started = true
      return (async function* () {
        const h = createHash('sha256')
        let n = 0
        for await (const chunk of source.stream(start, end)) {
          h.update(chunk)
          n += chunk.length
          yield chunk
        }
        if (n === source.size) digest = h.digest('hex')
      })()
    },
    digest: () => digest,
  }
}

export function viewSource(files: FileView, path: string, size: number): ByteSource {
  return {
    size,
    readRange: (start, end) => files.readRange(path, start, Math.min(end, size)),
    stream: (start = 0, end = size) => files.stream(path, { start, end: Math.min(end, size), chunkSize: STREAM_CHUNK }),
  }
}

const classifiers = new WeakMap<object, Classifier>()

/** The policy's pickle classifier, made once per policy (the classifier module is loaded by the first artifact). */
export async function classifierFor(settings: ArtifactSettings, key: object): Promise<Classifier> {
  let c = classifiers.get(key)
  if (!c) {
    const { makeClassifier } = await import('../../formats/pickle/classify.js')
    c = classifiers.get(key) ?? makeClassifier({ policyAllow: settings.allowGlobals, policyDeny: settings.denyGlobals })
    classifiers.set(key, c)
  }
  return c
}

/** The artifact's scan, computed once per unit and run. Never throws: problems become `unscannable` issues. */
export function scanOf(ctx: UnitContext<unknown>, path: string): Promise<ArtifactScan> {
  return ctx.facts.shared(`artifact:scan:${path}`, () => runScan(ctx, path))
}

/** The kind of `ScanRequest` a worker answers with `scanArtifactFile`. */
export const ARTIFACT_SCAN = 'artifact'

function runScan(ctx: UnitContext<unknown>, path: string): Promise<ArtifactScan> {
  const settings = settingsOf(ctx.policy.settings)
  // Across runs: an unchanged blob scanned with the same settings and scanner is not read again. Within the
  // run: on the worker pool when there is one (the worker opens the same workspace), else here.
  return cached(ctx.run.cache, artifactCacheRequest(ctx.files, path, settings), () =>
    runInPool(
      ctx.run.scanner,
      { kind: ARTIFACT_SCAN, path, options: settings },
      async () => scanArtifactFile(ctx.files, path, settings, await classifierFor(settings, ctx.policy.settings)),
      // The worker died on this file (a crash, out of memory): what it could not read may be the payload.
      (why) => failedScan(`${why}; the file was not scanned`, 'scan-failed', true),
    ),
  ).then((scan) => {
    if (scan.sha256) rememberSha256(ctx.files, path, scan.sha256)
    return scan
  })
}

function failedScan(message: string, code: string, codeCapable?: boolean): ArtifactScan {
  const scan: ArtifactScan = {
    format: 'unknown',
    pickle: false,
    size: 0,
    issues: [{ kind: 'unscannable', code, message }],
    globals: [],
    stats: { pickles: 0, opcodes: 0, pickleBytes: 0, members: 0 },
  }
  if (codeCapable) scan.codeCapable = true
  return scan
}

/** Scans one artifact of `files` (in-process, or in a pool's worker). Never throws: problems become `unscannable` issues. */
export async function scanArtifactFile(files: FileView, path: string, settings: ArtifactSettings, classify: Classifier): Promise<ArtifactScan> {
  let size: number
  try {
    const st = await files.stat(path)
    if (!st) return failedScan('the file cannot be read (missing, or not a regular file)', 'unreadable')
    size = st.size
  } catch (err) {
    if (err instanceof FileAccessError) return failedScan(`the file cannot be read: ${err.message}`, err.code === 'outside-workspace' ? 'outside-workspace' : 'unreadable')
    return failedScan(`the file cannot be read (${err instanceof Error ? err.message : String(err)})`, 'unreadable')
  }
  // The scanners are loaded by the first artifact, not at start (cold start, issue #15).
  const { scanArtifact } = await import('../../formats/archive/scan.js')
  const source = hashingSource(viewSource(files, path, size))
  const scan = await scanArtifact(source, {
    path,
    classify,
    kerasModules: settings.kerasModules,
    limits: { maxRatio: settings.maxCompressionRatio, ratioMinBytes: settings.bombMinBytes, maxMembers: settings.maxArchiveMembers },
  })
  const sha256 = source.digest()
  return sha256 ? { ...scan, sha256 } : scan
}

/** The unit's artifacts the rules scan: model files by name or content, less `settings.artifact.exclude`. */
export function scannedArtifacts(ctx: UnitContext<unknown>): string[] {
  const { exclude } = settingsOf(ctx.policy.settings)
  if (!exclude.length) return ctx.unit.artifacts
  const skip = globMatcher(exclude)
  return ctx.unit.artifacts.filter((p) => !skip(p))
}

/**
 * Scans every artifact of the unit, one at a time (memory stays flat). With a worker pool, the next scans (as
 * many as it has workers) start while one is awaited, so the workers run them in parallel.
 */
export async function* unitScans(ctx: UnitContext<unknown>): AsyncIterable<{ path: string; scan: ArtifactScan }> {
  const paths = scannedArtifacts(ctx)
  const ahead = ctx.run.scanner?.size ?? 0
  for (let i = 0; i < paths.length; i++) {
    const scan = scanOf(ctx, paths[i]!)
    // scanOf is memoized: starting a scan again is a lookup. Errors are seen when that scan is awaited.
    for (let j = i + 1; j <= i + ahead && j < paths.length; j++) scanOf(ctx, paths[j]!).catch(() => undefined)
    yield { path: paths[i]!, scan: await scan }
  }
}

export function where(offset: number | undefined, member: string | undefined): string {
  const at = offset === undefined ? '' : `at byte ${offset}`
  if (!member) return at
  return `${at}${at ? ' of' : 'in'} member \`${member}\``
}

export const FORMAT_LABEL: Record<ArtifactScan['format'], string> = {
  safetensors: 'safetensors',
  pickle: 'pickle',
  joblib: 'joblib pickle',
  'torch-zip': 'PyTorch zip checkpoint',
  'torch-legacy': 'legacy PyTorch checkpoint',
  'torch-tar': 'tar archive',
  numpy: 'NumPy array',
  npz: 'NumPy .npz archive',
  keras: 'Keras archive',
  hdf5: 'HDF5 file',
  gguf: 'GGUF model',
  onnx: 'ONNX model',
  tflite: 'TFLite model',
  protobuf: 'protobuf file',
  zip: 'zip archive',
  'lfs-pointer': 'Git LFS pointer',
  '7z': '7z archive',
  mlflow: 'MLflow MLmodel',
  empty: 'empty file',
  unknown: 'unrecognised file',
}

/** `a zip archive`, `an ONNX model`. */
export function article(label: string): string {
  return `${/^([aeiou]|HDF5|ONNX|MLflow)/i.test(label) ? 'an' : 'a'} ${label}`
}

/** Details shared by the findings about one issue. */
export function issueDetails(scan: ArtifactScan, i: ArtifactIssue): Record<string, unknown> {
  const d: Record<string, unknown> = { format: scan.format, code: i.code }
  if (i.member !== undefined) d.member = i.member
  if (i.offset !== undefined) d.offset = i.offset
  if (i.details) Object.assign(d, i.details)
  return d
}

export function globalDetails(scan: ArtifactScan, g: FoundGlobal): Record<string, unknown> {
  const d: Record<string, unknown> = { format: scan.format, global: `${g.module}.${g.name}`, module: g.module, name: g.name, offset: g.offset, opcode: g.opcode, occurrences: g.count, reason: g.reason }
  if (g.member !== undefined) d.member = g.member
  if (g.entry !== undefined) d.matched = g.entry
  return d
}

/** Reports every issue of one kind for the unit's artifacts (those `which` keeps). */
export async function reportIssues(
  ctx: UnitContext<unknown>,
  kind: IssueKind,
  message: (i: ArtifactIssue, scan: ArtifactScan) => string,
  which: (scan: ArtifactScan, path: string, i: ArtifactIssue) => boolean = () => true,
): Promise<void> {
  for await (const { path, scan } of unitScans(ctx)) {
    for (const i of scan.issues) {
      if (i.kind !== kind || !which(scan, path, i)) continue
      ctx.report({ path, message: message(i, scan), details: issueDetails(scan, i) })
    }
  }
}

/** The message of an `unscannable` issue (artifact/unscannable and artifact/unscannable-code). */
export function unscannableMessage(i: ArtifactIssue, scan: ArtifactScan): string {
  const at = i.member && !i.message.includes(i.member) ? ` (${where(undefined, i.member)})` : ''
  return `cannot be fully scanned as ${article(FORMAT_LABEL[scan.format])}: ${i.message}${at}`
}

/**
 * Git LFS pointers of one unit, as one finding (one cause: the checkout has no LFS content): the first pointer is
 * the location, every pointer is listed in the message (up to 10) and in `details.pointers`.
 */
export function reportLfsPointers(ctx: UnitContext<unknown>, pointers: { path: string; scan: ArtifactScan }[], codeCapable: boolean): void {
  if (!pointers.length) return
  const first = pointers[0]!
  const fix = 'check out with LFS content (actions/checkout `lfs: true`)'
  const lfs = first.scan.lfs!
  if (pointers.length === 1) {
    const id = `${lfs.algorithm}:${lfs.oid.slice(0, 12)}…, ${lfs.size} bytes`
    ctx.report({
      path: first.path,
      line: 1,
      message: codeCapable
        ? `is a Git LFS pointer (${id}) standing for a file that can carry a pickle: its content is not checked out, so the code it may run cannot be scanned; ${fix}`
        : `is a Git LFS pointer (${id}), not the model itself: its content cannot be scanned; ${fix}`,
      details: codeCapable ? { format: first.scan.format, code: 'lfs-pointer', oid: `${lfs.algorithm}:${lfs.oid}`, size: lfs.size } : { oid: `${lfs.algorithm}:${lfs.oid}`, size: lfs.size },
    })
    return
  }
  const names = pointers.slice(0, 10).map((p) => `\`${p.path}\``)
  const more = pointers.length > 10 ? ` and ${pointers.length - 10} more` : ''
  ctx.report({
    path: first.path,
    line: 1,
    message: `${pointers.length} files are Git LFS pointers ${codeCapable ? 'standing for files that can carry a pickle' : 'instead of the model files'} (${names.join(', ')}${more}): their content is not checked out, so it cannot be scanned; ${fix}`,
    details: { code: 'lfs-pointer', pointers: pointers.map((p) => ({ path: p.path, oid: `${p.scan.lfs!.algorithm}:${p.scan.lfs!.oid}`, size: p.scan.lfs!.size })) },
  })
}
