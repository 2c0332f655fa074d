/**
 * Zip archives (PyTorch checkpoints, .npz, .keras, plain zips) read with yauzl over a `ByteSource`: the
 * central directory is read with random access, members are streamed (stored or deflated), nothing is
 * extracted. yauzl is a well-kept, dependency-light reader that validates sizes and never touches disk
 * through this entry point. Names are decoded and checked here so that an escaping name is reported rather
 * than aborting the listing.
 */
import { Readable } from 'node:stream'
import type yauzl from 'yauzl'
import type { ByteSource } from './source.js'

// yauzl (with the Node built-ins it needs) is loaded by the first zip, not at start (cold start, issue #15).
let yauzlModule: Promise<typeof yauzl> | undefined
const loadYauzl = () => (yauzlModule ??= import('yauzl').then((m) => m.default))

export interface ZipMember {
  /** Decoded name ('/' separators). */
  name: string
  compressedSize: number
  uncompressedSize: number
  /** 0 stored, 8 deflate; others cannot be read. */
  method: number
  encrypted: boolean
  /** General-purpose bit flags of the central directory entry. */
  flags: number
  directory: boolean
  symlink: boolean
  localHeaderOffset: number
  /** Why the name is unsafe to extract (absolute, `..`, backslash, drive letter, NUL), if it is. */
  unsafeName?: string
  entry: yauzl.Entry
}

export interface ZipListing {
  zip: yauzl.ZipFile
  members: ZipMember[]
  /** Members left out of `members` because the archive holds more than the limit. */
  omitted: number
}

/** yauzl's random-access reader over a ByteSource. */
let SourceReader: (new (src: ByteSource) => yauzl.RandomAccessReader) | undefined
function sourceReader(lib: typeof yauzl, src: ByteSource): yauzl.RandomAccessReader {
  SourceReader ??= class extends lib.RandomAccessReader {
    constructor(private readonly src: ByteSource) {
      super()
    }

    override _readStreamForRange(start: number, end: number): Readable {
      return Readable.from(this.src.stream(start, end), { objectMode: false })
    }

    // yauzl reads the central directory and local headers in small pieces (two reads per entry): serve them
    // from a read-ahead window so that an archive with thousands of members costs a few reads, not thousands.
    private window: Uint8Array = new Uint8Array(0)
    private windowStart = 0

    private async readAt(position: number, length: number): Promise<Uint8Array> {
      const off = position - this.windowStart
      if (off >= 0 && off + length <= this.window.length) return this.window.subarray(off, off + length)
      if (length > READ_AHEAD / 4) return this.src.readRange(position, position + length)
      this.window = await this.src.readRange(position, Math.min(this.src.size, position + READ_AHEAD))
      this.windowStart = position
      return this.window.subarray(0, Math.min(length, this.window.length))
    }

    override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
      const cb = callback as (err: Error | null, bytesRead?: number) => void
      this.readAt(position, length).then(
        (bytes) => {
          buffer.set(bytes, offset)
          cb(null, bytes.length)
        },
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      )
    }
  }
  return new SourceReader(src)
}

const READ_AHEAD = 256 * 1024
const S_IFMT = 0o170000
const S_IFLNK = 0o120000

/** Why a member name is unsafe to extract, or undefined. */
export function unsafeMemberName(raw: string): string | undefined {
  if (raw.includes('\u0000')) return 'contains a NUL byte'
  if (raw.includes('\\')) return 'uses backslashes (a path separator on Windows)'
  if (/^[a-zA-Z]:/.test(raw)) return 'is an absolute Windows path'
  if (raw.startsWith('/')) return 'is an absolute path'
  if (raw.split('/').includes('..')) return 'climbs out of the extraction directory with `..`'
  return undefined
}

/** Opens a zip and lists its members (at most `maxMembers`); throws on a damaged archive. */
export async function listZip(src: ByteSource, maxMembers = 100_000): Promise<ZipListing> {
  const yauzl = await loadYauzl()
  const zip = await yauzl.fromRandomAccessReaderPromise(sourceReader(yauzl, src), src.size, {
    lazyEntries: true,
    decodeStrings: false,
    // Off: yauzl would refuse the whole listing when a member with an encryption flag is stored at its plain
    // size (a trick torch's reader ignores); stored sizes are compared by the scanner instead.
    validateEntrySizes: false,
    autoClose: false,
  })
  const members: ZipMember[] = []
  let omitted = 0
  try {
    for await (const entry of zip.eachEntry()) {
      if (members.length >= maxMembers) {
        omitted++
        continue
      }
      const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer)
      const rawText = Buffer.from(raw).toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1')
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, Buffer.from(raw), entry.extraFields, false)
      const mode = (entry.externalFileAttributes >>> 16) & 0xffff
      const madeByUnix = entry.versionMadeBy >> 8 === 3
      members.push({
        name,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        method: entry.compressionMethod,
        encrypted: (entry.generalPurposeBitFlag & 1) !== 0,
        flags: entry.generalPurposeBitFlag,
        directory: name.endsWith('/'),
        symlink: madeByUnix && (mode & S_IFMT) === S_IFLNK,
        localHeaderOffset: entry.relativeOffsetOfLocalHeader,
        unsafeName: unsafeMemberName(rawText) ?? unsafeMemberName(name) ?? (yauzl.validateFileName(name) ?? undefined),
        entry,
      })
    }
  } catch (err) {
    zip.close()
    throw err
  }
  return { zip, members, omitted }
}

/** Where a member's data starts (after its local header). */
export async function memberDataStart(listing: ZipListing, m: ZipMember): Promise<number> {
  const h = await listing.zip.readLocalFileHeaderPromise(m.entry, { minimal: true })
  return h.fileDataStart
}

/** Streams a member's uncompressed bytes (stored or deflated); yauzl checks the declared size. */
export async function* memberStream(listing: ZipListing, m: ZipMember): AsyncIterable<Uint8Array> {
  const stream = await listing.zip.openReadStreamPromise(m.entry)
  try {
    for await (const chunk of stream) yield chunk as Uint8Array
  } finally {
    stream.destroy()
  }
}

/**
 * Streams a member's bytes as stored (still compressed, never decrypted), from `dataStart`: what a reader that
 * ignores the flags (torch's) reads. For members yauzl will not open (encryption flags, other methods).
 */
export async function* rawMemberStream(listing: ZipListing, m: ZipMember, dataStart: number): AsyncIterable<Uint8Array> {
  // yauzl 3.4's openReadStreamLowLevelPromise calls the wrong method: wrap the callback form.
  const stream = await new Promise<Readable>((resolve, reject) =>
    listing.zip.openReadStreamLowLevel(dataStart, m.compressedSize, 0, m.compressedSize, false, null, (err, s) => (err ? reject(err) : resolve(s))),
  )
  try {
    for await (const chunk of stream) yield chunk as Uint8Array
  } finally {
    stream.destroy()
  }
}
