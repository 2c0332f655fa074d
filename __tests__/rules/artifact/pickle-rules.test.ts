import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture } from '../../formats/archive/support.js'

const card = '---\nlicense: mit\n---\n# Model\n'

describe('artifact/pickle-dangerous-global', () => {
  it('reports each dangerous import with its offset, as an error', async () => {
    const r = await check({ files: { 'models/a/model.pkl': fixture('malicious/reduce_os_system_p2.pkl'), 'models/a/README.md': card }, only: ['artifact/pickle-dangerous-global'] })
    expect(brief(r)).toEqual(['artifact/pickle-dangerous-global models/a/model.pkl:0 imports `posix.system` at byte 2 (operating-system access (os on Linux/macOS)): loading this pickle runs it'])
    expect(r.findings[0]).toMatchObject({
      severity: 'error',
      category: 'artifact',
      model: 'models/a',
      details: { format: 'pickle', global: 'posix.system', module: 'posix', name: 'system', offset: 2, opcode: 'GLOBAL', occurrences: 1, matched: 'posix' },
    })
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('names the archive member', async () => {
    const r = await check({ files: { 'm/model.pt': fixture('malicious/torch_zip_extra_member.pt') }, only: ['artifact/pickle-dangerous-global'] })
    expect(brief(r)).toEqual(['artifact/pickle-dangerous-global m/model.pt:0 imports `commands.Popen` at byte 2 of member `archive/extra/hook.pkl` (runs shell commands (Python 2)): loading this PyTorch zip checkpoint runs it'])
    expect(r.findings[0]!.details).toMatchObject({ member: 'archive/extra/hook.pkl' })
  })

  it('reports unresolvable imports and computed calls as dangerous', async () => {
    const r = await check({ files: { 'm/a.pkl': fixture('malicious/stack_global_computed_p4.pkl'), 'm/b.pkl': fixture('malicious/getattr_import_memo_p4.pkl') }, only: ['artifact/pickle-dangerous-global'] })
    expect(brief(r)).toEqual([
      'artifact/pickle-dangerous-global m/a.pkl:0 STACK_GLOBAL at byte 35 imports a global whose module is a computed or unknown value and whose name is "system": the import cannot be resolved statically: treated as dangerous',
      'artifact/pickle-dangerous-global m/b.pkl:0 3 dangerous imports or calls: imports `builtins.getattr` at byte 22 (reaches any attribute (getattr(os, "system"))); imports `builtins.__import__` at byte 38 (imports any module); REDUCE at byte 69 calls a computed value (the result of another call, or an object built by the pickle), not an imported global: code reached this way cannot be vetted statically: loading this pickle runs them',
    ])
    // One finding per file (issue #12 item 6): the first offset is the location, every item is in the details.
    const b = r.findings.find((f) => f.path === 'm/b.pkl')!
    expect(b.details).toMatchObject({ offset: 22, global: 'builtins.getattr', count: 3 })
    expect((b.details!.items as { offset: number }[]).map((i) => i.offset)).toEqual([22, 38, 69])
  })

  it('finds payloads behind joblib raw arrays, in compressed joblib files and in nested object-array pickles', async () => {
    const r = await check({
      files: {
        'j/a.joblib': fixture('malicious/joblib_payload.joblib'),
        'j/b.joblib': fixture('malicious/joblib_gzip.joblib'),
        'j/c.joblib': fixture('malicious/joblib_object_array.joblib'),
      },
      only: ['artifact/pickle-dangerous-global'],
    })
    expect(brief(r)).toEqual([
      'artifact/pickle-dangerous-global j/a.joblib:0 imports `builtins.eval` at byte 570 (evaluates Python code): loading this joblib pickle runs it',
      'artifact/pickle-dangerous-global j/b.joblib:0 imports `webbrowser.open` at byte 572 (opens URLs): loading this joblib pickle runs it',
      'artifact/pickle-dangerous-global j/c.joblib:0 imports `posix.system` at byte 639 (operating-system access (os on Linux/macOS)): loading this joblib pickle runs it',
    ])
  })

  it('does not flag ordinary checkpoints', async () => {
    const r = await check({
      files: { 'a/m.pt': fixture('benign/state_dict.pt'), 'b/m.pt': fixture('benign/state_dict_legacy.pt'), 'c/m.joblib': fixture('benign/estimator.joblib'), 'd/m.npz': fixture('benign/arrays.npz') },
      only: ['artifact/pickle-dangerous-global', 'artifact/pickle-unknown-global', 'artifact/unscannable'],
    })
    expect(brief(r)).toEqual([])
  })

  it('honours settings.artifact.denyGlobals', async () => {
    const policy = 'version: 1\nsettings:\n  artifact:\n    denyGlobals: [collections.OrderedDict]\n'
    const r = await check({ files: { 'a/m.pt': fixture('benign/state_dict.pt') }, policy, only: ['artifact/pickle-dangerous-global'] })
    expect(brief(r)).toEqual(['artifact/pickle-dangerous-global a/m.pt:0 imports `collections.OrderedDict` at byte 2 of member `archive/data.pkl` (on the policy denylist (settings.artifact.deny-globals)): loading this PyTorch zip checkpoint runs it'])
  })
})

describe('artifact/pickle-unknown-global', () => {
  const files = { 'm/sched.pkl': fixture('benign/scheduler_unknown.pkl') }
  const line = 'artifact/pickle-unknown-global m/sched.pkl:0 imports `mycompany.training.CustomScheduler` at byte 60, which is on neither the allowlist nor the denylist: loading this pickle imports and may call it; review it, then add it to settings.artifact.allow-globals or deny-globals'

  it('is a warning under recommended', async () => {
    const r = await check({ files, only: ['artifact/pickle-unknown-global'] })
    expect(brief(r)).toEqual([line])
    expect(r.findings[0]!.severity).toBe('warning')
    expect(r.verdict.conclusion).toBe('success')
  })

  it('is an error under strict', async () => {
    const r = await check({ files, policy: 'version: 1\nextends: strict\n', only: ['artifact/pickle-unknown-global'] })
    expect(brief(r)).toEqual([line])
    expect(r.findings[0]!.severity).toBe('error')
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('is one finding per file listing every unknown global with its offset (issue #12 item 6)', async () => {
    // MARK, three protocol-0 GLOBALs, LIST, STOP: written by hand.
    const r = await check({ files: { 'm/three.pkl': '(cmypkg.a\nA\ncmypkg.b\nB\ncmypkg.c\nC\nl.' }, only: ['artifact/pickle-unknown-global'] })
    expect(brief(r)).toEqual([
      'artifact/pickle-unknown-global m/three.pkl:0 imports 3 globals that are on neither the allowlist nor the denylist: `mypkg.a.A` (at byte 1), `mypkg.b.B` (at byte 12), `mypkg.c.C` (at byte 23): loading this pickle imports and may call them; review each, then add it to settings.artifact.allow-globals or deny-globals',
    ])
    expect(r.findings[0]!.details).toEqual({
      format: 'pickle',
      offset: 1,
      count: 3,
      globals: [
        { global: 'mypkg.a.A', offset: 1, opcode: 'GLOBAL', occurrences: 1 },
        { global: 'mypkg.b.B', offset: 12, opcode: 'GLOBAL', occurrences: 1 },
        { global: 'mypkg.c.C', offset: 23, opcode: 'GLOBAL', occurrences: 1 },
      ],
    })
  })

  it('is silenced by settings.artifact.allowGlobals', async () => {
    const policy = 'version: 1\nextends: strict\nsettings:\n  artifact:\n    allowGlobals: [mycompany.training.**]\n'
    const r = await check({ files, policy, only: ['artifact/pickle-unknown-global'] })
    expect(brief(r)).toEqual([])
  })

  it('rejects malformed patterns in the policy', async () => {
    await expect(check({ files, policy: 'version: 1\nsettings:\n  artifact:\n    allowGlobals: ["my pkg/x"]\n' })).rejects.toThrow(/allowGlobals/)
  })
})
