import type { RuleSet } from '../../core/rule.js'
import modelCardRequired from './model-card-required.js'

export const documentation: RuleSet = {
  rules: [modelCardRequired],
  settings: [],
}
