import { describe, expect, it } from '@jest/globals'
import { detectCompression } from '../../../src/formats/archive/compression.js'
import { inspectKerasConfig, makeModuleMatcher } from '../../../src/formats/archive/keras.js'
import { checkTflite, parseLfsPointer } from '../../../src/formats/archive/magic.js'
import { dtypeInfo, parseNpyHeader } from '../../../src/formats/archive/npy.js'
import { unsafeMemberName } from '../../../src/formats/archive/zip.js'
import { fixture } from './support.js'

describe('npy headers', () => {
  it('parses the header dict and computes the data size', () => {
    const p = parseNpyHeader(fixture('benign/plain.npy'))
    expect(p).toEqual({ ok: true, header: { version: '1.0', dataStart: 128, descr: '<f4', fortranOrder: false, shape: [2, 3], hasObject: false, itemsize: 4, nbytes: 24 } })
    const s = parseNpyHeader(fixture('benign/structured.npy'))
    expect(s.ok && s.header.itemsize).toBe(20)
    const o = parseNpyHeader(fixture('malicious/object_array.npy'))
    expect(o.ok && o.header.hasObject).toBe(true)
  })

  it('knows numpy item sizes', () => {
    expect(dtypeInfo('<U10')).toEqual({ hasObject: false, itemsize: 40 })
    expect(dtypeInfo('|S5')).toEqual({ hasObject: false, itemsize: 5 })
    expect(dtypeInfo('<M8[ns]')).toEqual({ hasObject: false, itemsize: 8 })
    expect(dtypeInfo('|b1')).toEqual({ hasObject: false, itemsize: 1 })
    expect(dtypeInfo([['a', '|O'], ['b', '<f4']])).toEqual({ hasObject: true, itemsize: 12 })
    expect(dtypeInfo('what')).toBeUndefined()
  })

  it('recognises every spelling numpy accepts for object dtypes (issue #13 item 6), with benign twins', () => {
    for (const d of ['O', '|O', '<O', '=O', 'O8', '|O8', 'O4', 'object', 'object_', '|object', 'numpy.object_', '3O', '(2,3)O', 'i4,O', 'f8, object', ['|O', [2]], [['a', '<f4'], ['b', [['c', 'O']]]]]) {
      expect([d, dtypeInfo(d)?.hasObject]).toEqual([d, true])
    }
    for (const d of ['<f4', 'float32', 'int64', '(2,3)f4', 'i4,f8', ['<f4', [2, 2]], 'bool']) {
      expect([d, dtypeInfo(d)?.hasObject]).toEqual([d, false])
    }
    expect(dtypeInfo('(2,3)f4')).toEqual({ hasObject: false, itemsize: 24 })
    expect(dtypeInfo('i4,f8')).toEqual({ hasObject: false, itemsize: 12 })
    expect(dtypeInfo(['<f4', [2, 2]])).toEqual({ hasObject: false, itemsize: 16 })
  })

  it('rejects malformed headers', () => {
    expect(parseNpyHeader(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 9, 0, 0, 0]))).toEqual({ ok: false, error: 'unknown .npy format version 9.0' })
    const bad = fixture('benign/plain.npy').slice()
    bad[10] = 0x29 // ')' instead of '{' breaks the literal
    expect(parseNpyHeader(bad)).toMatchObject({ ok: false, error: expect.stringMatching(/^the header is not a Python literal/) })
  })
})

describe('magic and small formats', () => {
  it('detects compression by magic bytes', () => {
    expect(detectCompression(new Uint8Array([0x1f, 0x8b, 8]))).toBe('gzip')
    expect(detectCompression(new Uint8Array([0x78, 0x9c]))).toBe('zlib')
    expect(detectCompression(new TextEncoder().encode('BZh9'))).toBe('bz2')
    expect(detectCompression(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))).toBe('xz')
    expect(detectCompression(new Uint8Array([0x5d, 0, 0, 0x80]))).toBe('lzma')
    expect(detectCompression(new Uint8Array([0x04, 0x22, 0x4d, 0x18]))).toBe('lz4')
    expect(detectCompression(new Uint8Array([0x80, 4]))).toBeUndefined()
  })

  it('parses Git LFS pointers', () => {
    expect(parseLfsPointer(fixture('lfs/model.safetensors'))).toEqual({ algorithm: 'sha256', oid: '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393', size: 12345 })
    expect(parseLfsPointer(new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\n'))).toBeUndefined()
  })

  it('checks TFLite identifiers', () => {
    expect(checkTflite(new Uint8Array([16, 0, 0, 0, 0x54, 0x46, 0x4c, 0x33]), 64)).toBeUndefined()
    expect(checkTflite(new Uint8Array([16, 0, 0, 0, 0, 0, 0, 0]), 64)).toBe('missing the TFL3 FlatBuffer identifier')
  })

  it('names unsafe zip member paths', () => {
    expect(unsafeMemberName('a/b.pkl')).toBeUndefined()
    expect(unsafeMemberName('a/../../b')).toBe('climbs out of the extraction directory with `..`')
    expect(unsafeMemberName('C:/Windows/x')).toBe('is an absolute Windows path')
    expect(unsafeMemberName('..\\x')).toBe('uses backslashes (a path separator on Windows)')
  })

  it('inspects Keras configs', () => {
    const allow = makeModuleMatcher(['my_layers.**'])
    const cfg = { class_name: 'Functional', config: { layers: [
      { module: 'keras.layers', class_name: 'Dense', config: { name: 'd' }, registered_name: null },
      { module: 'my_layers.blocks', class_name: 'Block', config: { name: 'b' }, registered_name: 'my_layers>Block' },
      { module: 'builtins', class_name: 'function', config: 'eval', registered_name: 'function' },
    ] } }
    expect(inspectKerasConfig(cfg, allow)).toEqual([
      { path: 'config.layers[2]', className: 'function', module: 'builtins', registeredName: 'function', reason: "it imports module `builtins`, outside Keras' own namespaces" },
    ])
  })
})
