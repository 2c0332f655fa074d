import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { brief, check } from '../../support/harness.js'
import { fixture } from '../../formats/archive/support.js'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex')
const st = fixture('benign/model.safetensors')
const ZERO = '0'.repeat(64)

describe('artifact/hash-mismatch', () => {
  it('compares the card front matter sha256 and names both hashes', async () => {
    const card = `---\nlicense: mit\nsha256: ${ZERO}\n---\n# M\n`
    const r = await check({ files: { 'm/model.safetensors': st, 'm/README.md': card }, only: ['artifact/hash-mismatch'] })
    expect(brief(r)).toEqual([`artifact/hash-mismatch m/model.safetensors:0 sha256 of the file is \`${sha(st)}\`, but \`m/README.md\` (line 3, model card) declares \`${ZERO}\`: the artifact and its recorded hash disagree`])
    expect(r.findings[0]).toMatchObject({ severity: 'error', details: { algorithm: 'sha256', actual: sha(st), declared: ZERO, declaredIn: 'm/README.md', declaredLine: 3, via: 'model card' } })
  })

  it('accepts matching declarations from every source', async () => {
    const card = `---\nchecksums:\n  model.safetensors: sha256:${sha(st).toUpperCase()}\n---\n`
    const dvc = `outs:\n- md5: ${md5(st)}\n  size: ${st.length}\n  path: model.safetensors\n`
    const r = await check({
      files: { 'm/model.safetensors': st, 'm/README.md': card, 'm/model.safetensors.dvc': dvc, 'm/SHA256SUMS': `${sha(st)}  model.safetensors\n` },
      only: ['artifact/hash-mismatch'],
    })
    expect(brief(r)).toEqual([])
    expect(r.report.tables).toEqual([
      { id: 'artifacts', title: 'Model artifacts', model: 'm', columns: ['artifact', 'format', 'bytes', 'sha256', 'declared by'], rows: [['m/model.safetensors', 'safetensors', String(st.length), sha(st), 'model card, DVC (md5), DVC (size), manifest']], detail: true },
    ])
  })

  it('checks DVC md5 and size, dvc.lock, manifests and MLmodel metadata', async () => {
    const lock = `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: m/model.safetensors\n      md5: ${'a'.repeat(32)}\n      size: 1\n`
    const mlmodel = `flavors: {}\nmetadata:\n  checksums:\n    - path: model.safetensors\n      sha256: ${'b'.repeat(64)}\n`
    const r = await check({
      files: { 'm/model.safetensors': st, 'm/MLmodel': mlmodel, 'dvc.lock': lock, 'm/model.safetensors.sha256': `${'c'.repeat(64)}\n` },
      only: ['artifact/hash-mismatch'],
    })
    expect(brief(r)).toEqual([
      `artifact/hash-mismatch m/model.safetensors:0 md5 of the file is \`${md5(st)}\`, but \`dvc.lock\` (line 7, dvc.lock) declares \`${'a'.repeat(32)}\`: the artifact and its recorded hash disagree`,
      `artifact/hash-mismatch m/model.safetensors:0 sha256 of the file is \`${sha(st)}\`, but \`m/MLmodel\` (line 5, MLmodel) declares \`${'b'.repeat(64)}\`: the artifact and its recorded hash disagree`,
      `artifact/hash-mismatch m/model.safetensors:0 sha256 of the file is \`${sha(st)}\`, but \`m/model.safetensors.sha256\` (line 1, manifest) declares \`${'c'.repeat(64)}\`: the artifact and its recorded hash disagree`,
      `artifact/hash-mismatch m/model.safetensors:0 the file is ${st.length} bytes, but \`dvc.lock\` (line 8, dvc.lock) declares 1 bytes: the artifact and its recorded size disagree`,
    ])
  })

  it('uses a Git LFS pointer oid as the declared hash', async () => {
    const card = `---\nsha256: ${ZERO}\n---\n`
    const r = await check({ files: { 'm/model.safetensors': fixture('lfs/model.safetensors'), 'm/README.md': card }, only: ['artifact/hash-mismatch', 'artifact/lfs-pointer'] })
    expect(brief(r)).toEqual([
      `artifact/hash-mismatch m/model.safetensors:1 the Git LFS pointer names sha256 \`4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\`, but \`m/README.md\` (line 2, model card) declares \`${ZERO}\``,
      'artifact/lfs-pointer m/model.safetensors:1 is a Git LFS pointer (sha256:4d7a214614ab…, 12345 bytes), not the model itself: its content cannot be scanned; check out with LFS content (actions/checkout `lfs: true`)',
    ])
    expect(r.findings.find((f) => f.ruleId === 'artifact/lfs-pointer')!.severity).toBe('warning')
  })
})

describe('artifact/lfs-pointer', () => {
  it('is an error under strict', async () => {
    const r = await check({ files: { 'm/model.safetensors': fixture('lfs/model.safetensors') }, policy: 'version: 1\nextends: strict\n', only: ['artifact/lfs-pointer'] })
    expect(r.findings.map((f) => f.severity)).toEqual(['error'])
  })
})

describe('artifact/format-policy', () => {
  const files = { 'm/model.pt': fixture('benign/state_dict.pt'), 'm/model.safetensors': st, 'old/model.pkl': fixture('benign/scheduler_unknown.pkl') }
  const changes = [
    { path: 'm/model.pt', status: 'added' as const },
    { path: 'm/model.safetensors', status: 'added' as const },
    { path: 'old/model.pkl', status: 'modified' as const },
  ]

  it('is off under recommended and a warning for new pickle-based artifacts under strict', async () => {
    expect(brief(await check({ files, changes, only: ['artifact/format-policy'] }))).toEqual([])
    const r = await check({ files, changes, policy: 'version: 1\nextends: strict\n', only: ['artifact/format-policy'] })
    expect(brief(r)).toEqual(['artifact/format-policy m/model.pt:0 is a PyTorch zip checkpoint (pickle-based), a format the policy forbids for new artifacts (`pickle`): convert it to an allowed format such as safetensors'])
    expect(r.findings[0]!.severity).toBe('warning')
  })

  it('applies allowed formats, scope and a size limit from the policy', async () => {
    const policy = 'version: 1\nrules:\n  artifact/format-policy:\n    severity: error\n    forbidden: []\n    allowed: [safetensors]\n    scope: changed\n    maxSize: 100B\n'
    const r = await check({ files, changes, policy, only: ['artifact/format-policy'] })
    expect(brief(r)).toEqual([
      'artifact/format-policy m/model.pt:0 is 962 bytes, over the policy\'s limit of 100 bytes for changed artifacts',
      'artifact/format-policy m/model.pt:0 is a PyTorch zip checkpoint (pickle-based), which is not among the formats the policy allows for changed artifacts (safetensors)',
      'artifact/format-policy m/model.safetensors:0 is 188 bytes, over the policy\'s limit of 100 bytes for changed artifacts',
      'artifact/format-policy old/model.pkl:0 is a pickle, which is not among the formats the policy allows for changed artifacts (safetensors)',
    ])
  })
})
