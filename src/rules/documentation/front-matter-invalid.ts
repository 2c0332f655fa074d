import { defineUnitRule } from '../../core/rule.js'
import { findPyYamlTab } from '../../formats/card/portability.js'
import { cite, unitDocs } from './docs.js'
import { citeOptions, type CiteOptions } from './shared.js'

/** Plain-language hints for the YAML errors real cards hit most. */
const HINTS: [RegExp, string][] = [
  [/Implicit keys need to be on a single line|could not find expected ':'/i, 'a value runs on to the next line, or a line holds text that is not `key: value`; quote the value or join the lines'],
  [/Missing closing .?quote/i, 'close the quote, or quote a value that contains `"` with the other kind of quote'],
  [/Nested mappings are not allowed in compact mappings|mapping values are not allowed/i, 'a value contains `: `; put the value in quotes'],
  [/All (mapping|collection) items must start at the same column|bad indentation/i, 'indentation is inconsistent; align the keys of one mapping'],
  [/Map keys must be unique/i, 'a key appears twice; keep one'],
  [/Tabs are not allowed/i, 'use spaces for indentation, not tabs'],
]

function hint(message: string): string {
  const h = HINTS.find(([re]) => re.test(message))
  return h ? ` (${h[1]})` : ''
}

export default defineUnitRule<CiteOptions>({
  id: 'doc/front-matter-invalid',
  category: 'documentation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Annex IV(1)' } } },
  description: 'The card’s front matter is valid YAML, a mapping, closed, and loadable by huggingface_hub.',
  help: `The metadata block at the top of a card must be a YAML mapping (\`key: value\` lines) between two \`---\`
lines. Reported at the exact line and column:
- a YAML syntax error (e.g. an unquoted \`:\` in a value, a wrapped list item, a duplicate key);
- a block that is a list or a plain value instead of a mapping;
- an opening \`---\` that is never closed (the Hub then reads no metadata at all);
- a tab character outside quotes: valid YAML 1.2, but PyYAML (used by \`huggingface_hub\` to load cards)
  rejects it.

How to fix: correct the YAML at the reported position; quote values that contain \`:\` or \`#\`; use spaces,
not tabs; use \`#\` for comments (HTML comments do not work inside YAML).`,
  regulation: ['EU AI Act Annex IV(1)'],
  options: citeOptions,
  examples: {
    pass: '`---\\nlicense: mit\\ndescription: "accuracy: 0.9"\\n---`',
    fail: '`---\\nlicense: mit\\ndescription: accuracy: 0.9\\n---` (an unquoted `: ` inside a value)',
  },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const card = docs.card
    if (!card || (docs.cardState !== 'ok' && docs.cardState !== 'empty')) return
    const regulation = ctx.options.cite ? { regulation: ctx.options.cite } : {}
    for (const p of card.problems ?? []) {
      if (p.kind !== 'unclosed-front-matter') continue
      ctx.report({
        path: card.path,
        line: p.line,
        column: p.column,
        message: cite(`${p.message}: close it with a \`---\` line after the metadata`, ctx.options.cite),
        details: { problem: p.kind, ...regulation },
      })
    }
    const fm = card.frontMatter
    if (!fm) return
    if (fm.errors.length) {
      const first = fm.errors[0]!
      const more = fm.errors.length > 1 ? ` (${fm.errors.length - 1} more error${fm.errors.length > 2 ? 's follow' : ' follows'})` : ''
      const shape = first.message.startsWith('front matter ')
      ctx.report({
        path: card.path,
        line: first.line,
        column: first.column,
        message: cite(
          shape ? `${first.message}: no metadata can be read from it` : `front matter is not valid YAML: ${first.message}${hint(first.message)}${more}; no metadata can be read from it`,
          ctx.options.cite,
        ),
        details: { errors: fm.errors.length, ...regulation },
      })
      return
    }
    const tab = findPyYamlTab(fm.lines ?? [], fm.startLine + 1)
    if (tab) {
      ctx.report({
        path: card.path,
        line: tab.line,
        column: tab.column,
        message: cite(
          'front matter has a tab character outside quotes: huggingface_hub (PyYAML) cannot load the card; replace the tab with spaces',
          ctx.options.cite,
        ),
        details: { problem: 'tab', ...regulation },
      })
    }
  },
})
