import { defineUnitRule } from '../../core/rule.js'
import { headingPlaceholders, judgeBlocks, type PlaceholderHit } from '../../formats/card/placeholders.js'
import { cite, unitDocs } from './docs.js'
import { sectionsCheckable, unsatisfiedSections } from './required-sections.js'
import { citeOptions, enabled, type CiteOptions } from './shared.js'

export default defineUnitRule<CiteOptions>({
  id: 'doc/placeholder-text',
  category: 'documentation',
  defaultSeverity: 'notice',
  presets: { strict: 'warning', 'eu-ai-act-high-risk': { severity: 'error', options: { cite: 'EU AI Act Art. 11(1); Annex IV' } } },
  description: 'No template placeholder text is left in the card.',
  help: `Reports, once per section, template residue left in the card's prose: \`[More Information Needed]\`,
\`TODO\`, \`FIXME\`, \`TBD\`, \`Lorem ipsum\`, unfilled \`{{ … }}\` / \`{% … %}\`, \`[optional]\` markers in
headings, and the Hugging Face template's boilerplate sentences. Code blocks, inline code and HTML comments
are not checked. Sections that a required-section finding already reports as placeholder-only are skipped.

Extra patterns: \`settings.documentation.placeholders\` (RE2 syntax).

How to fix: replace the placeholder with the information, or delete the line or section.`,
  regulation: ['EU AI Act Art. 11(1)'],
  options: citeOptions,
  examples: {
    pass: '`- **Developed by:** Acme ML team`',
    fail: '`- **Developed by:** [More Information Needed]`',
  },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const card = docs.card
    if (!card || docs.cardState !== 'ok') return
    const skip = new Set<number>()
    if (enabled(ctx, 'doc/required-sections') && sectionsCheckable(docs)) {
      const tier = await ctx.facts.tier()
      for (const { matches } of await unsatisfiedSections(docs, tier.tier)) {
        const first = matches.find((m) => m.path === card.path && m.index !== undefined)
        if (first?.index === undefined) continue
        // required-sections reports this heading; its subsections are part of that finding too.
        const depth = card.sections[first.index]!.depth
        skip.add(first.index)
        for (let k = first.index + 1; k < card.sections.length && card.sections[k]!.depth > depth; k++) skip.add(k)
      }
    }
    const report = (where: string, hits: PlaceholderHit[]) => {
      const labels = [...new Set(hits.map((h) => h.label))]
      const lines = [...new Set(hits.map((h) => h.line))]
      ctx.report({
        path: card.path,
        line: hits[0]!.line,
        message: cite(
          `${where} still holds template placeholder text: ${labels.slice(0, 3).join(', ')}${labels.length > 3 ? ', …' : ''}${lines.length > 1 ? ` (lines ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', …' : ''})` : ''}; replace it or remove it`,
          ctx.options.cite,
        ),
        details: { placeholders: labels, lines, ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) },
      })
    }
    const pre = judgeBlocks(card.preamble ?? [], docs.placeholders).hits
    if (pre.length) report('the card’s introduction', pre)
    card.sections.forEach((s, index) => {
      if (skip.has(index)) return
      const hits = [...headingPlaceholders(s, docs.placeholders), ...judgeBlocks(s.blocks, docs.placeholders).hits]
      if (hits.length) report(`section "${s.title}"`, hits)
    })
  },
})
