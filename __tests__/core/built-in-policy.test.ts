/**
 * The built-in policy (no policy file) is precomputed at build time (src/rules/built-in-policy.ts, written by
 * `npm run build`): it must equal the policy resolved through zod from the rules as they are now. A rule whose
 * default or preset changed without a rebuild fails here.
 */
import { describe, expect, it } from '@jest/globals'
import { builtInPolicy, sha256Hex } from '../../src/core/policy/load.js'
import { ruleSet } from '../../src/rules/index.js'
import { BUILT_IN_POLICY } from '../../src/rules/built-in-policy.js'

const resolved = () => builtInPolicy({ rules: ruleSet.rules, settings: ruleSet.settings })

describe('the precomputed built-in policy', () => {
  it('is current: equal to the policy resolved through zod (else run `npm run build`)', () => {
    expect(ruleSet.builtInPolicy).toBe(BUILT_IN_POLICY)
    expect(builtInPolicy(ruleSet)).toStrictEqual(resolved())
  })

  it('survives JSON: the resolved policy holds only plain data', () => {
    const p = resolved()
    expect({ ...JSON.parse(JSON.stringify(p)), ref: undefined }).toStrictEqual(p)
    expect(p.sha256).toBe(sha256Hex('extends: recommended\n'))
    expect(p.rules['artifact/pickle-dangerous-global']?.severity).toBe('error')
  })

  it('is a fresh object on every call: a caller changing it changes no other run', () => {
    const a = builtInPolicy(ruleSet)
    a.rules['artifact/pickle-dangerous-global']!.severity = 'off'
    a.models.defaultExclude!.push('**/x/**')
    const b = builtInPolicy(ruleSet)
    expect(b.rules['artifact/pickle-dangerous-global']!.severity).toBe('error')
    expect(b.models.defaultExclude).not.toContain('**/x/**')
  })
})
