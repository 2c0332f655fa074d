import { defineUnitRule } from '../../core/rule.js'
import { HF_CARD_KEYS } from '../../formats/card/keys.js'
import { SECTION_CATALOG } from './catalog.js'
import { cite, unitDocs } from './docs.js'
import { fieldHow, fieldName, frontMatterMissingApplies, joinRegulations, summarizeRegulations, unmetFields, withRegulation, type UnmetField } from './fields.js'
import { citeOptions, enabled, frontMatterBroken, missingLine, orList, show, type CiteOptions } from './shared.js'

export default defineUnitRule<CiteOptions>({
  id: 'doc/required-fields',
  category: 'documentation',
  defaultSeverity: 'warning',
  presets: { strict: 'error', 'eu-ai-act-high-risk': 'error' },
  description: 'The card’s metadata has the fields the policy requires (per preset and risk tier).',
  help: `Checks \`settings.documentation.required-fields\` (plus \`tiers.<tier>.required-fields\` for the unit's risk
tier) against the card's front matter and the unit's other metadata (Model Card Toolkit \`model_card.json\`,
MLflow \`MLmodel\`/\`registered_model_meta\`, files in \`metadata-files\`). A field that is present but empty
or only placeholder text (\`TODO\`, \`{{ license }}\`) counts as missing.

- \`recommended\`: \`license\`; for a Hugging Face style unit (a \`config.json\`, or Hugging Face-only keys such as
  \`pipeline_tag\` in the card) also \`language\` or \`library_name\`, and \`tags\` or \`pipeline_tag\`.
- \`strict\` adds an owner or contact, and for a Hugging Face style unit \`datasets\`, \`base_model\` (for a
  fine-tuned model) and \`model-index\`.

The fields missing from one card are one finding that lists them (one more for what a risk tier adds); a card
without front matter is left to \`doc/front-matter-missing\`, a misspelled key to \`doc/misspelled-metadata-key\`.
- \`eu-ai-act-high-risk\` adds provider, contact details and version (Annex IV(1)(a), Art. 13(3)(a)); each
  finding names its article. A unit declared \`risk_level: high\` gets these in every preset.

How to fix: add the field to the front matter, e.g. \`license: apache-2.0\`.`,
  regulation: ['EU AI Act Annex IV(1)(a)', 'EU AI Act Art. 13(3)(a)'],
  options: citeOptions,
  examples: { pass: '---\\nlicense: mit\\nlanguage: en\\ntags: [fill-mask]\\n---', fail: '---\\ntags: [fill-mask]\\n---' },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const card = docs.card
    const hasMetadata = docs.metadata.some((m) => m.errors.length === 0)
    if (!card && !hasMetadata) return
    if (card && docs.cardState !== 'ok' && docs.cardState !== 'empty' && !hasMetadata) return
    if (card && docs.cardState === 'empty' && !card.frontMatter && !hasMetadata && enabled(ctx, 'doc/card-empty')) return
    if (frontMatterBroken(docs) && enabled(ctx, 'doc/front-matter-invalid')) return
    const tier = await ctx.facts.tier()
    // A card without front matter is one finding (doc/front-matter-missing names the fields it lacks).
    const noFrontMatter = frontMatterMissingApplies(docs) && enabled(ctx, 'doc/front-matter-missing')
    const where = card ? 'the front matter' : 'the card metadata (a README.md front matter or a `metadata-files` file)'
    const missing: Extract<UnmetField, { kind: 'missing' }>[] = []
    for (const u of unmetFields(docs, tier.tier)) {
      const req = u.req
      const tierNote = req.tier ? ` (required for risk tier \`${req.tier}\`)` : ''
      const regulation = req.regulation ?? (ctx.options.cite || undefined)
      const details = { fields: req.anyOf, ...(req.tier ? { tier: req.tier } : {}), ...(regulation ? { regulation } : {}) }
      if (u.kind === 'placeholder' || u.kind === 'empty') {
        ctx.report({
          path: u.hit.path,
          line: u.hit.line,
          column: u.hit.column,
          message: cite(
            u.kind === 'placeholder'
              ? `\`${u.hit.key}\` holds placeholder text (${show(u.hit.value)})${tierNote}: set a real value`
              : `\`${u.hit.key}\` is empty${tierNote}: give it a value`,
            regulation,
          ),
          details: { ...details, problem: u.kind },
        })
      } else if (u.kind === 'fine-tuned') {
        if (noFrontMatter) continue
        ctx.report({
          path: card?.path ?? docs.anchor,
          line: missingLine(docs),
          message: cite(
            `model looks fine-tuned (${u.evidence.reason}, line ${u.evidence.line}) but the card names no ${fieldName(req)}${tierNote}: add \`${req.anyOf[0]}: <the model it was fine-tuned from>\` to the front matter`,
            regulation,
          ),
          details: { ...details, problem: 'missing', evidence: { path: u.evidence.path, line: u.evidence.line } },
        })
      } else if (u.kind === 'misspelled') {
        // doc/misspelled-metadata-key reports the key itself: one finding for the one cause.
        if (enabled(ctx, 'doc/misspelled-metadata-key') && !HF_CARD_KEYS.includes(u.key)) continue
        ctx.report({
          path: card!.path,
          line: u.line,
          column: u.column,
          message: cite(`card metadata has no ${fieldName(req)}${tierNote}: \`${u.key}\` looks like a misspelling of \`${u.hint}\`; rename it`, regulation),
          details: { ...details, problem: 'misspelled', key: u.key },
        })
      } else if (u.kind === 'missing' && !noFrontMatter) missing.push(u)
    }
    // Fields missing for the same reason (the base list, or one risk tier) make one finding.
    const byTier = new Map<string, typeof missing>()
    for (const u of missing) byTier.set(u.req.tier ?? '', [...(byTier.get(u.req.tier ?? '') ?? []), u])
    for (const group of byTier.values()) {
      const req = group[0]!.req
      const tierNote = req.tier ? ` (required for risk tier \`${req.tier}\`)` : ''
      const path = card?.path ?? docs.anchor
      const line = missingLine(docs)
      if (group.length === 1) {
        const regulation = req.regulation ?? (ctx.options.cite || undefined)
        ctx.report({
          path,
          line,
          message: cite(`card metadata has no ${fieldName(req)}${tierNote}: ${fieldHow(req, group[0]!.sections, where)}`, regulation),
          details: { fields: req.anyOf, ...(req.tier ? { tier: req.tier } : {}), ...(regulation ? { regulation } : {}), problem: 'missing' },
        })
        continue
      }
      const regs = group.map((u) => u.req.regulation ?? (ctx.options.cite || undefined))
      const regulation = joinRegulations(regs)
      const mixed = regs.some((x) => x !== regs[0])
      const items = group.map((u, i) => withRegulation(u.req.label ? `${u.req.label} (e.g. \`${u.req.anyOf[0]}\`)` : fieldName(u.req), regs[i], mixed)).join('; ')
      const what = req.tier ? `${group.length} fields required for risk tier \`${req.tier}\`` : `${group.length} required fields`
      const sections = group.flatMap((u) => u.sections)
      const alt = sections.length ? ` (or the sections ${orList([...new Set(sections.map((s) => `"## ${SECTION_CATALOG[s.id]?.synonyms[0] ?? s.title}"`))])})` : ''
      ctx.report({
        path,
        line,
        message: cite(`card metadata lacks ${what}: ${items}; add them to ${where}${alt}`, mixed ? summarizeRegulations(regs) : regs[0]),
        details: {
          problem: 'missing',
          missing: group.map((u) => ({ fields: u.req.anyOf, ...(u.req.label ? { label: u.req.label } : {}), ...(u.req.regulation ? { regulation: u.req.regulation } : {}) })),
          ...(req.tier ? { tier: req.tier } : {}),
          ...(regulation ? { regulation } : {}),
        },
      })
    }
  },
})
