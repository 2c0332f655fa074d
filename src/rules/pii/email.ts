import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'email',
  defaultSeverity: 'error',
  description: 'Data, notebooks and cards in a model unit hold no email addresses.',
  detects: `Finds email addresses: a local part and a domain of at least two labels whose top-level domain has the
shape of a real one (letters, 2–24; \`xn--\` labels). File names such as \`logo@2x.png\` and package pins
such as \`pkg@1.2.3\` are not addresses.`,
  examples: { fail: 'customers.csv with a column `email` of addresses', pass: 'the same file with the column hashed' },
})
