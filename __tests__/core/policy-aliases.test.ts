/** Policy keys are kebab-case; the camelCase spellings of `settings.artifact` load with a deprecation warning. */
import { describe, expect, it } from '@jest/globals'
import { applyKeyRenames } from '../../src/core/policy/aliases.js'
import { loadPolicy } from '../../src/core/policy/load.js'
import { resolvePolicyText } from '../../src/app/policy.js'
import { settingsOf } from '../../src/rules/artifact/settings.js'
import { ruleSet } from '../../src/rules/index.js'

const load = (text: string) => loadPolicy({ text, source: '.github/modelgate.yml', ruleSet })

describe('policy key renames', () => {
  it('kebab-case keys load silently', () => {
    const r = load('version: 1\nsettings:\n  artifact:\n    allow-globals: ["mypkg.**"]\n    max-archive-members: 10\n')
    expect(r).toMatchObject({ ok: true })
    expect(r.ok && r.warnings).toBeFalsy()
    if (r.ok) expect(settingsOf(r.policy.settings)).toMatchObject({ allowGlobals: ['mypkg.**'], maxArchiveMembers: 10, bombMinBytes: expect.any(Number) })
  })

  it('camelCase keys still load, with a warning at the key naming the new spelling', () => {
    const r = load('version: 1\nsettings:\n  artifact:\n    allowGlobals: ["mypkg.**"]\n    bombMinBytes: 1000\n')
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
    expect(r.warnings).toEqual([
      '.github/modelgate.yml:4:5: `settings.artifact.allowGlobals` is deprecated: write `allow-globals`',
      '.github/modelgate.yml:5:5: `settings.artifact.bombMinBytes` is deprecated: write `bomb-min-bytes`',
    ])
    expect(settingsOf(r.policy.settings)).toMatchObject({ allowGlobals: ['mypkg.**'], bombMinBytes: 1000 })
    const outcome = resolvePolicyText({ path: '.github/modelgate.yml', text: 'version: 1\nsettings:\n  artifact:\n    kerasModules: ["x.**"]\n', via: 'working tree' }, ruleSet, false)
    expect(outcome.ok && outcome.notes).toEqual(['Deprecated: .github/modelgate.yml:4:5: `settings.artifact.kerasModules` is deprecated: write `keras-modules`'])
  })

  it('both spellings: the new one wins and the old one is reported as ignored', () => {
    const { data, notices } = applyKeyRenames({ settings: { artifact: { denyGlobals: ['a'], 'deny-globals': ['b'] } } })
    expect(data).toEqual({ settings: { artifact: { 'deny-globals': ['b'] } } })
    expect(notices.map((n) => n.message)).toEqual(['`settings.artifact.denyGlobals` is ignored: `deny-globals` is also set (the old spelling is deprecated)'])
  })

  it('an unknown settings key suggests the kebab-case spelling', () => {
    const r = load('version: 1\nsettings:\n  artifact:\n    allow_global: []\n')
    expect(r).toEqual({ ok: false, problems: [{ file: '.github/modelgate.yml', line: 4, column: 5, message: 'unknown key "allow_global" in `settings.artifact` (did you mean "allow-globals"?)' }] })
  })
})
