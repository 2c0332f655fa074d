import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'ip-address',
  defaultSeverity: 'warning',
  presets: { strict: 'error' },
  description: 'Data, notebooks and cards in a model unit hold no public IP addresses.',
  examples: { pass: 'a `firmware` column of 4-part versions; private 10.x addresses', fail: 'a `client_ip` column of public IPv4 addresses' },
  detects: `Finds IPv4 and IPv6 addresses in public address space (private, loopback, link-local and reserved ranges
are reported only when \`settings.pii.ip\` enables them). A four-part version in a column named like
\`version\`/\`firmware\`/\`build\`, after "version"/"v"/\`==\`, or glued to other text is not an address.`,
})
