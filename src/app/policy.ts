/**
 * Reading the policy for a run. On pull requests it comes from the base commit (a pull request cannot
 * weaken its own gate); locally and on push from the working tree. No file: the built-in preset.
 */
import { constants } from 'node:fs'
import { open, readFile, stat } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { git } from '../adapters/git/git.js'
import { builtInPolicy, loadPolicy, type PolicyProblem } from '../core/policy/load.js'
import type { ResolvedPolicy } from '../core/policy/resolve.js'
import type { RuleSet } from '../core/rule.js'

export const DEFAULT_POLICY_PATH = '.github/modelgate.yml'

/** A policy file larger than this is refused (a policy is a few KB; a huge one is a mistake or an attack). */
export const POLICY_MAX_BYTES = 1024 * 1024

export type PolicyOutcome =
  | { ok: true; policy: ResolvedPolicy; notes: string[] }
  | { ok: false; problems: PolicyProblem[] }

export interface PolicyRead {
  /** Repository-relative path of the policy. */
  path: string
  /** The text, or undefined when there is no policy file at that revision. */
  text?: string | undefined
  /** Why an existing policy could not be read (a directory, a FIFO, unreadable, too large): exit 2. */
  error?: string
  /** The revision it was read from (base SHA), if not the working tree. */
  ref?: string
  /** How it was read, for the notes ('git', 'contents API', 'working tree'). */
  via: string
}

export function resolvePolicyText(read: PolicyRead, ruleSet: RuleSet, explicit: boolean): PolicyOutcome {
  if (read.error !== undefined) return { ok: false, problems: [{ file: read.path, line: 1, column: 1, message: read.error }] }
  // However it was read (git, the contents API, the working tree): over the cap is refused.
  if (read.text !== undefined && Buffer.byteLength(read.text) > POLICY_MAX_BYTES) {
    return { ok: false, problems: [{ file: read.path, line: 1, column: 1, message: tooLarge(Buffer.byteLength(read.text)) }] }
  }
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

/** A file of the working tree as text (the baseline); undefined when it does not exist. */
export async function readWorkingTreeFile(root: string, path: string): Promise<string | undefined> {
  try {
    return await readFile(nodePath.resolve(root, path), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

const KIND = (st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }) =>
  st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file'

function tooLarge(size: number): string {
  return `the policy file is ${size} bytes, over the ${POLICY_MAX_BYTES}-byte limit (1 MiB): refused, not read`
}

/**
 * Reads a policy file from the working tree: `{}` when it does not exist, `{ text }`, or `{ error }` (one
 * line, for exit 2) when the path is a directory, FIFO, socket or device, cannot be read, or is over
 * POLICY_MAX_BYTES. Never blocks on a FIFO (checked before opening, opened non-blocking).
 */
export async function readWorkingTreePolicy(root: string, path: string): Promise<{ text?: string; error?: string }> {
  const abs = nodePath.resolve(root, path)
  const why = (err: unknown) => {
    const e = err as NodeJS.ErrnoException
    return e.code === 'EACCES' || e.code === 'EPERM' ? 'the policy file cannot be read (permission denied)' : `the policy file cannot be read (${e.code ?? e.message})`
  }
  let st
  try {
    st = await stat(abs)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return {}
    return { error: why(err) }
  }
  if (!st.isFile()) return { error: `the policy path is ${KIND(st)}, not a file` }
  if (st.size > POLICY_MAX_BYTES) return { error: tooLarge(st.size) }
  try {
    const handle = await open(abs, constants.O_RDONLY | constants.O_NONBLOCK)
    try {
      const buf = Buffer.alloc(POLICY_MAX_BYTES + 1)
      let n = 0
      for (;;) {
        const { bytesRead } = await handle.read(buf, n, buf.length - n, null)
        if (bytesRead === 0) break
        n += bytesRead
        if (n > POLICY_MAX_BYTES) return { error: tooLarge(n) }
      }
      return { text: buf.subarray(0, n).toString('utf8') }
    } finally {
      await handle.close()
    }
  } catch (err) {
    return { error: why(err) }
  }
}

/** A policy the base tree lists but whose content git cannot read (a blob missing from a partial clone). */
export class BasePolicyUnreadable extends Error {}

/**
 * The policy at a base commit, read with git. Whether it exists is decided from the commit's tree listing
 * (which a blob-less clone has), never from a failed read: a listed policy whose blob cannot be read
 * (missing in a partial clone, a failed lazy fetch) throws, so the run fails closed instead of falling
 * back to a preset.
 */
export async function readBasePolicyGit(root: string, sha: string, path: string): Promise<string | undefined> {
  const listing = await git(root, ['ls-tree', '-z', sha, '--', path]).catch((err: Error) => {
    throw new Error(`the base commit's tree could not be listed to find the policy \`${path}\` (${err.message}): the gate fails closed`, { cause: err })
  })
  const entry = listing.split('\0').find((e) => e.trim() !== '')
  if (!entry) return undefined
  const [meta] = entry.split('\t')
  const [, type] = (meta ?? '').split(/\s+/)
  if (type !== 'blob') throw new Error(`the policy \`${path}\` at the base commit ${sha.slice(0, 12)} is a ${type ?? 'non-file'}, not a file: the gate fails closed`)
  let text: string
  try {
    text = await git(root, ['cat-file', 'blob', `${sha}:./${path}`])
  } catch (err) {
    throw new BasePolicyUnreadable(`the policy \`${path}\` exists at the base commit ${sha.slice(0, 12)} but could not be read (${(err as Error).message}): the gate fails closed`, { cause: err })
  }
  if (Buffer.byteLength(text) > POLICY_MAX_BYTES) throw new Error(`the policy \`${path}\` at the base commit: ${tooLarge(Buffer.byteLength(text))}`)
  return text
}
