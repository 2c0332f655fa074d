/** The policy's JSON Schema, generated from the zod schema (editors validate and complete with it). */
import * as z from 'zod'
import type { RuleSet } from '../rule.js'
import { buildPolicySchema } from './schema.js'

export function policyJsonSchema(ruleSet: RuleSet): Record<string, unknown> {
  const schema = z.toJSONSchema(buildPolicySchema(ruleSet), { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>
  return {
    ...schema,
    $id: 'https://raw.githubusercontent.com/modelgate/modelgate/main/schema/policy.schema.json',
    title: 'modelgate policy',
    description: 'Governance policy for modelgate (.github/modelgate.yml).',
  }
}
