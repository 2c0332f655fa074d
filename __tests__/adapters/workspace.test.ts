/**
 * The workspace as a bounded, read-only FileView, on a real temporary directory.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { WorkspaceView } from '../../src/adapters/fs/workspace.js'
import { FileAccessError } from '../../src/core/files.js'

let base: string
let root: string
let outside: string

function write(rel: string, content: string | Uint8Array, dir = root): void {
  const abs = path.join(dir, rel)
  mkdirSync(path.dirname(abs), { recursive: true })
  writeFileSync(abs, content)
}

async function accessError(p: Promise<unknown>): Promise<{ code: string; path: string; message: string }> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(FileAccessError)
    const e = err as FileAccessError
    return { code: e.code, path: e.path, message: e.message }
  }
  throw new Error('expected a FileAccessError')
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for await (const c of it) out.push(c)
  return out
}

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'modelgate-ws-'))
  root = path.join(base, 'repo')
  outside = path.join(base, 'outside')
  mkdirSync(root)
  write('secret.txt', 'TOP SECRET', outside)
  mkdirSync(path.join(outside, 'dir'))
  write('models/a/model.pt', 'weights')
  write('models/a/README.md', '# Model A\n')
  write('.github/modelgate.yml', 'version: 1\n')
  write('.git/HEAD', 'ref: refs/heads/main\n')
  write('.git/objects/x.pt', 'object')
  write('node_modules/pkg/model.onnx', 'dep')
  write('web/node_modules/pkg/index.js', 'dep')
  write('sub/.git', 'gitdir: ../.git/modules/sub\n') // a submodule's .git is a file, not a directory: listed
  write('digits.bin', '0123456789')
  write('ü dir/naïve file.txt', 'unicode')
  symlinkSync(path.join(root, 'models/a/README.md'), path.join(root, 'models/link-abs.md'))
  symlinkSync('a/README.md', path.join(root, 'models/link-rel.md'))
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'models/a/escape.txt'))
  symlinkSync('../../../outside/secret.txt', path.join(root, 'models/a/escape-rel.txt'))
  symlinkSync(path.join(outside, 'dir'), path.join(root, 'outdir'))
  symlinkSync(path.join(root, 'models/a/escape.txt'), path.join(root, 'chain.txt'))
  symlinkSync(path.join(root, 'does-not-exist'), path.join(root, 'dangling.txt'))
  symlinkSync(root, path.join(base, 'repo-link'))
})

afterAll(() => {
  rmSync(base, { recursive: true, force: true })
})

describe('WorkspaceView.list', () => {
  it('lists every file and link as sorted POSIX paths, skipping .git and node_modules directories', async () => {
    expect(await new WorkspaceView(root).list()).toEqual([
      '.github/modelgate.yml',
      'chain.txt',
      'dangling.txt',
      'digits.bin',
      'models/a/README.md',
      'models/a/escape-rel.txt',
      'models/a/escape.txt',
      'models/a/model.pt',
      'models/link-abs.md',
      'models/link-rel.md',
      'outdir',
      'sub/.git',
      'ü dir/naïve file.txt',
    ])
  })
})

describe('WorkspaceView.entry', () => {
  const ws = () => new WorkspaceView(root)

  it('tells files, links (with their target as written) and directories a git listing names (submodules) apart, without following links', async () => {
    expect(await ws().entry('models/a/model.pt')).toEqual({ type: 'file' })
    expect(await ws().entry('models/link-rel.md')).toEqual({ type: 'symlink', target: 'a/README.md' })
    expect(await ws().entry('models/a/escape-rel.txt')).toEqual({ type: 'symlink', target: '../../../outside/secret.txt' })
    expect(await ws().entry('models/a')).toEqual({ type: 'submodule' })
    expect(await ws().entry('missing.txt')).toBeUndefined()
    expect(await ws().entry('../outside/secret.txt')).toBeUndefined()
  })
})

describe('reading through symbolic links', () => {
  const ws = () => new WorkspaceView(root)

  it('follows a link that stays inside the workspace (absolute or relative)', async () => {
    expect((await ws().readText('models/link-abs.md')).text).toBe('# Model A\n')
    expect((await ws().readText('models/link-rel.md')).text).toBe('# Model A\n')
    expect(await ws().stat('models/link-rel.md')).toEqual({ size: 10, symlink: true })
    expect(await ws().stat('models/a/README.md')).toEqual({ size: 10, symlink: false })
  })

  it('refuses a link that points outside the workspace', async () => {
    const msg = 'models/a/escape.txt: symbolic link points outside the workspace; not followed'
    expect(await accessError(ws().readText('models/a/escape.txt'))).toEqual({ code: 'outside-workspace', path: 'models/a/escape.txt', message: msg })
    expect(await accessError(ws().readRange('models/a/escape.txt', 0, 3))).toMatchObject({ code: 'outside-workspace' })
    expect(await accessError(collect(ws().stream('models/a/escape.txt')))).toMatchObject({ code: 'outside-workspace' })
    expect(await accessError(ws().stat('models/a/escape.txt'))).toMatchObject({ code: 'outside-workspace' })
    expect(await accessError(ws().readText('models/a/escape-rel.txt'))).toMatchObject({ code: 'outside-workspace', path: 'models/a/escape-rel.txt' })
  })

  it('refuses a chain of links that ends outside, and a link to an outside directory', async () => {
    expect(await accessError(ws().readText('chain.txt'))).toMatchObject({ code: 'outside-workspace', path: 'chain.txt' })
    expect(await accessError(ws().readText('outdir/../outdir/x'))).toMatchObject({ code: 'outside-workspace' })
    expect(await accessError(ws().stat('outdir'))).toMatchObject({ code: 'outside-workspace' })
  })

  it('reports a dangling link as not found', async () => {
    expect(await accessError(ws().readText('dangling.txt'))).toEqual({ code: 'not-found', path: 'dangling.txt', message: 'dangling.txt: symbolic link to a missing target' })
    expect(await ws().stat('dangling.txt')).toBeUndefined()
  })

  it('works when the workspace root itself is reached through a link', async () => {
    const linked = new WorkspaceView(path.join(base, 'repo-link'))
    expect((await linked.readText('models/link-abs.md')).text).toBe('# Model A\n')
    expect(await accessError(linked.readText('models/a/escape.txt'))).toMatchObject({ code: 'outside-workspace' })
  })
})

describe('paths outside the workspace', () => {
  const ws = () => new WorkspaceView(root)

  it.each(['../outside/secret.txt', 'models/../../outside/secret.txt', 'models/a/../README.md', '..\\outside\\secret.txt'])('rejects %s', async (p) => {
    expect(await accessError(ws().readText(p))).toEqual({ code: 'outside-workspace', path: p, message: `${p}: not a path inside the workspace` })
  })

  it('rejects absolute paths and the root itself', async () => {
    const abs = path.join(outside, 'secret.txt')
    expect(await accessError(ws().readText(abs))).toMatchObject({ code: 'outside-workspace', path: abs })
    expect(await accessError(ws().readText('.'))).toMatchObject({ code: 'outside-workspace' })
    expect(await accessError(ws().readText(''))).toMatchObject({ code: 'outside-workspace' })
  })

  it('stat never describes a file outside the workspace', async () => {
    // `..` leading out of the root: nothing is said about the outside file.
    expect(await ws().stat('../outside/secret.txt')).toBeUndefined()
    // `..` that stays inside is still refused.
    expect(await accessError(ws().stat('models/../digits.bin'))).toMatchObject({ code: 'outside-workspace', path: 'models/../digits.bin' })
  })
})

describe('reading files', () => {
  const ws = () => new WorkspaceView(root)

  it('readText returns text, size and whether it was truncated at maxBytes', async () => {
    expect(await ws().readText('digits.bin')).toEqual({ text: '0123456789', size: 10, truncated: false })
    expect(await ws().readText('digits.bin', { maxBytes: 4 })).toEqual({ text: '0123', size: 10, truncated: true })
    expect(await ws().readText('digits.bin', { maxBytes: 10 })).toEqual({ text: '0123456789', size: 10, truncated: false })
    expect(await ws().readText('digits.bin', { maxBytes: 0 })).toEqual({ text: '', size: 10, truncated: true })
    expect(await ws().readText('ü dir/naïve file.txt')).toEqual({ text: 'unicode', size: 7, truncated: false })
  })

  it('readText replaces a multi-byte character cut by maxBytes instead of failing', async () => {
    write('utf8.txt', 'aé') // 'é' is two bytes
    expect(await ws().readText('utf8.txt', { maxBytes: 2 })).toEqual({ text: 'a\ufffd', size: 3, truncated: true })
  })

  it('missing files and directories fail with clear codes', async () => {
    expect(await accessError(ws().readText('models/a/nope.txt'))).toEqual({ code: 'not-found', path: 'models/a/nope.txt', message: 'models/a/nope.txt: ENOENT' })
    expect(await accessError(ws().readText('models/a'))).toEqual({ code: 'not-a-file', path: 'models/a', message: 'models/a: not a regular file' })
    expect(await ws().stat('models/a')).toBeUndefined()
    expect(await ws().stat('models/a/nope.txt')).toBeUndefined()
  })

  it('readRange returns bytes [start, end), fewer at the end of the file', async () => {
    const text = (b: Uint8Array) => Buffer.from(b).toString()
    expect(text(await ws().readRange('digits.bin', 2, 5))).toBe('234')
    expect(text(await ws().readRange('digits.bin', 8, 100))).toBe('89')
    expect(text(await ws().readRange('digits.bin', 20, 30))).toBe('')
    expect(text(await ws().readRange('digits.bin', 5, 5))).toBe('')
    expect(text(await ws().readRange('digits.bin', 6, 2))).toBe('')
  })

  it('stream honours start, exclusive end and the chunk size', async () => {
    const chunks = await collect(ws().stream('digits.bin', { start: 1, end: 8, chunkSize: 3 }))
    expect(chunks.map((c) => Buffer.from(c).toString())).toEqual(['123', '456', '7'])
    expect((await collect(ws().stream('digits.bin', { chunkSize: 4 }))).map((c) => c.length)).toEqual([4, 4, 2])
    expect(await collect(ws().stream('digits.bin', { start: 5, end: 5 }))).toEqual([])
    expect(await collect(ws().stream('digits.bin', { start: 5, end: 2 }))).toEqual([])
    expect((await collect(ws().stream('digits.bin', { start: 7 }))).map((c) => Buffer.from(c).toString())).toEqual(['789'])
  })

  it('streams a 10 MB single-line file in bounded chunks', async () => {
    const size = 10 * 1024 * 1024
    write('big/one-line.csv', Buffer.alloc(size, 'a'))
    let total = 0
    let largest = 0
    let chunks = 0
    for await (const c of ws().stream('big/one-line.csv')) {
      total += c.length
      largest = Math.max(largest, c.length)
      chunks++
    }
    expect(total).toBe(size)
    expect(largest).toBeLessThanOrEqual(1024 * 1024)
    expect(chunks).toBeGreaterThanOrEqual(10)
    const head = await ws().readText('big/one-line.csv', { maxBytes: 16 })
    expect(head).toEqual({ text: 'a'.repeat(16), size, truncated: true })
  })
})
