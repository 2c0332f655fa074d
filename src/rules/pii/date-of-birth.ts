import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'date-of-birth',
  defaultSeverity: 'error',
  description: 'Data, notebooks and cards in a model unit hold no dates of birth.',
  examples: { pass: '`created_at` timestamps; lot dates', fail: 'a `date_of_birth` column of ISO dates' },
  detects: `Finds valid calendar dates (1900 to this year; ISO, day-first and month-first numeric forms, and month
names in text) in a column named like \`dob\`/\`birth_date\`/\`date_of_birth\`/\`birthday\`, or near the words
"born", "birth" or "DOB". Other dates (timestamps, lot dates) are not personal data by themselves.`,
})
