/**
 * Column-name (and key-name) heuristics. A name is split into whole tokens (`first_name`, `firstName`,
 * `First Name` → first, name; `filename` stays one token, so it is not a name column) and each kind gets a
 * role: `positive` (the column is about this kind: weaker shapes such as a bare 9-digit SSN count),
 * `negative` (the column holds identifiers or versions that look like this kind: shape matches are
 * ignored) or `neutral`.
 */
import type { PiiKind } from './kinds.js'

export type Role = 'positive' | 'negative' | 'neutral'

export function tokenize(name: string): string[] {
  return name
    // Accented letters keep their base letter (`Teléfono` → telefono, `Straße` → strasse), not a token break.
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0)
}

const has = (tokens: string[], ...words: string[]) => words.some((w) => tokens.includes(w))
const joined = (tokens: string[]) => tokens.join('')

/** Tokens that mark identifiers, codes and measurements: numbers there are not personal data. */
const IDENTIFIER_TOKENS = [
  'id', 'ids', 'uuid', 'guid', 'ref', 'reference', 'order', 'orders', 'invoice', 'sku', 'part', 'gtin', 'ean', 'upc',
  'isbn', 'tracking', 'serial', 'lot', 'batch', 'seq', 'sequence', 'hash', 'checksum', 'crc', 'crc32', 'md5', 'sha',
  'sha1', 'sha256', 'version', 'build', 'epoch', 'timestamp', 'ts', 'count', 'qty', 'quantity', 'price', 'amount',
  'total', 'sum', 'weight', 'size', 'bytes', 'offset', 'index', 'idx', 'row', 'stock', 'coupon', 'sku', 'bin',
  'transaction', 'txn', 'shipment', 'parcel', 'barcode', 'asin', 'model', 'revision', 'rev', 'nonce', 'token',
]
const VERSION_TOKENS = ['version', 'ver', 'vers', 'firmware', 'fw', 'release', 'build', 'revision', 'rev', 'sw', 'software', 'os', 'oid', 'semver']
const PERSON_QUALIFIERS = [
  'first', 'last', 'given', 'family', 'full', 'middle', 'maiden', 'customer', 'patient', 'person', 'employee',
  'client', 'member', 'contact', 'student', 'applicant', 'holder', 'cardholder', 'account', 'legal', 'birth',
  'father', 'mother', 'spouse', 'guardian', 'owner', 'passenger', 'driver', 'subscriber', 'recipient', 'sender',
  'beneficiary', 'emergency', 'nick', 'preferred', 'display', 'real',
]
const PERSON_WORDS = [
  'surname', 'forename', 'firstname', 'lastname', 'fullname', 'givenname', 'familyname', 'middlename', 'maidenname', 'fname', 'lname',
  'nachname', 'vorname', 'familienname', 'nom', 'prenom', 'nombre', 'apellido', 'apellidos', 'nome', 'cognome', 'sobrenome', 'achternaam', 'voornaam',
]
/** Phone column words in the languages the heuristics know (English, German, French, Spanish, Portuguese, Italian, Dutch). */
const PHONE_WORDS = [
  'phone', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'fax', 'msisdn', 'phones', 'telefon', 'telefono', 'telefone', 'handy', 'mobil',
  'mobilnummer', 'rufnummer', 'telefonnummer', 'portable', 'movil', 'celular', 'cellulare', 'telefoon', 'mobiel', 'whatsapp',
]
/** Address column words (same languages). */
const ADDRESS_WORDS = ['address', 'addr', 'street', 'addresses', 'adresse', 'anschrift', 'strasse', 'direccion', 'domicilio', 'endereco', 'morada', 'indirizzo', 'adres', 'straat', 'postal', 'mailing']
/** Country column words (same languages): its values decide a row's phone region. */
const COUNTRY_WORDS = ['country', 'land', 'pays', 'pais', 'paese', 'nation', 'nationality', 'staat', 'countrycode', 'iso2', 'cc']
const ADDRESS_EXCLUDE = ['ip', 'email', 'mail', 'mac', 'wallet', 'web', 'url', 'memory', 'mem', 'ipv4', 'ipv6', 'bitcoin', 'btc', 'eth', 'contract', 'hardware', 'server', 'host', 'network', 'net']

export interface ColumnRoles {
  label: string
  tokens: string[]
  role: Record<Exclude<PiiKind, 'custom'>, Role>
  /** The column names a person (first_name, surname, …); `bareName` when it is just `name`. */
  personName: false | 'named' | 'bare'
  address: boolean
  /** The column holds a country (code or name): it decides the row's phone region. */
  country: boolean
}

function roleFor(kind: Exclude<PiiKind, 'custom'>, t: string[]): Role {
  const j = joined(t)
  const ident = has(t, ...IDENTIFIER_TOKENS)
  switch (kind) {
    case 'email':
      return has(t, 'email', 'mail', 'emails') || j.includes('email') ? 'positive' : 'neutral'
    case 'phone':
      if (has(t, ...PHONE_WORDS) || /phone|mobile|telefon|rufnummer/.test(j) || (has(t, 'contact') && has(t, 'number', 'no', 'nr'))) return 'positive'
      return ident ? 'negative' : 'neutral'
    case 'ssn':
      if (has(t, 'ssn', 'ssns', 'tin', 'itin', 'nino', 'sin') || j.includes('socialsecurity') || (has(t, 'tax') && has(t, 'id', 'number', 'no')) || (has(t, 'national') && has(t, 'id', 'number', 'no', 'identifier')) || j === 'taxid') return 'positive'
      return ident ? 'negative' : 'neutral'
    case 'credit-card':
      if (has(t, 'card', 'cc', 'ccn', 'pan', 'creditcard', 'cardnumber', 'payment', 'credit', 'debit') || j.includes('creditcard') || j.includes('cardnumber')) return 'positive'
      return ident ? 'negative' : 'neutral'
    case 'iban':
      if (has(t, 'iban', 'bank', 'ibans') || j.includes('bankaccount')) return 'positive'
      return 'neutral'
    case 'ip-address':
      if (has(t, 'ip', 'ipv', 'ipaddress', 'ipaddr') || j.includes('ipaddr') || (has(t, 'remote', 'client', 'source', 'src', 'host') && has(t, 'addr', 'address'))) return 'positive'
      return has(t, ...VERSION_TOKENS) ? 'negative' : 'neutral'
    case 'date-of-birth':
      if (has(t, 'dob', 'birth', 'birthday', 'birthdate', 'born', 'bday', 'geburtsdatum') || j.includes('dateofbirth') || j.includes('birthdate')) return 'positive'
      return 'neutral'
    case 'person-name':
    case 'address':
      return 'neutral'
  }
}

const ROLE_KINDS: Exclude<PiiKind, 'custom'>[] = ['email', 'phone', 'ssn', 'credit-card', 'iban', 'ip-address', 'date-of-birth', 'person-name', 'address']

const cache = new Map<string, ColumnRoles>()

/** The roles a column (or key) name gives each kind. Memoized. */
export function columnRoles(label: string): ColumnRoles {
  const hit = cache.get(label)
  if (hit) return hit
  const tokens = tokenize(label)
  const role = {} as ColumnRoles['role']
  for (const k of ROLE_KINDS) role[k] = roleFor(k, tokens)
  const j = joined(tokens)
  let personName: ColumnRoles['personName'] = false
  const nameLike = has(tokens, 'name', 'names')
  const notPerson = has(tokens, 'file', 'filename', 'model', 'column', 'dataset', 'task', 'feature', 'class', 'label', 'project', 'repo', 'table', 'field', 'host', 'server', 'product', 'company', 'org', 'organization', 'brand', 'city', 'country', 'state', 'street', 'species', 'user', 'username', 'domain', 'app', 'package', 'branch', 'tag', 'key', 'type', 'category', 'item', 'event', 'metric', 'sheet', 'bank', 'display_name')
  if (!notPerson) {
    if (has(tokens, ...PERSON_WORDS) || PERSON_WORDS.includes(j)) personName = 'named'
    else if (nameLike && has(tokens, ...PERSON_QUALIFIERS)) personName = 'named'
    else if (tokens.length === 1 && (tokens[0] === 'name' || tokens[0] === 'names')) personName = 'bare'
  }
  const address =
    !has(tokens, ...ADDRESS_EXCLUDE) &&
    !(has(tokens, 'postal') && !has(tokens, 'address', 'adresse')) &&
    !(has(tokens, 'mailing') && !has(tokens, 'address')) &&
    (has(tokens, ...ADDRESS_WORDS) || j.includes('streetaddress') || j.includes('homeaddress') || j.includes('mailingaddress') || /^address(line)?\d*$/.test(j))
  const country = has(tokens, ...COUNTRY_WORDS) && !has(tokens, 'count', 'name', 'names') && tokens.length <= 3
  const r: ColumnRoles = { label, tokens, role, personName, address, country }
  if (cache.size > 10_000) cache.clear()
  cache.set(label, r)
  return r
}

/**
 * A value that looks like a person's name (for columns named just `name`): 2–5 words, the first and the
 * last capitalized, lowercase particles between them (`da Silva`, `van der Berg`, `bin`), apostrophes and
 * hyphens inside words (`O'Neill`, `D’Angelo`, `Jean-Luc`); or a name in a script without letter case
 * (`田中 太郎`, `김 민준`): two or three short words of such letters.
 */
export function looksLikePersonName(v: string): boolean {
  const s = v.trim()
  if (s.length > 80) return false
  return CASED_NAME.test(s) || UNCASED_NAME.test(s)
}

const WORD = "\\p{Lu}[\\p{L}\\p{M}]*(?:['’-][\\p{L}\\p{M}]+)*\\.?"
const PARTICLE = "(?:da|das|de|del|della|der|di|do|dos|du|la|le|van|von|den|ter|ten|bin|binti|ibn|al|el|y|e|zu|af|av)"
const CASED_NAME = new RegExp(`^${WORD}(?:\\s+(?:${PARTICLE}\\s+){0,3}${WORD}){1,3}$`, 'u')
const UNCASED_NAME = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}]{1,6}(?:[\s\u3000・][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}]{1,6}){1,2}$/u

/** A non-empty cell value that can be a name or address part (not a number, not a null marker). */
export function isMeaningfulText(v: string): boolean {
  // Fast path: a plain ASCII word of letters (most names).
  if (v.length >= 2 && v.length <= 40) {
    let letters = true
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i) | 32
      if (c < 97 || c > 122) {
        letters = false
        break
      }
    }
    if (letters) return !NULL_MARKERS.test(v)
  }
  const s = v.trim()
  if (s.length === 0 || s.length > 200) return false
  if (!/\p{L}/u.test(s)) return false
  return !NULL_MARKERS.test(s)
}

const NULL_MARKERS = /^(null|none|nan|n\/a|na|undefined|unknown|redacted|\[redacted\]|-+|\*+|x+)$/i
