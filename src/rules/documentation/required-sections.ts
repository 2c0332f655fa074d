import { defineUnitRule } from '../../core/rule.js'
import { cite, findSections, unitDocs, type UnitDocs } from './docs.js'
import { joinRegulations, shortRegulation, summarizeRegulations, withRegulation } from './fields.js'
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
    // Requirements left unfilled by the same heading ("Bias, Risks, and Limitations") make one entry.
    const byHeading = new Map<string, typeof unsatisfied>()
    for (const u of unsatisfied) {
      const first = u.matches[0]
      if (!first) continue
      const key = `${first.path}:${first.line}`
      byHeading.set(key, [...(byHeading.get(key) ?? []), u])
    }
    const unfilled = [...byHeading.values()].map((group) => {
      const reqs = group.map((g) => g.req)
      const regulation = joinRegulations(reqs.map((r) => r.regulation ?? (ctx.options.cite || undefined)))
      const tiers = [...new Set(reqs.map((r) => r.tier).filter((t) => t !== undefined))]
      return { first: group[0]!.matches[0]!, reqs, regulation, tiers }
    })
    // Several empty or placeholder-only sections of one file are one cause (an unfilled template): one finding.
    const byPath = new Map<string, typeof unfilled>()
    unfilled.sort((a, b) => a.first.line - b.first.line)
    for (const u of unfilled) byPath.set(u.first.path, [...(byPath.get(u.first.path) ?? []), u])
    for (const list of byPath.values()) {
      if (list.length === 1) {
        const { first, reqs, regulation, tiers } = list[0]!
        const tierNote = tiers.length ? ` (required for risk tier ${tiers.map((t) => `\`${t}\``).join(', ')})` : ''
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
        continue
      }
      const regulation = joinRegulations(list.map((u) => u.regulation))
      const tiers = [...new Set(list.flatMap((u) => u.tiers))]
      const tierNote = tiers.length ? ` (some required for risk tier ${tiers.map((t) => `\`${t}\``).join(', ')})` : ''
      const first = list[0]!.first
      const items = list.map((u) => `"${u.first.title}" (line ${u.first.line}: ${orList(u.reqs.map((r) => r.title))}${u.regulation ? `, ${shortRegulation(u.regulation)}` : ''})`)
      ctx.report({
        path: first.path,
        line: first.line,
        message: cite(`${list.length} required sections are empty or only placeholder text${tierNote}: ${items.join('; ')}; write them`, summarizeRegulations(list.map((u) => u.regulation))),
        details: {
          problem: 'unfilled',
          unfilled: list.map((u) => ({
            heading: u.first.title,
            line: u.first.line,
            sections: u.reqs.map((r) => r.id),
            problem: u.first.hits.length ? 'placeholder' : 'empty',
            ...(u.tiers.length ? { tier: u.tiers[0] } : {}),
            ...(u.regulation ? { regulation: u.regulation } : {}),
          })),
          ...(regulation ? { regulation } : {}),
        },
      })
    }
    // Sections missing for the same reason (the base list, or one risk tier) make one finding.
    const byTier = new Map<string, NormalizedSection[]>()
    for (const { req, matches } of unsatisfied) {
      if (matches.length) continue
      byTier.set(req.tier ?? '', [...(byTier.get(req.tier ?? '') ?? []), req])
    }
    for (const group of byTier.values()) {
      const req = group[0]! as NormalizedSection & { tier?: string }
      const line = docs.card ? missingLine(docs) : 1
      if (group.length === 1) {
        const tierNote = req.tier ? ` (required for risk tier \`${req.tier}\`)` : ''
        const regulation = req.regulation ?? (ctx.options.cite || undefined)
        ctx.report({
          path: docs.anchor,
          line,
          message: cite(
            docs.card
              ? `card has no ${req.title} section${tierNote}: add a heading such as ${suggestion(req)} with its content`
              : `card has no ${req.title} section${tierNote}: fill in the matching Model Card Toolkit field, or add a README.md with a heading such as ${suggestion(req)}`,
            regulation,
          ),
          details: { section: req.id, ...(req.tier ? { tier: req.tier } : {}), ...(regulation ? { regulation } : {}), problem: 'missing', headings: req.synonyms.slice(0, 6) },
        })
        continue
      }
      const regs = group.map((r) => r.regulation ?? (ctx.options.cite || undefined))
      const regulation = joinRegulations(regs)
      const items = group.map((r, i) => withRegulation(r.title, regs[i], regs.some((x) => x !== regs[0]))).join('; ')
      const what = req.tier ? `${group.length} sections required for risk tier \`${req.tier}\`` : `${group.length} required sections`
      const examples = group.slice(0, 4).map((r) => `"## ${r.synonyms[0] ?? r.title}"`)
      const eg = `${examples.join(', ')}${group.length > 4 ? ', …' : ''}`
      ctx.report({
        path: docs.anchor,
        line,
        message: cite(
          docs.card
            ? `card lacks ${what}: ${items}; add a heading for each (${eg}) with its content`
            : `card lacks ${what}: ${items}; fill in the matching Model Card Toolkit fields, or add a README.md with headings (${eg})`,
          regs.every((x) => x === regs[0]) ? regs[0] : summarizeRegulations(regs),
        ),
        details: {
          problem: 'missing',
          missing: group.map((r) => ({ section: r.id, title: r.title, headings: r.synonyms.slice(0, 6), ...(r.regulation ? { regulation: r.regulation } : {}) })),
          ...(req.tier ? { tier: req.tier } : {}),
          ...(regulation ? { regulation } : {}),
        },
      })
    }
  },
})
