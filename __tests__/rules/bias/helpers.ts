import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

export const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bias/${name}`, import.meta.url), 'utf8')

export const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex')

/** sha256 of 'weights-v1', the weights the fixtures record. */
export const V1 = sha256('weights-v1')
export const V2 = sha256('weights-v2')

export const card = (tier?: string) => (tier ? `---\nrisk_level: ${tier}\n---\n# Model\n` : '# Model\n')

/** A unit `models/credit` with weights, a card and (optionally) a bias report. */
export function unit(o: { tier?: string; report?: string; reportName?: string; weights?: string | Uint8Array; extra?: Record<string, string | Uint8Array> } = {}) {
  const files: Record<string, string | Uint8Array> = {
    'models/credit/model.safetensors': o.weights ?? 'weights-v1',
    'models/credit/README.md': card(o.tier),
    ...o.extra,
  }
  if (o.report !== undefined) files[`models/credit/${o.reportName ?? 'bias_report.yaml'}`] = o.report
  return files
}

/** A modelgate report (YAML) with the given `attributes:` body (indented by two spaces). `attributes:` is line 13 (14 with `task`), so the first attribute is line 14 (15). */
export function report(attributes: string, o: { task?: string; weights?: string } = {}) {
  return `version: 1
model:
  name: credit-scorer
  version: "1"
  weights:
${o.weights ?? `    - path: model.safetensors\n      sha256: ${V1}`}
dataset: { name: d, split: test, revision: r1 }
date: 2026-11-20
author: team
${o.task ? `task: ${o.task}\n` : ''}notes: >
  hand-computed fixture
attributes:
${attributes}`
}

export const policy = (settings: string) => `version: 1\nsettings:\n  bias:\n${settings}`
