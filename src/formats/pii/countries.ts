/**
 * A country column's value → ISO 3166-1 alpha-2 region: the code itself (`de`, `GB`), `UK`, a few alpha-3
 * codes, or the country's name in English, German, French, Spanish, Portuguese, Italian or Dutch (names
 * from the runtime's ICU data through Intl.DisplayNames: no table to maintain, nothing to bundle).
 */
import { isPhoneRegion } from './phone.js'

const ALPHA3: Record<string, string> = {
  USA: 'US', GBR: 'GB', DEU: 'DE', FRA: 'FR', IND: 'IN', BRA: 'BR', JPN: 'JP', AUS: 'AU', ESP: 'ES', ITA: 'IT', NLD: 'NL', MEX: 'MX',
  CAN: 'CA', CHN: 'CN', RUS: 'RU', KOR: 'KR', IRL: 'IE', CHE: 'CH', AUT: 'AT', BEL: 'BE', PRT: 'PT', POL: 'PL', SWE: 'SE', NOR: 'NO',
  DNK: 'DK', FIN: 'FI', NZL: 'NZ', ZAF: 'ZA', ARG: 'AR', COL: 'CO', CHL: 'CL', SGP: 'SG', ARE: 'AE', ISR: 'IL', TUR: 'TR', NGA: 'NG',
}
const EXTRA: Record<string, string> = { uk: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', usa: 'US', 'u.s.': 'US', 'u.s.a.': 'US', america: 'US', holland: 'NL' }
const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl']

let names: Map<string, string> | undefined

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim()

function nameTable(): Map<string, string> {
  if (names) return names
  names = new Map(Object.entries(EXTRA))
  const codes: string[] = []
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) {
    const c = String.fromCharCode(a, b)
    if (isPhoneRegion(c)) codes.push(c)
  }
  for (const lang of LANGUAGES) {
    let dn: Intl.DisplayNames
    try {
      dn = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' })
    } catch {
      continue
    }
    for (const c of codes) {
      const n = dn.of(c)
      if (n && !names.has(fold(n))) names.set(fold(n), c)
    }
  }
  return names
}

/** The region a country cell names, or undefined. */
export function regionOfCountry(value: string): string | undefined {
  const v = value.trim()
  if (v.length < 2 || v.length > 60) return undefined
  if (v.length === 2) {
    const c = v.toUpperCase()
    if (c === 'UK') return 'GB'
    return isPhoneRegion(c) ? c : undefined
  }
  if (v.length === 3 && /^[A-Za-z]{3}$/.test(v)) {
    const c = ALPHA3[v.toUpperCase()]
    if (c) return c
  }
  return nameTable().get(fold(v))
}
