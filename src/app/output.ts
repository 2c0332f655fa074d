/**
 * Writing output files (the JSON report, SARIF, the audit record, `--output`) without following symbolic
 * links: a pull request can commit `modelgate-report.json` as a link to a file outside the workspace (or a
 * directory on the path as a link), and the run would overwrite whatever it points at. Every existing
 * component of the path below the trusted root is checked with lstat, missing directories are created one
 * by one, and the file is opened with O_NOFOLLOW. Paths outside every allowed root are refused.
 */
import { constants } from 'node:fs'
import { lstat, mkdir, open } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { isInside } from '../adapters/fs/paths.js'

export class OutputPathError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}; nothing was written`)
    this.name = 'OutputPathError'
  }
}

export interface SafeWriteOptions {
  /** Directories the file must be inside (the workspace, the runner's temp). Empty: anywhere. */
  roots: string[]
  /** Directory whose contents are untrusted (the checked repository): no symlink below it is followed. */
  untrusted?: string
  /** Create missing parent directories of a file outside every root and the untrusted directory. */
  createParents?: boolean
}


/** Writes `data` to the absolute path `file`; throws OutputPathError (or the system error) without writing. */
export async function writeOutputFile(file: string, data: string | Uint8Array | Iterable<string>, o: SafeWriteOptions): Promise<void> {
  const abs = nodePath.resolve(file)
  const shown = file
  const root = o.roots.find((r) => isInside(r, abs))
  if (o.roots.length && root === undefined) throw new OutputPathError(shown, `outside the workspace (${o.roots.join(', ')}): refused`)
  // Check (and create) each directory below the first trusted ancestor.
  const trusted = [root, o.untrusted].filter((d): d is string => d !== undefined && isInside(d, abs)).map((d) => nodePath.resolve(d))
  const start = trusted.length ? trusted.reduce((a, b) => (a.length <= b.length ? a : b)) : nodePath.dirname(abs)
  if (!trusted.length && o.createParents) await mkdir(start, { recursive: true })
  const parts = nodePath.relative(start, nodePath.dirname(abs)).split(nodePath.sep).filter(Boolean)
  let dir = start
  for (const part of parts) {
    dir = nodePath.join(dir, part)
    const st = await lstat(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined
      throw err
    })
    if (!st) {
      await mkdir(dir)
      continue
    }
    if (st.isSymbolicLink()) throw new OutputPathError(shown, `${nodePath.relative(start, dir) || dir} is a symbolic link: output is never written through one`)
    if (!st.isDirectory()) throw new OutputPathError(shown, `${nodePath.relative(start, dir) || dir} is not a directory`)
  }
  const existing = await lstat(abs).catch(() => undefined)
  if (existing?.isSymbolicLink()) throw new OutputPathError(shown, 'is a symbolic link: output is never written through one')
  if (existing && !existing.isFile()) throw new OutputPathError(shown, 'exists and is not a regular file')
  let handle
  try {
    handle = await open(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new OutputPathError(shown, 'is a symbolic link: output is never written through one')
    throw err
  }
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data)
    // Pieces (a streamed report) are written as they come: the whole text is never held at once.
    else for (const piece of data) await handle.write(piece)
  } finally {
    await handle.close()
  }
}
