import { defineRunRule } from '../../core/rule.js'
import { daysLeft, isLive } from '../../core/waivers.js'

export default defineRunRule({
  id: 'governance/waiver-expired',
  category: 'governance',
  defaultSeverity: 'error',
  description: 'A waiver in the policy has passed its expiry date.',
  help: `Every waiver carries an \`expires\` date. Once it has passed, the waiver no longer applies (its findings
count again) and the lapsed waiver itself is an error naming who approved it, so the exception is either
renewed deliberately or removed.

How to fix: fix what the waiver excused and delete the waiver, or ask its approver to renew it with a new
\`expires\` date and an updated \`reason\`.`,
  regulation: ['EU AI Act Art. 17(1) (quality management: accountability)'],
  examples: {
    pass: '`waivers: [{rule: pii/email, reason: "test data", approved-by: "@alice", expires: 2026-03-31}]` checked on 2026-02-01',
    fail: '`waivers: [{rule: pii/email, reason: "test data", approved-by: "@alice", expires: 2026-01-31}]` checked on 2026-02-01',
  },
  check(ctx) {
    for (const w of ctx.policy.waivers) {
      if (isLive(w, ctx.run.now)) continue
      const days = -daysLeft(w, ctx.run.now)
      ctx.report({
        path: ctx.policy.source === 'built-in' ? ctx.run.policyPath : ctx.policy.source,
        line: w.line,
        message: `waiver for \`${w.rule}\` approved by ${w['approved-by']} expired on ${w.expires} (${days} day${days === 1 ? '' : 's'} ago); its findings count again`,
        details: { waiver: w.index, rule: w.rule, approvedBy: w['approved-by'], expires: w.expires },
      })
    }
  },
})
