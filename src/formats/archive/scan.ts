/**
 * One artifact, scanned: the format is recognised from its content (magic bytes) and its extension, then
 * the right scanner runs — pickle opcodes (plain, joblib, legacy PyTorch, compressed), zip containers
 * (PyTorch, .npz, .keras, nested archives) with zip hygiene checks, NumPy headers, safetensors validation,
 * Keras configs, GGUF/ONNX/TFLite sanity, Git LFS pointers. Everything streams; nothing is executed or
 * extracted. Anything that cannot be read or recognised becomes an `unscannable` issue: fail closed.
 */
import { PickleScanner, isOpcode, type PickleScanOptions, type PickleSummary, type ProblemEvent } from '../pickle/scanner.js'
import type { Classifier } from '../pickle/classify.js'
import { validateSafetensors } from '../safetensors.js'
import { canDecodeZipMethod, canDecompress, compressedDataStart, decodeZipMember, decompress, detectCompression } from './compression.js'
import { findHdf5Signature, inspectKerasConfig, makeModuleMatcher, scanH5Config, type KerasIssue } from './keras.js'
import { checkGguf, checkProtobuf, checkTflite, isGguf, parseLfsPointer } from './magic.js'
import { isNpy, parseNpyHeader } from './npy.js'
import { bytesSource, readAtMost, sliceSource, splitHead, type ByteSource } from './source.js'
import { listTar } from './tar.js'
import { listZip, memberDataStart, memberStream, rawMemberStream, unsafeMemberName, type ZipListing, type ZipMember } from './zip.js'
import { CODE_FORMATS, DEFAULT_LIMITS, LEGACY_TAR_MEMBERS, PICKLE_EXTS, codeCapablePath, extOf, is7zHead, isSafetensorsHead, type ArtifactFormat, type ArtifactIssue, type ArtifactScan, type FoundGlobal, type ScanLimits } from './artifact.js'

export * from './artifact.js'

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

/** Names of compressed pickles (`.pkl.gzip`, `.joblib.xz`, `model.bz2`): decompressed and scanned. */
const COMPRESSED_EXTS = new Set(['.gz', '.gzip', '.z', '.zlib', '.bz2', '.xz', '.lzma', '.pklz', '.pkz'])
const LEGACY_TORCH_MAGIC = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]
const MAX_ISSUES = 200
const MAX_GLOBALS = 5_000

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
    const i: ArtifactIssue = { kind: p.kind === 'dangerous' ? 'dangerous-construct' : p.kind === 'ambiguous' ? 'ambiguous' : 'unscannable', code: p.code, message: where ? `${p.message} (offsets ${where})` : p.message, offset: p.offset }
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

export async function scanArtifact(src: ByteSource, options: ScanOptions): Promise<ArtifactScan> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const col = new Collector(options.classify)
  const scan: ArtifactScan = { format: 'unknown', pickle: false, size: src.size, issues: col.issues, globals: [], stats: { pickles: 0, opcodes: 0, pickleBytes: 0, members: 0 } }
  const ctx: Ctx = { col, limits, options }
  // A file whose bytes could not be read at all may be anything, a pickle included.
  let unread = false
  try {
    scan.format = await dispatch(src, ctx, scan)
  } catch (err) {
    unread = scan.format === 'unknown'
    col.issue({ kind: 'unscannable', code: 'read-error', message: `the file could not be read (${errText(err)})` })
  }
  scan.globals = col.list()
  scan.pickle = col.sawPickle
  scan.codeCapable =
    unread ||
    scan.pickle ||
    CODE_FORMATS.has(scan.format) ||
    (scan.format === 'numpy' ? col.npyMayPickle : ['unknown', 'lfs-pointer', '7z'].includes(scan.format) && codeCapablePath(options.path) && extOf(options.path) !== '.7z')
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
  if (is7zHead(head)) {
    const named = codeCapablePath(path) && ext !== '.7z'
    col.issue({ kind: 'unscannable', code: '7z', message: `the file is a 7z archive, which torch.load, pickle and NumPy cannot load and modelgate does not read: its members (pickles, if any) are not scanned${named ? `; under a \`${ext}\` name it stands for a pickle-capable file` : ''}` })
    return '7z'
  }
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
  if (ext === '.safetensors' || isSafetensorsHead(head, src.size)) {
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
  if (comp && (PICKLE_EXTS.has(ext) || COMPRESSED_EXTS.has(ext) || ext === '')) {
    if (!canDecompress(comp)) {
      col.issue({ kind: 'unscannable', code: 'unsupported-compression', message: `the file is ${comp}-compressed, which modelgate cannot decompress: its content (likely a joblib pickle) cannot be scanned; re-save it uncompressed or with compress= gzip, zlib, bz2, xz or lzma` })
      return ext === '.joblib' ? 'joblib' : 'pickle'
    }
    const s = await scanCompressedPickle(src, ctx, comp)
    return ext === '.joblib' || s.joblibArrays > 0 ? 'joblib' : 'pickle'
  }
  if (head[0] !== 0x80 && isTarHeader(head)) {
    await scanTar(src, ctx, head)
    return 'torch-tar'
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

/** The file is also a tar (ustar magic at 257) or a zip (end-of-central-directory record near its end). */
async function polyglot(src: ByteSource, head: Uint8Array): Promise<'tar' | 'zip' | undefined> {
  if (isTarHeader(head)) return 'tar'
  const tailStart = Math.max(0, src.size - (65_535 + 22))
  const tail = await src.readRange(tailStart, src.size)
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 5 && tail[i + 3] === 6) {
      // A real EOCD: its comment length reaches exactly the end of the file.
      if (i + 22 + (tail[i + 20]! | (tail[i + 21]! << 8)) === tail.length) return 'zip'
    }
  }
  return undefined
}

export function isTarHeader(h: Uint8Array): boolean {
  if (h.length < 512) return false
  if (String.fromCharCode(...h.subarray(257, 262)) !== 'ustar') return false
  // The header checksum (bytes 148–155, octal) over the header with the checksum field read as spaces.
  const field = String.fromCharCode(...h.subarray(148, 156)).replace(/\0.*$/s, '').trim()
  const declared = Number.parseInt(field, 8)
  let sum = 0
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!
  return declared === sum
}

async function scanPickleFile(src: ByteSource, ctx: Ctx, head: Uint8Array, ext: string): Promise<ArtifactFormat> {
  const legacy = head[0] === 0x80 && LEGACY_TORCH_MAGIC.every((b, i) => head[2 + i] === b)
  const other = await polyglot(src, head)
  if (other) {
    ctx.col.issue({
      kind: 'ambiguous',
      code: `pickle-${other}-polyglot`,
      message: `the file is at once a pickle (from byte 0) and a valid ${other} archive (${other === 'tar' ? 'a ustar header with a correct checksum' : 'an end-of-central-directory record at its end'}): ${other === 'tar' ? 'torch.load tries tar before pickle' : 'torch.load and zip readers open it as a zip'}, pickle.load reads the pickle, so what runs depends on the loader`,
      details: { also: other },
    })
    if (other === 'tar') await scanTar(src, ctx, head, false)
    else {
      try {
        const listing = await listZip(src, ctx.limits.maxMembers)
        try {
          await scanZipListing(src, listing, ctx, 0, '')
        } finally {
          listing.zip.close()
        }
      } catch (err) {
        ctx.col.issue({ kind: 'unscannable', code: 'damaged-zip', message: `the zip archive it also is cannot be read (${errText(err)}): its members cannot be scanned` })
      }
    }
  }
  // In a polyglot the bytes after the first pickle belong to the other format: pickle.load reads one pickle.
  const s = await scanPickleChunks(ctx.col, src.stream(), undefined, other ? { maxPickles: 1, trailing: 'ignore', limits: ctx.options.pickleLimits } : { maxPickles: legacy ? 5 : undefined, limits: ctx.options.pickleLimits })
  if (legacy) return 'torch-legacy'
  if (ext === '.joblib' || s.joblibArrays > 0) return 'joblib'
  return 'pickle'
}

async function scanCompressedPickle(src: ByteSource, ctx: Ctx, comp: Parameters<typeof decompress>[0]): Promise<PickleSummary> {
  const { col, limits } = ctx
  let out = 0
  let consumed = 0
  let bomb: 'size' | 'ratio' | undefined
  async function* input(): AsyncIterable<Uint8Array> {
    for await (const c of src.stream(compressedDataStart(comp))) {
      consumed += c.length
      yield c
    }
  }
  const progress: { consumed?: () => number } = {}
  const inner = decompress(comp, input(), progress)
  const used = () => progress.consumed?.() ?? consumed
  // The guard runs as the stream inflates: the ratio is taken over the compressed bytes consumed so far, so a
  // bomb stops after `ratioMinBytes` of output (a fraction of a second), not after the whole stream.
  async function* counted(): AsyncIterable<Uint8Array> {
    for await (const c of inner) {
      out += c.length
      if (out > limits.maxDecompressedBytes) bomb = 'size'
      else if (out >= limits.ratioMinBytes && out / Math.max(1, used()) > limits.maxRatio) bomb = 'ratio'
      if (bomb) return
      yield c
    }
  }
  const before = col.issues.length
  const s = await scanPickleChunks(col, counted(), undefined, { limits: ctx.options.pickleLimits }, `in the ${comp}-decompressed stream`)
  if (bomb) {
    // One finding per cause: the pickle "ends early" only because the guard stopped the stream.
    for (let i = col.issues.length - 1; i >= before; i--) if (col.issues[i]!.code === 'truncated') col.issues.splice(i, 1)
  }
  if (bomb === 'size') {
    col.issue({ kind: 'archive-unsafe', code: 'bomb', message: `the ${comp} stream expands beyond ${limits.maxDecompressedBytes} bytes (from ${src.size}): a decompression bomb; scanning stopped`, details: { compressed: src.size, decompressedAtLeast: out } })
  } else if (bomb === 'ratio') {
    const read = used()
    const ratio = Math.round(out / Math.max(1, read))
    col.issue({ kind: 'archive-unsafe', code: 'bomb', message: `the ${comp} stream expands more than ${limits.maxRatio}× (${read} compressed bytes gave ${out} bytes, ${ratio}×, and it goes on): a decompression bomb; scanning stopped`, details: { compressedRead: read, decompressedAtLeast: out, ratio } })
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
    const strong = /strong encryption/i.test(errText(err))
    col.issue({
      kind: 'unscannable',
      code: strong ? 'strong-encryption-flag' : 'damaged-zip',
      message: strong
        ? 'a member has the strong-encryption flag (0x40) set: the zip reader refuses the archive, while torch.load ignores the flag and reads the data, so its members cannot be scanned'
        : `the zip archive cannot be read (${errText(err)}): it is truncated or damaged, so its members cannot be scanned`,
    })
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
    if (seen.has(m.name)) col.issue({ kind: 'ambiguous', code: 'duplicate-name', message: `member name \`${full}\` appears more than once: zip readers disagree on which one they read (Python's zipfile the last, others the first), so different tools read different content`, member: full })
    seen.add(m.name)
    if (m.method === 0 && !m.directory && (m.flags & 0x41) === 0 && m.compressedSize !== m.uncompressedSize) {
      col.issue({ kind: 'ambiguous', code: 'size-mismatch', message: `member \`${full}\` is stored uncompressed but declares ${m.compressedSize} stored bytes and a size of ${m.uncompressedSize}: readers that trust one or the other read different content`, member: full })
    }
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
      const why = await headerDisagreement(listing, m)
      if (why) col.issue({ kind: 'ambiguous', code: 'header-mismatch', message: `member \`${prefix + m.name}\`: the local header disagrees with the central directory (${why}): readers that trust one or the other read different content`, member: prefix + m.name })
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
    // Encryption flag bits (0x1, 0x40) and methods yauzl does not open: read the bytes as stored, the way torch's
    // reader does (it ignores the flags), and decode them ourselves.
    const flagged = (m.flags & 0x41) !== 0
    let open = () => atMostDeclared(memberStream(listing, m), m)
    if (flagged || (m.method !== 0 && m.method !== 8)) {
      if (m.method === 99) {
        col.issue({ kind: 'unscannable', code: 'encrypted-member', message: `member \`${full}\` is AES-encrypted: no model loader reads it without the password; its content cannot be scanned`, member: full, inert: true })
        continue
      }
      if (!canDecodeZipMethod(m.method)) {
        unscannable('unsupported-compression', `member \`${full}\` uses compression method ${m.method} (${ZIP_METHODS[m.method] ?? 'unknown'}), which modelgate cannot decompress: Python's zipfile may read it, so it cannot be passed unscanned`, full)
        continue
      }
      const start = starts.get(m) ?? (await memberDataStart(listing, m))
      open = () => atMostDeclared(decodeZipMember(m.method, rawMemberStream(listing, m, start), m.uncompressedSize), m)
    }
    if (flagged) {
      if (m.uncompressedSize === 0 && m.compressedSize === 0) continue
      let head: Uint8Array
      try {
        head = (await readHead(open, 16)).head
      } catch {
        head = new Uint8Array(0)
      }
      const plain = (head[0] === 0x80 && head[1] !== undefined && head[1] <= 5) || isNpy(head) || isZipMagic(head) || (role === 'keras-config' && head[0] === 0x7b) || (role === 'pickle' && head.length > 0 && isOpcode(head[0]!))
      if (!plain) {
        col.issue({ kind: 'unscannable', code: 'encrypted-member', message: `member \`${full}\` is encrypted (flag 0x${m.flags.toString(16)}): its stored bytes are not a pickle, array or archive, so no model loader reads it without the password; its content cannot be scanned`, member: full, inert: true })
        continue
      }
      col.issue({ kind: 'ambiguous', code: 'encryption-flag', message: `member \`${full}\` has the encryption flag set (0x${m.flags.toString(16)}) but its data is not encrypted: torch.load ignores the flag and reads it, other tools refuse it; scanned as torch reads it`, member: full })
      if (role === 'sniff') role = head[0] === 0x80 ? 'pickle' : isNpy(head) ? 'npy' : isZipMagic(head) ? 'nested' : role
    }
    try {
      if (role === 'sniff') {
        if (m.uncompressedSize === 0) continue
        const { head } = await readHead(open, 16)
        if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) role = 'pickle'
        else if (isNpy(head)) role = 'npy'
        else if (isZipMagic(head)) role = 'nested'
        else continue
      }
      if (role === 'pickle') {
        await scanPickleChunks(col, open(), full, { limits: ctx.options.pickleLimits })
      } else if (role === 'npy') {
        const { head, rest } = await splitHead(open(), 4096)
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
        const { bytes } = await readAtMost(open(), limits.maxKerasConfigBytes)
        let config: unknown
        try {
          config = JSON.parse(new TextDecoder().decode(bytes))
        } catch (err) {
          unscannable('corrupt-config', `member \`${full}\` is not valid JSON (${errText(err)}): the model's layers cannot be inspected`, full)
          continue
        }
        for (const k of inspectKerasConfig(config, makeModuleMatcher(ctx.options.kerasModules))) col.issue(kerasIssue(k, full, false))
      } else if (role === 'nested') {
        await scanNested(src, listing, m, ctx, depth, starts.get(m), full, open)
      }
    } catch (err) {
      unscannable('damaged-member', `member \`${full}\` cannot be read (${errText(err)}): it is truncated or damaged`, full)
    }
  }
  return kind
}

/** How a member's local header differs from its central directory entry, if it does. */
async function headerDisagreement(listing: ZipListing, m: ZipMember): Promise<string | undefined> {
  const h = await listing.zip.readLocalFileHeaderPromise(m.entry, { minimal: false })
  const e = m.entry
  const diffs: string[] = []
  const cdName = Buffer.from(e.fileNameRaw ?? (e.fileName as unknown as Buffer))
  if (!Buffer.from(h.fileName).equals(cdName)) diffs.push(`name \`${Buffer.from(h.fileName).toString('latin1').slice(0, 120)}\` in the local header`)
  if (h.compressionMethod !== e.compressionMethod) diffs.push(`compression method ${h.compressionMethod} vs ${e.compressionMethod}`)
  if ((h.generalPurposeBitFlag & 0x41) !== (e.generalPurposeBitFlag & 0x41)) diffs.push(`encryption flags 0x${h.generalPurposeBitFlag.toString(16)} vs 0x${e.generalPurposeBitFlag.toString(16)}`)
  // Without a data descriptor (bit 3) the local header carries the sizes and CRC too (0xffffffff: zip64).
  if ((h.generalPurposeBitFlag & 0x8) === 0) {
    if (h.crc32 !== e.crc32) diffs.push(`CRC-32 ${h.crc32.toString(16)} vs ${e.crc32.toString(16)}`)
    if (h.compressedSize !== 0xffffffff && h.compressedSize !== e.compressedSize) diffs.push(`compressed size ${h.compressedSize} vs ${e.compressedSize}`)
    if (h.uncompressedSize !== 0xffffffff && h.uncompressedSize !== e.uncompressedSize) diffs.push(`size ${h.uncompressedSize} vs ${e.uncompressedSize}`)
  }
  return diffs.length ? diffs.join('; ') : undefined
}

async function readHead(open: () => AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array }> {
  const it = open()[Symbol.asyncIterator]()
  try {
    const r = await it.next()
    return { head: r.done ? new Uint8Array(0) : r.value.subarray(0, n) }
  } finally {
    await it.return?.()
  }
}

/** A member's decompressed bytes, stopped (with an error) past its declared size: the zip-bomb guard for data. */
async function* atMostDeclared(chunks: AsyncIterable<Uint8Array>, m: ZipMember): AsyncIterable<Uint8Array> {
  let n = 0
  for await (const c of chunks) {
    n += c.length
    if (n > m.uncompressedSize) throw new Error(`the member inflates beyond its declared size of ${m.uncompressedSize} bytes`)
    yield c
  }
}

const ZIP_METHODS: Record<number, string> = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'LZMA', 19: 'LZ77', 93: 'zstd', 95: 'xz', 96: 'JPEG', 97: 'WavPack', 98: 'PPMd', 99: 'AES' }

async function scanNested(src: ByteSource, listing: ZipListing, m: ZipMember, ctx: Ctx, depth: number, start: number | undefined, full: string, open?: () => AsyncIterable<Uint8Array>): Promise<void> {
  const { col, limits } = ctx
  if (m.uncompressedSize === 0) return
  if (depth >= 1) {
    col.issue({ kind: 'archive-unsafe', code: 'nested-too-deep', message: `member \`${full}\` is an archive inside an archive inside the artifact: nesting deeper than one level is not scanned`, member: full })
    return
  }
  let inner: ByteSource
  if (m.method === 0 && m.compressedSize === m.uncompressedSize) inner = sliceSource(src, start ?? (await memberDataStart(listing, m)), m.uncompressedSize)
  else {
    if (m.uncompressedSize > limits.maxNestedBytes) {
      col.issue({ kind: 'unscannable', code: 'nested-too-large', message: `member \`${full}\` is a compressed archive of ${m.uncompressedSize} bytes, more than the ${limits.maxNestedBytes}-byte limit for nested archives: it cannot be scanned`, member: full })
      return
    }
    const { bytes } = await readAtMost(open ? open() : memberStream(listing, m), limits.maxNestedBytes)
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

// ---- tar archives ----

/** Members of the pre-1.6 PyTorch tar checkpoint. */

/** A tar archive: every member that can hold a pickle is scanned (legacy PyTorch tar checkpoints included). */
async function scanTar(src: ByteSource, ctx: Ctx, head: Uint8Array, probe = true): Promise<void> {
  const { col, limits } = ctx
  const listing = await listTar(src, limits.maxMembers)
  if (listing.problem) col.issue({ kind: 'unscannable', code: 'damaged-tar', message: `the tar archive cannot be read to the end (${listing.problem}): members after that point cannot be scanned` })
  if (listing.omitted) col.issue({ kind: 'archive-unsafe', code: 'too-many-members', message: `the archive holds more than ${limits.maxMembers} members (${listing.omitted} more were not examined)` })
  col.members += listing.members.length
  const names = new Set(listing.members.map((m) => m.name))
  const legacy = names.has('sys_info') && names.has('pickle') && names.has('storages')
  const seen = new Set<string>()
  for (const m of listing.members) {
    const why = unsafeMemberName(m.name)
    if (why) col.issue({ kind: 'archive-unsafe', code: 'path-escape', message: `member \`${m.name}\` ${why}: extracting the archive would write outside its directory`, member: m.name })
    if (m.type === '1' || m.type === '2') col.issue({ kind: 'archive-unsafe', code: 'symlink', message: `member \`${m.name}\` is a ${m.type === '2' ? 'symbolic' : 'hard'} link${m.linkName ? ` to \`${m.linkName}\`` : ''}: extracting it can redirect later writes outside the directory`, member: m.name })
    if (seen.has(m.name)) col.issue({ kind: 'ambiguous', code: 'duplicate-name', message: `member name \`${m.name}\` appears more than once: tar readers keep the last, other tools the first, so different tools read different content`, member: m.name })
    seen.add(m.name)
    if ((m.type !== '0' && m.type !== '7') || m.size === 0) continue
    const sub = sliceSource(src, m.dataStart, m.size)
    try {
      if (legacy && LEGACY_TAR_MEMBERS.has(m.name)) {
        if (m.name === 'sys_info' || m.name === 'pickle') {
          await scanPickleChunks(col, sub.stream(), m.name, { limits: ctx.options.pickleLimits })
        } else {
          await scanLegacyRecords(sub, ctx, m.name)
        }
        continue
      }
      const h = await sub.readRange(0, 16)
      const role = memberRole('zip', m.name)
      if (isZipMagic(h)) {
        await scanNestedSource(sub, ctx, m.name)
      } else if (isNpy(h)) {
        await scanNpySource(sub, ctx, m.name)
      } else if ((h[0] === 0x80 && h[1] !== undefined && h[1] >= 2 && h[1] <= 5) || (role === 'pickle' && isOpcode(h[0]!))) {
        await scanPickleChunks(col, sub.stream(), m.name, { limits: ctx.options.pickleLimits })
      } else if (role === 'pickle' || PICKLE_EXTS.has(extOf(m.name))) {
        col.issue({ kind: 'unscannable', code: 'unknown-format', message: `member \`${m.name}\` has a pickle-capable name but its content is not a pickle (first bytes ${hexBytes(h.subarray(0, 8))}): it cannot be scanned`, member: m.name })
      }
    } catch (err) {
      col.issue({ kind: 'unscannable', code: 'damaged-member', message: `member \`${m.name}\` cannot be read (${errText(err)})`, member: m.name })
    }
  }
  // A tar header is 100 bytes of name first: a protocol 0/1 pickle there is read by pickle.load.
  if (probe) await probeHeaderPickle(src, ctx, head, 'tar')
}

/** Element sizes of the legacy storage classes (`torch.FloatStorage` …). */
const STORAGE_ELEMENT: Record<string, number> = {
  DoubleStorage: 8, FloatStorage: 4, HalfStorage: 2, BFloat16Storage: 2, LongStorage: 8, IntStorage: 4, ShortStorage: 2, CharStorage: 1,
  ByteStorage: 1, BoolStorage: 1, ComplexFloatStorage: 8, ComplexDoubleStorage: 16, QInt8Storage: 1, QUInt8Storage: 1, QInt32Storage: 4,
}

/**
 * `storages` and `tensors` of a legacy tar checkpoint: a count pickle, then records that torch.load reads one by
 * one — a pickle, then raw data (`storages`: an int64 element count and the elements; `tensors`: ndim, 4 bytes,
 * sizes, strides and an offset). Every record's pickle is scanned; the raw data is skipped by its declared size.
 */
async function scanLegacyRecords(sub: ByteSource, ctx: Ctx, name: string): Promise<void> {
  const { col } = ctx
  let pos = 0
  let records = 0
  while (pos < sub.size) {
    const base = pos
    let lastName: string | undefined
    const scanner = new PickleScanner(
      {
        global: (g) => {
          lastName = g.name
          col.global(g.module, g.name, base + g.offset, g.opcode, name)
        },
        problem: (p) => col.problem({ ...p, offset: base + p.offset }, name),
      },
      { maxPickles: 1, trailing: 'ignore', limits: ctx.options.pickleLimits },
    )
    col.sawPickle = true
    for await (const c of sub.stream(pos)) {
      scanner.write(c)
      if (scanner.finished) break
    }
    const s = scanner.end()
    col.pickles += s.pickles
    col.opcodes += s.opcodes
    if (!s.complete || s.end === undefined) return // the scanner has reported why
    pos = base + s.end
    if (records++ === 0) continue // the count
    const raw = await sub.readRange(pos, pos + 8)
    if (raw.length < 8) break
    const dv = new DataView(raw.buffer, raw.byteOffset, 8)
    let skip: number
    if (name === 'storages') {
      const el = lastName === undefined ? undefined : STORAGE_ELEMENT[lastName]
      if (el === undefined) {
        col.issue({ kind: 'unscannable', code: 'legacy-tar-records', message: `member \`${name}\` record at byte ${base} names storage type ${JSON.stringify(lastName ?? null)}, whose element size is unknown: the records after it cannot be located, so they cannot be scanned`, member: name, offset: base })
        return
      }
      skip = 8 + Number(dv.getBigInt64(0, true)) * el
    } else {
      const ndim = dv.getInt32(0, true)
      skip = ndim >= 0 && ndim <= 64 ? 8 + 16 * ndim + 8 : Number.NaN
    }
    if (!Number.isSafeInteger(skip) || skip < 0 || pos + skip > sub.size) {
      col.issue({ kind: 'unscannable', code: 'legacy-tar-records', message: `member \`${name}\` record at byte ${base} declares raw data that does not fit the member: the records after it cannot be located, so they cannot be scanned`, member: name, offset: base })
      return
    }
    pos += skip
  }
}

/** When the first bytes of an archive also parse as a complete pickle, the file is a polyglot. */
async function probeHeaderPickle(src: ByteSource, ctx: Ctx, head: Uint8Array, what: string): Promise<void> {
  if (!isOpcode(head[0]!)) return
  let bad = false
  const probe = new PickleScanner({ global: () => undefined, problem: (p) => { if (p.kind === 'unscannable') bad = true } }, { maxPickles: 1, trailing: 'ignore' })
  probe.write(head.subarray(0, 512))
  const s = probe.end()
  if (bad || s.pickles < 1) return
  ctx.col.issue({ kind: 'ambiguous', code: `pickle-${what}-polyglot`, message: `the file is at once a valid ${what} archive and a pickle (its first bytes parse as a complete pickle): pickle.load runs that pickle, torch.load reads the ${what}, so what runs depends on the loader`, details: { also: 'pickle' } })
  await scanPickleChunks(ctx.col, src.stream(0, Math.min(src.size, 512)), undefined, { maxPickles: 1, trailing: 'ignore', limits: ctx.options.pickleLimits })
}

/** A zip held inside another container (a tar member): listed and scanned one level down. */
async function scanNestedSource(inner: ByteSource, ctx: Ctx, full: string): Promise<void> {
  let sub: ZipListing
  try {
    sub = await listZip(inner, ctx.limits.maxMembers)
  } catch (err) {
    ctx.col.issue({ kind: 'unscannable', code: 'damaged-zip', message: `nested archive \`${full}\` cannot be read (${errText(err)})`, member: full })
    return
  }
  try {
    await scanZipListing(inner, sub, ctx, 1, `${full}!/`)
  } finally {
    sub.zip.close()
  }
}
