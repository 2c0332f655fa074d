/**
 * The rule registry: every rule family's rules and settings. A family lives in its own folder with one
 * rule per file and an index.ts that lists them.
 */
import type { AnyRule, RuleSet } from '../core/rule.js'
import { artifact } from './artifact/index.js'
import { bias } from './bias/index.js'
import { documentation } from './documentation/index.js'
import { evaluation } from './evaluation/index.js'
import { governance } from './governance/index.js'
import { pii } from './pii/index.js'
import { policy } from './policy/index.js'
import { BUILT_IN_POLICY } from './built-in-policy.js'

const families: RuleSet[] = [documentation, pii, bias, artifact, evaluation, governance, policy]

export const ruleSet: RuleSet = {
  rules: families.flatMap((f) => f.rules),
  settings: families.flatMap((f) => f.settings),
  builtInPolicy: BUILT_IN_POLICY,
}

const byId = new Map<string, AnyRule>(ruleSet.rules.map((r) => [r.id, r]))

export function findRule(id: string): AnyRule | undefined {
  return byId.get(id)
}
