import type { RuleSet } from '../../core/rule.js'

export const governance: RuleSet = {
  rules: [],
  settings: [],
}
