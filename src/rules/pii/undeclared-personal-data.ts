import { defineUnitRule } from '../../core/rule.js'
import { noun, PII_KINDS, type PiiKind } from '../../formats/pii/kinds.js'
import { unitScan } from './shared.js'

/** What a card's declaration value says: no personal data, a list of kinds, or something else (not checked). */
export type Declaration = { none: true } | { none: false; kinds: Set<PiiKind> } | undefined

const NONE_WORDS = new Set(['none', 'no', 'false', 'n/a', 'na', 'nil', 'null', '0', 'not applicable', 'no pii', 'anonymized', 'anonymised'])

const ALIASES: Record<string, PiiKind> = {
  email: 'email', emails: 'email', 'e-mail': 'email', email_address: 'email', email_addresses: 'email',
  phone: 'phone', phones: 'phone', phone_number: 'phone', phone_numbers: 'phone', telephone: 'phone',
  ssn: 'ssn', ssns: 'ssn', social_security_number: 'ssn', national_id: 'ssn',
  'credit-card': 'credit-card', credit_card: 'credit-card', credit_cards: 'credit-card', card: 'credit-card', payment_card: 'credit-card', cards: 'credit-card',
  iban: 'iban', ibans: 'iban', bank_account: 'iban',
  'ip-address': 'ip-address', ip: 'ip-address', ip_address: 'ip-address', ip_addresses: 'ip-address',
  'date-of-birth': 'date-of-birth', date_of_birth: 'date-of-birth', dob: 'date-of-birth', birth_date: 'date-of-birth', birthdate: 'date-of-birth',
  'person-name': 'person-name', name: 'person-name', names: 'person-name', person_name: 'person-name', person_names: 'person-name', full_name: 'person-name',
  address: 'address', addresses: 'address', postal_address: 'address',
  custom: 'custom',
}

/** Interprets a declaration value from card metadata. */
export function parseDeclaration(v: unknown): Declaration {
  if (v === false || v === null || v === 0) return { none: true }
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase()
    if (NONE_WORDS.has(s)) return { none: true }
    const parts = s.split(/[,;]\s*/).filter(Boolean)
    const kinds = parts.map((p) => ALIASES[p.replace(/[\s-]+/g, '_')] ?? ALIASES[p])
    return kinds.length && kinds.every(Boolean) ? { none: false, kinds: new Set(kinds as PiiKind[]) } : undefined
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return { none: true }
    const kinds = new Set<PiiKind>()
    for (const x of v) {
      if (typeof x !== 'string') return undefined
      const s = x.trim().toLowerCase()
      if (NONE_WORDS.has(s) && v.length === 1) return { none: true }
      const k = ALIASES[s.replace(/[\s-]+/g, '_')] ?? ALIASES[s]
      if (!k) return undefined // an unknown category: cannot compare, so no check
      kinds.add(k)
    }
    return { none: false, kinds }
  }
  return undefined
}

export default defineUnitRule({
  id: 'pii/undeclared-personal-data',
  category: 'pii',
  defaultSeverity: 'error',
  description: 'When the model card declares no personal data (or a list of kinds), the unit holds no other.',
  help: `A model card that declares what personal data a unit holds (a metadata key from
\`settings.pii.declaration.keys\`, default \`pii\`, \`personal_data\`, \`contains_pii\`, \`sensitive_data\`) must
tell the truth: \`pii: none\` (or \`false\`, or \`[]\`) with personal data found by the PII rules is an error,
and so is a kind found that a list (\`pii: [email, phone]\`) does not name.

Why: the card is what reviewers, data protection officers and auditors rely on (GDPR Art. 30 records,
EU AI Act Art. 10(5) and Annex IV data governance). A false "no personal data" is worse than none.

How to fix: remove the personal data, or correct the declaration. Kinds whose rules are off are not
counted.`,
  regulation: ['GDPR Art. 30', 'EU AI Act Art. 10(5)', 'EU AI Act Annex IV(2)(d)'],
  examples: { fail: '`pii: none` in README.md front matter and an `email` column in data/sample.csv', pass: '`pii: [email]` with the same file' },
  async check(ctx) {
    const cardPath = ctx.facts.cardPath()
    if (!cardPath) return
    const card = await ctx.facts.card()
    if (!card) return
    const scan = await unitScan(ctx)
    for (const key of scan.settings.declaration.keys) {
      if (!(key in card.metadata)) continue
      const decl = parseDeclaration(card.metadata[key])
      if (!decl) continue
      const found = new Map<PiiKind, { count: number; files: Set<string> }>()
      for (const f of scan.files) {
        for (const g of f.groups) {
          if (!decl.none && decl.kinds.has(g.kind)) continue
          const e = found.get(g.kind) ?? { count: 0, files: new Set<string>() }
          e.count += g.count
          e.files.add(f.path)
          found.set(g.kind, e)
        }
        for (const [k, n] of Object.entries(f.overflow) as [PiiKind, number][]) {
          if (!decl.none && decl.kinds.has(k)) continue
          const e = found.get(k) ?? { count: 0, files: new Set<string>() }
          e.count += n
          e.files.add(f.path)
          found.set(k, e)
        }
      }
      if (found.size === 0) continue
      const kinds = PII_KINDS.filter((k) => found.has(k))
      const list = kinds
        .map((k) => {
          const e = found.get(k)!
          const files = [...e.files]
          return `${e.count} ${noun(k, e.count)} (${files.slice(0, 3).join(', ')}${files.length > 3 ? `, +${files.length - 3} more` : ''})`
        })
        .join('; ')
      const pos = card.frontMatter?.locate([key], { key: true })
      const declared = decl.none ? `declares no personal data (\`${key}\`)` : `declares only ${[...decl.kinds].join(', ')} (\`${key}\`)`
      ctx.report({
        path: cardPath,
        line: pos?.line,
        column: pos?.column,
        message: `the model card ${declared}, but the unit holds ${list}`,
        details: {
          key,
          declared: decl.none ? 'none' : [...decl.kinds],
          found: Object.fromEntries(kinds.map((k) => [k, { count: found.get(k)!.count, files: [...found.get(k)!.files] }])),
        },
      })
      return
    }
  },
})
