import { defineUnitRule } from '../../core/rule.js'
import { TIERS } from '../../core/policy/schema.js'
import { checkRequirement, requirementOptions, type RequirementOptions } from './requirement.js'

export default defineUnitRule<RequirementOptions>({
  id: 'bias/report-required',
  category: 'bias',
  defaultSeverity: 'error',
  description: 'Model units of the listed risk tiers (default: high, unacceptable) or paths have a bias report.',
  help: `A model unit whose risk tier (the model card's \`risk_level\`, else the policy's \`default-tier\`) is one of
\`tiers\`, or whose directory matches one of \`paths\`, must carry a bias report: \`bias_report.{json,yaml,yml}\`,
\`fairness_report.{json,yaml,yml,csv}\` or \`fairness_by_group.{csv,json}\` anywhere in the unit (\`settings.bias.report-names\`),
or a report named by the card's \`bias_report\` key.

Why: the gate must show that the model does not disadvantage the groups the policy protects (EU AI Act
Art. 10(2)(f) asks providers of high-risk systems to examine possible biases).

How to fix: compute per-group confusion counts in your evaluation job and run \`modelgate bias-report --from
counts.csv\`, which writes a conforming report with the metrics and the weights' hashes (docs/bias-report.md).
\`recommended\` requires it for \`high\` and \`unacceptable\` units (\`bias/report-recommended\` warns for \`limited\`);
\`strict\` requires it for every unit.`,
  regulation: ['EU AI Act Art. 10(2)(f)', 'EU AI Act Annex IV(2)(g)'],
  presets: { strict: { severity: 'error', options: { tiers: [...TIERS] } } },
  options: () => requirementOptions().extend({ tiers: requirementOptions().shape.tiers.default(['high', 'unacceptable']) }),
  examples: {
    pass: 'models/credit/model.safetensors, README.md with risk_level: high, bias_report.yaml',
    fail: 'models/credit/model.safetensors, README.md with risk_level: high, no bias report',
  },
  check: (ctx) => checkRequirement(ctx, 'requires'),
})
