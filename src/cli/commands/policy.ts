/** `modelgate policy show`: the effective policy, with where each value came from. */
import * as nodePath from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_POLICY_PATH, readWorkingTreePolicy, resolvePolicyText } from '../../app/policy.js'
import { formatProblem } from '../../core/policy/load.js'
import { presetChain } from '../../core/policy/resolve.js'
import { ruleSet } from '../../rules/index.js'
import { EXIT, UsageError, type CliIO } from '../io.js'

export async function policy(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'show' && sub !== 'validate') throw new UsageError('usage: modelgate policy show|validate [DIR] [--policy FILE] [--format text|json]')
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { policy: { type: 'string' }, format: { type: 'string', default: 'text' } },
  })
  const root = nodePath.resolve(io.cwd, positionals[0] ?? '.')
  const file = values.policy ? nodePath.resolve(io.cwd, values.policy) : nodePath.join(root, DEFAULT_POLICY_PATH)
  const rel = nodePath.relative(root, file).split(nodePath.sep).join('/')
  const read = await readWorkingTreePolicy(root, file)
  const outcome = resolvePolicyText({ path: rel.startsWith('..') ? file : rel, ...read, via: 'working tree' }, ruleSet, values.policy !== undefined)
  if (!outcome.ok) {
    for (const p of outcome.problems) io.stderr(`${formatProblem(p)}\n`)
    return EXIT.usage
  }
  const p = outcome.policy
  if (sub === 'validate') {
    io.stdout(`${p.source}: valid (extends ${p.extends.join(', ')})\n`)
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
  out.push('models:', `  include: ${JSON.stringify(p.models.include)}`, `  exclude: ${JSON.stringify(p.models.exclude)}`, `  artifact-extensions: ${JSON.stringify(p.models.artifactExtensions)}`)
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
