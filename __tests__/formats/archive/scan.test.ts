import { gzipSync } from 'node:zlib'
import { describe, expect, it } from '@jest/globals'
import { scanArtifact } from '../../../src/formats/archive/scan.js'
import { makeClassifier } from '../../../src/formats/pickle/classify.js'
import { chunked, expectedFixtures, fixture, scanBytes } from './support.js'

const RULE_KIND: Record<string, string[]> = {
  'artifact/pickle-dangerous-global': ['dangerous-global', 'dangerous-construct'],
  'artifact/pickle-unknown-global': ['unknown-global'],
  'artifact/unscannable': ['unscannable'],
  'artifact/unscannable-code': ['unscannable', 'lfs'],
  'artifact/ambiguous-format': ['ambiguous'],
  'artifact/safetensors-invalid': ['safetensors-invalid'],
  'artifact/archive-unsafe': ['archive-unsafe'],
  'artifact/keras-unsafe-layer': ['keras-unsafe'],
  'artifact/lfs-pointer': ['lfs'],
}

/** The kinds of result a scan holds (globals by safety, issues by kind, lfs). */
function kinds(s: Awaited<ReturnType<typeof scanBytes>>): string[] {
  const k = new Set<string>()
  for (const g of s.globals) if (g.safety !== 'safe') k.add(`${g.safety}-global`)
  for (const i of s.issues) k.add(i.kind)
  if (s.lfs) k.add('lfs')
  return [...k].sort()
}

describe('scanArtifact over the generated fixtures', () => {
  const expected = expectedFixtures()
  const limits = { ratioMinBytes: 1 << 20 }

  it.each(Object.keys(expected))('%s', async (rel) => {
    const e = expected[rel]!
    const s = await scanBytes(fixture(rel), rel, { limits })
    const got = kinds(s)
    if (e.expect === 'clean') expect({ rel, got }).toEqual({ rel, got: [] })
    else {
      const want = e.rules.flatMap((r) => RULE_KIND[r] ?? [])
      expect({ rel, hit: want.some((k) => got.includes(k)) }).toEqual({ rel, hit: true })
    }
  })
})

describe('scanArtifact', () => {
  it('names the archive member and the offset of a dangerous global', async () => {
    const s = await scanBytes(fixture('malicious/hidden_in_state_dict.pt'), 'm/model.pt')
    expect(s.format).toBe('torch-zip')
    expect(s.globals.filter((g) => g.safety !== 'safe')).toEqual([
      { module: 'posix', name: 'system', safety: 'dangerous', reason: 'operating-system access (os on Linux/macOS)', entry: 'posix', member: 'archive/data.pkl', offset: 243, count: 1, opcode: 'GLOBAL' },
    ])
    expect(s.stats).toEqual({ pickles: 1, opcodes: 81, pickleBytes: 284, members: 6 })
  })

  it('does not scan tensor blobs of PyTorch zips as pickles', async () => {
    const s = await scanBytes(fixture('benign/tensor_blob_looks_like_pickle.pt'), 'a.pt')
    expect(s.issues).toEqual([])
    expect(s.stats.pickles).toBe(1)
  })

  it('recognises formats by content', async () => {
    const fmt = async (rel: string, path = rel) => (await scanBytes(fixture(rel), path)).format
    expect(await fmt('benign/state_dict_legacy.pt')).toBe('torch-legacy')
    expect(await fmt('benign/estimator.joblib', 'x/model.pkl')).toBe('joblib')
    expect(await fmt('benign/estimator_gzip.joblib')).toBe('joblib')
    expect(await fmt('benign/arrays.npz')).toBe('npz')
    expect(await fmt('benign/dense.keras')).toBe('keras')
    expect(await fmt('benign/model.safetensors', 'x/model.bin')).toBe('safetensors')
    expect(await fmt('benign/model.gguf')).toBe('gguf')
    expect(await fmt('lfs/model.safetensors')).toBe('lfs-pointer')
    expect(await fmt('corrupt/random.pt', 'x/model.onnx')).toBe('onnx')
    expect(await fmt('corrupt/random.pt')).toBe('pickle')
    expect(await fmt('benign/plain.npy', 'x/MLmodel')).toBe('mlflow')
  })

  it('reports zip hygiene problems with the member name', async () => {
    const msgs = async (rel: string, limits = {}) => (await scanBytes(fixture(rel), rel, { limits })).issues.map((i) => `${i.kind}/${i.code} ${i.member ?? ''}: ${i.message}`)
    expect(await msgs('malicious/zip_slip.npz')).toEqual([
      'archive-unsafe/path-escape ../../.github/workflows/pwn.yml: member `../../.github/workflows/pwn.yml` climbs out of the extraction directory with `..`: extracting the archive would write outside its directory',
    ])
    expect(await msgs('malicious/zip_absolute.zip')).toEqual([
      'archive-unsafe/path-escape /etc/cron.d/pwn: member `/etc/cron.d/pwn` is an absolute path: extracting the archive would write outside its directory',
    ])
    expect(await msgs('malicious/zip_symlink.pt')).toEqual([
      'archive-unsafe/symlink archive/link: member `archive/link` is a symbolic link: extracting it can redirect later writes outside the directory',
    ])
    expect(await msgs('malicious/zip_bomb.zip', { ratioMinBytes: 1 << 20 })).toEqual([
      'archive-unsafe/bomb weights.bin: member `weights.bin` expands 1028× (4080 → 4194304 bytes), beyond the 200× limit: a zip bomb',
      'archive-unsafe/bomb : the archive expands 1028× overall (4080 → 4194304 bytes), beyond the 200× limit: a zip bomb',
    ])
    expect(await msgs('malicious/zip_bomb.zip')).toEqual([])
    expect(await msgs('malicious/zip_nested_deep.zip')).toEqual([
      'archive-unsafe/nested-too-deep outer.zip!/inner.zip: member `outer.zip!/inner.zip` is an archive inside an archive inside the artifact: nesting deeper than one level is not scanned',
    ])
  })

  it('scans the content of a member whose name escapes, too', async () => {
    const s = await scanBytes(fixture('malicious/zip_slip_payload.zip'), 'a.zip')
    expect(s.issues.map((i) => i.code)).toEqual(['path-escape'])
    expect(s.globals.map((g) => `${g.member} ${g.module}.${g.name} ${g.safety}`)).toEqual(['../../hooks/post.pkl posix.system dangerous'])
  })

  it('scans one level of nested archives, deflated or stored', async () => {
    const s = await scanBytes(fixture('malicious/zip_nested_payload.zip'), 'a.zip')
    expect(s.globals.map((g) => `${g.member} ${g.module}.${g.name} @${g.offset}`)).toEqual(['models/inner.zip!/payload.pkl builtins.exec @29'])
  })

  it('detects duplicate and overlapping members', async () => {
    const zip = fixture('benign/arrays.npz')
    // Rename b.npy to a.npy in both headers: a duplicate name.
    const dup = zip.slice()
    for (let i = 0; i + 5 < dup.length; i++) if (dup[i] === 0x62 && dup[i + 1] === 0x2e && dup[i + 2] === 0x6e && dup[i + 3] === 0x70 && dup[i + 4] === 0x79) dup[i] = 0x61
    const s = await scanBytes(dup, 'x.npz')
    expect(s.issues.map((i) => i.code)).toEqual(['duplicate-name'])
  })

  it('reports damaged archives and unreadable members as unscannable', async () => {
    const s = await scanBytes(fixture('corrupt/truncated_zip.pt'), 'x.pt')
    expect(s.issues).toEqual([
      {
        kind: 'unscannable',
        code: 'damaged-zip',
        message: 'the zip archive cannot be read (End of central directory record signature not found. Either not a zip file, or file is truncated.): it is truncated or damaged, so its members cannot be scanned',
      },
    ])
  })

  it('streams: the same result whatever the chunk size, never reading the file whole', async () => {
    for (const rel of ['malicious/joblib_gzip.joblib', 'malicious/joblib_bz2.joblib', 'malicious/joblib_xz.joblib', 'malicious/joblib_lzma.joblib', 'malicious/lzma_member.pt', 'malicious/bzip2_member.pt', 'malicious/hidden_in_state_dict.pt', 'malicious/object_member.npz', 'benign/state_dict_legacy.pt']) {
      const bytes = fixture(rel)
      const whole = await scanBytes(bytes, rel)
      const small = await scanArtifact(chunked(bytes, 3), { path: rel, classify: makeClassifier() })
      expect({ rel, g: small.globals, i: small.issues }).toEqual({ rel, g: whole.globals, i: whole.issues })
    }
  })

  it('reports corrupt compressed data, and decompression bombs', async () => {
    expect((await scanBytes(fixture('corrupt/bz2.joblib'), 'm.joblib')).issues.map((i) => i.message)).toEqual([
      'reading the data failed after 0 bytes (corrupt bzip2 data (no symbols)): the rest cannot be scanned',
    ])
    const s = await scanBytes(fixture('benign/estimator_gzip.joblib'), 'm.joblib', { limits: { maxRatio: 1, ratioMinBytes: 10 } })
    expect(s.issues.map((i) => `${i.kind}/${i.code}`)).toEqual(['archive-unsafe/bomb'])
    const capped = await scanBytes(fixture('benign/estimator_gzip.joblib'), 'm.joblib', { limits: { maxDecompressedBytes: 100 } })
    expect(capped.issues.map((i) => `${i.kind}/${i.code}`)).toEqual(['archive-unsafe/bomb'])
  })

  it('stops a gzip bomb as it inflates, once the output passes ratioMinBytes at more than maxRatio (issue #17 item 1)', async () => {
    // A pickle whose BINBYTES8 operand is 64 MiB of zeros, gzip-compressed (~64 KiB): the guard must stop after
    // about 1 MiB of output, not inflate the whole stream.
    const body = Buffer.alloc(64 << 20)
    const head = Buffer.from([0x80, 0x04, 0x8e, ...[0, 0, 0, 4, 0, 0, 0, 0]])
    const gz = gzipSync(Buffer.concat([head, body, Buffer.from('.')]))
    const s = await scanBytes(gz, 'm.joblib', { limits: { ratioMinBytes: 1 << 20 } })
    const bomb = s.issues.find((i) => i.code === 'bomb')!
    expect(bomb.kind).toBe('archive-unsafe')
    expect(bomb.message).toMatch(/^the gzip stream expands more than 200× \(\d+ compressed bytes gave \d+ bytes, \d+×, and it goes on\): a decompression bomb; scanning stopped$/)
    // zlib reports what it consumed, so the guard stops right after ratioMinBytes of output.
    expect((bomb.details as { decompressedAtLeast: number }).decompressedAtLeast).toBeLessThan(2 << 20)
    expect(s.issues.map((i) => `${i.kind}/${i.code}`)).toEqual(['archive-unsafe/bomb'])
  })

  it('flags Keras Lambda layers and foreign modules, once per layer', async () => {
    const s = await scanBytes(fixture('malicious/lambda.keras'), 'm.keras')
    expect(s.issues.map((i) => i.message)).toEqual(['layer `exfil` (Lambda) at `config.layers[1]` in `config.json`: a `Lambda` layer carries Python code that runs when the model is loaded'])
    const trusted = await scanBytes(fixture('malicious/custom_module.keras'), 'm.keras', { kerasModules: ['evil_layers', 'evil_layers.**'] })
    expect(trusted.issues).toEqual([])
    const h5 = await scanBytes(fixture('malicious/lambda_legacy.h5'), 'm.h5')
    expect(h5.issues.map((i) => i.message)).toEqual(['a `Lambda` object at byte 1088: a `Lambda` layer carries Python code that runs when the model is loaded'])
  })

  it('checks GGUF, ONNX and NumPy structure', async () => {
    const msg = async (rel: string) => (await scanBytes(fixture(rel), rel)).issues.map((i) => i.message)
    expect(await msg('corrupt/truncated.gguf')).toEqual(['corrupt GGUF file: tensor `tok` ends at byte 384, past the end of the file (184 bytes): truncated'])
    expect(await msg('corrupt/truncated.onnx')).toEqual(['not a valid ONNX model: field 7 at byte 22 declares 78 bytes, past the end of its message (truncated or corrupt)'])
    expect(await msg('malicious/external_escape.onnx')).toEqual([
      "tensor `w` loads its data from `../../../../etc/passwd`, a path outside the model's directory: loading the model reads that file",
    ])
    expect(await msg('corrupt/truncated.npy')).toEqual(['the header declares 80 bytes of array data (shape [10], dtype "<f8") but the file holds 40: truncated'])
    expect(await msg('corrupt/random.pt')).toEqual([
      'byte 0xdf at offset 6 is not a pickle opcode: the stream is not a valid pickle (corrupt, or not a pickle at all); the scan stops (fail closed)',
    ])
  })

  it('fails closed when the source cannot be read', async () => {
    const src = { size: 100, readRange: async () => { throw new Error('EIO: i/o error') }, stream: async function* () { yield new Uint8Array(0) } }
    const s = await scanArtifact(src, { path: 'm.pt', classify: makeClassifier() })
    expect(s.issues).toEqual([{ kind: 'unscannable', code: 'read-error', message: 'the file could not be read (EIO: i/o error)' }])
  })
})
