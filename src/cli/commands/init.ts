/** `modelgate init`: writes a commented starter policy that passes validation. Asks nothing. */
import { mkdir, writeFile, access, stat } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { DEFAULT_POLICY_PATH } from '../../app/policy.js'
import { formatProblem } from '../../core/policy/load.js'
import { PRESET_NAMES, type PresetName } from '../../core/rule.js'
import { PRESET_DESCRIPTIONS, type ResolvedPolicy } from '../../core/policy/resolve.js'
import { TIERS, type Tier } from '../../core/policy/schema.js'
import { requirementsFor, settingsOf } from '../../rules/documentation/settings.js'
import { parseCommandArgs } from '../args.js'
import { EXIT, UsageError, type CliIO } from '../io.js'
import { localPolicy, locate } from '../local.js'

/** The command that works today without a registry release (see docs/releasing.md). */
export const NPX = 'npx --yes github:modelgate/modelgate'

export const initUsage = `Usage: modelgate init [DIR] [--preset PRESET] [--force] [--stdout]
       modelgate init --card MODEL_DIR [--tier TIER] [--force] [--stdout]

Writes a commented starter policy to DIR/${DEFAULT_POLICY_PATH}, or with --card a model card
(MODEL_DIR/README.md) whose front matter and sections are exactly what the repository's policy requires
for the unit's risk tier, each filled with guidance that modelgate reports as a placeholder until you
replace it.

Options:
  --preset PRESET   recommended (default), strict or eu-ai-act-high-risk
  --card DIR        scaffold the model card of the unit in DIR
  --tier TIER       with --card: the risk tier to declare (${TIERS.join(', ')}; default: the policy's default-tier)
  --force           overwrite an existing file
  --stdout          print instead of writing
  --help, -h        this help`

export const SCHEMA_URL = 'https://raw.githubusercontent.com/modelgate/modelgate/main/schema/policy.schema.json'

export function starterPolicy(preset: PresetName): string {
  return `# yaml-language-server: $schema=${SCHEMA_URL}
# modelgate governance policy. Reference: docs/policy-reference.md. Check it locally with: ${NPX} check --all
# On pull requests this file is read from the BASE commit: a pull request cannot weaken its own gate.
version: 1

# ${PRESET_DESCRIPTIONS[preset]}
extends: ${preset}

# Lowest severity that fails the gate: error, warning, notice or never.
fail-on: error

# Risk tier of a model whose card declares none (card metadata key: risk_level).
default-tier: minimal

# Model units are found automatically: a directory holding a model artifact (.pt, .safetensors, .onnx,
# .pkl, …) or an MLflow MLmodel file. Add directories or leave some out here.
models:
  exclude:
    - "tests/fixtures/**"

# Per-rule levels (error, warning, notice, off) and options. 'modelgate rules' lists them.
rules:
  doc/model-card-required: error

# Accountable, expiring exceptions. Each needs a reason, an approver and an expiry date.
# waivers:
#   - rule: doc/model-card-required
#     models: ["models/legacy-*"]
#     reason: "Legacy model, card being written in PROJ-123"
#     approved-by: "@ml-governance"
#     expires: 2027-01-31

# Who must approve changes to which models (needs the pull_request_review trigger).
# guardians:
#   - models: ["models/credit-*"]
#     teams: ["acme/model-risk"]
`
}

const PLACEHOLDER = '[More Information Needed]'

/** Guidance per built-in section; a custom section gets a generic line. */
const GUIDANCE: Record<string, string> = {
  'intended-use': 'what the model is for, who uses it, and in which setting.',
  'out-of-scope-use': 'uses the model is not meant or allowed for.',
  limitations: 'known limitations and risks, and when the output must not be relied on.',
  'training-data': 'the data the model was trained on, its source, period and licence.',
  evaluation: 'how the model was evaluated: data, metrics and results.',
  bias: 'bias examined, on which groups, and what was done about it.',
  'environmental-impact': 'compute used to train the model and its estimated emissions.',
  'citation-or-contact': 'how to cite the model, or whom to contact.',
}

/** A model card with exactly the fields and sections the policy requires for the tier. */
export function scaffoldCard(policy: ResolvedPolicy, tier: Tier, name: string): string {
  const req = requirementsFor(settingsOf(policy.settings), tier)
  const tierKey = policy.tierKey.value
  const fm: string[] = ['---', `# Scaffolded by \`modelgate init --card\` for the \`${tier}\` tier of ${policy.source}.`, `# Replace every ${PLACEHOLDER}: modelgate reports them until they are filled in.`]
  fm.push(`${tierKey}: ${tier}`)
  const seen = new Set([tierKey])
  for (const f of req.fields) {
    if (f.when?.length) {
      const why = f.when.map((w) => (w === 'fine-tuned' ? 'fine-tuned models' : 'Hugging Face style models')).join(' and ')
      fm.push(`# ${f.anyOf.join(' or ')}: required for ${why}`)
      continue
    }
    const key = f.anyOf[0]!
    if (seen.has(key) || f.anyOf.some((k) => seen.has(k))) continue
    seen.add(key)
    const why = [f.anyOf.length > 1 ? `or ${f.anyOf.slice(1).join(', ')}` : '', f.regulation ?? ''].filter(Boolean).join('; ')
    if (key === 'model-index') {
      fm.push(`# model-index: structured evaluation results (Hugging Face format)${why ? `; ${why}` : ''}`)
      fm.push(`model-index: ${JSON.stringify(PLACEHOLDER)}`)
    } else {
      fm.push(`${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)}: ${JSON.stringify(PLACEHOLDER)}${why ? `  # ${why}` : ''}`)
    }
  }
  fm.push('---', '', `# ${name}`, '')
  for (const sec of req.sections) {
    const heading = sec.synonyms[0] ?? sec.title
    fm.push(`## ${heading}`, '', `${PLACEHOLDER} ${GUIDANCE[sec.id] ?? `${sec.title}.`}${sec.regulation ? ` (${sec.regulation})` : ''}`, '')
  }
  return fm.join('\n')
}

export async function init(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    preset: { type: 'string', default: 'recommended' },
    force: { type: 'boolean', default: false },
    stdout: { type: 'boolean', default: false },
    card: { type: 'string' },
    tier: { type: 'string' },
  })
  if (values.card !== undefined) return initCard(io, values.card, values.tier, values.force, values.stdout, positionals)
  if (values.tier) throw new UsageError('--tier goes with --card')
  const preset = values.preset as PresetName
  if (!PRESET_NAMES.includes(preset)) throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}`)
  const text = starterPolicy(preset)
  if (values.stdout) {
    io.stdout(text)
    return EXIT.pass
  }
  const file = nodePath.join(nodePath.resolve(io.cwd, positionals[0] ?? '.'), DEFAULT_POLICY_PATH)
  if (!values.force) {
    const exists = await access(file).then(() => true, () => false)
    if (exists) {
      io.stderr(`modelgate: ${file} exists; use --force to overwrite\n`)
      return EXIT.usage
    }
  }
  await mkdir(nodePath.dirname(file), { recursive: true })
  await writeFile(file, text)
  io.stdout(`wrote ${nodePath.relative(io.cwd, file) || file} (preset: ${preset})\nnext: ${NPX} check --all\n`)
  return EXIT.pass
}

async function initCard(io: CliIO, dir: string, tierArg: string | undefined, force: boolean | undefined, toStdout: boolean | undefined, positionals: string[]): Promise<number> {
  if (positionals.length) throw new UsageError('with --card, give the model directory as the value of --card')
  const abs = nodePath.resolve(io.cwd, dir)
  const st = await stat(abs).catch(() => undefined)
  if (st && !st.isDirectory()) throw new UsageError(`--card ${dir}: not a directory`)
  if (!st) await mkdir(abs, { recursive: true })
  const where = await locate(io, dir)
  const { outcome } = await localPolicy(io, where, undefined)
  if (!outcome.ok) {
    for (const p of outcome.problems) io.stderr(`${formatProblem(p)}\n`)
    return EXIT.usage
  }
  const tier = (tierArg ?? outcome.policy.defaultTier.value) as Tier
  if (!TIERS.includes(tier)) throw new UsageError(`--tier must be one of ${TIERS.join(', ')}`)
  const text = scaffoldCard(outcome.policy, tier, nodePath.basename(abs))
  if (toStdout) {
    io.stdout(text)
    return EXIT.pass
  }
  const file = nodePath.join(abs, 'README.md')
  if (!force && (await access(file).then(() => true, () => false))) {
    io.stderr(`modelgate: ${nodePath.relative(io.cwd, file)} exists; use --force to overwrite\n`)
    return EXIT.usage
  }
  await writeFile(file, text)
  io.stdout(`wrote ${nodePath.relative(io.cwd, file)} (tier: ${tier}, policy: ${outcome.policy.source}); fill in every ${PLACEHOLDER}\n`)
  return EXIT.pass
}
