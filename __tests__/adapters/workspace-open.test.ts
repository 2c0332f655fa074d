/**
 * What the view found to be a regular file may be replaced before it is opened: a FIFO would block the read (and
 * the run), a symbolic link would lead elsewhere. Opening refuses both, at once.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { openRegularSync } from '../../src/adapters/fs/workspace.js'
import { FileAccessError } from '../../src/core/files.js'

const dir = mkdtempSync(path.join(tmpdir(), 'mg-open-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('openRegularSync', () => {
  it('opens a regular file', () => {
    writeFileSync(path.join(dir, 'a.bin'), 'abc')
    const fd = openRegularSync({ real: path.join(dir, 'a.bin'), size: 3 }, 'a.bin')
    const buf = Buffer.alloc(3)
    expect(readSync(fd, buf, 0, 3, 0)).toBe(3)
    closeSync(fd)
    expect(buf.toString()).toBe('abc')
  })

  it('refuses a FIFO that took the file’s place, without waiting for a writer', () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo')])
    // Opened blocking, this would wait for a writer forever (the test would time out).
    expect(() => openRegularSync({ real: path.join(dir, 'fifo'), size: 3 }, 'models/a.bin')).toThrow(new FileAccessError('io', 'models/a.bin', 'models/a.bin: no longer a regular file'))
  })

  it('does not follow a symbolic link that took the file’s place', () => {
    writeFileSync(path.join(dir, 'target.bin'), 'secret')
    symlinkSync(path.join(dir, 'target.bin'), path.join(dir, 'link.bin'))
    expect(() => openRegularSync({ real: path.join(dir, 'link.bin'), size: 6 }, 'link.bin')).toThrow(expect.objectContaining({ code: 'ELOOP' }) as unknown as Error)
  })
})
