import type { RuleSet } from '../../core/rule.js'

export const pii: RuleSet = {
  rules: [],
  settings: [],
}
