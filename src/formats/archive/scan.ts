/**
 * One artifact, scanned: the format is recognised from its content (magic bytes) and its extension, then
 * the right scanner runs — pickle opcodes (plain, joblib, legacy PyTorch, compressed), zip containers
 * (PyTorch, .npz, .keras, nested archives) with zip hygiene checks, NumPy headers, safetensors validation,
 * Keras configs, GGUF/ONNX/TFLite sanity, Git LFS pointers. Everything streams; nothing is executed or
 * extracted. Anything that cannot be read or recognised becomes an `unscannable` issue: fail closed.
 */
import { PickleScanner, isOpcode, type PickleScanOptions, type PickleSummary, type ProblemEvent } from '../pickle/scanner.js'
import type { Classifier, Safety } from '../pickle/classify.js'
import { validateSafetensors } from '../safetensors.js'
import { canDecompress, compressedDataStart, decompress, detectCompression } from './compression.js'
import { findHdf5Signature, inspectKerasConfig, makeModuleMatcher, scanH5Config, type KerasIssue } from './keras.js'
import { checkGguf, checkProtobuf, checkTflite, isGguf, parseLfsPointer, type LfsPointer } from './magic.js'
import { isNpy, parseNpyHeader } from './npy.js'
import { bytesSource, readAtMost, sliceSource, type ByteSource } from './source.js'
import { listZip, memberDataStart, memberStream, type ZipListing, type ZipMember } from './zip.js'

export type ArtifactFormat =
  | 'safetensors'
  | 'pickle'
  | 'joblib'
  | 'torch-zip'
  | 'torch-legacy'
  | 'torch-tar'
  | 'numpy'
  | 'npz'
  | 'keras'
  | 'hdf5'
  | 'gguf'
  | 'onnx'
  | 'tflite'
  | 'protobuf'
  | 'zip'
  | 'lfs-pointer'
  | 'mlflow'
  | 'empty'
  | 'unknown'

export type IssueKind = 'dangerous-global' | 'unknown-global' | 'dangerous-construct' | 'unscannable' | 'safetensors-invalid' | 'archive-unsafe' | 'keras-unsafe'

export interface ArtifactIssue {
  kind: IssueKind
  /** Stable code, e.g. 'truncated', 'path-escape', 'bomb', 'lambda'. */
  code: string
  /** What is wrong, without the artifact path (the rule adds it). */
  message: string
  /** Archive member, `outer!/inner` for nested archives. */
  member?: string
  /** Byte offset (in the member's uncompressed data for archive members). */
  offset?: number
  details?: Record<string, unknown>
}

export interface FoundGlobal {
  module: string
  name: string
  safety: Safety
  reason: string
  entry?: string
  member?: string
  /** First occurrence. */
  offset: number
  count: number
  opcode: string
}

export interface ArtifactScan {
  format: ArtifactFormat
  /** The artifact holds pickle data (loading it with pickle-based loaders can run code). */
  pickle: boolean
  size: number
  issues: ArtifactIssue[]
  /** Every distinct global imported (per member), classified. */
  globals: FoundGlobal[]
  lfs?: LfsPointer
  /**
   * The file can carry a pickle or other code (pickle-based formats, containers torch or Keras load, NumPy
   * arrays whose dtype is object or unknown, a pickle-capable extension on unrecognised content or an LFS
   * pointer): when it cannot be fully scanned, that is a blocking finding. Undefined: decide from the path.
   */
  codeCapable?: boolean
  stats: { pickles: number; opcodes: number; pickleBytes: number; members: number }
}

export interface ScanLimits {
  /** A member (or decompressed stream) more compressed than this ratio is a bomb… */
  maxRatio: number
  /** …when it also expands to at least this many bytes. */
  ratioMinBytes: number
  maxMembers: number
  /** Largest deflated nested archive buffered in memory to be scanned. */
  maxNestedBytes: number
  /** Decompressed joblib streams stop (and are reported) beyond this. */
  maxDecompressedBytes: number
  maxSafetensorsHeader: number
  maxKerasConfigBytes: number
}

export const DEFAULT_LIMITS: ScanLimits = {
  maxRatio: 200,
  ratioMinBytes: 256 * 1024 * 1024,
  maxMembers: 100_000,
  maxNestedBytes: 64 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024 * 1024,
  maxSafetensorsHeader: 100_000_000,
  maxKerasConfigBytes: 64 * 1024 * 1024,
}

export interface ScanOptions {
  /** Repository path (for the extension). */
  path: string
  classify: Classifier
  /** Keras modules allowed besides Keras' own. */
  kerasModules?: string[]
  limits?: Partial<ScanLimits>
  /** Pickle scanner budgets (tests). */
  pickleLimits?: PickleScanOptions['limits']
}

const PICKLE_EXTS = new Set(['.pkl', '.pickle', '.pt', '.pth', '.bin', '.ckpt', '.joblib', '.dat', '.data', '.npy', '.pkl.gz', '.mar'])
/** Extensions of files that pickle-based loaders (pickle, torch, joblib, NumPy, Keras) open. */
const CODE_EXTS = new Set([...PICKLE_EXTS, '.p', '.pck', '.pcl', '.pkl', '.sav', '.dill', '.model', '.nemo', '.jit', '.tar', '.zip', '.npz', '.keras', '.h5', '.hdf5', '.gz', '.bz2', '.xz', '.lzma', '.z', '.7z', '.msgpack'])
const CODE_FORMATS = new Set<ArtifactFormat>(['pickle', 'joblib', 'torch-zip', 'torch-legacy', 'torch-tar', 'npz', 'zip', 'keras', 'hdf5'])

/** True when a path's extension is one pickle-capable loaders open (`model.pth.tar`, `weights.pkl`, `m.sav`). */
export function codeCapablePath(path: string): boolean {
  return CODE_EXTS.has(extOf(path))
}

/** Whether an artifact can carry code: see `ArtifactScan.codeCapable`. */
export function isCodeCapable(scan: ArtifactScan, path: string): boolean {
  return scan.codeCapable ?? (scan.pickle || CODE_FORMATS.has(scan.format) || codeCapablePath(path))
}
const LEGACY_TORCH_MAGIC = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]
const MAX_ISSUES = 200
const MAX_GLOBALS = 5_000

function extOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  const i = base.lastIndexOf('.')
  return i < 0 ? '' : base.slice(i)
}

const isZipMagic = (h: Uint8Array) => h[0] === 0x50 && h[1] === 0x4b && ((h[2] === 3 && h[3] === 4) || (h[2] === 5 && h[3] === 6))

class Collector {
  readonly issues: ArtifactIssue[] = []
  private readonly globals = new Map<string, FoundGlobal>()
  droppedGlobals = 0
  droppedIssues = 0
  pickles = 0
  opcodes = 0
  pickleBytes = 0
  members = 0
  sawPickle = false
  /** A NumPy header was unreadable or declared an object dtype. */
  npyMayPickle = false

  constructor(readonly classify: Classifier) {}

  issue(i: ArtifactIssue): void {
    if (this.issues.length >= MAX_ISSUES) {
      this.droppedIssues++
      return
    }
    this.issues.push(i)
  }

  global(module: string, name: string, offset: number, opcode: string, member: string | undefined, extra?: Record<string, unknown>): void {
    const key = `${member ?? ''}\u0000${module}\u0000${name}`
    const g = this.globals.get(key)
    if (g) {
      g.count++
      return
    }
    const c = this.classify(module, name)
    if (this.globals.size >= MAX_GLOBALS && c.safety === 'safe') {
      this.droppedGlobals++
      return
    }
    const found: FoundGlobal = { module, name, safety: c.safety, reason: c.reason, offset, count: 1, opcode }
    if (c.entry) found.entry = c.entry
    if (member !== undefined) found.member = member
    if (extra) Object.assign(found, extra)
    this.globals.set(key, found)
  }

  list(): FoundGlobal[] {
    return [...this.globals.values()]
  }

  problem(p: ProblemEvent, member: string | undefined, where?: string): void {
    const i: ArtifactIssue = { kind: p.kind === 'dangerous' ? 'dangerous-construct' : 'unscannable', code: p.code, message: where ? `${p.message} (offsets ${where})` : p.message, offset: p.offset }
    if (member !== undefined) i.member = member
    this.issue(i)
  }
}

/** Scans a stream of pickle bytes (one or more pickles). */
async function scanPickleChunks(col: Collector, chunks: AsyncIterable<Uint8Array>, member: string | undefined, opts: PickleScanOptions, where?: string): Promise<PickleSummary> {
  col.sawPickle = true
  const scanner = new PickleScanner(
    {
      global: (g) => col.global(g.module, g.name, g.offset, g.opcode, member),
      problem: (p) => col.problem(p, member, where),
    },
    opts,
  )
  try {
    for await (const c of chunks) {
      scanner.write(c)
      if (scanner.finished) break
    }
  } catch (err) {
    const s = scanner.summary
    const i: ArtifactIssue = { kind: 'unscannable', code: 'read-error', message: `reading the data failed after ${s.bytes} bytes (${errText(err)}): the rest cannot be scanned`, offset: s.bytes }
    if (member !== undefined) i.member = member
    col.issue(i)
    col.pickles += s.pickles
    col.opcodes += s.opcodes
    col.pickleBytes += s.bytes
    return s
  }
  const s = scanner.end()
  col.pickles += s.pickles
  col.opcodes += s.opcodes
  col.pickleBytes += s.bytes
  return s
}

function errText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err)
  return m.length > 200 ? `${m.slice(0, 200)}…` : m
}

/** Splits a stream into its first `n` bytes (or fewer at the end) and the rest. */
async function splitHead(chunks: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]()
  const parts: Uint8Array[] = []
  let got = 0
  let done = false
  while (got < n) {
    const r = await it.next()
    if (r.done) {
      done = true
      break
    }
    parts.push(r.value)
    got += r.value.length
  }
  const all = parts.length === 1 ? parts[0]! : concat(parts, got)
  const head = all.subarray(0, Math.min(n, all.length))
  const leftover = all.subarray(head.length)
  async function* rest(): AsyncIterable<Uint8Array> {
    if (leftover.length) yield leftover
    if (done) return
    for (;;) {
      const r = await it.next()
      if (r.done) return
      yield r.value
    }
  }
  return { head, rest: rest() }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

export async function scanArtifact(src: ByteSource, options: ScanOptions): Promise<ArtifactScan> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const col = new Collector(options.classify)
  const scan: ArtifactScan = { format: 'unknown', pickle: false, size: src.size, issues: col.issues, globals: [], stats: { pickles: 0, opcodes: 0, pickleBytes: 0, members: 0 } }
  const ctx: Ctx = { col, limits, options }
  try {
    scan.format = await dispatch(src, ctx, scan)
  } catch (err) {
    col.issue({ kind: 'unscannable', code: 'read-error', message: `the file could not be read (${errText(err)})` })
  }
  scan.globals = col.list()
  scan.pickle = col.sawPickle
  scan.codeCapable =
    scan.pickle ||
    CODE_FORMATS.has(scan.format) ||
    (scan.format === 'numpy' ? col.npyMayPickle : ['unknown', 'lfs-pointer'].includes(scan.format) && codeCapablePath(options.path))
  scan.stats = { pickles: col.pickles, opcodes: col.opcodes, pickleBytes: col.pickleBytes, members: col.members }
  if (col.droppedIssues) col.issues.push({ kind: 'unscannable', code: 'too-many-issues', message: `${col.droppedIssues} further problems were not listed` })
  return scan
}

interface Ctx {
  col: Collector
  limits: ScanLimits
  options: ScanOptions
}

async function dispatch(src: ByteSource, ctx: Ctx, scan: ArtifactScan): Promise<ArtifactFormat> {
  const { col } = ctx
  const path = ctx.options.path
  const ext = extOf(path)
  const base = path.slice(path.lastIndexOf('/') + 1)
  if (base === 'MLmodel') return 'mlflow'
  if (src.size === 0) {
    col.issue({ kind: 'unscannable', code: 'empty', message: 'the file is empty: there is no model to scan' })
    return 'empty'
  }
  const head = await src.readRange(0, Math.min(src.size, 1024))
  if (src.size <= 1024) {
    const lfs = parseLfsPointer(head)
    if (lfs) {
      scan.lfs = lfs
      return 'lfs-pointer'
    }
  }
  if (isZipMagic(head)) return scanZip(src, ctx, ext)
  if (isNpy(head)) {
    await scanNpySource(src, ctx, undefined)
    return 'numpy'
  }
  if (isGguf(head)) {
    const g = await checkGguf(src)
    for (const p of g.problems) col.issue({ kind: 'unscannable', code: 'corrupt-gguf', message: `corrupt GGUF file: ${p}` })
    return 'gguf'
  }
  if (ext === '.h5' || ext === '.hdf5' || ext === '.keras') {
    const at = await findHdf5Signature(src)
    if (at !== undefined) {
      await scanH5(src, ctx)
      return 'hdf5'
    }
    col.issue({ kind: 'unscannable', code: 'unknown-format', message: `the content is not ${ext === '.keras' ? 'a .keras zip archive' : 'an HDF5 file'} (no signature found)` })
    return 'unknown'
  }
  if (ext === '.safetensors' || looksLikeSafetensors(head, src.size)) {
    const r = await validateSafetensors(src, { maxHeaderBytes: ctx.limits.maxSafetensorsHeader })
    for (const p of r.problems) {
      const i: ArtifactIssue = { kind: 'safetensors-invalid', code: p.code, message: p.message }
      if (p.offset !== undefined) i.offset = p.offset
      if (p.tensor !== undefined) i.details = { tensor: p.tensor }
      col.issue(i)
    }
    return 'safetensors'
  }
  const comp = detectCompression(head)
  if (comp && (PICKLE_EXTS.has(ext) || ext === '.gz' || ext === '.z')) {
    if (!canDecompress(comp)) {
      col.issue({ kind: 'unscannable', code: 'unsupported-compression', message: `the file is ${comp}-compressed, which modelgate cannot decompress: its content (likely a joblib pickle) cannot be scanned; re-save it uncompressed or with compress=('gzip'|'zlib')` })
      return ext === '.joblib' ? 'joblib' : 'pickle'
    }
    const s = await scanCompressedPickle(src, ctx, comp)
    return ext === '.joblib' || s.joblibArrays > 0 ? 'joblib' : 'pickle'
  }
  if (head[0] === 0x80 && head.length > 1 && head[1]! <= 5) return scanPickleFile(src, ctx, head, ext)
  if (ext === '.onnx' || ext === '.pb' || ext === '.mlmodel') {
    const p = await checkProtobuf(src, ext === '.onnx')
    for (const msg of p.problems) col.issue({ kind: 'unscannable', code: 'corrupt-protobuf', message: `not a valid ${ext === '.onnx' ? 'ONNX model' : 'protobuf file'}: ${msg}` })
    for (const u of p.unsafeExternal) {
      col.issue({ kind: 'archive-unsafe', code: 'external-data-escape', message: `tensor \`${u.tensor ?? '?'}\` loads its data from \`${u.location}\`, a path outside the model's directory: loading the model reads that file`, details: { tensor: u.tensor, location: u.location } })
    }
    return ext === '.onnx' ? 'onnx' : 'protobuf'
  }
  if (ext === '.tflite') {
    const p = checkTflite(head, src.size)
    if (p) col.issue({ kind: 'unscannable', code: 'corrupt-tflite', message: `not a valid TFLite model: ${p}` })
    return 'tflite'
  }
  if (PICKLE_EXTS.has(ext) && isOpcode(head[0]!)) return scanPickleFile(src, ctx, head, ext)
  if (head.length >= 262 && String.fromCharCode(...head.subarray(257, 262)) === 'ustar') {
    col.issue({ kind: 'unscannable', code: 'tar', message: 'the file is a tar archive (the pre-1.6 PyTorch tar format, or a plain tarball): modelgate does not scan tar members; re-save it with torch.save (zip) or as safetensors' })
    return 'torch-tar'
  }
  if (comp) {
    col.issue({ kind: 'unscannable', code: 'unsupported-compression', message: `the file is ${comp}-compressed data that modelgate does not recognise as a model format` })
    return 'unknown'
  }
  col.issue({ kind: 'unscannable', code: 'unknown-format', message: `the content is not a format modelgate recognises for a \`${ext || base}\` model file (first bytes ${hexBytes(head.subarray(0, 8))}): it cannot be scanned` })
  return 'unknown'
}

function hexBytes(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ')
}

function looksLikeSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 10 || head[8] !== 0x7b) return false
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true)
  return n > 1n && n + 8n <= BigInt(size)
}

async function scanPickleFile(src: ByteSource, ctx: Ctx, head: Uint8Array, ext: string): Promise<ArtifactFormat> {
  const legacy = head[0] === 0x80 && LEGACY_TORCH_MAGIC.every((b, i) => head[2 + i] === b)
  const s = await scanPickleChunks(ctx.col, src.stream(), undefined, { maxPickles: legacy ? 5 : undefined, limits: ctx.options.pickleLimits })
  if (legacy) return 'torch-legacy'
  if (ext === '.joblib' || s.joblibArrays > 0) return 'joblib'
  return 'pickle'
}

async function scanCompressedPickle(src: ByteSource, ctx: Ctx, comp: Parameters<typeof decompress>[0]): Promise<PickleSummary> {
  const { col, limits } = ctx
  let out = 0
  let bomb = false
  const inner = decompress(comp, src.stream(compressedDataStart(comp)))
  async function* counted(): AsyncIterable<Uint8Array> {
    for await (const c of inner) {
      out += c.length
      if (out > limits.maxDecompressedBytes) {
        bomb = true
        return
      }
      yield c
    }
  }
  const s = await scanPickleChunks(col, counted(), undefined, { limits: ctx.options.pickleLimits }, `in the ${comp}-decompressed stream`)
  const ratio = out / Math.max(1, src.size)
  if (bomb) {
    col.issue({ kind: 'archive-unsafe', code: 'bomb', message: `the ${comp} stream expands beyond ${limits.maxDecompressedBytes} bytes (from ${src.size}): a decompression bomb; scanning stopped`, details: { compressed: src.size, decompressedAtLeast: out } })
  } else if (ratio > limits.maxRatio && out >= limits.ratioMinBytes) {
    col.issue({ kind: 'archive-unsafe', code: 'bomb', message: `the ${comp} stream expands ${Math.round(ratio)}× (${src.size} → ${out} bytes), beyond the ${limits.maxRatio}× limit: a decompression bomb`, details: { compressed: src.size, decompressed: out, ratio: Math.round(ratio) } })
  }
  return s
}

/** A .npy file (or member): header, then the pickle of an object array or a size check. */
async function scanNpySource(src: ByteSource, ctx: Ctx, member: string | undefined): Promise<void> {
  let head = await src.readRange(0, Math.min(src.size, 4096))
  let parsed = parseNpyHeader(head)
  if (!parsed.ok && parsed.needBytes && parsed.needBytes <= src.size) {
    head = await src.readRange(0, parsed.needBytes)
    parsed = parseNpyHeader(head)
  }
  await npyFromHeader(parsed, src.size, () => src.stream(parsed.ok ? parsed.header.dataStart : 0), ctx, member)
}

async function npyFromHeader(parsed: ReturnType<typeof parseNpyHeader>, size: number, data: () => AsyncIterable<Uint8Array>, ctx: Ctx, member: string | undefined): Promise<void> {
  const { col } = ctx
  const issue = (code: string, message: string) => {
    const i: ArtifactIssue = { kind: 'unscannable', code, message }
    if (member !== undefined) i.member = member
    col.issue(i)
  }
  if (!parsed.ok) {
    col.npyMayPickle = true
    issue('corrupt-npy', `not a valid .npy array: ${parsed.error}`)
    return
  }
  const h = parsed.header
  if (h.hasObject) {
    // np.save pickles object arrays right after the header.
    await scanPickleChunks(col, data(), member, { limits: ctx.options.pickleLimits })
    return
  }
  if (h.nbytes === undefined) {
    col.npyMayPickle = true
    issue('corrupt-npy', `the array's dtype ${JSON.stringify(h.descr)} has no known size: the data cannot be checked`)
    return
  }
  const actual = size - h.dataStart
  if (actual !== h.nbytes) {
    issue(actual < h.nbytes ? 'truncated' : 'trailing-data', `the header declares ${h.nbytes} bytes of array data (shape ${JSON.stringify(h.shape)}, dtype ${JSON.stringify(h.descr)}) but the file holds ${actual}: ${actual < h.nbytes ? 'truncated' : 'unexplained trailing bytes'}`)
  }
}

async function scanH5(src: ByteSource, ctx: Ctx): Promise<void> {
  const { issues } = await scanH5Config(src, makeModuleMatcher(ctx.options.kerasModules))
  for (const k of issues) ctx.col.issue(kerasIssue(k, undefined, true))
}

function kerasIssue(k: KerasIssue, member: string | undefined, h5: boolean): ArtifactIssue {
  const what = k.layer ? `layer \`${k.layer}\`${k.className ? ` (${k.className})` : ''}` : k.className ? `a \`${k.className}\` object` : 'an object'
  const i: ArtifactIssue = {
    kind: 'keras-unsafe',
    code: k.className && /lambda/i.test(k.className) ? 'lambda' : 'custom-module',
    message: `${what} at ${h5 ? '' : '`'}${k.path}${h5 ? '' : '`'}${member ? ` in \`${member}\`` : ''}: ${k.reason}`,
    details: { path: k.path, layer: k.layer, className: k.className, module: k.module, registeredName: k.registeredName },
  }
  if (member !== undefined) i.member = member
  return i
}

// ---- zip containers ----

type ZipKind = 'torch-zip' | 'keras' | 'npz' | 'zip'

async function scanZip(src: ByteSource, ctx: Ctx, ext: string): Promise<ArtifactFormat> {
  const { col } = ctx
  let listing: ZipListing
  try {
    listing = await listZip(src, ctx.limits.maxMembers)
  } catch (err) {
    col.issue({ kind: 'unscannable', code: 'damaged-zip', message: `the zip archive cannot be read (${errText(err)}): it is truncated or damaged, so its members cannot be scanned` })
    return ['.pt', '.pth', '.ckpt', '.bin'].includes(ext) ? 'torch-zip' : ext === '.npz' ? 'npz' : ext === '.keras' ? 'keras' : 'zip'
  }
  try {
    const kind = await scanZipListing(src, listing, ctx, 0, '')
    return kind
  } finally {
    listing.zip.close()
  }
}

function zipKind(members: ZipMember[]): ZipKind {
  const names = members.filter((m) => !m.directory).map((m) => m.name)
  if (names.some((n) => /(^|\/)data\.pkl$/.test(n))) return 'torch-zip'
  if (names.includes('config.json') && (names.includes('metadata.json') || names.includes('model.weights.h5'))) return 'keras'
  if (names.length > 0 && names.every((n) => n.toLowerCase().endsWith('.npy'))) return 'npz'
  return 'zip'
}

type Role = 'pickle' | 'npy' | 'keras-config' | 'nested' | 'sniff' | 'skip'

const TORCH_SKIP = /(^|\/)(data\/[^/]+|version|byteorder|\.data\/version|\.data\/serialization_id|\.format_version|\.storage_alignment|code\/.*|debug_pkl\/.*|.*\.debug_pkl)$/

function memberRole(kind: ZipKind, name: string): Role {
  const lower = name.toLowerCase()
  if (lower.endsWith('/')) return 'skip'
  if (kind === 'torch-zip' && TORCH_SKIP.test(name)) return 'skip'
  if (kind === 'keras' && name === 'config.json') return 'keras-config'
  if (lower.endsWith('.pkl') || lower.endsWith('.pickle') || lower.endsWith('.joblib')) return 'pickle'
  if (lower.endsWith('.npy')) return 'npy'
  if (/\.(zip|npz|keras|pt|pth|ckpt|jar|mar|whl)$/.test(lower)) return 'nested'
  return 'sniff'
}

async function scanZipListing(src: ByteSource, listing: ZipListing, ctx: Ctx, depth: number, prefix: string): Promise<ZipKind> {
  const { col, limits } = ctx
  const members = listing.members
  col.members += members.length
  const kind = zipKind(members)
  const unsafe = (code: string, message: string, member: string | undefined, details?: Record<string, unknown>) => {
    const i: ArtifactIssue = { kind: 'archive-unsafe', code, message }
    if (member !== undefined) i.member = member
    if (details) i.details = details
    col.issue(i)
  }
  const unscannable = (code: string, message: string, member: string) => col.issue({ kind: 'unscannable', code, message, member })
  // ---- hygiene ----
  if (listing.omitted > 0) unsafe('too-many-members', `the archive holds more than ${limits.maxMembers} members (${listing.omitted} more were not examined)`, prefix || undefined)
  const seen = new Set<string>()
  let totalU = 0
  let totalC = 0
  for (const m of members) {
    const full = prefix + m.name
    if (m.unsafeName) unsafe('path-escape', `member \`${full}\` ${m.unsafeName}: extracting the archive would write outside its directory`, full)
    if (m.symlink) unsafe('symlink', `member \`${full}\` is a symbolic link: extracting it can redirect later writes outside the directory`, full)
    if (seen.has(m.name)) unsafe('duplicate-name', `member name \`${full}\` appears more than once: different tools would read different content`, full)
    seen.add(m.name)
    totalU += m.uncompressedSize
    totalC += m.compressedSize
    const ratio = m.uncompressedSize / Math.max(1, m.compressedSize)
    if (ratio > limits.maxRatio && m.uncompressedSize >= limits.ratioMinBytes) {
      unsafe('bomb', `member \`${full}\` expands ${Math.round(ratio)}× (${m.compressedSize} → ${m.uncompressedSize} bytes), beyond the ${limits.maxRatio}× limit: a zip bomb`, full, { compressed: m.compressedSize, uncompressed: m.uncompressedSize })
    }
  }
  const ratio = totalU / Math.max(1, totalC)
  if (ratio > limits.maxRatio && totalU >= limits.ratioMinBytes) {
    unsafe('bomb', `the archive expands ${Math.round(ratio)}× overall (${totalC} → ${totalU} bytes), beyond the ${limits.maxRatio}× limit: a zip bomb`, prefix || undefined, { compressed: totalC, uncompressed: totalU })
  }
  // Overlapping member data (the "non-recursive zip bomb" trick) and data outside the file.
  const starts = new Map<ZipMember, number>()
  if (members.length <= 20_000) {
    const sorted = [...members].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)
    let prevEnd = -1
    let prevName = ''
    for (const m of sorted) {
      let start: number
      try {
        start = await memberDataStart(listing, m)
      } catch (err) {
        unscannable('damaged-member', `member \`${prefix + m.name}\` cannot be located (${errText(err)})`, prefix + m.name)
        continue
      }
      starts.set(m, start)
      if (m.localHeaderOffset < prevEnd) {
        unsafe('overlap', `member \`${prefix + m.name}\` overlaps the data of \`${prefix + prevName}\`: overlapping members are a zip-bomb and parser-confusion technique`, prefix + m.name)
      }
      prevEnd = start + m.compressedSize
      prevName = m.name
    }
  }
  // ---- content ----
  for (const m of members) {
    const full = prefix + m.name
    let role = memberRole(kind, m.name)
    // An escaping name is an extraction problem (reported above); its content is scanned all the same.
    if (role === 'skip' || m.symlink) continue
    if (m.encrypted) {
      unscannable('encrypted-member', `member \`${full}\` is encrypted: it cannot be scanned`, full)
      continue
    }
    if (m.method !== 0 && m.method !== 8) {
      if (role !== 'sniff') unscannable('unsupported-compression', `member \`${full}\` uses compression method ${m.method}, which modelgate cannot read: it cannot be scanned`, full)
      continue
    }
    try {
      if (role === 'sniff') {
        if (m.uncompressedSize === 0) continue
        const { head } = await readMemberHead(listing, m, 16)
        if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) role = 'pickle'
        else if (isNpy(head)) role = 'npy'
        else if (isZipMagic(head)) role = 'nested'
        else continue
      }
      if (role === 'pickle') {
        await scanPickleChunks(col, memberStream(listing, m), full, { limits: ctx.options.pickleLimits })
      } else if (role === 'npy') {
        const { head, rest } = await splitHead(memberStream(listing, m), 4096)
        let parsed = parseNpyHeader(head)
        if (!parsed.ok && parsed.needBytes) parsed = { ok: false, error: `the header is longer than 4096 bytes (${parsed.needBytes})` }
        const ok = parsed.ok ? parsed.header : undefined
        async function* dataAfterHeader(): AsyncIterable<Uint8Array> {
          if (ok) yield head.subarray(ok.dataStart)
          yield* rest
        }
        await npyFromHeader(parsed, m.uncompressedSize, dataAfterHeader, ctx, full)
      } else if (role === 'keras-config') {
        if (m.uncompressedSize > limits.maxKerasConfigBytes) {
          unscannable('too-large', `member \`${full}\` is ${m.uncompressedSize} bytes, larger than the ${limits.maxKerasConfigBytes}-byte limit for a Keras config: it cannot be inspected`, full)
          continue
        }
        const { bytes } = await readAtMost(memberStream(listing, m), limits.maxKerasConfigBytes)
        let config: unknown
        try {
          config = JSON.parse(new TextDecoder().decode(bytes))
        } catch (err) {
          unscannable('corrupt-config', `member \`${full}\` is not valid JSON (${errText(err)}): the model's layers cannot be inspected`, full)
          continue
        }
        for (const k of inspectKerasConfig(config, makeModuleMatcher(ctx.options.kerasModules))) col.issue(kerasIssue(k, full, false))
      } else if (role === 'nested') {
        await scanNested(src, listing, m, ctx, depth, starts.get(m), full)
      }
    } catch (err) {
      unscannable('damaged-member', `member \`${full}\` cannot be read (${errText(err)}): it is truncated or damaged`, full)
    }
  }
  return kind
}

async function readMemberHead(listing: ZipListing, m: ZipMember, n: number): Promise<{ head: Uint8Array }> {
  const it = memberStream(listing, m)[Symbol.asyncIterator]()
  try {
    const r = await it.next()
    return { head: r.done ? new Uint8Array(0) : r.value.subarray(0, n) }
  } finally {
    await it.return?.()
  }
}

async function scanNested(src: ByteSource, listing: ZipListing, m: ZipMember, ctx: Ctx, depth: number, start: number | undefined, full: string): Promise<void> {
  const { col, limits } = ctx
  if (m.uncompressedSize === 0) return
  if (depth >= 1) {
    col.issue({ kind: 'archive-unsafe', code: 'nested-too-deep', message: `member \`${full}\` is an archive inside an archive inside the artifact: nesting deeper than one level is not scanned`, member: full })
    return
  }
  let inner: ByteSource
  if (m.method === 0) inner = sliceSource(src, start ?? (await memberDataStart(listing, m)), m.uncompressedSize)
  else {
    if (m.uncompressedSize > limits.maxNestedBytes) {
      col.issue({ kind: 'unscannable', code: 'nested-too-large', message: `member \`${full}\` is a compressed archive of ${m.uncompressedSize} bytes, more than the ${limits.maxNestedBytes}-byte limit for nested archives: it cannot be scanned`, member: full })
      return
    }
    const { bytes } = await readAtMost(memberStream(listing, m), limits.maxNestedBytes)
    inner = bytesSource(bytes)
  }
  const head = await inner.readRange(0, 4)
  if (!isZipMagic(head)) {
    // A nested file with an archive extension that is not a zip: scan it as a pickle if it is one.
    const h = await inner.readRange(0, 16)
    if (h[0] === 0x80 && h[1] !== undefined && h[1] <= 5) await scanPickleChunks(col, inner.stream(), full, { limits: ctx.options.pickleLimits })
    return
  }
  let sub: ZipListing
  try {
    sub = await listZip(inner, limits.maxMembers)
  } catch (err) {
    col.issue({ kind: 'unscannable', code: 'damaged-zip', message: `nested archive \`${full}\` cannot be read (${errText(err)})`, member: full })
    return
  }
  try {
    await scanZipListing(inner, sub, ctx, depth + 1, `${full}!/`)
  } finally {
    sub.zip.close()
  }
}
