import { defineUnitRule } from '../../core/rule.js'
import { cite, findSections, unitDocs, type UnitDocs } from './docs.js'
import { requirementsFor, type NormalizedSection } from './settings.js'
import { citeOptions, enabled, missingLine, orList, type CiteOptions } from './shared.js'

/** The distinct placeholder labels of a match, for messages. */
function labels(hits: readonly { label: string }[]): string {
  const l = [...new Set(hits.map((h) => h.label))]
  return l.length ? `only placeholder text (${l.slice(0, 3).join(', ')})` : 'empty'
}

/** Whether the unit's documentation can be judged for sections at all (else another rule reports why). */
export function sectionsCheckable(docs: UnitDocs): boolean {
  const mct = docs.metadata.some((m) => m.kind === 'model-card-toolkit' && m.errors.length === 0)
  if (docs.card) return docs.cardState === 'ok' || docs.cardState === 'empty' || mct
  return mct
}

/** Requirements the unit's documentation does not satisfy (none found filled). */
export async function unsatisfiedSections(docs: UnitDocs, tier: Parameters<typeof requirementsFor>[1]) {
  const { sections } = requirementsFor(docs.settings, tier)
  return sections.map((req) => ({ req, matches: findSections(docs, req) })).filter((x) => !x.matches.some((m) => m.filled))
}

function suggestion(req: NormalizedSection): string {
  return orList(req.synonyms.slice(0, 2).map((s) => `"## ${s}"`))
}

export default defineUnitRule<CiteOptions>({
  id: 'doc/required-sections',
  category: 'documentation',
  defaultSeverity: 'warning',
  presets: { strict: 'error', 'eu-ai-act-high-risk': 'error' },
  description: 'The card has the sections the policy requires, each with real content (per preset and risk tier).',
  help: `Checks \`settings.documentation.required-sections\` (plus \`tiers.<tier>.required-sections\` for the unit's
risk tier). A section is found by its heading, at any depth, ATX (\`## Uses\`) or setext, after folding case,
punctuation, numbering and \`[optional]\`; a heading that joins topics counts for each ("Bias, Risks, and
Limitations" is both bias and limitations). Synonyms: "Intended uses & limitations", "Uses" and "Direct
Use" all satisfy intended use; \`settings.documentation.synonyms\` adds your own headings. A Model Card
Toolkit \`model_card.json\` satisfies sections through its fields (\`considerations.limitations\`, …).

A section that is empty, or holds only placeholder text (\`[More Information Needed]\`, \`TODO\`, \`TBD\`,
\`Lorem ipsum\`, an unfilled \`{{ … }}\`, \`[optional]\`, the template's boilerplate) counts as missing and
is reported at its heading.

- \`recommended\`: intended use, limitations/risks, training data, evaluation.
- \`strict\` adds out-of-scope use, bias/ethical considerations, environmental impact, citation or contact.
- \`eu-ai-act-high-risk\` maps Annex IV, Art. 10(2) and Art. 13(3) to sections (instructions for use,
  system/software/hardware, data labelling and cleaning, per-group performance, human oversight,
  cybersecurity, lifecycle changes, post-market monitoring…); each finding names its article. A unit
  declared \`risk_level: high\` gets these in every preset.

How to fix: add the section with real content, or replace the placeholder text.`,
  regulation: ['EU AI Act Annex IV', 'EU AI Act Art. 10(2)', 'EU AI Act Art. 13(3)'],
  options: citeOptions,
  examples: { pass: '## Intended uses & limitations\\nClassifies support tickets; not for medical text.', fail: '## Uses\\n[More Information Needed]' },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    if (!sectionsCheckable(docs)) return
    if (docs.cardState === 'empty' && enabled(ctx, 'doc/card-empty')) return
    const tier = await ctx.facts.tier()
    const unsatisfied = await unsatisfiedSections(docs, tier.tier)
    // Requirements left unfilled by the same heading ("Bias, Risks, and Limitations") make one finding.
    const byHeading = new Map<string, typeof unsatisfied>()
    for (const u of unsatisfied) {
      const first = u.matches[0]
      if (!first) continue
      const key = `${first.path}:${first.line}`
      byHeading.set(key, [...(byHeading.get(key) ?? []), u])
    }
    for (const group of byHeading.values()) {
      const first = group[0]!.matches[0]!
      const reqs = group.map((g) => g.req)
      const tiers = [...new Set(reqs.map((r) => r.tier).filter((t) => t !== undefined))]
      const tierNote = tiers.length ? ` (required for risk tier ${tiers.map((t) => `\`${t}\``).join(', ')})` : ''
      const regs = [...new Set(reqs.map((r) => r.regulation ?? (ctx.options.cite || undefined)).filter((r): r is string => r !== undefined))]
      const regulation = regs.length ? regs.map((r, i) => (i === 0 ? r : r.replace(/^EU AI Act /, ''))).join('; ') : undefined
      ctx.report({
        path: first.path,
        line: first.line,
        message: cite(`section "${first.title}" is ${labels(first.hits)}, so the card does not document ${orList(reqs.map((r) => r.title))}${tierNote}: write it`, regulation),
        details: {
          sections: reqs.map((r) => r.id),
          ...(tiers.length ? { tier: tiers[0] } : {}),
          ...(regulation ? { regulation } : {}),
          problem: first.hits.length ? 'placeholder' : 'empty',
          heading: first.title,
        },
      })
    }
    for (const { req, matches } of unsatisfied) {
      const tierNote = req.tier ? ` (required for risk tier \`${req.tier}\`)` : ''
      const regulation = req.regulation ?? (ctx.options.cite || undefined)
      const details = { section: req.id, ...(req.tier ? { tier: req.tier } : {}), ...(regulation ? { regulation } : {}) }
      if (matches.length) continue
      {
        ctx.report({
          path: docs.anchor,
          line: docs.card ? missingLine(docs) : 1,
          message: cite(
            docs.card
              ? `card has no ${req.title} section${tierNote}: add a heading such as ${suggestion(req)} with its content`
              : `card has no ${req.title} section${tierNote}: fill in the matching Model Card Toolkit field, or add a README.md with a heading such as ${suggestion(req)}`,
            regulation,
          ),
          details: { ...details, problem: 'missing', headings: req.synonyms.slice(0, 6) },
        })
      }
    }
  },
})
