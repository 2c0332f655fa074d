import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'address',
  defaultSeverity: 'warning',
  presets: { strict: 'error' },
  description: 'Data in a model unit holds no columns of postal addresses.',
  examples: { pass: 'an `ip_address` or `email_address` column', fail: 'a `street_address` column with values' },
  detects: `Finds postal addresses by column or key name only: \`address\`, \`street\`, \`street_address\`,
\`address_line1\`, \`home_address\`, … (\`ip_address\`, \`email_address\` and \`mac_address\` are not postal
addresses). Each non-empty value counts.`,
})
