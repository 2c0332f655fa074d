// Check digits for generating valid-looking test data (fixtures, benchmarks): the same arithmetic the
// validators in src/formats/pii/validators.ts check, run the other way.

/** The Luhn check digit that makes `body + digit` pass the Luhn test. */
export function luhnDigit(body) {
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}

/** The two IBAN check digits (ISO 13616 mod 97) for a country code and BBAN. */
export function ibanCheck(country, bban) {
  let rem = 0
  for (const ch of bban + country + '00') {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch
    for (const d of v) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97
  }
  return String(98 - rem).padStart(2, '0')
}
