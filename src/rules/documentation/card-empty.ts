import { defineUnitRule } from '../../core/rule.js'
import { cite, unitDocs } from './docs.js'
import { citeOptions, type CiteOptions } from './shared.js'

export default defineUnitRule<CiteOptions>({
  id: 'doc/card-empty',
  category: 'documentation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Art. 11(1); Annex IV' } } },
  description: 'The model card documents something: it is not blank or front matter alone.',
  help: `A card that is blank, or holds only YAML front matter (or only HTML comments), documents nothing: it
is as good as no card. This rule reports it once instead of every missing section.

How to fix: write the card. Start from the Hugging Face model card template and fill in at least the
intended use, limitations, training data and evaluation.`,
  regulation: ['EU AI Act Art. 11(1)', 'EU AI Act Annex IV'],
  options: citeOptions,
  examples: {
    pass: '`---\\nlicense: mit\\n---\\n# Churn model\\nPredicts churn for B2B accounts.`',
    fail: 'a README.md of 0 bytes, or only `---\\nlicense: mit\\n---` with nothing below it',
  },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    if (docs.cardState !== 'empty' || !docs.card) return
    const fm = docs.card.frontMatter
    ctx.report({
      path: docs.card.path,
      line: fm ? Math.min(fm.endLine + 1, docs.card.lineCount ?? fm.endLine) : 1,
      message: cite(
        fm
          ? 'model card has front matter but no documentation below it: add sections such as "## Intended uses & limitations", "## Training data" and "## Evaluation"'
          : 'model card is empty: describe the model in sections such as "## Intended uses & limitations", "## Training data" and "## Evaluation"',
        ctx.options.cite,
      ),
      details: { frontMatter: fm !== undefined, ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) },
    })
  },
})
