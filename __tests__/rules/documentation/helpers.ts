import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A model unit `m/` holding a stub artifact and the card. */
export function unit(card: string | Uint8Array, extra: Record<string, string | Uint8Array> = {}): Record<string, string | Uint8Array> {
  return { 'm/model.safetensors': 'x', 'm/README.md': card, ...extra }
}

export function fixture(name: string): string {
  return readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/cards', name), 'utf8')
}

export const STRICT = 'version: 1\nextends: strict\n'
export const EU = 'version: 1\nextends: eu-ai-act-high-risk\n'

import { documentation } from '../../../src/rules/documentation/index.js'
import { check } from '../../support/harness.js'

/** Ids of the documentation family's rules. */
export const DOC_RULES = documentation.rules.map((r) => r.id)

/** Runs only the documentation rules (or the given ones) over the files. */
export function runDoc(files: Record<string, string | Uint8Array>, policy?: string, only: string[] = DOC_RULES) {
  return check({ files, policy, only })
}

/** Like `brief`, with the column when there is one: `ruleId path:line[:column] message`. */
export function briefCol(r: Awaited<ReturnType<typeof check>>): string[] {
  return r.findings.map((f) => `${f.ruleId} ${f.path}:${f.line ?? 0}${f.column ? `:${f.column}` : ''} ${f.message}`)
}

/** `briefCol` of a run of the given rules. */
export async function findings(files: Record<string, string | Uint8Array>, only: string | string[], policy?: string): Promise<string[]> {
  return briefCol(await runDoc(files, policy, Array.isArray(only) ? only : [only]))
}
