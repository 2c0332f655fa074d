import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'custom',
  defaultSeverity: 'error',
  description: 'Data, notebooks and cards in a model unit hold no matches of the policy\'s custom PII patterns.',
  examples: { pass: 'no value matching settings.pii.custom patterns', fail: 'an `EMP-\\d{6}` employee id in a notebook output, with that pattern configured' },
  detects: `Finds matches of the detectors in \`settings.pii.custom\` (name + RE2 pattern, e.g. an employee id
\`EMP-\\d{6}\`). Patterns run on RE2 (re2js): matching time is linear in the input, whatever the pattern; a
pattern that does not compile is a policy error at its line.`,
})
