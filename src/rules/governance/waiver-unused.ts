import { defineRunRule } from '../../core/rule.js'
import { isLive, waiverMatches } from '../../core/waivers.js'

export default defineRunRule({
  id: 'governance/waiver-unused',
  category: 'governance',
  defaultSeverity: 'warning',
  description: 'A live waiver matched no finding in a run that evaluated every model unit.',
  help: `A waiver that excuses nothing is a stale exception: the problem was fixed, or the waiver's \`rule\`,
\`paths\` or \`models\` never matched. Judged only when every model unit was evaluated (\`--all\`,
\`check-all: true\`, or a change touching every unit), since a partial run cannot tell.

How to fix: delete the waiver, or correct its scope.`,
  afterOthers: true,
  examples: {
    pass: '`{rule: doc/model-card-required, models: [models/legacy], …}` while models/legacy still has no model card, in a run over every unit',
    fail: 'the same waiver once models/legacy/README.md exists, in a run over every unit (`--all`)',
  },
  check(ctx) {
    const full = ctx.units.selected.length === ctx.units.all.length
    if (!full) return
    for (const w of ctx.policy.waivers) {
      if (!isLive(w, ctx.run.now)) continue
      if (ctx.findings.some((f) => !f.ruleId.startsWith('governance/waiver') && waiverMatches(w, f))) continue
      ctx.report({
        path: ctx.policy.source === 'built-in' ? ctx.run.policyPath : ctx.policy.source,
        line: w.line,
        message: `waiver for \`${w.rule}\`${w.models?.length ? ` in ${w.models.join(', ')}` : ''}${w.paths?.length ? ` on ${w.paths.join(', ')}` : ''} matched no finding: remove it or fix its scope`,
        details: { waiver: w.index, rule: w.rule },
      })
    }
  },
})
