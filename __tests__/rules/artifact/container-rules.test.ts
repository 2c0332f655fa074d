import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { expectedFixtures, fixture } from '../../formats/archive/support.js'
import { DEFAULT_ARTIFACT_EXTENSIONS } from '../../../src/core/units.js'

describe('artifact/unscannable and artifact/unscannable-code', () => {
  const files = {
    'm/model.pt': fixture('corrupt/truncated_zip.pt'),
    'm/empty.pkl': fixture('corrupt/empty.pkl'),
    'm/model.onnx': fixture('corrupt/truncated.onnx'),
    'm/plain.npy': fixture('corrupt/truncated.npy'),
    'm/weights.pkl': fixture('lfs/model.safetensors'),
    'm/model.safetensors': fixture('lfs/model.safetensors'),
  }
  const only = ['artifact/unscannable', 'artifact/unscannable-code', 'artifact/lfs-pointer']

  it('splits by what the file can carry: pickle-capable files are errors, files that cannot carry code warnings', async () => {
    const r = await check({ files, only })
    expect(r.findings.map((f) => `${f.severity} ${f.ruleId} ${f.path}`)).toEqual([
      'warning artifact/unscannable m/empty.pkl',
      'warning artifact/unscannable m/model.onnx',
      'error artifact/unscannable-code m/model.pt',
      'warning artifact/lfs-pointer m/model.safetensors',
      'warning artifact/unscannable m/plain.npy',
      'error artifact/unscannable-code m/weights.pkl',
    ])
    expect(brief(r).filter((l) => l.includes('unscannable-code'))).toEqual([
      'artifact/unscannable-code m/model.pt:0 cannot be fully scanned as a PyTorch zip checkpoint: the zip archive cannot be read (End of central directory record signature not found. Either not a zip file, or file is truncated.): it is truncated or damaged, so its members cannot be scanned',
      'artifact/unscannable-code m/weights.pkl:1 is a Git LFS pointer (sha256:4d7a214614ab…, 12345 bytes) standing for a file that can carry a pickle: its content is not checked out, so the code it may run cannot be scanned; check out with LFS content (actions/checkout `lfs: true`)',
    ])
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('makes every one an error under strict', async () => {
    const r = await check({ files, policy: 'version: 1\nextends: strict\n', only })
    expect(r.findings.map((f) => f.severity)).toEqual(['error', 'error', 'error', 'error', 'error', 'error'])
  })

  it('passes what is whole', async () => {
    const r = await check({ files: { 'm/model.pt': fixture('benign/state_dict.pt'), 'm/model.onnx': fixture('benign/external_ok.onnx') }, only })
    expect(brief(r)).toEqual([])
  })
})

describe('artifact/safetensors-invalid', () => {
  it('is an error saying what is wrong', async () => {
    const r = await check({ files: { 'm/model.safetensors': fixture('corrupt/overlap.safetensors') }, only: ['artifact/safetensors-invalid'] })
    expect(brief(r)).toEqual(['artifact/safetensors-invalid m/model.safetensors:0 invalid safetensors file: tensor `b`: data_offsets [8, 24] overlap tensor `a` (which ends at 16)'])
    expect(r.findings[0]).toMatchObject({ severity: 'error', details: { format: 'safetensors', code: 'overlap', offset: 128, tensor: 'b' } })
  })
})

describe('artifact/archive-unsafe', () => {
  it('reports escaping members and bombs (thresholds from settings)', async () => {
    const policy = 'version: 1\nsettings:\n  artifact:\n    bombMinBytes: 1000000\n    maxCompressionRatio: 500\n'
    const r = await check({ files: { 'a/x.npz': fixture('malicious/zip_slip.npz'), 'b/weights.npz': fixture('malicious/zip_bomb.zip') }, policy, only: ['artifact/archive-unsafe'] })
    expect(brief(r)).toEqual([
      'artifact/archive-unsafe a/x.npz:0 unsafe archive: member `../../.github/workflows/pwn.yml` climbs out of the extraction directory with `..`: extracting the archive would write outside its directory',
      'artifact/archive-unsafe b/weights.npz:0 unsafe archive: member `weights.bin` expands 1028× (4080 → 4194304 bytes), beyond the 500× limit: a zip bomb',
      'artifact/archive-unsafe b/weights.npz:0 unsafe archive: the archive expands 1028× overall (4080 → 4194304 bytes), beyond the 500× limit: a zip bomb',
    ])
  })
})

describe('artifact/keras-unsafe-layer', () => {
  it('reports Lambda layers and foreign modules; kerasModules trusts a package', async () => {
    const files = { 'a/m.keras': fixture('malicious/lambda.keras'), 'b/m.keras': fixture('malicious/custom_module.keras') }
    const r = await check({ files, only: ['artifact/keras-unsafe-layer'] })
    expect(brief(r)).toEqual([
      'artifact/keras-unsafe-layer a/m.keras:0 unsafe Keras model: layer `exfil` (Lambda) at `config.layers[1]` in `config.json`: a `Lambda` layer carries Python code that runs when the model is loaded',
      "artifact/keras-unsafe-layer b/m.keras:0 unsafe Keras model: layer `bd` (Backdoor) at `config.layers[0]` in `config.json`: it imports module `evil_layers`, outside Keras' own namespaces; it names custom object `evil_layers>Backdoor`, whose code must be imported to load the model",
    ])
    const trusted = await check({ files, policy: "version: 1\nsettings:\n  artifact:\n    kerasModules: ['evil_layers']\n", only: ['artifact/keras-unsafe-layer'] })
    expect(brief(trusted)).toEqual([brief(r)[0]])
  })
})

// The recommended policy, with .zip files counted as artifacts and a small bomb threshold.
const POLICY = `version: 1
models:
  artifact-extensions: [${[...DEFAULT_ARTIFACT_EXTENSIONS, '.zip', '.tar', '.7z'].join(', ')}]
settings:
  artifact:
    bombMinBytes: 1000000
`

describe('every generated fixture under the recommended policy', () => {
  const expected = expectedFixtures()
  it.each(Object.keys(expected))('%s', async (rel) => {
    const e = expected[rel]!
    const path = `models/x/${rel.slice(rel.indexOf('/') + 1)}`
    const r = await check({ files: { [path]: fixture(rel), 'models/x/README.md': '# x\n' }, policy: POLICY })
    const mine = r.findings.filter((f) => f.ruleId.startsWith('artifact/'))
    const errors = mine.filter((f) => f.severity === 'error').map((f) => f.ruleId)
    if (e.expect === 'clean') expect({ rel, errors, all: mine.map((f) => f.ruleId) }).toEqual({ rel, errors: [], all: [] })
    if (e.expect === 'error') expect({ rel, hit: e.rules.every((id) => errors.includes(id)) }).toEqual({ rel, hit: true })
    if (e.expect === 'finding') {
      expect({ rel, hit: e.rules.every((id) => mine.some((f) => f.ruleId === id)) }).toEqual({ rel, hit: true })
      if (!rel.includes('safetensors')) expect({ rel, errors }).toEqual({ rel, errors: [] })
    }
  })
})
