/** The three risk-tier rules: declared, valid, and not `unacceptable`. */
import { defineUnitRule } from '../../core/rule.js'
import { TIERS } from '../../core/policy/schema.js'
import { osaDistance } from '../../formats/similar.js'
import { cite, unitDocs } from './docs.js'
import { frontMatterMissingApplies } from './fields.js'
import { citeOptions, enabled, frontMatterBroken, missingLine, show, type CiteOptions } from './shared.js'

const TIER_LIST = TIERS.map((t) => `\`${t}\``).join(', ')

function suggestTier(raw: unknown): string | undefined {
  const v = String(raw).trim().toLowerCase().replace(/[\s_-]*risk$/, '').replace(/^risk[\s_-]*/, '').replace(/[\s_-]+/g, '')
  const map: Record<string, string> = { low: 'minimal', none: 'minimal', minimum: 'minimal', min: 'minimal', medium: 'limited', moderate: 'limited', highrisk: 'high', prohibited: 'unacceptable', banned: 'unacceptable' }
  if (map[v]) return map[v]
  if ((TIERS as readonly string[]).includes(v)) return v
  const near = TIERS.find((t) => osaDistance(v, t) <= 2)
  return near
}

export const riskTierMissing = defineUnitRule<CiteOptions>({
  id: 'doc/risk-tier-missing',
  category: 'documentation',
  defaultSeverity: 'off',
  presets: { strict: 'error', 'eu-ai-act-high-risk': { severity: 'error', options: { cite: 'EU AI Act Art. 6; Annex III' } } },
  description: 'The card declares its EU AI Act risk tier (`risk_level`, or the policy’s `tier-key`).',
  help: `The risk tier (\`minimal\`, \`limited\`, \`high\`, \`unacceptable\`, the EU AI Act's tiers) selects the policy's
per-tier requirements (\`settings.documentation.tiers\`, guardians). A card that declares none gets the
policy's \`default-tier\` (default \`minimal\`).

Off in \`recommended\` (most real cards declare no tier); an error in \`strict\` and \`eu-ai-act-high-risk\`,
where the classification (Art. 6, Annex III) must be explicit.

How to fix: add \`risk_level: minimal\` (or \`limited\`, \`high\`) to the card's front matter.`,
  regulation: ['EU AI Act Art. 6', 'EU AI Act Annex III'],
  options: citeOptions,
  examples: { pass: '---\\nrisk_level: limited\\n---', fail: '---\\nlicense: mit\\n---' },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const key = ctx.policy.tierKey.value
    const tier = await ctx.facts.tier()
    if (!docs.card) {
      // A unit documented only by a Model Card Toolkit card: the tier is read from a README's front matter.
      const mct = docs.metadata.find((m) => m.kind === 'model-card-toolkit')
      if (!mct) return
      ctx.report({
        path: mct.path,
        line: 1,
        message: cite(
          `model unit declares no risk tier: modelgate reads \`${key}\` from the front matter of the unit's README.md, which it lacks; add one with \`${key}: <tier>\` (one of ${TIER_LIST}); until then the policy's default tier \`${tier.tier}\` applies`,
          ctx.options.cite,
        ),
        details: { key, defaultTier: tier.tier, ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) },
      })
      return
    }
    if (docs.cardState !== 'ok' && docs.cardState !== 'empty') return
    if (docs.cardState === 'empty' && !docs.card.frontMatter && enabled(ctx, 'doc/card-empty')) return
    if (frontMatterBroken(docs) && enabled(ctx, 'doc/front-matter-invalid')) return
    // A card without front matter is one finding: doc/front-matter-missing names the tier among what it lacks.
    if (frontMatterMissingApplies(docs) && enabled(ctx, 'doc/front-matter-missing')) return
    if (tier.declared || tier.invalid !== undefined) return
    ctx.report({
      path: docs.card.path,
      line: missingLine(docs),
      message: cite(
        `card declares no risk tier: add \`${key}: <tier>\` (one of ${TIER_LIST}) to the front matter; until then the policy's default tier \`${tier.tier}\` applies`,
        ctx.options.cite,
      ),
      details: { key, defaultTier: tier.tier, ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) },
    })
  },
})

export const riskTierInvalid = defineUnitRule<CiteOptions>({
  id: 'doc/risk-tier-invalid',
  category: 'documentation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Art. 6; Annex III' } } },
  description: 'A declared risk tier is one of minimal, limited, high, unacceptable.',
  help: `A tier outside the EU AI Act's four (\`minimal\`, \`limited\`, \`high\`, \`unacceptable\`) is not understood,
so the policy's default tier applies instead, usually a lower bar than intended (\`high-risk\` would be
treated as \`minimal\`).

How to fix: use one of the four values, e.g. \`risk_level: high\`.`,
  regulation: ['EU AI Act Art. 6', 'EU AI Act Annex III'],
  options: citeOptions,
  examples: { pass: 'risk_level: high', fail: 'risk_level: high-risk' },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const card = docs.card
    const fm = card?.frontMatter
    if (!card || !fm?.data) return
    const tier = await ctx.facts.tier()
    if (tier.invalid === undefined) return
    const key = ctx.policy.tierKey.value
    const pos = fm.locate([key])
    const hint = suggestTier(tier.invalid)
    ctx.report({
      path: card.path,
      line: pos.line,
      column: pos.column,
      message: cite(
        `risk tier ${show(tier.invalid)} is not one of ${TIER_LIST}${hint ? `: did you mean \`${key}: ${hint}\`?` : ''} (meanwhile the default tier \`${tier.tier}\` applies)`,
        ctx.options.cite,
      ),
      details: { key, value: show(tier.invalid), ...(hint ? { suggestion: hint } : {}), ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) },
    })
  },
})

export const riskTierUnacceptable = defineUnitRule<CiteOptions>({
  id: 'doc/risk-tier-unacceptable',
  category: 'documentation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Art. 5' } } },
  description: 'No model declares the `unacceptable` risk tier (a practice the EU AI Act prohibits).',
  help: `\`unacceptable\` is the EU AI Act tier of prohibited practices (Art. 5: e.g. social scoring, manipulative
techniques, untargeted scraping of facial images). Such a system may not be placed on the market or used in
the EU, so a change that adds or modifies one fails the gate.

How to fix: remove the model, or re-assess its purpose and declare the tier that applies; if this is a
deliberate, reviewed exception, record it as a waiver with a reason and an owner.`,
  regulation: ['EU AI Act Art. 5'],
  options: citeOptions,
  examples: {
    pass: '`risk_level: limited`',
    fail: '`risk_level: unacceptable`',
  },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const card = docs.card
    const fm = card?.frontMatter
    if (!card || !fm?.data) return
    const tier = await ctx.facts.tier()
    if (!tier.declared || tier.tier !== 'unacceptable') return
    const key = ctx.policy.tierKey.value
    const pos = fm.locate([key])
    ctx.report({
      path: card.path,
      line: pos.line,
      column: pos.column,
      message: cite(
        'model declares the risk tier `unacceptable`, a practice the EU AI Act prohibits (Art. 5): it must not be deployed; remove it or re-assess its tier',
        ctx.options.cite === 'EU AI Act Art. 5' ? undefined : ctx.options.cite,
      ),
      details: { key, tier: 'unacceptable', regulation: ctx.options.cite || 'EU AI Act Art. 5' },
    })
  },
})

export const riskTierLowered = defineUnitRule<CiteOptions>({
  id: 'doc/risk-tier-lowered',
  category: 'documentation',
  defaultSeverity: 'warning',
  presets: { strict: 'error', 'eu-ai-act-high-risk': { severity: 'error', options: { cite: 'EU AI Act Art. 6; Art. 9' } } },
  description: 'The change lowers the risk tier the card declares; the base tier still applies to this change.',
  help: `Lowering a model's risk tier (say \`high\` to \`minimal\`) switches off the requirements of the higher tier:
bias reports, evidence, guardians. A pull request must not be able to lower its own bar, so in this run every
rule applies the higher of the two tiers (the base's), and this finding asks for the reclassification to be
reviewed on its own.

How to fix: if the model really moved to a lower tier, record why in the card and have the change reviewed
by the model's guardians; the lower tier applies from the next change on. Otherwise restore the tier.`,
  regulation: ['EU AI Act Art. 6', 'EU AI Act Art. 9'],
  options: citeOptions,
  examples: {
    pass: 'base `risk_level: high`, head `risk_level: high` (or a unit new in this change)',
    fail: 'base `risk_level: high`, head `risk_level: minimal`',
  },
  async check(ctx) {
    const tier = await ctx.facts.tier()
    if (!tier.lowered) return
    const card = await ctx.facts.card()
    if (!card) return
    const key = ctx.policy.tierKey.value
    const at = card.frontMatter?.locate([key]) ?? { line: 1, column: 1 }
    ctx.report({
      path: card.path,
      line: at.line,
      column: at.column,
      message: cite(
        `this change lowers the risk tier from \`${tier.lowered.from}\` to \`${tier.lowered.to}\`: the \`${tier.lowered.from}\` requirements still apply to this change; have the reclassification reviewed`,
        ctx.options.cite,
      ),
      details: { from: tier.lowered.from, to: tier.lowered.to, key, ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) },
    })
  },
})
