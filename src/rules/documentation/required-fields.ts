import { defineUnitRule } from '../../core/rule.js'
import { suggestKey } from '../../formats/card/keys.js'
import { isPlaceholderValue } from '../../formats/card/placeholders.js'
import { SECTION_CATALOG } from './catalog.js'
import { cite, findField, findSections, fineTunedEvidence, isEmptyValue, unitDocs } from './docs.js'
import { normalizeSection, requirementsFor } from './settings.js'
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

- \`recommended\`: \`license\`; \`language\` or \`library_name\`; \`tags\` or \`pipeline_tag\`.
- \`strict\` adds \`datasets\`, \`base_model\` (for a fine-tuned model), \`model-index\`, and an owner or contact.
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
    const { fields } = requirementsFor(docs.settings, tier.tier)
    const anchor = docs.anchor
    const fm = card?.frontMatter
    const misspelled = (keys: string[]) => {
      for (const key of Object.keys(fm?.data ?? {})) {
        const hint = suggestKey(key, keys)
        if (hint) return { key, hint, ...fm!.locate([key], { key: true }) }
      }
      return undefined
    }
    for (const req of fields) {
      const keys = req.anyOf
      const name = req.label ?? orList(keys.map((k) => `\`${k}\``))
      const tierNote = req.tier ? ` (required for risk tier \`${req.tier}\`)` : ''
      const regulation = req.regulation ?? (ctx.options.cite || undefined)
      const details = { fields: keys, ...(req.tier ? { tier: req.tier } : {}), ...(regulation ? { regulation } : {}) }
      let evidence
      if (req.when === 'fine-tuned') {
        evidence = fineTunedEvidence(docs)
        if (!evidence) continue
      }
      const hits = keys.flatMap((k) => findField(docs, k))
      if (hits.some((h) => !isEmptyValue(h.value) && !isPlaceholderValue(h.value, docs.placeholders))) continue
      const sections = (req.sections ?? []).map((id) => normalizeSection(id, docs.settings))
      if (sections.some((s) => findSections(docs, s).some((m) => m.filled))) continue
      const placeholder = hits.find((h) => isPlaceholderValue(h.value, docs.placeholders))
      const empty = hits[0]
      if (placeholder) {
        ctx.report({
          path: placeholder.path,
          line: placeholder.line,
          column: placeholder.column,
          message: cite(`\`${placeholder.key}\` holds placeholder text (${show(placeholder.value)})${tierNote}: set a real value`, regulation),
          details: { ...details, problem: 'placeholder' },
        })
      } else if (empty) {
        ctx.report({
          path: empty.path,
          line: empty.line,
          column: empty.column,
          message: cite(`\`${empty.key}\` is empty${tierNote}: give it a value`, regulation),
          details: { ...details, problem: 'empty' },
        })
      } else if (evidence) {
        ctx.report({
          path: card?.path ?? anchor,
          line: missingLine(docs),
          message: cite(
            `model looks fine-tuned (${evidence.reason}, line ${evidence.line}) but the card names no ${name}${tierNote}: add \`${keys[0]}: <the model it was fine-tuned from>\` to the front matter`,
            regulation,
          ),
          details: { ...details, problem: 'missing', evidence: { path: evidence.path, line: evidence.line } },
        })
      } else if (misspelled(keys)) {
        const m = misspelled(keys)!
        ctx.report({
          path: card!.path,
          line: m.line,
          column: m.column,
          message: cite(`card metadata has no ${name}${tierNote}: \`${m.key}\` looks like a misspelling of \`${m.hint}\`; rename it`, regulation),
          details: { ...details, problem: 'misspelled', key: m.key },
        })
      } else {
        const alt = sections.length
          ? ` or a ${orList(sections.map((s) => `"## ${SECTION_CATALOG[s.id]?.synonyms[0] ?? s.title}"`))} section`
          : ''
        const where = card ? 'the front matter' : 'the card metadata (a README.md front matter or a `metadata-files` file)'
        const how = keys.length === 1 ? `add \`${keys[0]}: …\` to ${where}` : `add one of ${orList(keys.slice(0, 4).map((k) => `\`${k}\``))} to ${where}`
        ctx.report({
          path: card?.path ?? anchor,
          line: missingLine(docs),
          message: cite(`card metadata has no ${name}${tierNote}: ${how}${alt}`, regulation),
          details: { ...details, problem: 'missing' },
        })
      }
    }
  },
})
