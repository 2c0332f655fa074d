import type { RuleSet } from '../../core/rule.js'
import guardianApproval from './guardian-approval.js'

export const governance: RuleSet = {
  rules: [guardianApproval],
  settings: [],
}
