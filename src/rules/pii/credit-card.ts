import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'credit-card',
  defaultSeverity: 'error',
  description: 'Data, notebooks and cards in a model unit hold no payment card numbers.',
  examples: { pass: '16-digit order references that fail the Luhn check', fail: 'a `payment_card` column of Luhn-valid Visa numbers grouped in fours' },
  detects: `Finds payment card numbers: 12–19 digits, plain or grouped from a group of four (4-4-4-4, 4-6-5 with
spaces or dashes), whose prefix is a known issuer range for that length (Visa, Mastercard, Amex,
Discover, Diners, JCB, UnionPay, Maestro, Mir, Troy) and whose Luhn check digit is right. Numbers in
identifier columns (\`order_ref\`, \`gtin13\`, \`tracking\`, …) are not reported.`,
})
