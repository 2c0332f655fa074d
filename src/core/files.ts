/**
 * The read-only view of repository files that the core sees. Adapters implement it (the working tree, a
 * git revision, the contents API, memory in tests); the core never touches the file system itself.
 */

export type FileAccessErrorCode = 'not-found' | 'outside-workspace' | 'not-a-file' | 'too-large' | 'io'

export class FileAccessError extends Error {
  constructor(
    readonly code: FileAccessErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message)
    this.name = 'FileAccessError'
  }
}

export interface FileStat {
  size: number
  /** The path is a symbolic link (inside the workspace: followed; outside: access fails). */
  symlink: boolean
}

export interface ReadTextOptions {
  /** Read at most this many bytes; `truncated` says whether more followed. */
  maxBytes?: number
}

export interface TextRead {
  text: string
  size: number
  truncated: boolean
}

export interface StreamOptions {
  start?: number
  /** Exclusive end offset. */
  end?: number
  /** Preferred chunk size in bytes. */
  chunkSize?: number
}

/** What a listed path is, without following it. */
export interface EntryInfo {
  /** 'submodule': a git submodule (gitlink), whose content is another repository's. */
  type: 'file' | 'symlink' | 'submodule' | 'other'
  /** A symbolic link's target, as written in the link. */
  target?: string
}

export interface FileView {
  /** Every file (repository-relative POSIX paths, sorted), excluding VCS internals. */
  list(): Promise<string[]>
  stat(path: string): Promise<FileStat | undefined>
  readText(path: string, options?: ReadTextOptions): Promise<TextRead>
  /** Bytes [start, end) of a file; fewer when the file is shorter. */
  readRange(path: string, start: number, end: number): Promise<Uint8Array>
  /** Streams a file in chunks; memory stays bounded by the chunk size. */
  stream(path: string, options?: StreamOptions): AsyncIterable<Uint8Array>
  /** A file's digest (hex), read in one pass with a reused buffer; views that lack it are streamed. */
  digest?(path: string, algorithm: 'sha256' | 'md5'): Promise<string>
  /** What a listed path is (file, symbolic link and its target, submodule), not following links. */
  entry?(path: string): Promise<EntryInfo | undefined>
  /**
   * The git blob id of the file when the view knows its bytes are exactly that blob (tracked, unmodified, not
   * changed by a filter such as Git LFS), found without reading the file; undefined when unknown.
   */
  blobId?(path: string): Promise<string | undefined>
}

/** A view of files at the base revision (pull request base, push `before`), text only. */
export interface BaseView {
  /** The revision read (a commit SHA or a ref name). */
  ref: string
  /** The file's text at the base revision, or undefined when it did not exist there. */
  readText(path: string): Promise<string | undefined>
}

/** Decodes UTF-8, replacing invalid sequences (never throws). */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes)
}

/** Normalizes a path to repository-relative POSIX form ('a/b/c'); '.' for the root. */
export function normalizePath(p: string): string {
  const parts: string[] = []
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') parts.pop()
    else parts.push(seg)
  }
  return parts.length ? parts.join('/') : '.'
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/')
  return i < 0 ? '.' : p.slice(0, i)
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}

/** True when `p` equals `dir` or lies below it ('.' contains everything). */
export function isWithin(p: string, dir: string): boolean {
  return dir === '.' || p === dir || p.startsWith(dir + '/')
}

export function joinPath(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`
}
