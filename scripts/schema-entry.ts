// Bundled by scripts/build.mjs to generate the committed JSON Schemas and reference docs.
import { policyJsonSchema } from '../src/core/policy/json-schema.js'
import { builtInPolicy } from '../src/core/policy/load.js'
import { ruleSet } from '../src/rules/index.js'
import { biasReportJsonSchema } from '../src/formats/bias/index.js'
import { policyReference, ruleCatalogue } from './docs/generate.js'

export const schemas: Record<string, unknown> = { 'policy.schema.json': policyJsonSchema(ruleSet), 'bias-report.schema.json': biasReportJsonSchema() }
export const docs: Record<string, string> = { 'policy-reference.md': policyReference(ruleSet), 'rules.md': ruleCatalogue(ruleSet) }

/** The built-in policy resolved through zod (the rule set without its precomputed copy), for src/rules/built-in-policy.ts. */
export const builtInPolicyJson = JSON.stringify(builtInPolicy({ rules: ruleSet.rules, settings: ruleSet.settings }))
