/** git, run as a subprocess: revisions, diffs and files at a revision. Never runs repository code. */
import { realpathSync, statSync } from 'node:fs'
import * as nodePath from 'node:path'
import { normalizeStatus, type ChangedFile } from '../../core/changes.js'
import type { BaseView } from '../../core/files.js'

export class GitError extends Error {}

export async function git(cwd: string, args: string[], options?: { maxBuffer?: number }): Promise<string> {
  // Loaded on first use: a folder outside any repository starts no git process (cold start).
  const { execFile } = await import('node:child_process')
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', ...args],
      { cwd, maxBuffer: options?.maxBuffer ?? 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        if (err) reject(new GitError(`git ${args.join(' ')}: ${(stderr || err.message).trim().split('\n')[0]}`))
        else resolve(stdout)
      },
    )
  })
}

/**
 * True when no git work tree can contain `dir`: neither `dir` nor a folder above it has a `.git` entry, and git's
 * environment names no repository (GIT_DIR, GIT_WORK_TREE). Git finds a work tree the same way, so asking it
 * would only cost a process.
 */
export function noRepositoryAbove(dir: string, env: Record<string, string | undefined> = process.env): boolean {
  if (env.GIT_DIR || env.GIT_WORK_TREE) return false
  // Git walks up the physical path (a folder reached through a symbolic link belongs to its target's repository).
  let start: string
  try {
    start = realpathSync(dir)
  } catch {
    return false
  }
  for (let d = start; ; d = nodePath.dirname(d)) {
    try {
      statSync(nodePath.join(d, '.git'))
      return false
    } catch (err) {
      // Unreadable is not absent: let git decide.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR') return false
    }
    if (nodePath.dirname(d) === d) return true
  }
}

/** The top-level directory of the work tree holding `cwd`, or undefined outside one (one git process). */
export async function gitWorkTree(cwd: string): Promise<string | undefined> {
  if (noRepositoryAbove(cwd)) return undefined
  try {
    const out = await git(cwd, ['rev-parse', '--is-inside-work-tree', '--show-toplevel'])
    // The top level is the rest of the output: a path may hold a newline.
    const nl = out.indexOf('\n')
    const top = out.slice(nl + 1).replace(/\n$/, '')
    return nl > 0 && out.slice(0, nl) === 'true' && top ? top : undefined
  } catch {
    return undefined
  }
}

/** True when `cwd` is inside a git work tree. */
export async function isGitRepo(cwd: string): Promise<boolean> {
  return (await gitWorkTree(cwd)) !== undefined
}

export async function revParse(cwd: string, rev: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim() || undefined
  } catch {
    return undefined
  }
}

/** The default branch's ref: origin/HEAD, else origin/main, main, origin/master, master. */
export async function defaultBranch(cwd: string): Promise<string | undefined> {
  try {
    const ref = (await git(cwd, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'])).trim()
    if (ref) return ref.replace(/^refs\/remotes\//, '')
  } catch {
    /* no origin/HEAD */
  }
  for (const c of ['origin/main', 'main', 'origin/master', 'master']) if (await revParse(cwd, c)) return c
  return undefined
}

export async function mergeBase(cwd: string, a: string, b = 'HEAD'): Promise<string | undefined> {
  try {
    return (await git(cwd, ['merge-base', a, b])).trim() || undefined
  } catch {
    return undefined
  }
}

/** Parses `git diff --name-status -z` output. */
export function parseNameStatus(out: string): ChangedFile[] {
  const parts = out.split('\0')
  const files: ChangedFile[] = []
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++]
    if (!code) continue
    const letter = code[0]!
    if (letter === 'R' || letter === 'C') {
      const from = parts[i++]!
      const to = parts[i++]!
      files.push(letter === 'R' ? { path: to, status: 'renamed', previousPath: from } : { path: to, status: 'added' })
    } else {
      files.push({ path: parts[i++]!, status: normalizeStatus(letter) })
    }
  }
  return files
}

/**
 * Files changed between `base` and `head`. Without `head`, compares `base` with the working tree and adds
 * untracked files (what a developer is about to commit).
 */
export async function changedFiles(cwd: string, base: string, head?: string): Promise<ChangedFile[]> {
  const args = ['diff', '--name-status', '-z', '--find-renames', '--relative', base]
  if (head) args.push(head)
  const files = parseNameStatus(await git(cwd, args))
  if (!head) {
    const untracked = (await git(cwd, ['ls-files', '--others', '--exclude-standard', '-z'])).split('\0').filter(Boolean)
    const seen = new Set(files.map((f) => f.path))
    for (const p of untracked) if (!seen.has(p)) files.push({ path: p, status: 'added' })
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/**
 * The repository's files below `cwd` as git sees them: tracked files still present, and untracked files
 * not ignored (paths relative to cwd). Ignored build output, virtualenvs and node_modules stay out unless
 * committed.
 */
export async function listRepositoryFiles(cwd: string): Promise<string[]> {
  const split = (s: string) => s.split('\0').filter(Boolean)
  const listed = split(await git(cwd, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']))
  const deleted = new Set(split(await git(cwd, ['ls-files', '-z', '--deleted'])))
  return [...new Set(listed.filter((p) => !deleted.has(p)))].sort()
}

/** A file's text at a revision, or undefined when it does not exist there. */
export async function showFile(cwd: string, rev: string, path: string): Promise<string | undefined> {
  // `./` makes the path relative to cwd, like `diff --relative`; `cat-file blob` refuses trees.
  try {
    return await git(cwd, ['cat-file', 'blob', `${rev}:./${path}`])
  } catch {
    return undefined
  }
}

export class GitBaseView implements BaseView {
  constructor(
    private readonly cwd: string,
    readonly ref: string,
  ) {}

  readText(path: string): Promise<string | undefined> {
    return showFile(this.cwd, this.ref, path)
  }
}

export interface BlobInfo {
  /** The blob's object id (SHA-1, or SHA-256 in a SHA-256 repository). */
  id: string
  size: number
}

/**
 * Blob ids of the regular files HEAD holds below `cwd` (paths relative to it) that neither the index nor
 * the working tree changes (`git status` reports nothing for them): found without reading any file. The
 * working-tree bytes may still differ from the blob when a filter converts them (Git LFS, eol): callers
 * compare sizes (`WorkspaceView.blobId`). Empty when git cannot tell (no commit yet, not a repository).
 * `git status` may refresh the index (as it does for a user): files that a checkout left "racily clean"
 * are then hashed by git once, not on every run.
 */
export async function unchangedBlobs(cwd: string): Promise<Map<string, BlobInfo>> {
  const out = new Map<string, BlobInfo>()
  try {
    const big = { maxBuffer: 1024 * 1024 * 1024 }
    const [tree, status, prefix] = await Promise.all([
      git(cwd, ['ls-tree', '-r', '-l', '-z', 'HEAD'], big),
      git(cwd, ['status', '--porcelain', '-z', '--no-renames', '--untracked-files=no', '--ignore-submodules=all', '--', '.'], big),
      git(cwd, ['rev-parse', '--show-prefix']),
    ])
    for (const rec of tree.split('\0')) {
      // <mode> SP <type> SP <id> SP+ <size> TAB <path>
      const m = /^(100644|100755) blob ([0-9a-f]{40,64}) +(\d+)\t(.+)$/s.exec(rec)
      if (m) out.set(m[4]!, { id: m[2]!, size: Number(m[3]) })
    }
    // Status paths are relative to the repository's top level.
    const pre = prefix.trim()
    for (const rec of status.split('\0')) {
      if (rec.length < 4) continue
      const p = rec.slice(3)
      out.delete(pre && p.startsWith(pre) ? p.slice(pre.length) : p)
    }
  } catch {
    out.clear()
  }
  return out
}
