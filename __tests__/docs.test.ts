/** The generated reference docs and schema must match the source: rebuild with `npm run build`. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { policyJsonSchema } from '../src/core/policy/json-schema.js'
import { ruleSet } from '../src/rules/index.js'
import { policyReference, ruleCatalogue } from '../scripts/docs/generate.js'

const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8')

describe('generated docs are current (run `npm run build` when this fails)', () => {
  it('docs/policy-reference.md matches the policy schema', () => {
    expect(read('docs/policy-reference.md')).toBe(policyReference(ruleSet))
  })
  it('docs/rules.md matches the rule registry', () => {
    expect(read('docs/rules.md')).toBe(ruleCatalogue(ruleSet))
  })
  it('schema/policy.schema.json matches the zod schema', () => {
    expect(JSON.parse(read('schema/policy.schema.json'))).toEqual(policyJsonSchema(ruleSet))
  })
  it('the catalogue lists every rule with its levels', () => {
    const md = ruleCatalogue(ruleSet)
    for (const r of ruleSet.rules) expect(md).toContain(`## ${r.id}`)
    expect(md).toContain('| [`doc/model-card-required`](#docmodel-card-required) | documentation | error | error | error |')
  })
})
