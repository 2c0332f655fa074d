/**
 * The result cache's store on disk: one file per entry, `<dir>/<first two hex digits>/<key>.json`, in a
 * folder the workflow persists with `actions/cache` (docs/caching.md).
 *
 * The folder is trusted like the tool itself, so it must lie outside the repository under check (a change
 * could otherwise commit entries that claim its files are clean): `openResultCache` refuses one inside it.
 * Its content may still be damaged (a truncated restore, a disk full), so nothing in it is trusted blindly:
 * no symbolic link is followed (the entry opened with O_NOFOLLOW, sub-folders checked with lstat), only
 * regular files up to the size cap are read, and the core validates every entry. Writes go to a temporary
 * file in the same folder and are renamed into place: a reader sees a whole entry or none.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { lstat, mkdir, realpath } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { ResultCache, type CacheStore } from '../../core/cache.js'
import { isInside } from './paths.js'

const NAME = /^[0-9a-f]{64}$/

export class DirectoryCacheStore implements CacheStore {
  constructor(readonly dir: string) {}

  /** Fan-out folders known to be real directories (checked once per run). */
  private readonly subdirs = new Set<string>()

  /**
   * The entry's fan-out folder, checked with lstat (a symbolic link is refused): undefined when missing and
   * not `create`d. Entries are small and read one at a time, so the calls are synchronous: a thread-pool round
   * trip per entry costs more than the read.
   */
  private subdir(name: string, create: boolean): string | undefined {
    const sub = nodePath.join(this.dir, name.slice(0, 2))
    if (this.subdirs.has(sub)) return sub
    let st = lstatSync(sub, { throwIfNoEntry: false })
    if (!st && create) {
      try {
        mkdirSync(sub)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      st = lstatSync(sub)
    }
    if (!st) return undefined
    if (!st.isDirectory()) throw new Error(`${sub}: not a directory (symbolic links are not followed)`)
    this.subdirs.add(sub)
    return sub
  }

  async read(name: string, maxBytes: number): Promise<string | undefined> {
    if (!NAME.test(name)) return undefined
    let fd: number | undefined
    try {
      const sub = this.subdir(name, false)
      if (!sub) return undefined
      fd = openSync(nodePath.join(sub, `${name}.json`), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
      const st = fstatSync(fd)
      if (!st.isFile() || st.size > maxBytes) return undefined
      const buf = Buffer.allocUnsafe(st.size)
      let got = 0
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, got)
        if (n === 0) break
        got += n
      }
      return buf.toString('utf8', 0, got)
    } catch {
      return undefined
    } finally {
      if (fd !== undefined) closeSync(fd)
    }
  }

  async write(name: string, text: string): Promise<void> {
    if (!NAME.test(name)) throw new Error(`invalid entry name ${name}`)
    const sub = this.subdir(name, true)!
    const tmp = nodePath.join(sub, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644)
    try {
      try {
        writeFileSync(fd, text)
      } finally {
        closeSync(fd)
      }
      renameSync(tmp, nodePath.join(sub, `${name}.json`))
    } catch (err) {
      try {
        unlinkSync(tmp)
      } catch {
        /* already gone */
      }
      throw err
    }
  }
}


/**
 * The result cache in `dir` (created when missing), for a run checking the repository at `repoRoots`; a
 * `problem` (and no cache) when the folder cannot be used: the run then simply scans everything.
 */
export async function openResultCache(dir: string, o: { repoRoots: string[]; toolVersion: string }): Promise<{ cache?: ResultCache; problem?: string }> {
  const abs = nodePath.resolve(dir)
  try {
    const roots = await Promise.all(o.repoRoots.map((r) => realpath(r).catch(() => nodePath.resolve(r))))
    // Checked before anything is created, and again once the real path is known.
    const within = (p: string) => roots.some((r) => isInside(r, p))
    if (within(abs)) return { problem: `the cache folder ${dir} is inside the repository under check (its entries could come from the change): put it outside, e.g. under \${{ runner.temp }}; the run does not use a cache` }
    await mkdir(abs, { recursive: true })
    const st = await lstat(abs)
    if (st.isSymbolicLink() || !st.isDirectory()) return { problem: `the cache folder ${dir} is not a directory (symbolic links are not followed); the run does not use a cache` }
    if (within(await realpath(abs))) return { problem: `the cache folder ${dir} is inside the repository under check (its entries could come from the change): put it outside; the run does not use a cache` }
  } catch (err) {
    return { problem: `the cache folder ${dir} cannot be used (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the run does not use a cache` }
  }
  return { cache: new ResultCache(new DirectoryCacheStore(abs), o.toolVersion) }
}
