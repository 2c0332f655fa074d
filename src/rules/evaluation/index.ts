import type { RuleSet } from '../../core/rule.js'

export const evaluation: RuleSet = {
  rules: [],
  settings: [],
}
