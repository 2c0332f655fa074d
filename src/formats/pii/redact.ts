/**
 * Redaction: the shape of a value, never the value. What findings show in `details.redacted` and in
 * messages (`j***@e***.com`, `***-**-6789`, `4***********1111`).
 */
import type { PiiKind } from './kinds.js'

const star = (s: string) => s.replace(/[A-Za-z0-9]/g, '*')

/** Masks every digit except the last `keep`; other characters (separators) stay. */
function maskDigitsKeepLast(s: string, keep: number): string {
  let seen = 0
  const total = (s.match(/\d/g) ?? []).length
  let out = ''
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') {
      seen++
      out += seen > total - keep ? ch : '*'
    } else out += ch
  }
  return out
}

export function redact(kind: PiiKind, value: string): string {
  const v = value.trim()
  switch (kind) {
    case 'email': {
      const at = v.lastIndexOf('@')
      if (at < 1) return '***@***'
      const local = v.slice(0, at)
      const domain = v.slice(at + 1)
      const dot = domain.lastIndexOf('.')
      const tld = dot > 0 ? domain.slice(dot) : ''
      return `${local[0]}***@${domain[0] ?? ''}***${tld}`
    }
    case 'ssn':
      return v.length >= 9 ? maskDigitsKeepLast(v, 4) : '***-**-****'
    case 'credit-card': {
      const digits = v.replace(/\D/g, '')
      if (digits.length < 12) return '****'
      return digits[0] + '*'.repeat(digits.length - 5) + digits.slice(-4)
    }
    case 'phone':
      return maskDigitsKeepLast(v, 2)
    case 'iban': {
      const compact = v.replace(/\s/g, '')
      return compact.slice(0, 2) + '*'.repeat(Math.max(0, compact.length - 6)) + compact.slice(-4)
    }
    case 'ip-address': {
      if (v.includes(':')) {
        const first = v.split(':')[0] || ''
        return `${first || '*'}:****:…`
      }
      const first = v.split('.')[0]
      return `${first}.*.*.*`
    }
    case 'date-of-birth':
      return star(v)
    case 'person-name':
    case 'address':
      return v.length > 0 ? `${[...v][0]}***` : '***'
    case 'custom':
      return star(v).slice(0, 40)
  }
}
