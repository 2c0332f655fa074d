/** An in-memory FileView: for tests, and for file sets fetched from an API. */
import { FileAccessError, normalizePath, type BaseView, type EntryInfo, type FileStat, type FileView, type ReadTextOptions, type StreamOptions, type TextRead } from '../../core/files.js'

export class MemoryView implements FileView {
  private readonly files = new Map<string, Uint8Array>()

  private readonly special = new Map<string, EntryInfo>()

  /** @param special listed paths that are not regular files: symbolic links (with their target) and submodules. */
  constructor(files: Record<string, string | Uint8Array> = {}, special: Record<string, EntryInfo> = {}) {
    for (const [p, c] of Object.entries(files)) this.files.set(normalizePath(p), typeof c === 'string' ? new TextEncoder().encode(c) : c)
    for (const [p, e] of Object.entries(special)) this.special.set(normalizePath(p), e)
  }

  async list(): Promise<string[]> {
    return [...new Set([...this.files.keys(), ...this.special.keys()])].sort()
  }

  async entry(path: string): Promise<EntryInfo | undefined> {
    const p = normalizePath(path)
    return this.special.get(p) ?? (this.files.has(p) ? { type: 'file' } : undefined)
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const b = this.files.get(normalizePath(path))
    return b ? { size: b.length, symlink: false } : undefined
  }

  private get(path: string): Uint8Array {
    const b = this.files.get(normalizePath(path))
    if (!b) throw new FileAccessError('not-found', path, `${path}: no such file`)
    return b
  }

  async readText(path: string, options?: ReadTextOptions): Promise<TextRead> {
    const b = this.get(path)
    const max = options?.maxBytes ?? Infinity
    const slice = b.length > max ? b.subarray(0, max) : b
    return { text: new TextDecoder().decode(slice), size: b.length, truncated: b.length > max }
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    return this.get(path).slice(start, end)
  }

  async *stream(path: string, options?: StreamOptions): AsyncIterable<Uint8Array> {
    const b = this.get(path)
    const size = options?.chunkSize ?? 64 * 1024
    const end = Math.min(options?.end ?? b.length, b.length)
    for (let i = options?.start ?? 0; i < end; i += size) yield b.subarray(i, Math.min(i + size, end))
  }
}

export class MemoryBaseView implements BaseView {
  constructor(
    readonly ref: string,
    private readonly files: Record<string, string>,
  ) {}

  async readText(path: string): Promise<string | undefined> {
    return this.files[normalizePath(path)]
  }
}
