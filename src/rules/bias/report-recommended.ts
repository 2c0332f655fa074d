import { defineUnitRule } from '../../core/rule.js'
import { checkRequirement, requirementFor, requirementOptions, type RequirementOptions } from './requirement.js'

export default defineUnitRule<RequirementOptions>({
  id: 'bias/report-recommended',
  category: 'bias',
  defaultSeverity: 'warning',
  description: 'Model units of the listed risk tiers (default: limited) should have a bias report (a warning).',
  help: `Like \`bias/report-required\`, at warning level: \`recommended\` asks for a bias report on \`limited\`-tier units
without blocking the merge. Units that \`bias/report-required\` already covers are skipped (one finding per unit).
\`strict\` turns this rule off because \`bias/report-required\` covers every tier there.

How to fix: add a bias report (docs/bias-report.md; \`modelgate bias-report --from counts.csv\` writes one).`,
  regulation: ['EU AI Act Art. 10(2)(f)'],
  presets: { strict: 'off' },
  options: () => requirementOptions().extend({ tiers: requirementOptions().shape.tiers.default(['limited']) }),
  examples: {
    pass: 'models/chat/README.md with `risk_level: limited` and models/chat/bias_report.yaml beside it',
    fail: 'models/chat/README.md with `risk_level: limited` and no bias report in models/chat/ (a warning)',
  },
  check: (ctx) =>
    checkRequirement(ctx, 'recommends', (req) => {
      const required = ctx.policy.rules['bias/report-required']
      if (!required || required.severity === 'off') return false
      return requirementFor(ctx.unit.path, { tier: req.tier, declared: req.declared }, required.options as RequirementOptions) !== undefined
    }),
})
