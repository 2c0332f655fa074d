import { describe, expect, it } from '@jest/globals'
import { MemoryView } from '../../../src/adapters/memory/view.js'
import { FileAccessError, type FileStat, type StreamOptions } from '../../../src/core/files.js'
import { runGate } from '../../../src/core/gate.js'
import { ruleSet } from '../../../src/rules/index.js'
import { policyFrom } from '../../support/harness.js'
import { fixture } from '../../formats/archive/support.js'

/** A view whose `m/escape.pt` is a symlink out of the workspace and whose `m/flaky.pkl` fails mid-read. */
class HostileView extends MemoryView {
  override async stat(path: string): Promise<FileStat | undefined> {
    if (path === 'm/escape.pt') throw new FileAccessError('outside-workspace', path, `${path}: symbolic link points outside the workspace; not followed`)
    return super.stat(path)
  }

  override async *stream(path: string, options?: StreamOptions): AsyncIterable<Uint8Array> {
    if (path !== 'm/flaky.pkl') {
      yield* super.stream(path, options)
      return
    }
    let n = 0
    for await (const c of super.stream(path, { ...options, chunkSize: 16 })) {
      if ((n += c.length) > 32) throw new FileAccessError('io', path, `${path}: EIO: i/o error, read`)
      yield c
    }
  }
}

describe('artifacts that cannot be read', () => {
  it('are reported by artifact/unscannable-code when they can carry a pickle (fail closed), never passed', async () => {
    const files = new HostileView({ 'm/escape.pt': 'x', 'm/flaky.pkl': fixture('benign/scheduler_unknown.pkl'), 'm/README.md': '# m\n' })
    const r = await runGate({
      ruleSet,
      policy: policyFrom('version: 1\nextends: strict\n'),
      files,
      run: { event: 'local', policyPath: '.github/modelgate.yml', now: new Date('2026-01-01') },
      tool: { name: 'modelgate', version: 'test' },
      only: ['artifact/unscannable', 'artifact/unscannable-code'],
    })
    expect(r.findings.map((f) => `${f.severity} ${f.path}: ${f.message}`)).toEqual([
      'error m/escape.pt: cannot be fully scanned as an unrecognised file: the file cannot be read: m/escape.pt: symbolic link points outside the workspace; not followed',
      'error m/flaky.pkl: cannot be fully scanned as a pickle: reading the data failed after 32 bytes (m/flaky.pkl: EIO: i/o error, read): the rest cannot be scanned',
    ])
    expect(r.verdict.conclusion).toBe('failure')
  })
})
