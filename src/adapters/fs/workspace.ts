/**
 * The workspace on disk as a read-only FileView. Every access is bounded to the workspace: a path or a
 * symbolic link that resolves outside it fails with `outside-workspace` (the rule that tried reports it).
 */
import { createHash } from 'node:crypto'
import { closeSync, constants, createReadStream, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync } from 'node:fs'
import { readdir, realpath } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { LFS_POINTER_MAX_BYTES } from '../../formats/lfs.js'
import type { ResultCache } from '../../core/cache.js'
import { FileAccessError, normalizePath, type EntryInfo, type FileStat, type FileView, type ReadTextOptions, type StreamOptions, type TextRead } from '../../core/files.js'

const SKIP_DIRS = new Set(['.git', 'node_modules'])
const DEFAULT_CHUNK = 1024 * 1024
const DIGEST_CHUNK = 4 * 1024 * 1024
const DIGEST_YIELD = 64 * 1024 * 1024
/**
 * Files up to this size are read whole, once per run, and kept in a small cache: the sniffer, the card parser,
 * the inventory's sha256, the format scanners and the PII scan then share one read (a repository of 10,000
 * units has tens of thousands of such files; each open/stat/read/close costs more than the bytes).
 */
const SMALL_FILE = 256 * 1024
/** Bytes the small-file cache may hold (least recently used files are dropped first). */
const SMALL_CACHE_BYTES = 16 * 1024 * 1024

/** A copy of bytes [start, end) (Buffer#slice would share the cached memory). */
function copyOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const s = Math.min(Math.max(0, start), bytes.length)
  return Uint8Array.prototype.slice.call(bytes, s, Math.max(s, Math.min(end, bytes.length)))
}

interface Regular {
  real: string
  size: number
}

/** What lstat says of a path. */
interface Entry {
  kind: number
  size: number
}
const FILE = 0
const LINK = 1
const DIR = 2
const OTHER = 3

/**
 * Files are opened read-only, without following a link at the last component and without blocking: what the view
 * found to be a regular file inside the workspace may have been replaced since by a link (which would lead
 * elsewhere) or a FIFO (whose read would block the run). The descriptor is then checked to be a regular file.
 * Reads are synchronous, as the metadata calls are: a read awaited through libuv's thread pool cost more CPU.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)
const replaced = (path: string) => new FileAccessError('io', path, `${path}: no longer a regular file`)

/** Fills `buf` from the file at `position`, or reads to its end: the number of bytes read. */
function readFully(fd: number, buf: Buffer, position: number): number {
  let got = 0
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got)
    if (n === 0) break
    got += n
  }
  return got
}

export function openRegularSync(f: Regular, path: string): number {
  const fd = openSync(f.real, OPEN_FLAGS)
  if (!fstatSync(fd).isFile()) {
    closeSync(fd)
    throw replaced(path)
  }
  return fd
}


export class WorkspaceView implements FileView {
  private rootReal: Promise<string>
  private listing?: Promise<string[]>

  /**
   * @param lister where the file list comes from (in a git repository: git's view of tracked and not-ignored
   *   files); default: a walk of the directory that skips .git and node_modules.
   */
  /**
   * @param cache the result cache across runs, with where blob ids come from (`unchangedBlobs` in a git
   *   repository): the view answers `blobId` (so scan results are keyed without reading files), and digests
   *   of unchanged blobs come from the cache.
   */
  constructor(
    readonly root: string,
    private readonly lister?: () => Promise<string[]>,
    private readonly cache?: { results: ResultCache; blobs?: () => Promise<Map<string, { id: string; size: number }>> },
  ) {
    this.rootReal = realpath(root)
  }

  private blobIndex?: Promise<Map<string, { id: string; size: number }>>

  /**
   * The file's blob id when git says it is unchanged, the file on disk is regular and has the blob's size
   * (a filter such as Git LFS changes the size), and it is larger than a Git LFS pointer (small files are
   * hashed instead: a pointer and the content it stands for of the same size stay apart). Reads no file.
   */
  async blobId(path: string): Promise<string | undefined> {
    const blobs = this.cache?.blobs
    if (!blobs) return undefined
    this.blobIndex ??= blobs().catch(() => new Map())
    const b = (await this.blobIndex).get(path)
    if (!b || b.size <= LFS_POINTER_MAX_BYTES) return undefined
    const st = await this.stat(path).catch(() => undefined)
    if (!st || st.symlink || st.size !== b.size) return undefined
    return b.id
  }

  list(): Promise<string[]> {
    this.listing ??= this.lister ? this.lister() : this.walk()
    return this.listing
  }

  private async walk(): Promise<string[]> {
    const out: string[] = []
    const visit = async (dir: string, rel: string) => {
      let entries
      try {
        entries = await readdir(dir, { withFileTypes: true })
      } catch {
        return
      }
      for (const e of entries) {
        const r = rel ? `${rel}/${e.name}` : e.name
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) await visit(nodePath.join(dir, e.name), r)
        } else if (e.isFile() || e.isSymbolicLink()) {
          // Symbolic links are listed (a link to a directory is not followed); reading one that leaves the
          // workspace fails with a clear error.
          out.push(r)
        }
      }
    }
    await visit(this.root, '')
    return out.sort()
  }

  // The workspace does not change during a run: each path is resolved (realpath, link checks) and stat'ed once.
  private readonly resolved = new Map<string, Promise<string>>()
  private readonly regulars = new Map<string, Promise<Regular>>()

  /** Resolves a repository path to a real path inside the workspace, or throws FileAccessError. */
  resolve(path: string): Promise<string> {
    let p = this.resolved.get(path)
    if (!p) {
      p = this.resolveUncached(path)
      this.resolved.set(path, p)
    }
    return p
  }

  private async resolveUncached(path: string): Promise<string> {
    const rel = normalizePath(path)
    if (rel === '.' || nodePath.isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
      throw new FileAccessError('outside-workspace', path, `${path}: not a path inside the workspace`)
    }
    const abs = nodePath.join(this.root, rel)
    const root = await this.rootReal
    let real: string
    try {
      // Asynchronous, unlike lstat below: a synchronous realpath too saved another ~3 s of CPU at 10,000 units but
      // raised peak RSS from 180 to 190 MiB (npm run bench -- units), too close to the 200 MiB budget.
      real = await realpath(abs)
    } catch (err) {
      if (this.lstatOf(rel)?.kind === LINK) {
        throw new FileAccessError('not-found', path, `${path}: symbolic link to a missing target`)
      }
      throw new FileAccessError('not-found', path, `${path}: ${(err as NodeJS.ErrnoException).code ?? 'cannot read'}`)
    }
    if (real !== root && !real.startsWith(root + nodePath.sep)) {
      throw new FileAccessError('outside-workspace', path, `${path}: symbolic link points outside the workspace; not followed`)
    }
    return real
  }

  /**
   * A path's own metadata (not following a link); undefined when it cannot be read. Synchronous, like the reads
   * of small files: on a local disk an lstat takes microseconds, and a promise round trip through libuv's thread
   * pool cost more CPU than the call (10,000 units: 27.7 → 22.3 s of CPU, peak RSS 171 → 180 MiB).
   */
  private lstatOf(rel: string): Entry | undefined {
    try {
      const l = lstatSync(nodePath.join(this.root, rel))
      return { kind: l.isSymbolicLink() ? LINK : l.isFile() ? FILE : l.isDirectory() ? DIR : OTHER, size: l.size }
    } catch {
      return undefined
    }
  }

  private readonly stats = new Map<string, Promise<FileStat | undefined>>()

  stat(path: string): Promise<FileStat | undefined> {
    let p = this.stats.get(path)
    if (!p) {
      p = this.statUncached(path)
      this.stats.set(path, p)
    }
    return p
  }

  private async statUncached(path: string): Promise<FileStat | undefined> {
    try {
      const l = this.lstatOf(normalizePath(path))
      if (!l) return undefined
      const real = await this.resolve(path)
      if (l.kind !== LINK) return l.kind === FILE ? { size: l.size, symlink: false } : undefined
      const s = statSync(real)
      return s.isFile() ? { size: s.size, symlink: true } : undefined
    } catch (err) {
      if (err instanceof FileAccessError && err.code === 'outside-workspace') throw err
      return undefined
    }
  }

  async digest(path: string, algorithm: 'sha256' | 'md5'): Promise<string> {
    const blob = this.cache ? await this.blobId(path) : undefined
    const st = blob ? await this.stat(path) : undefined
    if (blob && st) return this.cache!.results.digest({ id: blob, size: st.size }, algorithm, () => this.digestUncached(path, algorithm))
    return this.digestUncached(path, algorithm)
  }

  private async digestUncached(path: string, algorithm: 'sha256' | 'md5'): Promise<string> {
    const f = await this.regular(path)
    if (f.size <= SMALL_FILE) return createHash(algorithm).update(this.smallContent(path, f)).digest('hex')
    let fd: number | undefined
    try {
      fd = openRegularSync(f, path)
      const h = createHash(algorithm)
      // One buffer for the whole file, read synchronously: a read handed to libuv's thread pool and awaited costs
      // more CPU than the read itself (1 GiB: 0.85 → 0.78 s, OpenSSL 0.75 s). The event loop gets a turn every
      // DIGEST_YIELD bytes, so other work (worker messages, a timeout) is not held up for the whole file.
      const buf = Buffer.allocUnsafe(Math.min(DIGEST_CHUNK, f.size + 1))
      for (let pos = 0, sinceYield = 0; ; ) {
        const bytesRead = readSync(fd, buf, 0, buf.length, pos)
        if (bytesRead === 0) break
        h.update(buf.subarray(0, bytesRead))
        pos += bytesRead
        if ((sinceYield += bytesRead) >= DIGEST_YIELD) {
          sinceYield = 0
          await new Promise<void>((resolve) => setImmediate(resolve))
        }
      }
      return h.digest('hex')
    } catch (err) {
      throw new FileAccessError('io', path, `${path}: ${(err as Error).message}`)
    } finally {
      if (fd !== undefined) closeSync(fd)
    }
  }

  async entry(path: string): Promise<EntryInfo | undefined> {
    const rel = normalizePath(path)
    if (rel === '.' || nodePath.isAbsolute(path) || path.split(/[\\/]/).includes('..')) return undefined
    const l = this.lstatOf(rel)
    if (!l) return undefined
    try {
      if (l.kind === LINK) return { type: 'symlink', target: readlinkSync(nodePath.join(this.root, rel)) }
    } catch {
      return undefined
    }
    if (l.kind === FILE) return { type: 'file' }
    // git lists a directory only for a submodule (gitlink).
    if (l.kind === DIR) return { type: 'submodule' }
    return { type: 'other' }
  }

  private regular(path: string): Promise<Regular> {
    let p = this.regulars.get(path)
    if (!p) {
      p = (async () => {
        // The cached stat (the rules stat files before reading them): undefined when missing or not a file.
        const st = await this.stat(path)
        const real = await this.resolve(path)
        if (!st) throw new FileAccessError('not-a-file', path, `${path}: not a regular file`)
        return { real, size: st.size }
      })()
      this.regulars.set(path, p)
    }
    return p
  }

  private readonly small = new Map<string, Uint8Array>()
  private smallBytes = 0

  /**
   * The whole content of a small file, read once (synchronously: a few syscalls, no thread-pool round trips)
   * and cached within a byte budget. The workspace does not change during a run.
   */
  private smallContent(path: string, f: Regular): Uint8Array {
    const hit = this.small.get(path)
    if (hit) {
      this.small.delete(path)
      this.small.set(path, hit)
      return hit
    }
    let bytes: Uint8Array
    try {
      const fd = openRegularSync(f, path)
      try {
        const size = Math.min(fstatSync(fd).size, SMALL_FILE)
        // Not from Buffer's shared pool: a cached 700-byte card must not keep an 8 KiB pool slab alive.
        const buf = Buffer.allocUnsafeSlow(size)
        const got = readFully(fd, buf, 0)
        bytes = buf.subarray(0, got)
      } finally {
        closeSync(fd)
      }
    } catch (err) {
      throw new FileAccessError('io', path, `${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
    this.small.set(path, bytes)
    this.smallBytes += bytes.length
    for (const [k, v] of this.small) {
      if (this.smallBytes <= SMALL_CACHE_BYTES) break
      this.small.delete(k)
      this.smallBytes -= v.length
    }
    return bytes
  }

  async readText(path: string, options?: ReadTextOptions): Promise<TextRead> {
    const f = await this.regular(path)
    if (f.size <= SMALL_FILE) {
      const all = this.smallContent(path, f)
      const max = Math.min(all.length, options?.maxBytes ?? all.length)
      return { text: new TextDecoder('utf-8').decode(all.subarray(0, max)), size: all.length, truncated: all.length > max }
    }
    const fd = openRegularSync(f, path)
    try {
      const size = fstatSync(fd).size
      const max = Math.min(size, options?.maxBytes ?? size)
      const buf = Buffer.alloc(max)
      const got = readFully(fd, buf, 0)
      return { text: new TextDecoder('utf-8').decode(buf.subarray(0, got)), size, truncated: size > got }
    } catch (err) {
      throw new FileAccessError('io', path, `${path}: ${(err as Error).message}`)
    } finally {
      closeSync(fd)
    }
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    const f = await this.regular(path)
    // A copy: callers own what they get.
    if (f.size <= SMALL_FILE) return copyOf(this.smallContent(path, f), start, end)
    const fd = openRegularSync(f, path)
    try {
      // Callers ask for "up to N bytes" (a card's first 2 MiB): allocate no more than the file holds.
      const len = Math.max(0, Math.min(end, f.size) - start)
      const buf = Buffer.allocUnsafe(len)
      const got = readFully(fd, buf, start)
      return buf.subarray(0, got)
    } finally {
      closeSync(fd)
    }
  }

  async *stream(path: string, options?: StreamOptions): AsyncIterable<Uint8Array> {
    const f = await this.regular(path)
    const end = options?.end
    if (end !== undefined && end <= (options?.start ?? 0)) return
    if (f.size <= SMALL_FILE) {
      const all = this.smallContent(path, f)
      const chunk = Math.max(1, options?.chunkSize ?? DEFAULT_CHUNK)
      for (let pos = options?.start ?? 0; pos < Math.min(end ?? all.length, all.length); pos += chunk) {
        yield copyOf(all, pos, Math.min(pos + chunk, end ?? all.length))
      }
      return
    }
    // The stream closes the descriptor when it ends, fails or is destroyed (a consumer that stops early).
    const s = createReadStream('', {
      fd: openRegularSync(f, path),
      start: options?.start,
      end: end === undefined ? undefined : end - 1,
      highWaterMark: options?.chunkSize ?? DEFAULT_CHUNK,
    })
    for await (const chunk of s) yield chunk as Buffer
  }
}
