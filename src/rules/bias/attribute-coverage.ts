import { defineUnitRule } from '../../core/rule.js'
import { loadReports } from './load.js'
import { canonicalAttribute, settingsOf } from './settings.js'

export default defineUnitRule({
  id: 'bias/attribute-coverage',
  category: 'bias',
  defaultSeverity: 'error',
  description: 'The bias reports cover every protected attribute the policy lists.',
  help: `Every attribute in \`settings.bias.protected-attributes\` must appear in one of the unit's bias reports
(names are mapped through \`settings.bias.attribute-aliases\`; an intersectional attribute such as \`sex & race\`
covers both). A missing attribute means the model was never checked for that group of people.

How to fix: evaluate the model per group of the missing attribute and add it under \`attributes\`, or map the
report's name to the policy's with \`attribute-aliases\` (e.g. \`gender: sex\`).`,
  regulation: ['EU AI Act Art. 10(2)(f)'],
  examples: {
    pass: '`protected-attributes: [sex, age_band]` and a report whose `attributes` are `sex` and `age_band`',
    fail: '`protected-attributes: [sex, age_band]` and a report whose only attribute is `sex`',
  },
  async check(ctx) {
    const s = settingsOf(ctx.policy)
    const required = s['protected-attributes']
    if (!required.length) return
    const { valid } = await loadReports(ctx)
    if (!valid.length) return
    const covered = new Set<string>()
    const names: string[] = []
    for (const { report } of valid) {
      for (const a of report.attributes) {
        names.push(a.name)
        covered.add(canonicalAttribute(s, a.name))
        for (const part of a.name.split(' & ')) covered.add(canonicalAttribute(s, part.trim()))
      }
    }
    const first = valid[0]!
    for (const attr of required) {
      if (covered.has(attr)) continue
      const oneHot = names.find((n) => n.toLowerCase().startsWith(attr.toLowerCase() + '_'))
      const hint = oneHot
        ? `; \`${oneHot}\` looks like a one-hot column of \`${attr}\`: name the sensitive feature \`${attr}\`, or map it with \`settings.bias.attribute-aliases: {${oneHot}: ${attr}}\``
        : names.includes('(unnamed)')
          ? '; the export does not name its sensitive feature'
          : ''
      ctx.report({
        path: first.path,
        line: first.report.attributesAt.line,
        column: first.report.attributesAt.column,
        message: `the bias report does not cover protected attribute \`${attr}\`, which the policy requires (settings.bias.protected-attributes); it covers ${names.map((n) => `\`${n}\``).join(', ')}${hint}`,
        details: { attribute: attr, covered: names },
      })
    }
  },
})
