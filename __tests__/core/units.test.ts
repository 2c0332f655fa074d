/**
 * Model-unit discovery and the changed-file → unit mapping (pure: a list of paths in, units out).
 */
import { describe, expect, it } from '@jest/globals'
import type { ChangedFile } from '../../src/core/changes.js'
import { normalizeStatus } from '../../src/core/changes.js'
import {
  buildUnits,
  DEFAULT_ARTIFACT_EXTENSIONS,
  discoverUnitRoots,
  isArtifact,
  unitOf,
  type DiscoveryOptions,
  type ModelUnit,
} from '../../src/core/units.js'

const opts = (o: Partial<DiscoveryOptions> = {}): DiscoveryOptions => ({
  include: [],
  exclude: [],
  artifactExtensions: DEFAULT_ARTIFACT_EXTENSIONS,
  ...o,
})

const roots = (files: string[], o: Partial<DiscoveryOptions> = {}) => discoverUnitRoots(files, opts(o))

const summary = (u: ModelUnit) => ({ path: u.path, status: u.status, changed: u.changed })

describe('discovery', () => {
  it.each(['.pt', '.pth', '.bin', '.ckpt', '.safetensors', '.onnx', '.pkl', '.pickle', '.joblib', '.h5', '.keras', '.gguf', '.tflite', '.pb', '.npy', '.npz', '.mlmodel'])(
    'a directory holding a %s file is a unit',
    (ext) => {
      expect(roots([`models/m/weights${ext}`, 'models/m/README.md', 'docs/x.md'])).toEqual(['models/m'])
    },
  )

  it('the default extension list is exactly the documented one', () => {
    expect(DEFAULT_ARTIFACT_EXTENSIONS).toEqual([
      '.pt', '.pth', '.bin', '.ckpt', '.safetensors', '.onnx', '.pkl', '.pickle', '.joblib', '.h5', '.keras', '.gguf', '.tflite', '.pb', '.npy', '.npz', '.mlmodel',
      '.pth.tar', '.pkl.gz', '.pt.zip', '.sav', '.dill', '.nemo', '.mar',
    ])
  })

  it('an MLflow MLmodel file makes a unit', () => {
    expect(roots(['serving/model/MLmodel', 'serving/model/conda.yaml'])).toEqual(['serving/model'])
    // Runs in an experiment store are not governed units (a registered model version is: see discovery tests).
    expect(roots(['mlruns/1/abc/artifacts/model/MLmodel', 'mlruns/1/abc/artifacts/model/model.pkl'])).toEqual([])
  })

  it('extensions match case-insensitively; non-artifacts do not make units', () => {
    expect(isArtifact('a/MODEL.PT', DEFAULT_ARTIFACT_EXTENSIONS)).toBe(true)
    expect(isArtifact('a/model.pt.txt', DEFAULT_ARTIFACT_EXTENSIONS)).toBe(false)
    expect(isArtifact('a/readme.md', DEFAULT_ARTIFACT_EXTENSIONS)).toBe(false)
    expect(isArtifact('a/MLmodel', DEFAULT_ARTIFACT_EXTENSIONS)).toBe(true)
    expect(roots(['src/app.py', 'data/train.csv', 'README.md'])).toEqual([])
  })

  it('artifact extensions given to discovery are the effective list (the policy adds to the defaults)', () => {
    expect(roots(['a/m.custom', 'b/m.pt'], { artifactExtensions: ['.custom'] })).toEqual(['a'])
  })

  it('a unit owns everything below it except nested units', () => {
    const { all } = buildUnits({
      files: ['m/model.pt', 'm/README.md', 'm/data/sample.csv', 'm/sub/model.onnx', 'm/sub/README.md', 'm/sub/deep/x.txt', 'other.txt'],
      options: opts(),
    })
    expect(all.map((u) => [u.path, u.files, u.artifacts])).toEqual([
      ['m', ['m/README.md', 'm/data/sample.csv', 'm/model.pt'], ['m/model.pt']],
      ['m/sub', ['m/sub/README.md', 'm/sub/deep/x.txt', 'm/sub/model.onnx'], ['m/sub/model.onnx']],
    ])
  })

  it('MLflow subfolders are not separate units', () => {
    const files = ['mlflow/m/MLmodel', 'mlflow/m/data/model.pkl', 'mlflow/m/artifacts/tok/vocab.bin', 'mlflow/m/README.md']
    expect(roots(files)).toEqual(['mlflow/m'])
    const { all } = buildUnits({ files, options: opts() })
    expect(all).toHaveLength(1)
    expect(all[0]!.files).toEqual(['mlflow/m/MLmodel', 'mlflow/m/README.md', 'mlflow/m/artifacts/tok/vocab.bin', 'mlflow/m/data/model.pkl'])
    expect(all[0]!.artifacts).toEqual(['mlflow/m/MLmodel', 'mlflow/m/artifacts/tok/vocab.bin', 'mlflow/m/data/model.pkl'])
  })

  it('an explicitly included subfolder of an MLflow model stays a unit', () => {
    expect(roots(['m/MLmodel', 'm/data/model.pkl'], { include: ['m/data'] })).toEqual(['m', 'm/data'])
  })

  it('include globs make directories units whatever they hold', () => {
    expect(roots(['models/a/README.md', 'models/b/config.json', 'models/b/sub/x.txt', 'src/x.py'], { include: ['models/*'] })).toEqual(['models/a', 'models/b'])
  })

  it('include never makes the repository root a unit', () => {
    expect(roots(['README.md', 'a/b.txt'], { include: ['**'] })).toEqual(['a'])
  })

  it('exclude globs remove units and their files', () => {
    const files = ['legacy/old/model.pt', 'models/a/model.pt', 'models/a/secret/big.bin', 'models/a/README.md']
    expect(roots(files, { exclude: ['legacy/**'] })).toEqual(['models/a', 'models/a/secret'])
    const { all } = buildUnits({ files, options: opts({ exclude: ['legacy/**', 'models/a/secret/**'] }) })
    expect(all.map((u) => [u.path, u.files])).toEqual([['models/a', ['models/a/README.md', 'models/a/model.pt']]])
  })

  it('exclude matches dotfiles', () => {
    expect(roots(['.cache/m/model.pt', 'm/model.pt'], { exclude: ['.cache/**'] })).toEqual(['m'])
  })

  it('.git is always excluded at any depth; node_modules is not governed but its changed files are scanned', () => {
    expect(
      roots(['node_modules/pkg/model.onnx', 'web/node_modules/x/w.bin', '.git/objects/ab/cd.pack.pt', 'sub/.git/x.pt', 'ok/m.pt']),
    ).toEqual(['ok'])
    const r = buildUnits({ files: ['node_modules/pkg/model.onnx', 'ok/m.pt'], options: opts(), changes: [{ path: 'node_modules/pkg/model.onnx', status: 'added' }] })
    expect(r.selected).toEqual([])
    expect(r.repository?.artifacts).toEqual(['node_modules/pkg/model.onnx'])
    const { all } = buildUnits({ files: ['m/model.pt', 'm/node_modules/a/index.js', 'm/.git/HEAD'], options: opts() })
    expect(all[0]!.files).toEqual(['m/model.pt'])
  })

  it('a root-level artifact makes the repository root a unit "."', () => {
    const { all } = buildUnits({ files: ['model.pt', 'README.md', 'src/train.py', 'nested/model.onnx'], options: opts() })
    expect(all.map((u) => [u.path, u.files])).toEqual([
      ['.', ['README.md', 'model.pt', 'src/train.py']],
      ['nested', ['nested/model.onnx']],
    ])
  })

  it('unitOf picks the innermost root', () => {
    const rs = ['.', 'a', 'a/b']
    expect(unitOf('a/b/c/d.txt', rs)).toBe('a/b')
    expect(unitOf('a/x.txt', rs)).toBe('a')
    expect(unitOf('z.txt', rs)).toBe('.')
    expect(unitOf('ab/x.txt', ['a'])).toBeUndefined()
  })

  it('units and their files come out sorted whatever the input order', () => {
    const { all } = buildUnits({ files: ['z/m.pt', 'a/z.txt', 'a/m.pt', 'a/b.txt'], options: opts() })
    expect(all.map((u) => [u.path, u.files])).toEqual([
      ['a', ['a/b.txt', 'a/m.pt', 'a/z.txt']],
      ['z', ['z/m.pt']],
    ])
  })
})

describe('changed files → units', () => {
  const files = ['models/a/model.pt', 'models/a/README.md', 'models/b/model.onnx', 'models/b/README.md', 'models/c/model.pkl', 'src/app.py']
  const build = (changes: ChangedFile[] | undefined, all?: boolean) => buildUnits({ files, options: opts(), changes, all })

  it('a unit with any changed file is selected whole; others are not', () => {
    const { all, selected } = build([{ path: 'models/a/README.md', status: 'modified' }, { path: 'src/app.py', status: 'modified' }])
    expect(all.map(summary)).toEqual([
      { path: 'models/a', status: 'modified', changed: true },
      { path: 'models/b', status: 'unchanged', changed: false },
      { path: 'models/c', status: 'unchanged', changed: false },
    ])
    expect(selected.map((u) => u.path)).toEqual(['models/a'])
    expect(selected[0]!.files).toEqual(['models/a/README.md', 'models/a/model.pt'])
    expect(selected[0]!.changes).toEqual([{ path: 'models/a/README.md', status: 'modified' }])
  })

  it('a unit whose every file was added is "added"', () => {
    const { selected } = build([
      { path: 'models/b/README.md', status: 'added' },
      { path: 'models/b/model.onnx', status: 'added' },
      { path: 'models/c/model.pkl', status: 'added' },
    ])
    expect(selected.map(summary)).toEqual([
      { path: 'models/b', status: 'added', changed: true },
      { path: 'models/c', status: 'added', changed: true },
    ])
  })

  it('a unit where some files were added and others already existed is "modified"', () => {
    const { selected } = build([{ path: 'models/a/model.pt', status: 'added' }])
    expect(selected.map(summary)).toEqual([{ path: 'models/a', status: 'modified', changed: true }])
  })

  it('a renamed file into a unit marks it changed', () => {
    const { selected } = build([{ path: 'models/c/model.pkl', status: 'renamed', previousPath: 'old/model.pkl' }])
    expect(selected.map(summary)).toEqual([{ path: 'models/c', status: 'modified', changed: true }])
  })

  it('a deleted unit (no files left) is not a unit and is not evaluated', () => {
    const { all, selected } = build([
      { path: 'models/gone/model.pt', status: 'removed' },
      { path: 'models/gone/README.md', status: 'removed' },
    ])
    expect(all.map((u) => u.path)).toEqual(['models/a', 'models/b', 'models/c'])
    expect(selected).toEqual([])
  })

  // A change that only removes files from a unit that still exists selects the unit: deleting a model's
  // card (or its bias report) must not pass unchecked. Only a unit that no longer exists is skipped.
  it('removing the model card from a unit that still exists selects the unit', () => {
    const { selected } = buildUnits({
      files: ['models/a/model.pt'],
      options: opts(),
      changes: [{ path: 'models/a/README.md', status: 'removed' }],
    })
    expect(selected.map(summary)).toEqual([{ path: 'models/a', status: 'modified', changed: true }])
  })

  // Same bug, for renames: the unit a file was moved out of is not mapped from `previousPath`.
  it('moving the model card out of a unit selects the unit it left', () => {
    const { selected } = buildUnits({
      files: ['models/a/model.pt', 'docs/a.md'],
      options: opts(),
      changes: [{ path: 'docs/a.md', status: 'renamed', previousPath: 'models/a/README.md' }],
    })
    expect(selected.map((u) => u.path)).toEqual(['models/a'])
  })

  it('changes in excluded paths are ignored', () => {
    const r = buildUnits({ files, options: opts({ exclude: ['**/README.md'] }), changes: [{ path: 'models/a/README.md', status: 'modified' }] })
    expect(r.selected).toEqual([])
  })

  it('without a change list every unit is selected, unchanged', () => {
    const { all, selected } = build(undefined)
    expect(selected).toBe(all)
    expect(selected.map(summary)).toEqual([
      { path: 'models/a', status: 'unchanged', changed: false },
      { path: 'models/b', status: 'unchanged', changed: false },
      { path: 'models/c', status: 'unchanged', changed: false },
    ])
  })

  it('--all selects every unit but keeps the change statuses', () => {
    const { selected } = build([{ path: 'models/b/README.md', status: 'modified' }], true)
    expect(selected.map(summary)).toEqual([
      { path: 'models/a', status: 'unchanged', changed: false },
      { path: 'models/b', status: 'modified', changed: true },
      { path: 'models/c', status: 'unchanged', changed: false },
    ])
  })

  it('an empty change list selects nothing', () => {
    expect(build([]).selected).toEqual([])
  })

  it('a change at the root maps to the root unit', () => {
    const { selected } = buildUnits({ files: ['model.pt', 'train.py', 'sub/m.onnx'], options: opts(), changes: [{ path: 'train.py', status: 'modified' }] })
    expect(selected.map((u) => u.path)).toEqual(['.'])
  })

  it('a unit\'s changes are sorted by path', () => {
    const { selected } = build([
      { path: 'models/a/model.pt', status: 'modified' },
      { path: 'models/a/README.md', status: 'modified' },
    ])
    expect(selected[0]!.changes.map((c) => c.path)).toEqual(['models/a/README.md', 'models/a/model.pt'])
  })
})

describe('normalizeStatus', () => {
  it('maps GitHub statuses and git letters', () => {
    expect(['added', 'A', 'C', 'copied', 'removed', 'D', 'renamed', 'R', 'modified', 'M', 'changed', 'T', 'unchanged'].map(normalizeStatus)).toEqual([
      'added', 'added', 'added', 'added', 'removed', 'removed', 'renamed', 'renamed', 'modified', 'modified', 'modified', 'modified', 'modified',
    ])
  })
})
