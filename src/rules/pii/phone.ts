import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'phone',
  defaultSeverity: 'error',
  description: 'Data, notebooks and cards in a model unit hold no phone numbers.',
  examples: { pass: 'a `phone` column of hashed values; order numbers like ORD-2024-555123', fail: 'a `phone` column of numbers written (415) 555-01xx' },
  detects: `Finds phone numbers valid for the configured regions (\`settings.pii.phone-regions\`, default US; numbers
written with \`+\` and a country code are checked for any region) using libphonenumber's metadata. Digits
glued to a longer token (\`ORD-2024-555123\`), grouped unlike the number's format (\`2024-555123\`), dates,
decimals and unformatted digit runs outside a phone column (\`phone\`, \`mobile\`, \`tel\`, …) or without a
nearby word such as "phone" or "call" are not reported.`,
})
