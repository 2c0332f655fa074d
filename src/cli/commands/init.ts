/** `modelgate init`: writes a commented starter policy that passes validation. Asks nothing. */
import { mkdir, writeFile, access } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_POLICY_PATH } from '../../app/policy.js'
import { PRESET_NAMES, type PresetName } from '../../core/rule.js'
import { PRESET_DESCRIPTIONS } from '../../core/policy/resolve.js'
import { EXIT, UsageError, type CliIO } from '../io.js'

export const SCHEMA_URL = 'https://raw.githubusercontent.com/modelgate/modelgate/main/schema/policy.schema.json'

export function starterPolicy(preset: PresetName): string {
  return `# yaml-language-server: $schema=${SCHEMA_URL}
# modelgate governance policy. Reference: docs/policy-reference.md. Check it locally with: npx modelgate check --all
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

export async function init(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { preset: { type: 'string', default: 'recommended' }, force: { type: 'boolean', default: false }, stdout: { type: 'boolean', default: false } },
  })
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
  io.stdout(`wrote ${nodePath.relative(io.cwd, file) || file} (preset: ${preset})\n`)
  return EXIT.pass
}
