import { defineUnitRule } from '../../core/rule.js'
import { groupAt, loadReports } from './load.js'
import { settingsOf } from './settings.js'

export default defineUnitRule({
  id: 'bias/group-too-small',
  category: 'bias',
  defaultSeverity: 'warning',
  description: 'Every group in a bias report has at least the policy\'s minimum number of samples (default 30).',
  help: `A fairness metric over a handful of samples is noise: a group with fewer than
\`settings.bias.min-group-size\` samples (default 30) cannot show that the model treats it fairly, so it is a
finding rather than a silent pass. Its metrics are still computed and threshold-checked.

Why a warning in \`recommended\`: a small group makes the evidence weak, not the model unfair, and blocking on it
would push teams to drop groups. \`strict\` makes it an error.

How to fix: evaluate on more samples of the group, or merge it with a neighbouring group and say so in \`notes\`.`,
  regulation: ['EU AI Act Art. 10(3)'],
  presets: { strict: 'error' },
  examples: {
    pass: '`65_plus: {n: 120, tp: 30, fp: 10, tn: 70, fn: 10}` (the default min-group-size is 30)',
    fail: '`65_plus: {n: 12, tp: 3, fp: 1, tn: 7, fn: 1}` (below the default min-group-size of 30)',
  },
  async check(ctx) {
    const min = settingsOf(ctx.policy)['min-group-size']
    const { valid } = await loadReports(ctx)
    for (const { path, report } of valid) {
      for (const a of report.attributes) {
        for (const g of a.groups) {
          if (g.n === undefined || g.n >= min) continue
          const at = groupAt(g)
          ctx.report({
            path,
            line: at.line,
            column: at.column,
            message: `group \`${g.name}\` of \`${a.name}\` has n = ${g.n}, below the policy minimum of ${min} (settings.bias.min-group-size): too few samples to measure its fairness metrics; evaluate on more samples of this group or merge it with another`,
            details: { attribute: a.name, group: g.name, n: g.n, min },
          })
        }
      }
    }
  },
})
