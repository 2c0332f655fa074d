import { defineUnitRule } from '../../core/rule.js'
import { CARD_NAMES } from '../../core/facts.js'
import { joinPath } from '../../core/files.js'
import { cite, mctPath } from './docs.js'
import { citeOptions, type CiteOptions } from './shared.js'

export default defineUnitRule<CiteOptions>({
  id: 'doc/model-card-required',
  category: 'documentation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Art. 11(1); Annex IV' } } },
  description: 'Every model unit has a model card (README.md or MODEL_CARD.md) at its root.',
  help: `A model unit must carry a model card at its root: \`README.md\`, \`MODEL_CARD.md\` or \`model_card.md\`
(a Model Card Toolkit \`model_card.json\` in the unit counts too).

Why: the card is where reviewers, auditors and users learn what the model is for, what it was trained on
and where it fails. EU AI Act Annex IV and Article 13 require this documentation for high-risk systems.

How to fix: add a \`README.md\` next to the model artifact. \`modelgate init\` prints a starter policy; the
Hugging Face model card template is a good starting point for the card itself.`,
  regulation: ['EU AI Act Annex IV(1)', 'EU AI Act Art. 13'],
  options: citeOptions,
  examples: {
    pass: 'models/churn/model.safetensors + models/churn/README.md',
    fail: 'models/churn/model.safetensors with no README.md or MODEL_CARD.md beside it',
  },
  check(ctx) {
    if (ctx.facts.cardPath()) return
    if (mctPath(ctx.unit.path, ctx.unit.files)) return
    const where = ctx.unit.artifacts[0] ?? ctx.unit.files[0] ?? joinPath(ctx.unit.path, CARD_NAMES[0]!)
    ctx.report({
      path: where,
      line: 1,
      message: cite(
        `model unit \`${ctx.unit.path}\` has no model card: add ${CARD_NAMES.slice(0, 2).map((n) => `\`${joinPath(ctx.unit.path, n)}\``).join(' or ')}`,
        ctx.options.cite,
      ),
      details: { expected: CARD_NAMES.slice(0, 3), ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) },
    })
  },
})
