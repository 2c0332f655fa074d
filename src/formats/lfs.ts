/**
 * Git LFS pointer files (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): when LFS content is not
 * checked out, the working tree holds a small text file naming the content's sha256 (`oid`) and size. Rules
 * use the oid in place of the content's hash. Pure; never throws.
 */

export interface LfsPointer {
  /** The content's sha256 (64 lowercase hex digits). */
  oid: string
  /** The content's size in bytes. */
  size: number
}

/** The spec caps pointer files at 1024 bytes; read at most this many bytes to test a file. */
export const LFS_POINTER_MAX_BYTES = 1024

const VERSION_LINE = /^version https:\/\/git-lfs\.github\.com\/spec\/v1$/
/** Pre-release pointers used this version URL; git-lfs still accepts them. */
const LEGACY_VERSION_LINE = /^version https:\/\/hawser\.github\.com\/spec\/v1$/

/** Parses a Git LFS pointer; undefined when `text` is not one (or is malformed). */
export function parseLfsPointer(text: string): LfsPointer | undefined {
  if (text.length > LFS_POINTER_MAX_BYTES) return undefined
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  if (!lines.length || !(VERSION_LINE.test(lines[0]!) || LEGACY_VERSION_LINE.test(lines[0]!))) return undefined
  let oid: string | undefined
  let size: number | undefined
  for (const line of lines.slice(1)) {
    const m = /^([a-z0-9.-]+) (.*)$/.exec(line)
    if (!m) return undefined
    if (m[1] === 'oid') {
      const o = /^sha256:([0-9a-f]{64})$/.exec(m[2]!)
      if (!o) return undefined
      oid = o[1]
    } else if (m[1] === 'size') {
      if (!/^\d+$/.test(m[2]!)) return undefined
      size = Number(m[2])
    }
  }
  return oid !== undefined && size !== undefined && Number.isSafeInteger(size) ? { oid, size } : undefined
}
