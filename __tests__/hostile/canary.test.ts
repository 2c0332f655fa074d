/**
 * One redaction path (issue #17 item 2): a distinct canary — e-mail, phone or IBAN shaped — is planted in
 * each place repository text reaches a message: a card value, a YAML key, a column name, a directory name,
 * a file name, a metric name, a bias group name. The bundled CLI (every format, the audit record) and the
 * bundled action (outputs, summary, workflow commands, report, SARIF, audit, every API request body) must
 * carry none of them. Findings about those places must exist (the test is not blind).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { GitHubStub } from '../support/github-stub.js'
import { tempRepos } from '../support/gitrepo.js'
import { actionOutputs, cliOutputs } from '../support/leak.js'
import { safetensors } from '../support/artifacts.js'

const CANARY = {
  cardValue: 'lic.canary@value-example.org',
  yamlKey: 'key.canary@yaml-example.org',
  column: 'GB82WEST12345698765432',
  dir: 'dir.canary@dir-example.org',
  file: 'file.canary@file-example.org',
  metric: 'metric.canary@metric-example.org',
  group: '+44 20 7946 0958',
} as const
const NEEDLES = [...Object.values(CANARY), 'lic.canary', 'key.canary', 'dir.canary', 'file.canary', 'metric.canary', '2079460958', '7946 0958']

const POLICY = `version: 1
extends: recommended
settings:
  evaluation:
    metrics-files: [metrics.json]
`
const unit = `models/${CANARY.dir}`
function files(): Record<string, string | Uint8Array> {
  return {
    [`${unit}/model.safetensors`]: safetensors(),
    [`${unit}/README.md`]: `---\nlicense: ${CANARY.cardValue}\n${CANARY.yamlKey}: 1\nlanguag: en\n---\n\n# Model\n`,
    [`${unit}/data/${CANARY.file}.csv`]: `id,${CANARY.column}\n1,hello\n`,
    [`${unit}/metrics.json`]: JSON.stringify({ [`${CANARY.metric}`]: 'n/a', accuracy: 0.9 }),
    [`${unit}/fairness_report.json`]: JSON.stringify({ sex: { [CANARY.group]: { selection_rate: 0.9 }, other: { selection_rate: 0.1 } } }),
    [`${unit}/${CANARY.file}.pkl`]: Buffer.from([0x80, 0x02, 0x63, ...Buffer.from('os\nsystem\n'), 0x2e]),
  }
}

function expectNoLeak(where: string, text: string) {
  for (const n of NEEDLES) {
    if (text.includes(n)) throw new Error(`canary ${JSON.stringify(n)} leaked in ${where}: …${text.slice(Math.max(0, text.indexOf(n) - 80), text.indexOf(n) + 80)}…`)
  }
}

let stub: GitHubStub | undefined
const newRepo = tempRepos()
afterEach(async () => {
  await stub?.close()
  stub = undefined
})

describe('no repository text reaches an output unredacted', () => {
  it('CLI: text, json, sarif, markdown, audit record, stderr', async () => {
    const r = newRepo('modelgate-canary-')
    r.write({ '.github/modelgate.yml': POLICY, ...files() })
    const ids = await cliOutputs(r.dir, expectNoLeak)
    for (const id of ['doc/license', 'artifact/pickle-dangerous-global']) expect(ids).toContain(id)
  })

  it('action: outputs, summary, workflow commands, report, SARIF, audit, every API request body', async () => {
    ;({ stub } = await actionOutputs(newRepo('modelgate-canary-'), POLICY, files(), expectNoLeak))
  })
})
