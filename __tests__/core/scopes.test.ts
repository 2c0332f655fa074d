/**
 * The two scopes (issue: real repositories): governed model units a person would name, and safety/data
 * scanning of every file a change adds or modifies, wherever it is and whatever its name.
 */
import { describe, expect, it } from '@jest/globals'
import { MemoryView } from '../../src/adapters/memory/view.js'
import type { ChangedFile } from '../../src/core/changes.js'
import { readDeclared, sniffScope } from '../../src/core/discover.js'
import type { FileView } from '../../src/core/files.js'
import { buildUnits, DEFAULT_ARTIFACT_EXTENSIONS, type DiscoveryOptions } from '../../src/core/units.js'
import { sniffFile } from '../../src/formats/archive/sniff.js'
import { brief, check } from '../support/harness.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'

const opts = (o: Partial<DiscoveryOptions> = {}): DiscoveryOptions => ({ include: [], exclude: [], artifactExtensions: DEFAULT_ARTIFACT_EXTENSIONS, ...o })
const paths = (files: string[], o: Partial<DiscoveryOptions> = {}, changes?: ChangedFile[]) => buildUnits({ files, options: opts(o), changes })
const added = (...p: string[]): ChangedFile[] => p.map((path) => ({ path, status: 'added' }))

/** A protocol-2 pickle: GLOBAL 'os system', the argument, REDUCE, STOP — written as opcodes, never loaded. */
const EVIL = new Uint8Array([0x80, 0x02, ...Buffer.from('cos\nsystem\nq\x00X\x04\x00\x00\x00echoq\x01\x85q\x02Rq\x03.', 'latin1')])
/** A benign protocol-2 pickle of {'a': 1}. */
const BENIGN = new Uint8Array([0x80, 0x02, ...Buffer.from('}q\x00X\x01\x00\x00\x00aq\x01K\x01s.', 'latin1')])
const EMAILS = 'id,customer_email\n' + Array.from({ length: 20 }, (_, i) => `${i},person${i}@mailbox${i}.example.org`).join('\n') + '\n'

describe('governed units: what a person would name', () => {
  it('virtual environments (by folder name or pyvenv.cfg), site-packages, vendored, build, test fixtures, notebook checkpoints and run stores are not units', () => {
    const files = [
      'venv/lib/python3.11/site-packages/sklearn/datasets/data/x.pkl',
      'myenv/pyvenv.cfg',
      'myenv/lib/python3.11/site-packages/pkg/model.pt',
      'third_party/lib/weights.bin',
      'build/lib/pkg/m.onnx',
      'tests/fixtures/evil.pkl',
      'pkg/tests/data/m.joblib',
      'nb/.ipynb_checkpoints/model.pkl',
      'mlruns/0/abc123/artifacts/model/model.pkl',
      'mlruns/0/abc123/artifacts/model/MLmodel',
      'models/churn/model.pkl',
    ]
    expect(paths(files).all.map((u) => u.path)).toEqual(['models/churn'])
  })

  it('a training checkpoint-N/ folder without weights is not a unit; one holding weights is', () => {
    const files = ['out/checkpoint-500/optimizer.pt', 'out/checkpoint-500/rng_state.pth', 'out/checkpoint-1000/model.safetensors', 'out/checkpoint-1000/optimizer.pt']
    expect(paths(files).all.map((u) => u.path)).toEqual(['out/checkpoint-1000'])
  })

  it('models.include governs an excluded folder; models.default-exclude replaces the defaults', () => {
    expect(paths(['tests/golden/m.pt'], { include: ['tests/golden'] }).all.map((u) => u.path)).toEqual(['tests/golden'])
    expect(paths(['tests/golden/m.pt'], { defaultExclude: [] }).all.map((u) => u.path)).toEqual(['tests/golden'])
  })

  it('a conventional sub-folder whose parent holds the card is that parent (a model zoo folder with model/ inside)', () => {
    const files = ['validated/vision/squeezenet/README.md', 'validated/vision/squeezenet/model/squeezenet1.0-12.onnx', 'validated/vision/squeezenet/model/squeezenet1.0-12-int8.onnx', 'app/README.md', 'app/models/model.pkl', 'app/server.py']
    const r = paths(files, {}, [{ path: 'app/README.md', status: 'modified' }])
    expect(r.all.map((u) => [u.path, u.card])).toEqual([
      ['app', 'app/README.md'],
      ['validated/vision/squeezenet', 'validated/vision/squeezenet/README.md'],
    ])
    expect(r.selected.map((u) => u.path)).toEqual(['app'])
  })

  it('a unit in a conventional sub-folder takes the nearest card above it (never making the repository one unit), and a change to that card changes the unit', () => {
    const files = ['README.md', 'models/model.pkl', 'src/app.py', 'a/README.md', 'a/b/weights/m.pt']
    const r = paths(files, {}, [{ path: 'README.md', status: 'modified' }])
    expect(r.all.map((u) => [u.path, u.card])).toEqual([
      ['a/b/weights', 'a/README.md'],
      ['models', 'README.md'],
    ])
    expect(r.selected.map((u) => u.path)).toEqual(['models'])
    // A folder with a name of its own needs its own card.
    expect(paths(['app/README.md', 'app/churn/model.pkl']).all.map((u) => u.card)).toEqual([undefined])
  })

  it('models.units maps a unit to its card explicitly', () => {
    const r = paths(['docs/cards/churn.md', 'ml/churn/model.pkl'], { units: [{ path: 'ml/*', card: '../../docs/cards/churn.md' }] })
    expect(r.all.map((u) => [u.path, u.card])).toEqual([['ml/churn', 'docs/cards/churn.md']])
  })

  it('an export folder beside the weights belongs to the unit above it', () => {
    const r = paths(['hf/README.md', 'hf/config.json', 'hf/model.safetensors', 'hf/onnx/model.onnx', 'hf/onnx/model_quantized.onnx'])
    expect(r.all.map((u) => [u.path, u.artifacts])).toEqual([['hf', ['hf/model.safetensors', 'hf/onnx/model.onnx', 'hf/onnx/model_quantized.onnx']]])
  })

  it('an MLmodel at the root makes a unit of the root without swallowing units below it; its data/ stays its own', () => {
    const r = paths(['MLmodel', 'data/model.pkl', 'conda.yaml', 'models/a/model.pt', 'models/a/README.md'])
    expect(r.all.map((u) => [u.path, u.files])).toEqual([
      ['.', ['MLmodel', 'conda.yaml', 'data/model.pkl']],
      ['models/a', ['models/a/README.md', 'models/a/model.pt']],
    ])
  })
})

describe('pointers: DVC and registered MLflow models', () => {
  /** A view whose file list is git's (the pulled content is ignored by git, but present on disk). */
  const view = (listed: Record<string, string | Uint8Array>, onDisk: Record<string, string | Uint8Array> = {}): FileView => {
    const m = new MemoryView({ ...listed, ...onDisk })
    return Object.assign(Object.create(m) as FileView, { list: async () => Object.keys(listed).sort() })
  }

  it('a .dvc file declaring a model makes its folder a unit; data outputs do not', async () => {
    const v = view({
      'models/model.pkl.dvc': 'outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  size: 1234\n  hash: md5\n  path: model.pkl\n',
      'data/data.xml.dvc': 'outs:\n- md5: 22a1a2931c8370d3aeedd7183606fd7f\n  size: 14445097\n  path: data.xml\n',
    })
    const files = await v.list()
    const declared = await readDeclared(v, files, opts())
    expect(declared).toEqual([{ path: 'models/model.pkl', source: 'models/model.pkl.dvc', kind: 'dvc', dir: false, rawMd5: true, model: false, md5: '3863d0e317dee0a55c4e59d2ec0eef33', size: 1234, present: false }])
    const r = buildUnits({ files, options: opts(), declared })
    expect(r.all.map((u) => [u.path, u.artifacts])).toEqual([['models', []]])
  })

  it('dvc.yaml stage outputs and model artifacts, with md5 from dvc.lock; pulled content is scanned', async () => {
    const v = view(
      {
        'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    outs:\n    - model.pkl\n    - eval/plots:\n        cache: false\nartifacts:\n  churn:\n    path: model.pkl\n    type: model\n',
        'dvc.lock': 'schema: "2.0"\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: 0123456789abcdef0123456789abcdef\n      size: 20\n',
        'train.py': 'print(1)\n',
      },
      { 'model.pkl': EVIL },
    )
    const files = await v.list()
    const declared = await readDeclared(v, files, opts())
    expect(declared.map((d) => [d.path, d.md5, d.present, d.model])).toEqual([['model.pkl', '0123456789abcdef0123456789abcdef', true, true]])
    const r = buildUnits({ files, options: opts(), declared })
    expect(r.all.map((u) => [u.path, u.artifacts])).toEqual([['.', ['model.pkl']]])
  })

  it('a declared model that is not pulled is a dvc-not-pulled warning; a change to the pointer selects the unit', async () => {
    const r = await check({
      files: { 'models/churn/model.pkl.dvc': 'outs:\n- md5: 3863d0e317dee0a55c4e59d2ec0eef33\n  size: 1234\n  path: model.pkl\n', 'models/churn/README.md': GOOD_CARD },
      changes: [{ path: 'models/churn/model.pkl.dvc', status: 'modified' }],
      only: ['artifact/dvc-not-pulled'],
    })
    expect(r.units.selected.map((u) => u.path)).toEqual(['models/churn'])
    expect(brief(r)).toEqual([
      'artifact/dvc-not-pulled models/churn/model.pkl:0 is declared by `models/churn/model.pkl.dvc` (md5 3863d0e317de…, 1234 bytes) but its content is not in the workspace: it cannot be scanned; run `dvc pull` before modelgate',
    ])
    expect(r.findings[0]!.severity).toBe('warning')
  })

  it('a registered MLflow model version makes its run artifact folder a unit, though runs are not', async () => {
    const v = view({
      'mlruns/models/churn/version-1/meta.yaml': 'name: churn\nrun_id: 4f2c\nsource: file:///home/me/proj/mlruns/1/4f2c/artifacts/model\nversion: 1\n',
      'mlruns/1/4f2c/artifacts/model/MLmodel': 'flavors: {}\n',
      'mlruns/1/4f2c/artifacts/model/model.pkl': BENIGN,
      'mlruns/1/9999/artifacts/model/MLmodel': 'flavors: {}\n',
      'mlruns/1/9999/artifacts/model/model.pkl': BENIGN,
    })
    const files = await v.list()
    const declared = await readDeclared(v, files, opts())
    const r = buildUnits({ files, options: opts(), declared })
    expect(r.all.map((u) => u.path)).toEqual(['mlruns/1/4f2c/artifacts/model'])
  })
})

describe('content, not just names', () => {
  it('sniffs model formats from the first bytes whatever the name; text .pth files and SPSS .sav files are not models', async () => {
    const sniff = (b: Uint8Array) => sniffFile(b.length, async (s, e) => b.subarray(s, e))
    expect((await sniff(EVIL)).model).toBe('pickle')
    expect((await sniff(Buffer.from('ccopy_reg\n_reconstructor\np0\n(c__main__\nM\n'))).model).toBe('pickle')
    expect((await sniff(safetensors())).model).toBe('safetensors')
    expect((await sniff(Buffer.from('\x93NUMPY\x01\x00v\x00{"descr"', 'latin1'))).model).toBe('numpy')
    expect(await sniff(Buffer.from('/usr/lib/python3/dist-packages\nimport _virtualenv\n'))).toEqual({ text: true })
    expect((await sniff(Buffer.from('$FL2@(#) SPSS DATA FILE'))).notModel).toBe('SPSS data file')
    expect((await sniff(Buffer.from('SR\x00\x04\x00\x00\x00\x0a', 'latin1'))).notModel).toBe('IDL save file')
    expect((await sniff(Buffer.from('name,email\na,b\n'))).model).toBeUndefined()
    // `x = 1` starts like a zlib header (0x78 0x20): only an inflatable stream holding a pickle counts.
    expect((await sniff(Buffer.from('x = 1\n'))).model).toBeUndefined()
    const { deflateSync, gzipSync } = await import('node:zlib')
    expect((await sniff(deflateSync(EVIL))).model).toBe('compressed')
    expect((await sniff(gzipSync(EVIL))).model).toBe('compressed')
    expect((await sniff(gzipSync(Buffer.from('a,b\n1,2\n')))).model).toBeUndefined()
    // A gzipped tar: its member names decide (a zoneinfo tarball is not a checkpoint; a legacy torch tar is).
    const tar = (name: string) => {
      const h = Buffer.alloc(1024)
      h.write(name, 0, 'latin1')
      h.write('0000000010\0', 124, 'latin1')
      h.write('ustar\0', 257, 'latin1')
      return gzipSync(h)
    }
    expect((await sniff(tar('zoneinfo/Europe/Paris'))).model).toBeUndefined()
    expect((await sniff(tar('pickle'))).model).toBe('compressed')
    // A zip member whose bytes are a pickle, whatever its name; a zip of text is not a model.
    const zip = (name: string, data: Uint8Array) => {
      const h = Buffer.alloc(30)
      h.writeUInt32LE(0x04034b50, 0)
      h.writeUInt16LE(0, 8)
      h.writeUInt32LE(data.length, 18)
      h.writeUInt32LE(data.length, 22)
      h.writeUInt16LE(name.length, 26)
      return Buffer.concat([h, Buffer.from(name), data])
    }
    expect((await sniff(zip('data.txt', EVIL))).model).toBe('pickle-zip')
    expect((await sniff(zip('data.txt', Buffer.from('hello, world\n')))).model).toBeUndefined()
    expect((await sniff(zip('archive/data.pkl', BENIGN))).model).toBe('torch-zip')
    expect((await sniff(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))).model).toBe('7z')
  })

  it('a malicious pickle named checkpoint.pth.tar, model.sav or with no extension, anywhere in the change, is an error', async () => {
    const r = await check({
      files: { 'train/checkpoint.pth.tar': EVIL, 'app/model.sav': EVIL, 'tools/helper': EVIL, 'tests/fixtures/x.bin': EVIL, 'README.md': '# demo\n' },
      changes: added('train/checkpoint.pth.tar', 'app/model.sav', 'tools/helper', 'tests/fixtures/x.bin'),
      only: ['artifact/pickle-dangerous-global'],
    })
    expect(r.findings.map((f) => [f.path, f.model, f.severity])).toEqual([
      ['app/model.sav', 'app', 'error'],
      ['tests/fixtures/x.bin', undefined, 'error'],
      ['tools/helper', undefined, 'error'],
      ['train/checkpoint.pth.tar', 'train', 'error'],
    ])
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('a text .pth in site-packages is neither a unit nor an artifact', async () => {
    const files = { 'venv/lib/python3.11/site-packages/distutils-precedence.pth': "import os; var = 'SETUPTOOLS_USE_DISTUTILS'\n", 'src/app.py': 'x = 1\n' }
    const r = await check({ files, changes: added(...Object.keys(files)) })
    expect(r.units.all).toEqual([])
    expect(r.findings).toEqual([])
  })

  it('under --all, files in excluded folders are quiet (they are scanned when a change touches them)', async () => {
    const r = await check({ files: { 'tests/fixtures/evil.pkl': EVIL, 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD }, only: ['artifact/pickle-dangerous-global'] })
    expect(r.findings).toEqual([])
  })

  it('sniffScope reads only files in scope plus model-named files whose content may deny it', async () => {
    const v = new MemoryView({ 'a/x.pth': 'paths\n', 'b/y.csv': 'a,b\n', 'c/z.py': 'x=1\n' })
    const s = await sniffScope(v, await v.list(), opts(), added('c/z.py'), false)
    expect([...s.keys()].sort()).toEqual(['a/x.pth', 'c/z.py'])
  })
})

describe('data outside units', () => {
  it('a CSV of customer e-mails outside any model directory is reported, attributed to the repository', async () => {
    const r = await check({ files: { 'exports/customers.csv': EMAILS, 'src/app.py': 'x=1\n' }, changes: added('exports/customers.csv', 'src/app.py'), only: ['pii/email'] })
    expect(brief(r)).toEqual(['pii/email exports/customers.csv:2 20 email addresses in column "customer_email" (first: p***@m***.org)'])
    expect(r.findings[0]!.model).toBeUndefined()
  })

  it('prose and configuration outside units are not data: a CODE_OF_CONDUCT.md contact is not a leak', async () => {
    const files = { 'CODE_OF_CONDUCT.md': 'Report issues to conduct@project.example.org\n', 'setup.cfg': 'author_email = dev@project.example.org\n' }
    const r = await check({ files, changes: added(...Object.keys(files)), only: ['pii/email'] })
    expect(r.findings).toEqual([])
  })

  it('inside a unit, the card and text files are still scanned', async () => {
    const r = await check({
      files: { 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD, 'models/a/notes.txt': 'customer ada.lovelace@mailbox.example.org called\n' },
      only: ['pii/email'],
    })
    expect(r.findings.map((f) => [f.path, f.model])).toEqual([['models/a/notes.txt', 'models/a']])
  })
})

describe('nothing hidden by indirection', () => {
  const run = (special: ConstructorParameters<typeof MemoryView>[1], changes?: ChangedFile[]) => {
    const files = { 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD, 'src/app.py': 'x=1\n' }
    return import('../../src/core/gate.js').then(async ({ runGate }) => {
      const { policyFrom } = await import('../support/harness.js')
      const { ruleSet } = await import('../../src/rules/index.js')
      return runGate({
        ruleSet,
        policy: policyFrom(undefined),
        files: new MemoryView(files, special),
        run: { event: 'local', policyPath: '.github/modelgate.yml', changes, now: new Date('2026-11-26T12:00:00Z') },
        tool: { name: 'modelgate', version: 'test' },
        only: ['artifact/symlink', 'artifact/symlink-inside', 'artifact/submodule'],
      })
    })
  }

  it('a symlinked model or data file, or a link out of the repository, is an error naming the target; a harmless link is quiet', async () => {
    const r = await run(
      {
        'models/a/extra.pkl': { type: 'symlink', target: '/opt/shared/model.pkl' },
        'data/customers.csv': { type: 'symlink', target: '../../exports/customers.csv' },
        'docs/etc': { type: 'symlink', target: '../../../etc' },
        'docs/README.md': { type: 'symlink', target: '../README.md' },
      },
      added('models/a/extra.pkl', 'data/customers.csv', 'docs/etc', 'docs/README.md'),
    )
    expect(r.findings.map((f) => `${f.ruleId} ${f.path} ${f.severity} ${f.model ?? '-'}: ${f.message}`)).toEqual([
      'artifact/symlink data/customers.csv error -: is a symbolic link to `../../exports/customers.csv`, which points outside the repository: links are not followed out of the workspace, so its content is not checked; commit the file itself',
      'artifact/symlink-inside docs/README.md notice -: is a symbolic link to `../README.md` (`README.md` in this repository), checked in its place',
      'artifact/symlink docs/etc error -: is a symbolic link to `../../../etc`, which points outside the repository: links are not followed out of the workspace, so its content is not checked; commit the file itself',
      'artifact/symlink models/a/extra.pkl error models/a: is a symbolic link to `/opt/shared/model.pkl`, which points outside the repository: links are not followed out of the workspace, so its content is not checked; commit the file itself',
    ])
  })

  it('a link inside the repository to a model file is still an error (what it stands for may change)', async () => {
    const r = await run({ 'models/a/latest.pt': { type: 'symlink', target: 'model.safetensors' } }, added('models/a/latest.pt'))
    expect(r.findings.map((f) => f.message)).toEqual(['is a symbolic link to `model.safetensors`, which stands for a model or data file: links are not followed, so its content is not checked; commit the file itself'])
  })

  it('a submodule inside a model unit is a warning; outside any unit it is not a model concern', async () => {
    const r = await run({ 'models/a/weights': { type: 'submodule' }, 'third_party/lib': { type: 'submodule' } }, added('models/a/weights', 'third_party/lib'))
    expect(r.findings.map((f) => `${f.ruleId} ${f.path} ${f.severity}`)).toEqual(['artifact/submodule models/a/weights warning'])
  })
})

describe('explicit, visible exclusions from scanning', () => {
  it('models.exclude removes a folder from governance, not from safety scanning; settings.artifact.exclude does that', async () => {
    const files = { 'legacy/m/model.pkl': EVIL }
    const changes = added('legacy/m/model.pkl')
    const governed = await check({ files, changes, policy: 'version: 1\nmodels:\n  exclude: ["legacy/**"]\n', only: ['artifact/pickle-dangerous-global'] })
    expect(governed.units.all).toEqual([])
    expect(governed.findings.map((f) => [f.path, f.model])).toEqual([['legacy/m/model.pkl', undefined]])
    const skipped = await check({ files, changes, policy: 'version: 1\nsettings:\n  artifact:\n    exclude: ["legacy/**"]\n', only: ['artifact/pickle-dangerous-global'] })
    expect(skipped.findings).toEqual([])
  })
})

describe('cards as people save them', () => {
  it('a UTF-16 card with a byte-order mark is read as text', async () => {
    const text = '---\nlicense: mit\n---\n# Iris classifier\n'
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const r = await check({ files: { 'models/model.pkl': BENIGN, 'models/README.md': utf16 }, only: ['doc/card-unreadable', 'doc/front-matter-missing'] })
    expect(r.findings).toEqual([])
  })
})

describe('one finding per cause on real repository shapes', () => {
  const pointer = (oid: string) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid.repeat(64).slice(0, 64)}\nsize 1234\n`

  it('Git LFS pointers of one unit are one finding listing them', async () => {
    const r = await check({
      files: { 'hf/README.md': GOOD_CARD, 'hf/pytorch_model.bin': pointer('a'), 'hf/training_args.bin': pointer('b'), 'hf/checkpoint-500/pytorch_model.bin': pointer('c') },
      only: ['artifact/unscannable-code'],
    })
    expect(r.units.all.map((u) => u.path)).toEqual(['hf'])
    expect(brief(r)).toEqual([
      'artifact/unscannable-code hf/checkpoint-500/pytorch_model.bin:1 3 files are Git LFS pointers standing for files that can carry a pickle (`hf/checkpoint-500/pytorch_model.bin`, `hf/pytorch_model.bin`, `hf/training_args.bin`): their content is not checked out, so it cannot be scanned; check out with LFS content (actions/checkout `lfs: true`)',
    ])
  })

  it('training checkpoints and backup copies inside a unit belong to it', () => {
    const r = paths(['models/README.md', 'models/model.pkl', 'models/backup_2024-01-02/model.pkl', 'models/old/model.pkl', 'run/model.safetensors', 'run/checkpoint-500/model.safetensors'])
    expect(r.all.map((u) => u.path)).toEqual(['models', 'run'])
  })

  it('a gzip-compressed pickle named .pkl.gzip is decompressed and scanned', async () => {
    const { gzipSync } = await import('node:zlib')
    const r = await check({ files: { 'data/joblib_0.10.0_pickle.pkl.gzip': gzipSync(EVIL) }, changes: added('data/joblib_0.10.0_pickle.pkl.gzip'), only: ['artifact/pickle-dangerous-global', 'artifact/unscannable', 'artifact/unscannable-code'] })
    expect(r.findings.map((f) => f.ruleId)).toEqual(['artifact/pickle-dangerous-global'])
  })

  it('installed third-party packages are not scanned for personal data by default (their model files still are)', async () => {
    const files = { 'venv/Lib/site-packages/pkg/data/people.csv': EMAILS, 'venv/Lib/site-packages/pkg/m.pkl': EVIL }
    const r = await check({ files, changes: added(...Object.keys(files)), only: ['pii/email', 'artifact/pickle-dangerous-global'] })
    expect(r.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['artifact/pickle-dangerous-global venv/Lib/site-packages/pkg/m.pkl'])
    const all = await check({ files, changes: added(...Object.keys(files)), policy: 'version: 1\nsettings:\n  pii:\n    exclude: []\n', only: ['pii/email'] })
    expect(all.findings.map((f) => f.path)).toEqual(['venv/Lib/site-packages/pkg/data/people.csv'])
  })

  it('an SSH git remote is not an e-mail address', async () => {
    const csv = 'name,remote\nmodel,git@github.com:acme/model.git\nother,jane.doe@mailbox.example.org\n'
    const r = await check({ files: { 'exports/remotes.csv': csv }, changes: added('exports/remotes.csv'), only: ['pii/email'] })
    expect(r.findings.map((f) => f.details?.count)).toEqual([1])
  })
})

describe('benign shapes of real fixtures', () => {
  it('a line break after STOP is not trailing data; a second pickle after it is still ambiguous', async () => {
    const nl = new Uint8Array([...BENIGN, 0x0a])
    const twice = new Uint8Array([...BENIGN, 0x0a, ...BENIGN])
    const r = await check({ files: { 'm/a.pkl': nl, 'm/b.pkl': twice }, only: ['artifact/unscannable-code', 'artifact/ambiguous-format'] })
    expect(r.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['artifact/ambiguous-format m/b.pkl'])
  })
})

describe('pointers are not data', () => {
  it('a Git LFS pointer named .tar.gz or .csv is not read as data', async () => {
    const ptr = 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 99\n'
    const r = await check({ files: { 'm/model.onnx.tar.gz': ptr, 'm/data.csv': ptr, 'm/README.md': GOOD_CARD, 'm/model.safetensors': safetensors() }, only: ['pii/scan-error', 'pii/email'] })
    expect(r.findings).toEqual([])
  })

  it('a gzip-compressed pickle named .pklz is decompressed and scanned', async () => {
    const { gzipSync } = await import('node:zlib')
    const r = await check({ files: { 'm/maps.pklz': gzipSync(EVIL) }, changes: added('m/maps.pklz'), only: ['artifact/pickle-dangerous-global', 'artifact/unscannable'] })
    expect(r.findings.map((f) => f.ruleId)).toEqual(['artifact/pickle-dangerous-global'])
  })
})

describe('unreadable files in the change', () => {
  it('a file in the change that cannot be read is a blocking finding, whatever its name', async () => {
    const view = new MemoryView({ 'notes/readme.txt': 'x', 'models/a/model.safetensors': safetensors(), 'models/a/README.md': GOOD_CARD })
    const broken = Object.assign(Object.create(view) as FileView, {
      readRange: async (p: string, s: number, e: number) => {
        if (p === 'notes/readme.txt') throw new Error('EIO: i/o error')
        return view.readRange(p, s, e)
      },
      stream: (p: string, o?: Parameters<FileView['stream']>[1]) => {
        if (p === 'notes/readme.txt') throw new Error('EIO: i/o error')
        return view.stream(p, o)
      },
    })
    const { runGate } = await import('../../src/core/gate.js')
    const { policyFrom } = await import('../support/harness.js')
    const { ruleSet } = await import('../../src/rules/index.js')
    const r = await runGate({
      ruleSet,
      policy: policyFrom(undefined),
      files: broken,
      run: { event: 'local', policyPath: '.github/modelgate.yml', changes: added('notes/readme.txt'), now: new Date('2026-11-26T12:00:00Z') },
      tool: { name: 'modelgate', version: 'test' },
      only: ['artifact/unscannable', 'artifact/unscannable-code'],
    })
    expect(r.findings.map((f) => `${f.ruleId} ${f.path} ${f.severity}`)).toEqual(['artifact/unscannable-code notes/readme.txt error'])
  })
})

describe('pickles without a PROTO header, found by walking their opcodes', () => {
  // Protocol 0 with a harmless first opcode, and a protocol 4 stream without PROTO: written by hand, never loaded.
  const P0 = Buffer.from("I0\n0cos\nsystem\n(S'id'\ntR.", 'latin1')
  const P4 = Buffer.from('\x8c\x02os\x94\x8c\x06system\x94\x93\x94\x8c\x02id\x94\x85\x94R\x94.', 'latin1')

  it('they sniff as pickles; text, a .pth path file and a CSV do not', async () => {
    const sniff = (b: Uint8Array) => sniffFile(b.length, async (s, e) => b.subarray(s, e))
    expect((await sniff(P0)).model).toBe('pickle')
    expect((await sniff(P4)).model).toBe('pickle')
    for (const text of ["import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'\n", '/usr/lib/python3/dist-packages\n', 'name,email\nada,a@b.org\n', 'Hello world, this is a README.\n', 'I am a note\n(see above)\n', '1.1475936e+00 2.3\n0.5 0.25\n', 'gunicorn==19.7.1\nflask==0.12\n', 'python 2.7 svmlight\n']) {
      expect((await sniff(Buffer.from(text))).model).toBeUndefined()
    }
  })

  it('a protocol-0 pickle named .pth and a PROTO-less pickle named .dat are scanned', async () => {
    const r = await check({ files: { 'models/a/model.pth': P0, 'blob.dat': P4 }, changes: added('models/a/model.pth', 'blob.dat'), only: ['artifact/pickle-dangerous-global'] })
    expect(r.findings.map((f) => f.path)).toEqual(['blob.dat', 'models/a/model.pth'])
  })
})

describe('DVC outputs that leave the repository', () => {
  it('are not taken for workspace files', async () => {
    const { parseDvcFile } = await import('../../src/formats/dvc.js')
    expect(parseDvcFile('m.dvc', 'outs:\n- path: ../../x.pkl\n- path: /abs/m.pkl\n- path: ok.pkl\n').map((o) => o.path)).toEqual(['ok.pkl'])
    expect(parseDvcFile('a/m.dvc', 'outs:\n- path: ../b/y.pkl\n').map((o) => o.path)).toEqual(['b/y.pkl'])
  })
})
