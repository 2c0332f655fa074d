/**
 * The rule registry as a whole: what `modelgate explain RULE_ID` and docs/rules.md print for every rule
 * (issue #8 item 4: purpose, regulation, passing and failing examples, how to fix) must be there.
 */
import { describe, expect, it } from '@jest/globals'
import type { RuleSet } from '../../src/core/rule.js'
import { ruleSet } from '../../src/rules/index.js'
import { artifact } from '../../src/rules/artifact/index.js'
import { bias } from '../../src/rules/bias/index.js'
import { documentation } from '../../src/rules/documentation/index.js'
import { evaluation } from '../../src/rules/evaluation/index.js'
import { governance } from '../../src/rules/governance/index.js'
import { pii } from '../../src/rules/pii/index.js'
import { policy } from '../../src/rules/policy/index.js'

/** Id prefix → category, and the family (folder under src/rules/) that must list the rule. */
const FAMILIES: Record<string, { category: string; family: RuleSet }> = {
  doc: { category: 'documentation', family: documentation },
  pii: { category: 'pii', family: pii },
  bias: { category: 'bias', family: bias },
  artifact: { category: 'artifact', family: artifact },
  eval: { category: 'evaluation', family: evaluation },
  governance: { category: 'governance', family: governance },
  policy: { category: 'policy', family: policy },
}

const ID = /^([a-z]+)\/[a-z0-9]+(?:-[a-z0-9]+)*$/

describe('rule registry', () => {
  const rules = ruleSet.rules

  it('holds every family’s rules and nothing else', () => {
    expect(rules.length).toBeGreaterThan(50)
    expect(rules.map((r) => r.id)).toEqual(Object.values(FAMILIES).flatMap(({ family }) => family.rules.map((r) => r.id)))
  })

  it('gives every rule a unique `family/name` id whose prefix matches its category and folder', () => {
    const ids = rules.map((r) => r.id)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    for (const r of rules) {
      const prefix = ID.exec(r.id)?.[1]
      const fam = prefix ? FAMILIES[prefix] : undefined
      expect([r.id, fam?.category, fam?.family.rules.includes(r)]).toEqual([r.id, r.category, true])
    }
  })

  it('gives every rule a one-line description under 200 characters and help that says how to fix', () => {
    for (const r of rules) {
      expect([r.id, r.description.trim().length > 0, r.description.includes('\n'), r.description.length < 200, /how to fix/i.test(r.help)]).toEqual([
        r.id,
        true,
        false,
        true,
        true,
      ])
    }
  })

  it('gives every rule one-line examples of passing and failing input', () => {
    for (const r of rules) {
      const pass = r.examples?.pass ?? ''
      const fail = r.examples?.fail ?? ''
      expect([r.id, pass.trim().length > 0, fail.trim().length > 0, /\n/.test(pass + fail), pass === fail]).toEqual([r.id, true, true, false, false])
    }
  })
})
