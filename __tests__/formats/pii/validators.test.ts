import { describe, expect, it } from '@jest/globals'
import { tokenize, columnRoles, looksLikePersonName } from '../../../src/formats/pii/columns.js'
import { PhoneValidator } from '../../../src/formats/pii/phone.js'
import { redact } from '../../../src/formats/pii/redact.js'
import {
  cardBrand,
  ibanChecksumOk,
  ipv4Scope,
  ipv6Scope,
  isCardIn,
  isCardNumber,
  isEmail,
  isIban,
  isIbanIn,
  isSsn,
  ssnIn,
  luhn,
  parseIpv4,
  parseIpv6,
  parseNumericDate,
} from '../../../src/formats/pii/validators.js'

describe('payment cards', () => {
  it('accepts Luhn-valid numbers in known IIN ranges with the brand length', () => {
    expect(isCardNumber('4111111111111111')).toBe(true)
    expect(isCardNumber('5555555555554444')).toBe(true)
    expect(isCardNumber('378282246310005')).toBe(true) // Amex 15
    expect(isCardNumber('6011111111111117')).toBe(true)
    expect(isCardNumber('36058651675015')).toBe(true) // Diners 14
    expect(isCardNumber('2223003122003222')).toBe(true) // Mastercard 2-series
    expect(cardBrand('378282246310005')).toBe('amex')
  })

  it('rejects a wrong check digit, an unknown prefix, a wrong length and one repeated digit', () => {
    expect(isCardNumber('4111111111111112')).toBe(false)
    expect(isCardNumber('9111111111111111')).toBe(false)
    expect(isCardNumber('37828224631000')).toBe(false) // Amex needs 15
    expect(isCardNumber('5555555555555555')).toBe(false) // all one digit... and not Luhn-valid
    expect(isCardNumber('0000000000000000')).toBe(false)
    expect(luhn('79927398713')).toBe(true)
  })

  it('reads digits around separators without allocating', () => {
    expect(isCardIn('x 4111 1111 1111 1111 y', 2, 21)).toBe(true)
    expect(isCardIn('4111-1111-1111-1112', 0, 19)).toBe(false)
  })
})

describe('IBAN', () => {
  it('checks country length and mod 97', () => {
    expect(isIban('DE89370400440532013000')).toBe(true)
    expect(isIban('GB82WEST12345698765432')).toBe(true)
    expect(isIban('DE89370400440532013001')).toBe(false) // checksum
    expect(isIban('DE8937040044053201300')).toBe(false) // DE is 22
    expect(isIban('XX89370400440532013000')).toBe(false) // unknown country
    expect(ibanChecksumOk('NL91ABNA0417164300')).toBe(true)
  })

  it('checks in place, spaces skipped, without allocating', () => {
    const t = 'x DE89 3704 0044 0532 0130 00 y'
    expect(isIbanIn(t, 2, 29)).toBe(true)
    expect(isIbanIn('DE89 3704 0044 0532 0130 01', 0, 27)).toBe(false)
    expect(isIbanIn('de89370400440532013000', 0, 22)).toBe(false)
    expect(isIbanIn('DEX9370400440532013000', 0, 22)).toBe(false)
    expect(isIbanIn('GB82 WEST 1234 5698 7654 32', 0, 27)).toBe(true)
  })
})

describe('US SSN', () => {
  it('rejects never-issued areas, groups, serials and voided numbers', () => {
    expect(isSsn('123456780')).toBe(true)
    for (const bad of ['000123456', '666123456', '900123456', '999123456', '123001234', '123450000', '078051120', '219099999', '457555462', '123456789', '111111111']) {
      expect([bad, isSsn(bad)]).toEqual([bad, false])
    }
  })

  it('the in-place check agrees with isSsn on dashed and bare forms', () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const samples = ['078051120', '219099999', '457555462', '123456789', '666123456', '000123456', '900123456', '123001234', '123450000', '555555555']
    for (let i = 0; i < 2000; i++) samples.push(String(Math.floor(rnd() * 1e9)).padStart(9, '0'))
    for (const d of samples) {
      const dashed = `x ${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`
      expect([d, ssnIn(dashed, 2, 4, 7), ssnIn(d, 0, 3, 5)]).toEqual([d, isSsn(d), isSsn(d)])
    }
  })
})

describe('email', () => {
  it('needs a real TLD shape', () => {
    expect(isEmail('jane.doe', 'example.com')).toBe(true)
    expect(isEmail('a+b', 'mail.example.co.uk')).toBe(true)
    expect(isEmail('logo', '2x.png')).toBe(false)
    expect(isEmail('lodash', '4.17.21')).toBe(false)
    expect(isEmail('user', 'localhost')).toBe(false)
    expect(isEmail('.jane', 'example.com')).toBe(false)
    expect(isEmail('jane', 'ex-.com')).toBe(false)
    expect(isEmail('jane', 'example.xn--p1ai')).toBe(true)
  })
})

describe('IP addresses', () => {
  it('parses IPv4 strictly and classifies scope', () => {
    expect(parseIpv4('8.8.8.8')).toEqual([8, 8, 8, 8])
    expect(parseIpv4('01.2.3.4')).toBeUndefined()
    expect(parseIpv4('256.1.1.1')).toBeUndefined()
    expect(ipv4Scope([8, 8, 8, 8])).toBe('public')
    expect(ipv4Scope([10, 1, 2, 3])).toBe('private')
    expect(ipv4Scope([172, 20, 0, 1])).toBe('private')
    expect(ipv4Scope([127, 0, 0, 1])).toBe('loopback')
    expect(ipv4Scope([169, 254, 1, 1])).toBe('link-local')
    expect(ipv4Scope([203, 0, 113, 7])).toBe('reserved')
    expect(ipv4Scope([224, 0, 0, 1])).toBe('reserved')
  })

  it('parses IPv6 with compression and classifies scope', () => {
    expect(parseIpv6('2001:4860:4860::8888')).toEqual([0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888])
    expect(parseIpv6('::ffff:8.8.8.8')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0808, 0x0808])
    expect(parseIpv6('1::2::3')).toBeUndefined()
    expect(parseIpv6('09:03:54')).toBeUndefined()
    expect(ipv6Scope(parseIpv6('2001:4860:4860::8888')!)).toBe('public')
    expect(ipv6Scope(parseIpv6('::1')!)).toBe('loopback')
    expect(ipv6Scope(parseIpv6('fe80::1')!)).toBe('link-local')
    expect(ipv6Scope(parseIpv6('fd00::1')!)).toBe('private')
    expect(ipv6Scope(parseIpv6('2001:db8::1')!)).toBe('reserved')
    expect(ipv6Scope(parseIpv6('::ffff:10.0.0.1')!)).toBe('private')
  })
})

describe('dates', () => {
  it('accepts real calendar dates in plausible birth years', () => {
    expect(parseNumericDate('1977-01-05', 2026)).toEqual([1977, 1, 5])
    expect(parseNumericDate('29/02/2000', 2026)).toEqual([2000, 2, 29])
    expect(parseNumericDate('12/31/1999', 2026)).toEqual([1999, 12, 31])
    expect(parseNumericDate('1999-02-30', 2026)).toBeUndefined()
    expect(parseNumericDate('1899-01-01', 2026)).toBeUndefined()
    expect(parseNumericDate('2030-01-01', 2026)).toBeUndefined()
  })
})

describe('phone numbers', () => {
  const v = new PhoneValidator(['US'])
  it('accepts US numbers in the usual formats and international numbers', () => {
    for (const p of ['(512) 555-0187', '512-555-0187', '512.555.0187', '1-808-555-0138', '+16465550167', '+1 (206) 555-0138', '+44 20 7946 0958', '+49 30 1234 5678']) {
      expect([p, v.isPhone(p)]).toEqual([p, true])
    }
  })

  it('rejects numbers grouped unlike a phone number, too short, or invalid for the region', () => {
    for (const p of ['2024-555123', '555-0187', '123-456-7890', '030 12345678']) expect([p, v.isPhone(p)]).toEqual([p, false])
  })

  it('uses the configured regions for national numbers', () => {
    expect(new PhoneValidator(['DE']).isPhone('030 12345678')).toBe(true)
    expect(new PhoneValidator(['US', 'GB']).isPhone('020 7946 0958')).toBe(true)
  })

  it('memoizes NANP verdicts by area code and exchange without changing them', () => {
    const m = new PhoneValidator(['US'])
    expect(m.isPhone('(512) 555-0101')).toBe(true)
    expect(m.isPhone('(512) 555-0199')).toBe(true)
    expect(m.isPhone('(512) 155-0199')).toBe(false) // exchange cannot start with 1
  })
})

describe('column names', () => {
  it('splits into whole tokens', () => {
    expect(tokenize('firstName')).toEqual(['first', 'name'])
    expect(tokenize('DateOfBirth')).toEqual(['date', 'of', 'birth'])
    expect(tokenize('address_line1')).toEqual(['address', 'line', '1'])
    expect(tokenize('filename')).toEqual(['filename'])
  })

  it('gives roles by whole token', () => {
    expect(columnRoles('first_name').personName).toBe('named')
    expect(columnRoles('filename').personName).toBe(false)
    expect(columnRoles('model_name').personName).toBe(false)
    expect(columnRoles('name').personName).toBe('bare')
    expect(columnRoles('email_address').address).toBe(false)
    expect(columnRoles('ip_address').address).toBe(false)
    expect(columnRoles('street_address').address).toBe(true)
    expect(columnRoles('ip_address').role['ip-address']).toBe('positive')
    expect(columnRoles('firmware').role['ip-address']).toBe('negative')
    expect(columnRoles('order_ref').role['credit-card']).toBe('negative')
    expect(columnRoles('payment_card').role['credit-card']).toBe('positive')
    expect(columnRoles('tax_id').role.ssn).toBe('positive')
    expect(columnRoles('DOB').role['date-of-birth']).toBe('positive')
    expect(columnRoles('shipped_epoch').role.phone).toBe('negative')
    expect(looksLikePersonName('Ada Lovelace')).toBe(true)
    expect(looksLikePersonName('bert-base-uncased')).toBe(false)
  })
})

describe('redaction', () => {
  it('shows the shape only', () => {
    expect(redact('email', 'john.smith@example.com')).toBe('j***@e***.com')
    expect(redact('ssn', '123-45-6789')).toBe('***-**-6789')
    expect(redact('credit-card', '4111 1111 1111 1111')).toBe('4***********1111')
    expect(redact('phone', '(512) 555-0187')).toBe('(***) ***-**87')
    expect(redact('iban', 'DE89 3704 0044 0532 0130 00')).toBe('DE****************3000')
    expect(redact('ip-address', '8.8.4.4')).toBe('8.*.*.*')
    expect(redact('ip-address', '2001:4860::8888')).toBe('2001:****:…')
    expect(redact('date-of-birth', '1977-01-05')).toBe('****-**-**')
    expect(redact('person-name', 'Ada Lovelace')).toBe('A***')
    expect(redact('custom', 'EMP-004217')).toBe('***-******')
  })
})
