// Bundled by scripts/build.mjs to generate the committed JSON Schema files.
import { policyJsonSchema } from '../src/core/policy/json-schema.js'
import { ruleSet } from '../src/rules/index.js'

export const schemas: Record<string, unknown> = { 'policy.schema.json': policyJsonSchema(ruleSet) }
