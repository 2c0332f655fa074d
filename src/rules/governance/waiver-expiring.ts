import * as z from 'zod'
import { defineRunRule } from '../../core/rule.js'
import { daysLeft, isLive } from '../../core/waivers.js'

export default defineRunRule({
  id: 'governance/waiver-expiring',
  category: 'governance',
  defaultSeverity: 'notice',
  description: 'A waiver in the policy expires soon.',
  help: `A waiver due to expire within \`days\` days (default 14) is a notice, so its owner can fix the finding it
excuses or renew it before the gate starts failing.

How to fix: nothing yet; plan the fix, or renew the waiver with its approver.`,
  options: () => z.strictObject({ days: z.number().int().min(1).max(365).default(14).describe('Notice period in days.') }),
  examples: {
    pass: 'a waiver with `expires: 2026-06-30` checked on 2026-05-01 (60 days left; the notice period is 14 days)',
    fail: 'a waiver with `expires: 2026-05-10` checked on 2026-05-01 (9 days left: a notice)',
  },
  check(ctx) {
    for (const w of ctx.policy.waivers) {
      if (!isLive(w, ctx.run.now)) continue
      const left = daysLeft(w, ctx.run.now)
      if (left > ctx.options.days) continue
      ctx.report({
        path: ctx.policy.source === 'built-in' ? ctx.run.policyPath : ctx.policy.source,
        line: w.line,
        message: `waiver for \`${w.rule}\` approved by ${w['approved-by']} expires on ${w.expires} (${left === 0 ? 'today' : `in ${left} day${left === 1 ? '' : 's'}`})`,
        details: { waiver: w.index, rule: w.rule, approvedBy: w['approved-by'], expires: w.expires, daysLeft: left },
      })
    }
  },
})
