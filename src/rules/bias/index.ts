import type { RuleSet } from '../../core/rule.js'

export const bias: RuleSet = {
  rules: [],
  settings: [],
}
