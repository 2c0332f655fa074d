import type { RuleSet } from '../../core/rule.js'
import policyModified from './policy-modified.js'

export const policy: RuleSet = {
  rules: [policyModified],
  settings: [],
}
