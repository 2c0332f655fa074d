import type { RuleSet } from '../../core/rule.js'

export const artifact: RuleSet = {
  rules: [],
  settings: [],
}
