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
  help: `Reports template residue left in the card's prose, in one finding per card that lists the sections holding it: \`[More Information Needed]\`,
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
    const found: { where: string; title?: string; hits: PlaceholderHit[] }[] = []
    const pre = judgeBlocks(card.preamble ?? [], docs.placeholders).hits
    if (pre.length) found.push({ where: 'the card’s introduction', hits: pre })
    card.sections.forEach((s, index) => {
      if (skip.has(index)) return
      const hits = [...headingPlaceholders(s, docs.placeholders), ...judgeBlocks(s.blocks, docs.placeholders).hits]
      if (hits.length) found.push({ where: `section "${s.title}"`, title: s.title, hits })
    })
    const regulation = ctx.options.cite ? { regulation: ctx.options.cite } : {}
    const labelsOf = (hits: PlaceholderHit[]) => [...new Set(hits.map((h) => h.label))]
    const linesOf = (hits: PlaceholderHit[]) => [...new Set(hits.map((h) => h.line))]
    const some = (items: readonly (string | number)[], max: number) => `${items.slice(0, max).join(', ')}${items.length > max ? ', …' : ''}`
    if (found.length === 1) {
      const { where, hits } = found[0]!
      const labels = labelsOf(hits)
      const lines = linesOf(hits)
      ctx.report({
        path: card.path,
        line: hits[0]!.line,
        message: cite(`${where} still holds template placeholder text: ${some(labels, 3)}${lines.length > 1 ? ` (lines ${some(lines, 5)})` : ''}; replace it or remove it`, ctx.options.cite),
        details: { placeholders: labels, lines, ...regulation },
      })
    } else if (found.length > 1) {
      // Template residue in several sections is one cause (a template left half filled): one finding with the list.
      const labels = labelsOf(found.flatMap((f) => f.hits))
      const names = found.map((f) => `${f.title === undefined ? 'the introduction' : `"${f.title}"`} (line ${f.hits[0]!.line})`)
      ctx.report({
        path: card.path,
        line: found[0]!.hits[0]!.line,
        message: cite(`${found.length} sections still hold template placeholder text (${some(labels, 3)}): ${some(names, 6)}; replace it or remove it`, ctx.options.cite),
        details: {
          placeholders: labels,
          lines: linesOf(found.flatMap((f) => f.hits)),
          sections: found.map((f) => ({ ...(f.title === undefined ? { introduction: true } : { heading: f.title }), line: f.hits[0]!.line, placeholders: labelsOf(f.hits), lines: linesOf(f.hits) })),
          ...regulation,
        },
      })
    }
  },
})
