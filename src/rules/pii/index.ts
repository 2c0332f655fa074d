import type { RuleSet } from '../../core/rule.js'
import address from './address.js'
import creditCard from './credit-card.js'
import custom from './custom.js'
import dateOfBirth from './date-of-birth.js'
import email from './email.js'
import iban from './iban.js'
import ipAddress from './ip-address.js'
import personName from './person-name.js'
import phone from './phone.js'
import scanError from './scan-error.js'
import ssn from './ssn.js'
import undeclaredPersonalData from './undeclared-personal-data.js'
import unscannedData from './unscanned-data.js'
import { piiSettings } from './settings.js'

export const pii: RuleSet = {
  rules: [email, phone, ssn, creditCard, iban, ipAddress, dateOfBirth, personName, address, custom, undeclaredPersonalData, scanError, unscannedData],
  settings: [piiSettings],
}
