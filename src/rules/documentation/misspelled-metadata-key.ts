import { defineUnitRule } from '../../core/rule.js'
import { HF_CARD_KEYS, KEY_ALIASES, suggestKey } from '../../formats/card/keys.js'
import { cite, unitDocs } from './docs.js'
import { normalizeField } from './settings.js'
import { citeOptions, type CiteOptions } from './shared.js'

/** Spellings of the risk-tier key people reach for. */
const TIER_KEY_ALIASES = ['risk_level', 'risk-level', 'risklevel', 'risk_tier', 'risk-tier', 'risktier', 'risk_category', 'risk-category', 'risk_class', 'ai_act_risk', 'ai_risk', 'risk']

export default defineUnitRule<CiteOptions>({
  id: 'doc/misspelled-metadata-key',
  category: 'documentation',
  defaultSeverity: 'warning',
  presets: { strict: 'error', 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Annex IV(1)' } } },
  description: 'Front matter keys are spelled as the Hugging Face spec and the policy expect.',
  help: `A misspelled key is silently ignored by the Hub and by every tool that reads the card: \`liscence: mit\`
leaves the model without a license, \`risk-level: high\` leaves it without a risk tier. The rule flags keys
that are close to a known key (Hugging Face card keys, the policy's tier key and required fields):
misspellings, plurals (\`licenses\`, \`languages\`), other separators (\`model_index\`, \`pipeline-tag\`), and
keys that come from an HTML comment pasted into the YAML (\`<!-- thumbnail\`).

Keys of your own that are not close to a known key are left alone.

How to fix: rename the key as suggested.`,
  regulation: ['EU AI Act Annex IV(1)'],
  options: citeOptions,
  examples: { pass: 'license: mit', fail: 'liscence: mit' },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const card = docs.card
    const data = card?.frontMatter?.data
    if (!card || !data) return
    const tierKey = ctx.policy.tierKey.value
    const s = docs.settings
    const required = [...s['required-fields'], ...Object.values(s.tiers).flatMap((t) => t?.['required-fields'] ?? [])].flatMap((r) => normalizeField(r).anyOf)
    const known = [...new Set([...HF_CARD_KEYS, tierKey, ...required])]
    const aliases: Record<string, string> = { ...KEY_ALIASES }
    for (const a of TIER_KEY_ALIASES) if (a !== tierKey) aliases[a] = tierKey
    for (const key of Object.keys(data)) {
      const pos = card.frontMatter!.locate([key], { key: true })
      const regulation = ctx.options.cite ? { regulation: ctx.options.cite } : {}
      if (/^\s*<!--/.test(key)) {
        ctx.report({
          path: card.path,
          line: pos.line,
          column: pos.column,
          message: cite(
            `front matter key \`${key.trim()}\` comes from an HTML comment inside the YAML: YAML comments start with \`#\`; use \`# ${key.replace(/^\s*<!--\s*/, '')}\` or remove it`,
            ctx.options.cite,
          ),
          details: { key, problem: 'html-comment', ...regulation },
        })
        continue
      }
      const hint = suggestKey(key, known, aliases)
      if (!hint) continue
      const alsoThere = hint in data ? ` (the card also sets \`${hint}\`; merge them)` : ''
      const what = hint === tierKey ? 'so the card declares no risk tier' : 'so tools ignore it'
      ctx.report({
        path: card.path,
        line: pos.line,
        column: pos.column,
        message: cite(`front matter key \`${key}\` is not a known key, ${what}: did you mean \`${hint}\`?${alsoThere}`, ctx.options.cite),
        details: { key, suggestion: hint, ...regulation },
      })
    }
  },
})
