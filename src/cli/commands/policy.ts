/** `modelgate policy show`: the effective policy, with where each value came from. */
import { DEFAULT_POLICY_PATH } from '../../app/policy.js'
import { formatProblem, suggest } from '../../core/policy/load.js'
import { presetChain } from '../../core/policy/resolve.js'
import { ruleSet } from '../../rules/index.js'
import { parseCommandArgs } from '../args.js'
import { EXIT, UsageError, type CliIO } from '../io.js'
import { localPolicy, locate } from '../local.js'

export const policyUsage = `Usage: modelgate policy show|validate [DIR] [--policy FILE] [--format text|json]

  show       the effective policy: every rule's level and options, and where each value came from
  validate   check the policy file; exit 2 with file:line:col for every problem

The policy is the nearest ${DEFAULT_POLICY_PATH} from DIR (default: the current directory) up to the
repository root, or --policy FILE.

Options:
  --policy FILE     policy file
  --format FORMAT   text (default) or json
  --help, -h        this help`

const SUBCOMMANDS = ['show', 'validate']

export async function policy(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { policy: { type: 'string' }, format: { type: 'string', default: 'text' } })
  const [sub, ...dirs] = positionals
  if (sub !== 'show' && sub !== 'validate') {
    const hint = sub ? suggest(sub, SUBCOMMANDS) : undefined
    throw new UsageError(sub ? `unknown subcommand "${sub}"${hint ? ` (did you mean "${hint}"?)` : ''}` : 'policy needs a subcommand: show or validate')
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json')
  if (dirs.length > 1) throw new UsageError(`policy ${sub} takes at most one directory`)
  const where = await locate(io, dirs[0])
  const { outcome } = await localPolicy(io, where, values.policy)
  if (!outcome.ok) {
    for (const p of outcome.problems) io.stderr(`${formatProblem(p)}\n`)
    if (values.format === 'json') io.stdout(JSON.stringify({ version: 1, valid: false, error: { kind: 'invalid-policy', problems: outcome.problems } }, null, 2) + '\n')
    return EXIT.usage
  }
  const p = outcome.policy
  if (sub === 'validate') {
    for (const n of outcome.notes.filter((x) => x.startsWith('Deprecated: '))) io.stderr(`warning: ${n.slice('Deprecated: '.length)}\n`)
    if (values.format === 'json') io.stdout(JSON.stringify({ version: 1, valid: true, source: p.source, extends: p.extends, notes: outcome.notes }, null, 2) + '\n')
    else io.stdout(`${p.source}: valid (extends ${p.extends.join(', ')})\n`)
    return EXIT.pass
  }
  if (values.format === 'json') {
    io.stdout(JSON.stringify(p, null, 2) + '\n')
    return EXIT.pass
  }
  const out: string[] = [`# effective policy: ${p.source} (sha256 ${p.sha256.slice(0, 12)}), extends ${presetChain(p.extends).join(' → ')}`]
  for (const n of outcome.notes) out.push(`# ${n}`)
  out.push(`fail-on: ${p.failOn.value}    # ${p.failOn.source}`)
  out.push(`default-tier: ${p.defaultTier.value}    # ${p.defaultTier.source}`)
  out.push(`tier-key: ${p.tierKey.value}    # ${p.tierKey.source}`)
  out.push(
    'models:',
    `  include: ${JSON.stringify(p.models.include)}`,
    `  exclude: ${JSON.stringify(p.models.exclude)}`,
    `  default-exclude: ${JSON.stringify(p.models.defaultExclude ?? [])}  # not governed; still safety- and PII-scanned when a change touches them`,
    `  artifact-extensions: ${JSON.stringify(p.models.artifactExtensions)}  # defaults plus added; model files by content are scanned whatever their name`,
    `  units: ${JSON.stringify(p.models.units ?? [])}`,
  )
  out.push('rules:')
  for (const r of ruleSet.rules) {
    const c = p.rules[r.id]!
    const opts = c.options && typeof c.options === 'object' && Object.keys(c.options).length ? `  options: ${JSON.stringify(c.options)}` : ''
    out.push(`  ${r.id}: ${c.severity}    # ${c.source}${opts ? `\n    #${opts}` : ''}`)
  }
  if (Object.keys(p.settings).length) {
    out.push('settings:')
    for (const [k, v] of Object.entries(p.settings)) out.push(`  ${k}: ${JSON.stringify(v)}`)
  }
  out.push(`waivers: ${p.waivers.length}`, `guardians: ${p.guardians.length}`)
  io.stdout(out.join('\n') + '\n')
  return EXIT.pass
}
