/**
 * What an artifact scan reports (formats/archive/scan.ts scans), and what the rules decide from it without
 * scanning: the limits' defaults and whether a file can carry code. Apart from scan.ts so that the rules load
 * the scanners (pickle, zip, tar, Keras, NumPy…) only when a run has an artifact to scan (cold start, issue #15).
 */
import type { LfsPointer } from './magic.js'
import type { Safety } from '../pickle/classify.js'

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
  | '7z'
  | 'mlflow'
  | 'empty'
  | 'unknown'

export type IssueKind = 'dangerous-global' | 'unknown-global' | 'dangerous-construct' | 'unscannable' | 'ambiguous' | 'safetensors-invalid' | 'archive-unsafe' | 'keras-unsafe'

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
  /** The unreadable content is nothing a loader can run (really encrypted data): never a blocking finding. */
  inert?: boolean
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
  /** sha256 (hex) of the whole file, when the scan streamed every byte of it (so no one reads it again to hash it). */
  sha256?: string
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
  maxDecompressedBytes: 16 * 1024 * 1024 * 1024,
  maxSafetensorsHeader: 100_000_000,
  maxKerasConfigBytes: 64 * 1024 * 1024,
}

export const PICKLE_EXTS = new Set(['.pkl', '.pickle', '.pt', '.pth', '.bin', '.ckpt', '.joblib', '.dat', '.data', '.npy', '.pkl.gz', '.mar'])
/** Extensions of files that pickle-based loaders (pickle, torch, joblib, NumPy, Keras) open. */
const CODE_EXTS = new Set([...PICKLE_EXTS, '.p', '.pck', '.pcl', '.pkl', '.sav', '.dill', '.model', '.nemo', '.jit', '.tar', '.zip', '.npz', '.keras', '.h5', '.hdf5', '.gz', '.bz2', '.xz', '.lzma', '.z', '.msgpack'])
export const CODE_FORMATS = new Set<ArtifactFormat>(['pickle', 'joblib', 'torch-zip', 'torch-legacy', 'torch-tar', 'npz', 'zip', 'keras', 'hdf5'])

/** True when a path's extension is one pickle-capable loaders open (`model.pth.tar`, `weights.pkl`, `m.sav`). */
export function codeCapablePath(path: string): boolean {
  return CODE_EXTS.has(extOf(path))
}

/** Whether an artifact can carry code: see `ArtifactScan.codeCapable`. */
export function isCodeCapable(scan: ArtifactScan, path: string): boolean {
  return scan.codeCapable ?? (scan.pickle || CODE_FORMATS.has(scan.format) || codeCapablePath(path))
}

export function extOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  const i = base.lastIndexOf('.')
  return i < 0 ? '' : base.slice(i)
}

/** Safetensors: an 8-byte little-endian header length, then a JSON header (`{`) that fits in the file. */
export function isSafetensorsHead(h: Uint8Array, size: number): boolean {
  if (h.length < 10 || h[8] !== 0x7b) return false
  const n = new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0, true)
  return n > 1n && n + 8n <= BigInt(size)
}

/** The 7z signature. */
export function is7zHead(h: Uint8Array): boolean {
  return h.length >= 6 && h[0] === 0x37 && h[1] === 0x7a && h[2] === 0xbc && h[3] === 0xaf && h[4] === 0x27 && h[5] === 0x1c
}

/** Members of a legacy (pre-1.6) PyTorch tar checkpoint. */
export const LEGACY_TAR_MEMBERS: ReadonlySet<string> = new Set(['sys_info', 'pickle', 'storages', 'tensors'])
