/** `modelgate rules` and `modelgate explain RULE_ID`. */
import { resolveRule, presetChain } from '../../core/policy/resolve.js'
import { PRESET_NAMES, type AnyRule } from '../../core/rule.js'
import { findRule, ruleSet } from '../../rules/index.js'
import { suggest } from '../../core/policy/load.js'
import { parseCommandArgs } from '../args.js'
import { EXIT, UsageError, type CliIO } from '../io.js'

export const rulesUsage = `Usage: modelgate rules [--format text|json]

Lists every rule with its category, its level under the 'recommended' preset and a one-line description.

Options:
  --format FORMAT   text (default) or json (with the level under every preset and the regulation items)
  --help, -h        this help`

export const explainUsage = `Usage: modelgate explain RULE_ID

What a rule checks, why, how to fix it, its level under each preset, its options and examples.
'modelgate rules' lists the rule ids.`

/** A rule's level under each preset. */
export function presetLevels(rule: AnyRule): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of PRESET_NAMES) out[p] = resolveRule(rule, presetChain([p]), undefined, '').severity
  return out
}

export async function rules(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { format: { type: 'string', default: 'text' } })
  if (positionals.length) throw new UsageError(`rules takes no arguments${findRule(positionals[0]!) ? ` (for one rule: modelgate explain ${positionals[0]})` : ''}`)
  if (values.format === 'json') {
    const list = ruleSet.rules.map((r) => ({ id: r.id, category: r.category, description: r.description, levels: presetLevels(r), regulation: r.regulation ?? [] }))
    io.stdout(JSON.stringify(list, null, 2) + '\n')
    return EXIT.pass
  }
  if (values.format !== 'text') throw new UsageError('--format must be text or json')
  const width = Math.max(...ruleSet.rules.map((r) => r.id.length))
  let category = ''
  for (const r of [...ruleSet.rules].sort((a, b) => (a.category + a.id < b.category + b.id ? -1 : 1))) {
    if (r.category !== category) {
      category = r.category
      io.stdout(`\n${category}\n`)
    }
    const lv = presetLevels(r)
    io.stdout(`  ${r.id.padEnd(width)}  ${lv.recommended!.padEnd(7)}  ${r.description}\n`)
  }
  io.stdout(`\n${ruleSet.rules.length} rules; the level shown is the one under 'recommended'. 'modelgate explain RULE_ID' for details.\n`)
  return EXIT.pass
}

export async function explain(argv: string[], io: CliIO): Promise<number> {
  const { positionals } = parseCommandArgs(argv, {})
  const id = positionals[0]
  if (!id) throw new UsageError('explain needs a rule id (see `modelgate rules`)')
  if (positionals.length > 1) throw new UsageError('explain takes one rule id')
  const rule = findRule(id)
  if (!rule) {
    const hint = suggest(id, ruleSet.rules.map((r) => r.id))
    io.stderr(`modelgate: unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}\n`)
    return EXIT.usage
  }
  const lv = presetLevels(rule)
  const lines = [
    `${rule.id} (${rule.category})`,
    '',
    rule.description,
    '',
    `Levels: ${PRESET_NAMES.map((p) => `${p}: ${lv[p]}`).join(', ')}`,
  ]
  if (rule.regulation?.length) lines.push(`Regulation: ${rule.regulation.join('; ')}`)
  lines.push('', rule.help.trim())
  if (rule.examples?.pass || rule.examples?.fail) {
    lines.push('', 'Examples:')
    if (rule.examples.pass) lines.push(`  passes: ${rule.examples.pass}`)
    if (rule.examples.fail) lines.push(`  fails:  ${rule.examples.fail}`)
  }
  if (rule.options && 'shape' in rule.options) {
    const shape = (rule.options as unknown as { shape: Record<string, { description?: string }> }).shape
    const keys = Object.keys(shape)
    if (keys.length) {
      lines.push('', 'Options (under `rules:` in the policy):')
      const defaults = resolveRule(rule, [], undefined, '').options as Record<string, unknown>
      for (const k of keys) lines.push(`  ${k}: ${JSON.stringify(defaults[k])}${shape[k]?.description ? `  — ${shape[k].description}` : ''}`)
    }
  }
  io.stdout(lines.join('\n') + '\n')
  return EXIT.pass
}
