import { defineUnitRule } from '../../core/rule.js'
import { cite, unitDocs } from './docs.js'
import { citeOptions, enabled, type CiteOptions } from './shared.js'

export default defineUnitRule<CiteOptions>({
  id: 'doc/front-matter-missing',
  category: 'documentation',
  defaultSeverity: 'warning',
  presets: { strict: 'error', 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Annex IV(1)' } } },
  description: 'The model card starts with YAML front matter holding its metadata.',
  help: `Hugging Face model cards keep their metadata (license, language, tags, datasets, evaluation results,
risk tier) in a YAML block between \`---\` lines at the top of \`README.md\`. Without it, no tool can read the
card's metadata, and the required-field checks have nothing to check.

Not reported when the unit carries its metadata elsewhere (a Model Card Toolkit \`model_card.json\` or a
metadata file named in \`settings.documentation.metadata-files\`).

How to fix: start the card with
\`\`\`yaml
---
license: apache-2.0
language: en
tags: [text-classification]
---
\`\`\``,
  regulation: ['EU AI Act Annex IV(1)'],
  options: citeOptions,
  examples: { pass: '---\\nlicense: mit\\n---\\n# My model', fail: '# My model (no metadata block)' },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const card = docs.card
    if (!card || card.frontMatter || (card.problems ?? []).length) return
    if (docs.cardState === 'empty' && enabled(ctx, 'doc/card-empty')) return
    if (docs.cardState !== 'ok' && docs.cardState !== 'empty') return
    if (docs.metadata.some((m) => (m.kind === 'model-card-toolkit' || m.kind === 'metadata-file') && m.errors.length === 0)) return
    ctx.report({
      path: card.path,
      line: 1,
      message: cite(
        'model card has no YAML front matter: start it with a `---` block holding its metadata (e.g. `license`, `language`, `tags`), closed by another `---`',
        ctx.options.cite,
      ),
      details: ctx.options.cite ? { regulation: ctx.options.cite } : undefined,
    })
  },
})
