import { defineUnitRule } from '../../core/rule.js'
import { osaDistance } from '../../formats/similar.js'
import { HF_LICENSES, LICENSE_ALIASES } from '../../formats/card/licenses.js'
import { isPlaceholderValue } from '../../formats/card/placeholders.js'
import { cite, findField, isEmptyValue, unitDocs } from './docs.js'
import { citeOptions, show, type CiteOptions } from './shared.js'

function suggestLicense(value: string, known: readonly string[]): string | undefined {
  const v = value.trim().toLowerCase()
  if (known.includes(v)) return v
  const alias = LICENSE_ALIASES[v] ?? LICENSE_ALIASES[v.replace(/[-_]/g, ' ')]
  if (alias) return alias
  const compact = (s: string) => s.replace(/[\s_]+/g, '-').replace(/^the-/, '').replace(/-license$/, '')
  if (known.includes(compact(v))) return compact(v)
  let best: string | undefined
  let bestD = Infinity
  for (const k of known) {
    const d = osaDistance(compact(v), k)
    if (d < bestD) {
      bestD = d
      best = k
    }
  }
  return bestD <= (v.length >= 6 ? 2 : 1) ? best : undefined
}

export default defineUnitRule<CiteOptions>({
  id: 'doc/license',
  category: 'documentation',
  defaultSeverity: 'warning',
  presets: { strict: 'error', 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Annex IV(1)(d)' } } },
  description: '`license` is a Hugging Face license identifier, or `other` with `license_name`/`license_link`.',
  help: `The Hub only recognises license identifiers from its list (https://huggingface.co/docs/hub/repositories-licenses),
all lowercase: \`apache-2.0\`, \`mit\`, \`cc-by-4.0\`, \`llama3.1\`, … A value outside the list (\`Apache 2.0\`,
\`MIT\`, \`PUBLIC DOMAIN NOTICE\`) is not recognised, so the model shows no license. For a license not on the
list, write \`license: other\` with \`license_name\` (a short id) and \`license_link\` (e.g. \`LICENSE.md\`).

Identifiers accepted besides the list: \`settings.documentation.licenses\`. A missing license is reported by
\`doc/required-fields\`.

How to fix: use the identifier suggested in the finding, or \`other\` with \`license_name\` and \`license_link\`.`,
  regulation: ['EU AI Act Annex IV(1)(d)'],
  options: citeOptions,
  examples: { pass: 'license: apache-2.0', fail: 'license: Apache 2.0' },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const card = docs.card
    if (!card?.frontMatter?.data) return
    const hits = findField(docs, 'license').filter((h) => h.origin === 'front matter')
    const hit = hits[0]
    if (!hit || isEmptyValue(hit.value) || isPlaceholderValue(hit.value, docs.placeholders)) return
    const known = [...HF_LICENSES, ...docs.settings.licenses]
    const regulation = ctx.options.cite ? { regulation: ctx.options.cite } : {}
    // Point at the value (the list's single entry when it is a list of one).
    const fm = card.frontMatter
    const valuePos = (list: boolean) => fm.locate(list ? ['license', 0] : ['license'])
    const report = (message: string, details: Record<string, unknown>, list = false) => {
      const at = valuePos(list)
      ctx.report({ path: hit.path, line: at.line, column: at.column, message: cite(message, ctx.options.cite), details: { ...details, ...regulation } })
    }
    let value = hit.value
    let listed = false
    if (Array.isArray(value)) {
      if (value.length === 1) {
        listed = true
        value = value[0]
      } else {
        report('`license` must be a single identifier, not a list: for several licenses use `license: other` with `license_name` and `license_link` to a file explaining them', { problem: 'list' })
        return
      }
    }
    if (typeof value !== 'string') {
      report(`\`license\` must be a license identifier such as \`apache-2.0\`, not ${show(value)}`, { problem: 'type' })
      return
    }
    if (known.includes(value)) {
      if (listed) report(`\`license\` must be a single identifier, not a list: write \`license: ${value}\``, { problem: 'list' })
      if (value === 'other') {
        const name = findField(docs, 'license_name').find((h) => !isEmptyValue(h.value))
        const link = findField(docs, 'license_link').find((h) => !isEmptyValue(h.value))
        if (!name && !link) {
          report('`license: other` needs `license_name` (a short identifier) and `license_link` (where the license text is, e.g. `LICENSE.md`)', { problem: 'other' })
        }
      }
      return
    }
    const suggestion = suggestLicense(value, known)
    const inList = listed ? ' (and `license` takes one identifier, not a list)' : ''
    report(
      suggestion
        ? `\`${show(value)}\` is not a Hugging Face license identifier${inList}: use \`license: ${suggestion}\``
        : `\`${show(value)}\` is not a Hugging Face license identifier${inList}: use one from https://huggingface.co/docs/hub/repositories-licenses, or \`license: other\` with \`license_name\` and \`license_link\``,
      { problem: listed ? 'unknown-in-list' : 'unknown', value: show(value), ...(suggestion ? { suggestion } : {}) },
      listed,
    )
  },
})
