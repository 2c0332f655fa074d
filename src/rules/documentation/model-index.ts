import { defineUnitRule } from '../../core/rule.js'
import { checkModelIndex } from '../../formats/card/model-index.js'
import { cite, unitDocs } from './docs.js'
import { citeOptions, type CiteOptions } from './shared.js'

export default defineUnitRule<CiteOptions>({
  id: 'doc/model-index',
  category: 'documentation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Annex IV(2)(g); Art. 13(3)(b)(ii)' } } },
  description: '`model-index` (structured evaluation results) follows the Hugging Face spec.',
  help: `\`model-index\` records evaluation results so they can be read by tools and leaderboards. The Hub
rejects a push whose \`model-index\` breaks the spec (https://github.com/huggingface/hub-docs/blob/main/modelcard.md):

\`\`\`yaml
model-index:
- name: my-model
  results:
  - task: {type: text-classification}
    dataset: {type: imdb, name: IMDB}
    metrics:
    - {type: accuracy, value: 0.93}
\`\`\`

Each problem is reported at its line: a missing \`name\`, \`results\`, \`task.type\`, \`dataset.type\`,
\`dataset.name\`, \`metrics[].type\` or \`metrics[].value\`, a value that is not a number, a list where a
mapping belongs.

How to fix: complete the entry as the finding says; write metric values as plain numbers.`,
  regulation: ['EU AI Act Annex IV(2)(g)', 'EU AI Act Art. 13(3)(b)(ii)'],
  options: citeOptions,
  examples: {
    pass: '`model-index: [{name: m, results: [{task: {type: text-classification}, dataset: {type: imdb, name: IMDB}, metrics: [{type: accuracy, value: 0.93}]}]}]`',
    fail: 'the same entry with `value: "93%"` (a string, not a number)',
  },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const fm = docs.card?.frontMatter
    if (!docs.card || !fm?.data || !('model-index' in fm.data)) return
    for (const p of checkModelIndex(fm.data['model-index'])) {
      const pos = fm.locate(p.path, { key: p.path.length === 1 })
      ctx.report({
        path: docs.card.path,
        line: pos.line,
        column: pos.column,
        message: cite(p.message, ctx.options.cite),
        details: { path: p.path.join('.'), ...(ctx.options.cite ? { regulation: ctx.options.cite } : {}) },
      })
    }
  },
})
