import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'ssn',
  defaultSeverity: 'error',
  description: 'Data, notebooks and cards in a model unit hold no US Social Security numbers.',
  examples: { pass: 'part numbers such as PN-578-60-7899; voided numbers such as 078-05-1120', fail: 'a `tax_id` column of valid AAA-GG-SSSS numbers' },
  detects: `Finds US Social Security numbers written \`AAA-GG-SSSS\` or \`AAA GG SSSS\` (one delimiter, not mixed), or
as nine bare digits in a column named like \`ssn\`/\`tax_id\`/\`national_id\` or next to the word "SSN". Numbers
the SSA never issues are rejected: area 000, 666 or 900–999, group 00, serial 0000, and the publicly voided
078-05-1120, 219-09-9999 and 457-55-5462. Part numbers such as \`PN-578-60-7899\` are not SSNs.`,
})
