import { defineUnitRule } from '../../core/rule.js'
import { publishTable } from './judge.js'

/** The documentation rule that checks the card's `model-index` against the Hugging Face spec. */
export const DOC_MODEL_INDEX = 'doc/model-index'

export default defineUnitRule({
  id: 'eval/metrics-unreadable',
  category: 'evaluation',
  defaultSeverity: 'warning',
  presets: { strict: 'error' },
  description: 'The card’s `model-index` and the metrics files can be read, and every metric value is a number.',
  help: `Reports what keeps the evaluation rules from judging a model's metrics: a \`model-index\` that is not a
list of \`{name, results}\`, a result without a \`metrics\` list, a metric without \`type\` or \`value\`, a value
that is not a number (\`"n/a"\`, \`TBD\`), a metric listed twice for the same task, dataset and split, a metrics
file that cannot be parsed or is too large, or a \`dvc.yaml\` that cannot be parsed. Problems with the
structure of the card's \`model-index\` are left to \`doc/model-index\` while that rule is on.

Why: a metric that cannot be read cannot be held to its floor or compared with the base — silently skipping
it would let a regression through.

How to fix: follow the Hugging Face \`model-index\` format
(https://huggingface.co/docs/hub/model-cards#evaluation-results); write values as numbers.`,
  regulation: ['EU AI Act Art. 15(3)'],
  examples: {
    pass: 'metrics: [{ type: accuracy, value: 0.91 }]',
    fail: 'metrics: [{ type: accuracy, value: TBD }]',
  },
  async check(ctx) {
    const j = await publishTable(ctx)
    // The card's model-index structure is the documentation rule's to report, when it is on.
    const docRule = ctx.policy.rules[DOC_MODEL_INDEX]
    const deferred = docRule !== undefined && docRule.severity !== 'off'
    const cardPath = ctx.facts.cardPath()
    for (const p of j.metrics.head.problems) {
      if (deferred && p.kind === 'structure' && p.path === cardPath) continue
      ctx.report({ path: p.path, line: p.line, column: p.column, message: p.message })
    }
  },
})
