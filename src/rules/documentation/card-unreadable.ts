import { defineUnitRule } from '../../core/rule.js'
import { cite, unitDocs } from './docs.js'
import { citeOptions, type CiteOptions } from './shared.js'

export default defineUnitRule<CiteOptions>({
  id: 'doc/card-unreadable',
  category: 'documentation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Art. 11(1)' } } },
  description: 'The model card can be read: it is text and within the policy’s size cap.',
  help: `A model card that is larger than \`settings.documentation.max-card-bytes\` (default 2 MiB), is not text,
cannot be read, or whose Markdown is over modelgate's parsing limits (more than 16 block quotes or lists
nested on one line, more than 2,000 emphasis or bracket delimiters in one paragraph or 50,000 in the card,
a fenced code block over 256 KiB: shapes that make Markdown parsers take minutes) is reported instead of
being checked: its documentation would otherwise pass unchecked.

How to fix: keep the card a UTF-8 Markdown file; move large content (embedded images, long tables, logs) to
separate files and link them; or raise \`max-card-bytes\` in the policy if the card really needs the size.`,
  regulation: ['EU AI Act Art. 11(1)'],
  options: citeOptions,
  examples: {
    pass: 'a UTF-8 README.md of 40 KB, under the default `max-card-bytes` of 2 MiB',
    fail: 'a 5 MB README.md (base64-embedded images), over the default `max-card-bytes` of 2 MiB',
  },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const path = docs.cardPath
    if (!path) return
    const details = (extra: Record<string, unknown>) => ({ ...extra, ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) })
    if (docs.cardState === 'too-large') {
      const cap = docs.settings['max-card-bytes']
      ctx.report({
        path,
        line: 1,
        message: cite(
          `model card is ${docs.cardSize} bytes, over the policy's cap of ${cap} bytes (\`settings.documentation.max-card-bytes\`): it was not read, so its documentation is unchecked; move large content out of the card or raise the cap`,
          ctx.options.cite,
        ),
        details: details({ size: docs.cardSize, cap }),
      })
    } else if (docs.cardState === 'binary') {
      ctx.report({
        path,
        line: 1,
        message: cite('model card is not text (it contains NUL bytes): a card must be UTF-8 Markdown', ctx.options.cite),
        details: details({ reason: 'binary' }),
      })
    } else if (docs.cardState === 'too-complex') {
      const at = docs.card?.problems?.find((p) => p.kind === 'too-complex')
      ctx.report({
        path,
        line: at?.line ?? 1,
        message: cite(`model card was not parsed: ${docs.cardError ?? 'its Markdown is too complex to check'}; its documentation is unchecked: simplify the Markdown`, ctx.options.cite),
        details: details({ reason: 'too-complex' }),
      })
    } else if (docs.cardState === 'unreadable') {
      ctx.report({
        path,
        line: 1,
        message: cite(`model card could not be read (${docs.cardError ?? 'unknown error'}); its documentation is unchecked`, ctx.options.cite),
        details: details({ reason: 'unreadable' }),
      })
    }
  },
})
