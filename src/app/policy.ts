/**
 * Reading the policy for a run. On pull requests it comes from the base commit (a pull request cannot
 * weaken its own gate); locally and on push from the working tree. No file: the built-in preset.
 */
import { readFile } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { builtInPolicy, loadPolicy, type PolicyProblem } from '../core/policy/load.js'
import type { ResolvedPolicy } from '../core/policy/resolve.js'
import type { RuleSet } from '../core/rule.js'

export const DEFAULT_POLICY_PATH = '.github/modelgate.yml'

export type PolicyOutcome =
  | { ok: true; policy: ResolvedPolicy; notes: string[] }
  | { ok: false; problems: PolicyProblem[] }

export interface PolicyRead {
  /** Repository-relative path of the policy. */
  path: string
  /** The text, or undefined when there is no policy file at that revision. */
  text: string | undefined
  /** The revision it was read from (base SHA), if not the working tree. */
  ref?: string
  /** How it was read, for the notes ('git', 'contents API', 'working tree'). */
  via: string
}

export function resolvePolicyText(read: PolicyRead, ruleSet: RuleSet, explicit: boolean): PolicyOutcome {
  if (read.text === undefined) {
    if (explicit && !read.ref) {
      return { ok: false, problems: [{ file: read.path, line: 1, column: 1, message: 'policy file not found' }] }
    }
    const where = read.ref ? ` at the base commit ${read.ref.slice(0, 12)}` : ''
    return { ok: true, policy: builtInPolicy(ruleSet), notes: [`No policy file \`${read.path}\`${where}: using the built-in \`recommended\` preset.`] }
  }
  const loaded = loadPolicy({ text: read.text, source: read.path, ref: read.ref, ruleSet })
  if (!loaded.ok) return loaded
  const notes = read.ref ? [`Policy read from the base commit ${read.ref.slice(0, 12)} (${read.via}).`] : []
  for (const w of loaded.warnings ?? []) notes.push(`Deprecated: ${w}`)
  return { ok: true, policy: loaded.policy, notes }
}

/** Reads a policy file from the working tree; undefined when it does not exist. */
export async function readWorkingTreePolicy(root: string, path: string): Promise<string | undefined> {
  try {
    return await readFile(nodePath.resolve(root, path), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}
