/**
 * git as a subprocess, on temporary repositories made with `git init` and real commits.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { changedFiles, defaultBranch, GitBaseView, GitError, gitWorkTree, isGitRepo, mergeBase, noRepositoryAbove, parseNameStatus, revParse, showFile } from '../../src/adapters/git/git.js'

const dirs: string[] = []

class Repo {
  readonly dir: string
  constructor(branch = 'main') {
    this.dir = mkdtempSync(path.join(tmpdir(), 'modelgate-git-'))
    dirs.push(this.dir)
    this.git('init', '-q', '-b', branch)
    this.git('config', 'user.email', 'test@example.com')
    this.git('config', 'user.name', 'Test')
    this.git('config', 'commit.gpgsign', 'false')
  }
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
  }
  write(files: Record<string, string>): this {
    for (const [p, c] of Object.entries(files)) {
      const abs = path.join(this.dir, p)
      mkdirSync(path.dirname(abs), { recursive: true })
      writeFileSync(abs, c)
    }
    return this
  }
  remove(...ps: string[]): this {
    for (const p of ps) rmSync(path.join(this.dir, p), { force: true, recursive: true })
    return this
  }
  commit(message: string): string {
    this.git('add', '-A')
    this.git('commit', '-q', '--allow-empty', '-m', message)
    return this.git('rev-parse', 'HEAD')
  }
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const LONG = Array.from({ length: 40 }, (_, i) => `line ${i} of a file long enough for rename detection`).join('\n') + '\n'

describe('changedFiles', () => {
  let repo: Repo
  let c1: string
  let c2: string

  beforeAll(() => {
    repo = new Repo()
    repo.write({
      'models/a/README.md': '# A\n',
      'models/a/model.pt': 'v1',
      'models/b/model.onnx': 'b',
      'models/c/card.md': LONG,
      'sub/x.txt': 'x1',
      'top.txt': 't',
      '.gitignore': 'ignored.log\n',
    })
    c1 = repo.commit('one')
    repo.write({ 'models/a/model.pt': 'v2', 'models/d/new.pkl': 'new', 'sub/x.txt': 'x2', 'ü dir/naïve file.txt': 'u' })
    repo.remove('models/b/model.onnx')
    repo.git('mv', 'models/c/card.md', 'models/c/README.md')
    c2 = repo.commit('two')
  })

  it('lists added, modified, removed and renamed files between two commits, sorted', async () => {
    expect(await changedFiles(repo.dir, c1, c2)).toEqual([
      { path: 'models/a/model.pt', status: 'modified' },
      { path: 'models/b/model.onnx', status: 'removed' },
      { path: 'models/c/README.md', status: 'renamed', previousPath: 'models/c/card.md' },
      { path: 'models/d/new.pkl', status: 'added' },
      { path: 'sub/x.txt', status: 'modified' },
      { path: 'ü dir/naïve file.txt', status: 'added' },
    ])
  })

  it('an empty diff gives no files', async () => {
    expect(await changedFiles(repo.dir, c2, c2)).toEqual([])
  })

  it('without a head, compares with the working tree and adds untracked files (not ignored ones)', async () => {
    repo.write({ 'models/a/README.md': '# A changed\n', 'models/e/untracked.bin': 'u', 'ignored.log': 'x', 'sub/y.txt': 'new' })
    repo.remove('top.txt')
    try {
      expect(await changedFiles(repo.dir, c2)).toEqual([
        { path: 'models/a/README.md', status: 'modified' },
        { path: 'models/e/untracked.bin', status: 'added' },
        { path: 'sub/y.txt', status: 'added' },
        { path: 'top.txt', status: 'removed' },
      ])
    } finally {
      repo.git('checkout', '-q', '--', '.')
      repo.remove('models/e', 'ignored.log', 'sub/y.txt')
    }
  })

  it('from a subdirectory, paths are relative to it and changes outside it are left out (--relative)', async () => {
    const sub = path.join(repo.dir, 'sub')
    expect(await changedFiles(sub, c1, c2)).toEqual([{ path: 'x.txt', status: 'modified' }])
    repo.write({ 'sub/z.txt': 'untracked in sub', 'outside-untracked.txt': 'o' })
    try {
      expect(await changedFiles(sub, c2)).toEqual([{ path: 'z.txt', status: 'added' }])
    } finally {
      repo.remove('sub/z.txt', 'outside-untracked.txt')
    }
  })

  it('an unknown revision rejects with a GitError naming the command', async () => {
    const err = await changedFiles(repo.dir, 'no-such-rev', c2).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GitError)
    expect((err as Error).message).toMatch(/^git diff --name-status -z --find-renames --relative no-such-rev [0-9a-f]{40}: fatal: /)
  })
})

describe('showFile and GitBaseView', () => {
  let repo: Repo
  let c1: string

  beforeAll(() => {
    repo = new Repo()
    repo.write({ '.github/modelgate.yml': 'version: 1\nfail-on: error\n', 'sub/local.yml': 'sub v1\n' })
    c1 = repo.commit('one')
    repo.write({ '.github/modelgate.yml': 'version: 1\nfail-on: never\n', 'sub/local.yml': 'sub v2\n' })
    repo.commit('two')
  })

  it('reads a file at a revision, not the working tree', async () => {
    expect(await showFile(repo.dir, c1, '.github/modelgate.yml')).toBe('version: 1\nfail-on: error\n')
    expect(await showFile(repo.dir, 'HEAD', '.github/modelgate.yml')).toBe('version: 1\nfail-on: never\n')
    const view = new GitBaseView(repo.dir, c1)
    expect(view.ref).toBe(c1)
    expect(await view.readText('.github/modelgate.yml')).toBe('version: 1\nfail-on: error\n')
  })

  it('a missing file or revision gives undefined', async () => {
    expect(await showFile(repo.dir, c1, 'nope.yml')).toBeUndefined()
    expect(await showFile(repo.dir, 'no-such-rev', '.github/modelgate.yml')).toBeUndefined()
  })

  // Bug: `git show REV:PATH` resolves PATH from the repository root, while changedFiles uses `--relative` and
  // the workspace is the working directory: with a subdirectory as the working directory (action input
  // `working-directory`, `modelgate check DIR`), base reads look in the wrong place (the policy at the base
  // commit is not found, so the built-in policy is used). Fix: `git show REV:./PATH` resolves from the cwd.
  it('from a subdirectory, reads paths relative to it like changedFiles does', async () => {
    expect(await showFile(path.join(repo.dir, 'sub'), c1, 'local.yml')).toBe('sub v1\n')
  })

  // Bug (minor): `git show REV:DIR` prints a tree listing, so a directory reads as text instead of undefined.
  it('a directory is not a file', async () => {
    expect(await showFile(repo.dir, c1, '.github')).toBeUndefined()
  })
})

describe('revisions', () => {
  it('mergeBase finds the fork point of a branch', async () => {
    const repo = new Repo()
    repo.write({ 'a.txt': '1' })
    repo.commit('root')
    const fork = repo.commit('fork point')
    repo.git('checkout', '-q', '-b', 'feature')
    repo.write({ 'a.txt': 'feature' })
    const feature = repo.commit('feature work')
    repo.git('checkout', '-q', 'main')
    repo.write({ 'b.txt': 'main' })
    repo.commit('main work')
    expect(await mergeBase(repo.dir, 'main', 'feature')).toBe(fork)
    repo.git('checkout', '-q', 'feature')
    expect(await mergeBase(repo.dir, 'main')).toBe(fork)
    expect(await revParse(repo.dir, 'HEAD')).toBe(feature)
    expect(await mergeBase(repo.dir, 'no-such-branch')).toBeUndefined()
    expect(await revParse(repo.dir, 'no-such-branch')).toBeUndefined()
  })

  it('defaultBranch prefers origin/HEAD, then origin/main, main, origin/master, master', async () => {
    const repo = new Repo('main')
    repo.commit('c')
    expect(await defaultBranch(repo.dir)).toBe('main')
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD')
    expect(await defaultBranch(repo.dir)).toBe('origin/main')
    repo.git('update-ref', 'refs/remotes/origin/trunk', 'HEAD')
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk')
    expect(await defaultBranch(repo.dir)).toBe('origin/trunk')

    const master = new Repo('master')
    master.commit('c')
    expect(await defaultBranch(master.dir)).toBe('master')

    const other = new Repo('develop')
    other.commit('c')
    expect(await defaultBranch(other.dir)).toBeUndefined()
  })

  it('isGitRepo', async () => {
    const repo = new Repo()
    expect(await isGitRepo(repo.dir)).toBe(true)
    const plain = mkdtempSync(path.join(tmpdir(), 'modelgate-plain-'))
    dirs.push(plain)
    expect(await isGitRepo(plain)).toBe(false)
  })

  it('gitWorkTree gives the top level from a subdirectory, and nothing outside a work tree or inside .git', async () => {
    const repo = new Repo().write({ 'models/a/README.md': '# A\n' })
    repo.commit('one')
    const { realpathSync } = await import('node:fs')
    expect(realpathSync((await gitWorkTree(path.join(repo.dir, 'models/a')))!)).toBe(realpathSync(repo.dir))
    expect(await gitWorkTree(path.join(repo.dir, '.git'))).toBeUndefined()
    const plain = mkdtempSync(path.join(tmpdir(), 'modelgate-plain-'))
    dirs.push(plain)
    expect(await gitWorkTree(plain)).toBeUndefined()
  })

  it('gitWorkTree keeps a top-level path that holds a newline whole', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'modelgate-nl-'))
    dirs.push(parent)
    const dir = path.join(parent, 'a\nb')
    mkdirSync(dir)
    execFileSync('git', ['init', '-q'], { cwd: dir })
    const { realpathSync } = await import('node:fs')
    expect(await gitWorkTree(dir)).toBe(realpathSync(dir))
  })

  it('noRepositoryAbove: no .git up the tree and no GIT_DIR means no work tree, so no git process', () => {
    const repo = new Repo().write({ 'deep/er/x.txt': 'x' })
    expect(noRepositoryAbove(path.join(repo.dir, 'deep/er'), {})).toBe(false)
    const plain = mkdtempSync(path.join(tmpdir(), 'modelgate-plain-'))
    dirs.push(plain)
    mkdirSync(path.join(plain, 'sub'))
    // git is the oracle: outside any work tree (the usual temporary folder) the answer must be true.
    const gitSaysInside = (() => {
      try {
        return execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: path.join(plain, 'sub'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'true'
      } catch {
        return false
      }
    })()
    expect(noRepositoryAbove(path.join(plain, 'sub'), {})).toBe(!gitSaysInside)
    // git's environment can name a repository anywhere: then git decides.
    expect(noRepositoryAbove(plain, { GIT_DIR: repo.dir + '/.git' })).toBe(false)
    expect(noRepositoryAbove(plain, { GIT_WORK_TREE: plain })).toBe(false)
    // A folder reached through a symbolic link belongs to its target's repository, as git sees it.
    symlinkSync(path.join(repo.dir, 'deep'), path.join(plain, 'link'))
    expect(noRepositoryAbove(path.join(plain, 'link/er'), {})).toBe(false)
    // A linked worktree or a submodule has a .git file, not a folder.
    writeFileSync(path.join(plain, '.git'), 'gitdir: /elsewhere\n')
    expect(noRepositoryAbove(path.join(plain, 'sub'), {})).toBe(false)
  })
})

describe('parseNameStatus', () => {
  it('parses -z output: statuses, renames and copies with two paths, odd names', () => {
    const out = ['M', 'a.txt', 'R100', 'old name.txt', 'new\tname.txt', 'A', 'dir/ü.bin', 'D', 'gone', 'C075', 'src.py', 'copy.py', 'T', 'link', 'U', 'conflict', 'R087', 'x/a', 'y/a', 'M', 'line\nbreak', ''].join('\0')
    expect(parseNameStatus(out)).toEqual([
      { path: 'a.txt', status: 'modified' },
      { path: 'new\tname.txt', status: 'renamed', previousPath: 'old name.txt' },
      { path: 'dir/ü.bin', status: 'added' },
      { path: 'gone', status: 'removed' },
      { path: 'copy.py', status: 'added' },
      { path: 'link', status: 'modified' },
      { path: 'conflict', status: 'modified' },
      { path: 'y/a', status: 'renamed', previousPath: 'x/a' },
      { path: 'line\nbreak', status: 'modified' },
    ])
  })

  it('empty output gives no files', () => {
    expect(parseNameStatus('')).toEqual([])
    expect(parseNameStatus('\0')).toEqual([])
  })
})
