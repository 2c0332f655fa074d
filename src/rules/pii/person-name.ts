import { kindRule } from './kind-rule.js'

export default kindRule({
  kind: 'person-name',
  defaultSeverity: 'warning',
  presets: { strict: 'error' },
  description: 'Data in a model unit holds no columns of person names.',
  examples: { pass: 'a `model_name` or `filename` column', fail: '`first_name` and `last_name` columns with values' },
  detects: `Finds person names by column or key name only (CSV/TSV, Parquet, JSON, YAML): \`first_name\`,
\`last_name\`, \`surname\`, \`full_name\`, \`customer_name\`, … as whole tokens (\`filename\` and \`model_name\`
are not name columns); a column named just \`name\` counts when its values look like names (two to four
capitalized words). Name columns of a table are reported together, counting rows.`,
})
