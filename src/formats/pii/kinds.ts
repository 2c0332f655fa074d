/** The kinds of personal data modelgate detects, and how findings name them. */

export const PII_KINDS = [
  'email',
  'phone',
  'ssn',
  'credit-card',
  'iban',
  'ip-address',
  'date-of-birth',
  'person-name',
  'address',
  'custom',
] as const
export type PiiKind = (typeof PII_KINDS)[number]

/** Singular and plural nouns used in finding messages. */
export const KIND_NOUN: Record<PiiKind, [string, string]> = {
  email: ['email address', 'email addresses'],
  phone: ['phone number', 'phone numbers'],
  ssn: ['US Social Security number', 'US Social Security numbers'],
  'credit-card': ['payment card number', 'payment card numbers'],
  iban: ['IBAN', 'IBANs'],
  'ip-address': ['IP address', 'IP addresses'],
  'date-of-birth': ['date of birth', 'dates of birth'],
  'person-name': ['person name', 'person names'],
  address: ['postal address', 'postal addresses'],
  custom: ['custom pattern match', 'custom pattern matches'],
}

export function noun(kind: PiiKind, count: number): string {
  return KIND_NOUN[kind][count === 1 ? 0 : 1]
}
