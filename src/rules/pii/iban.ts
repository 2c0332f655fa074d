import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'iban',
  defaultSeverity: 'error',
  description: 'Data, notebooks and cards in a model unit hold no bank account numbers (IBAN).',
  examples: { pass: 'IBAN-shaped references with wrong check digits', fail: 'a `bank_account` column of valid DE IBANs' },
  detects: `Finds IBANs, compact or in groups of four: a country of the SWIFT IBAN registry, exactly that country's
length, and the ISO 7064 mod-97 check digits.`,
})
