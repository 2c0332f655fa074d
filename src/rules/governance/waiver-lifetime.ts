import * as z from 'zod'
import { defineRunRule } from '../../core/rule.js'
import { daysLeft } from '../../core/waivers.js'

export default defineRunRule({
  id: 'governance/waiver-lifetime',
  category: 'governance',
  defaultSeverity: 'error',
  description: 'A waiver expires further ahead than the policy allows.',
  help: `Exceptions must be temporary: a waiver whose \`expires\` date lies more than \`max-days\` days ahead
(default 180) is an error, so no waiver quietly becomes permanent.

How to fix: choose an earlier \`expires\` date; renew the waiver when it comes due if it is still needed.`,
  options: () => z.strictObject({ 'max-days': z.number().int().min(1).max(3650).default(180).describe('Longest allowed lifetime, counted from today.') }),
  examples: {
    pass: 'a waiver with `expires: 2026-06-30` checked on 2026-03-01 (121 days ahead; max-days is 180)',
    fail: 'a waiver with `expires: 2027-12-31` checked on 2026-03-01 (670 days ahead)',
  },
  check(ctx) {
    const max = ctx.options['max-days']
    for (const w of ctx.policy.waivers) {
      const left = daysLeft(w, ctx.run.now)
      if (left <= max) continue
      ctx.report({
        path: ctx.policy.source === 'built-in' ? ctx.run.policyPath : ctx.policy.source,
        line: w.line,
        message: `waiver for \`${w.rule}\` expires on ${w.expires}, ${left} days ahead; the policy allows at most ${max}`,
        details: { waiver: w.index, rule: w.rule, expires: w.expires, daysLeft: left, maxDays: max },
      })
    }
  },
})
