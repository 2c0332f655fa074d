import type { RuleSet } from '../../core/rule.js'
import guardianApproval from './guardian-approval.js'
import waiverExpired from './waiver-expired.js'
import waiverExpiring from './waiver-expiring.js'
import waiverLifetime from './waiver-lifetime.js'
import waiverUnused from './waiver-unused.js'

export const governance: RuleSet = {
  rules: [guardianApproval, waiverExpired, waiverExpiring, waiverLifetime, waiverUnused],
  settings: [],
}
