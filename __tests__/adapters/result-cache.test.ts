/** The result cache on disk and git blob ids: no symlink followed, atomic writes, only unchanged blobs keyed by id. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { ResultCache } from '../../src/core/cache.js'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { DirectoryCacheStore, openResultCache } from '../../src/adapters/fs/result-cache.js'
import { WorkspaceView } from '../../src/adapters/fs/workspace.js'
import { unchangedBlobs } from '../../src/adapters/git/git.js'
import { tempRepos } from '../support/gitrepo.js'

const repo = tempRepos('modelgate-cache-')
const KEY = 'ab' + 'c'.repeat(62)
const tmp = () => mkdtempSync(path.join(tmpdir(), 'modelgate-cachedir-'))

describe('DirectoryCacheStore', () => {
  it('writes atomically under a two-digit fan-out folder and reads the entry back, leaving no temporary file', async () => {
    const dir = tmp()
    const store = new DirectoryCacheStore(dir)
    await store.write(KEY, '{"x":1}')
    await store.write(KEY, '{"x":2}')
    expect(readdirSync(path.join(dir, 'ab'))).toEqual([`${KEY}.json`])
    expect(await store.read(KEY, 100)).toBe('{"x":2}')
    expect(await store.read('d'.repeat(64), 100)).toBeUndefined()
  })

  it('refuses names that are not keys, entries over the cap, and symbolic links (entry or folder)', async () => {
    const dir = tmp()
    const store = new DirectoryCacheStore(dir)
    await expect(store.write('../../etc/passwd', 'x')).rejects.toThrow('invalid entry name')
    expect(await store.read('../x', 100)).toBeUndefined()
    await store.write(KEY, 'x'.repeat(200))
    expect(await store.read(KEY, 100)).toBeUndefined()

    const outside = tmp()
    writeFileSync(path.join(outside, 'secret.json'), '{"secret":true}')
    const k2 = 'cd' + '0'.repeat(62)
    mkdirSync(path.join(dir, 'cd'))
    symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'cd', `${k2}.json`))
    expect(await store.read(k2, 100)).toBeUndefined()

    const k3 = 'ef' + '0'.repeat(62)
    symlinkSync(outside, path.join(dir, 'ef'))
    writeFileSync(path.join(outside, `${k3}.json`), '{}')
    expect(await store.read(k3, 100)).toBeUndefined()
    await expect(store.write(k3, '{"planted":true}')).rejects.toThrow('not a directory')
    expect(readdirSync(outside).sort()).toEqual([`${k3}.json`, 'secret.json'])
    expect(readFileSync(path.join(outside, `${k3}.json`), 'utf8')).toBe('{}')
  })
})

describe('openResultCache', () => {
  it('creates the folder; refuses one inside the repository under check or a symbolic link', async () => {
    const r = repo()
    const dir = path.join(tmp(), 'nested', 'cache')
    const ok = await openResultCache(dir, { repoRoots: [r.dir], toolVersion: '1' })
    expect(ok.problem).toBeUndefined()
    expect(ok.cache).toBeDefined()
    expect(existsSync(dir)).toBe(true)

    const inside = await openResultCache(path.join(r.dir, '.modelgate-cache'), { repoRoots: [r.dir], toolVersion: '1' })
    expect(inside.cache).toBeUndefined()
    expect(inside.problem).toMatch(/is inside the repository under check/)
    expect(existsSync(path.join(r.dir, '.modelgate-cache'))).toBe(false)

    const link = path.join(tmp(), 'link')
    symlinkSync(r.dir, link)
    const viaLink = await openResultCache(path.join(link, 'sub'), { repoRoots: [r.dir], toolVersion: '1' })
    expect(viaLink.cache).toBeUndefined()
    expect(viaLink.problem).toMatch(/inside the repository under check/)

    const linkDir = path.join(tmp(), 'cache-link')
    symlinkSync(tmp(), linkDir)
    const linked = await openResultCache(linkDir, { repoRoots: [r.dir], toolVersion: '1' })
    expect(linked.problem).toMatch(/not a directory \(symbolic links are not followed\)/)
  })
})

describe('git blob ids', () => {
  const big = (c: string) => c.repeat(2000)

  it('are known for committed, unmodified regular files (paths relative to a subdirectory); modified, staged, untracked files and symbolic links have none', async () => {
    const r = repo().write({ 'sub/a.bin': big('a'), 'sub/b.bin': big('b'), 'sub/c.bin': big('c'), 'top.bin': big('t'), 'sub/notes.txt': 'x' })
    symlinkSync('a.bin', path.join(r.dir, 'sub', 'link'))
    r.commit('one')
    r.write({ 'sub/b.bin': big('B') })
    r.write({ 'sub/c.bin': big('C') })
    r.git('add', 'sub/c.bin')
    r.write({ 'sub/new.bin': big('n') })
    const blobs = await unchangedBlobs(path.join(r.dir, 'sub'))
    expect([...blobs.keys()].sort()).toEqual(['a.bin', 'notes.txt'])
    expect(blobs.get('a.bin')).toEqual({ id: r.git('rev-parse', 'HEAD:sub/a.bin'), size: 2000 })
  })

  it('the workspace answers blobId only when the file on disk has the blob’s size and is larger than an LFS pointer', async () => {
    const r = repo().write({ 'a.bin': big('a'), 'small.txt': 'hello\n', 'lfs.bin': big('l') })
    r.commit('one')
    const blobs = async () => {
      const m = await unchangedBlobs(r.dir)
      // As with Git LFS: the blob is a pointer, the working tree holds other bytes of another size.
      m.set('lfs.bin', { id: 'f'.repeat(40), size: 130 })
      return m
    }
    const view = new WorkspaceView(r.dir, undefined, { results: new ResultCache(new DirectoryCacheStore(tmp()), 'v'), blobs })
    expect(await view.blobId('a.bin')).toBe(r.git('rev-parse', 'HEAD:a.bin'))
    expect(await view.blobId('small.txt')).toBeUndefined()
    expect(await view.blobId('lfs.bin')).toBeUndefined()
    expect(await view.blobId('missing.bin')).toBeUndefined()
    expect(await new WorkspaceView(r.dir).blobId('a.bin')).toBeUndefined()
  })

  it('digests of unchanged blobs come from the cache: the second run does not read the file', async () => {
    const r = repo().write({ 'model.bin': big('a') })
    r.commit('one')
    const store = new DirectoryCacheStore(tmp())
    const first = new ResultCache(store, 'v')
    const sha = await new WorkspaceView(r.dir, undefined, { results: first, blobs: () => unchangedBlobs(r.dir) }).digest('model.bin', 'sha256')
    expect(sha).toBe(createHash('sha256').update(big('a')).digest('hex'))
    expect(first.stats.hashes).toEqual({ hits: 0, misses: 1 })
    // The same blob id and size, other bytes on disk: a read would see them; the cache answers instead.
    const blobs = await unchangedBlobs(r.dir)
    writeFileSync(path.join(r.dir, 'model.bin'), big('b'))
    const second = new ResultCache(store, 'v')
    expect(await new WorkspaceView(r.dir, undefined, { results: second, blobs: async () => blobs }).digest('model.bin', 'sha256')).toBe(sha)
    expect(second.stats.hashes).toEqual({ hits: 1, misses: 0 })
    // Without a blob id (git now sees the change), the file is read.
    const third = new ResultCache(store, 'v')
    expect(await new WorkspaceView(r.dir, undefined, { results: third, blobs: () => unchangedBlobs(r.dir) }).digest('model.bin', 'sha256')).toBe(createHash('sha256').update(big('b')).digest('hex'))
    expect(third.stats.hashes).toEqual({ hits: 0, misses: 0 })
  })

  it('outside a repository, or before the first commit, there are none', async () => {
    expect((await unchangedBlobs(tmp())).size).toBe(0)
    const r = repo().write({ 'a.bin': big('a') })
    expect((await unchangedBlobs(r.dir)).size).toBe(0)
  })
})
