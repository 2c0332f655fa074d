import { defineUnitRule } from '../../core/rule.js'
import { cite, unitDocs } from './docs.js'
import { fieldName, frontMatterMissingApplies, joinRegulations, unmetFields } from './fields.js'
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
metadata file named in \`settings.documentation.metadata-files\`). One cause, one finding: it lists the fields
the policy requires that the card therefore lacks, and \`doc/required-fields\` does not report them again.

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
    if (!card || !frontMatterMissingApplies(docs)) return
    if (docs.cardState === 'empty' && enabled(ctx, 'doc/card-empty')) return
    // The fields the policy requires that nothing else supplies: named here, not one finding each.
    const tier = await ctx.facts.tier()
    const missing = enabled(ctx, 'doc/required-fields') ? unmetFields(docs, tier.tier).filter((u) => u.kind === 'missing' || u.kind === 'fine-tuned') : []
    // The risk tier is front matter too (doc/risk-tier-missing leaves this card to this finding).
    const tierKey = ctx.policy.tierKey.value
    const noTier = enabled(ctx, 'doc/risk-tier-missing') && !tier.declared && tier.invalid === undefined
    const regulation = joinRegulations([ctx.options.cite || undefined, ...missing.map((u) => u.req.regulation)])
    const names = [...missing.map((u) => fieldName(u.req) + (u.req.tier ? ` (risk tier \`${u.req.tier}\`)` : '')), ...(noTier ? [`the risk tier (\`${tierKey}\`)`] : [])]
    const keys = [...missing.map((u) => `\`${u.req.anyOf[0]}: …\``), ...(noTier ? [`\`${tierKey}: …\``] : [])]
    ctx.report({
      path: card.path,
      line: 1,
      message: cite(
        names.length
          ? `model card has no YAML front matter, so it lacks the metadata the policy requires: ${names.join('; ')}; start the card with a \`---\` block holding ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}, closed by another \`---\``
          : 'model card has no YAML front matter: start it with a `---` block holding its metadata (e.g. `license`, `language`, `tags`), closed by another `---`',
        regulation,
      ),
      details: {
        ...(names.length
          ? {
              missing: [
                ...missing.map((u) => ({ fields: u.req.anyOf, ...(u.req.label ? { label: u.req.label } : {}), ...(u.req.tier ? { tier: u.req.tier } : {}), ...(u.req.regulation ? { regulation: u.req.regulation } : {}) })),
                ...(noTier ? [{ fields: [tierKey], label: 'risk tier' }] : []),
              ],
            }
          : {}),
        ...(regulation ? { regulation } : {}),
      },
    })
  },
})
