/** The shape shared by the per-kind rules: each reports its kind from the unit's shared scan. */
import type { Level } from '../../core/findings.js'
import { defineUnitRule, type PresetEntry, type PresetName, type UnitRule } from '../../core/rule.js'
import type { PiiKind } from '../../formats/pii/kinds.js'
import { KIND_RULES, reportKind } from './shared.js'

export const PII_REGULATION = ['GDPR Art. 5(1)(c)', 'GDPR Art. 9', 'EU AI Act Art. 10(5)']

const COMMON_HELP = `Scope: text files of the model unit that the change adds or modifies (\`settings.pii.include\`, default
CSV/TSV, JSON/JSONL, Parquet, notebooks, Markdown, YAML, text). One finding per file and column (or per file
for free text), at the first occurrence, with the count and the redacted shape of the first value: the value
itself is never shown anywhere.

How to fix: remove or pseudonymize the data (hash, tokenize, or replace with synthetic values); if the unit
must hold it, declare it in the model card and add an accountable waiver. Values that are not personal data
(a support address, a test card number) go in \`settings.pii.allow\` (exact values, sha256 digests or RE2
patterns). See docs/rules/pii.md.`

export function kindRule(o: {
  kind: PiiKind
  defaultSeverity: Level
  description: string
  detects: string
  presets?: Partial<Record<PresetName, PresetEntry<Record<string, never>>>>
  examples?: { pass?: string; fail?: string }
}): UnitRule<Record<string, never>> {
  return defineUnitRule({
    id: KIND_RULES[o.kind],
    category: 'pii',
    reach: 'files',
    defaultSeverity: o.defaultSeverity,
    presets: o.presets,
    description: o.description,
    help: `${o.detects}\n\n${COMMON_HELP}`,
    regulation: PII_REGULATION,
    examples: o.examples,
    async check(ctx) {
      await reportKind(ctx, o.kind)
    },
  })
}
