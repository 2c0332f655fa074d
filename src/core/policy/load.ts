/**
 * Loading a policy from text: YAML with positions, then the zod schema; every problem is reported as
 * file:line:column. Pure: the caller reads the file (from the base commit on pull requests).
 */
import { createHash } from 'node:crypto'
import * as z from 'zod'
import { parseYaml, type PathKey } from '../../formats/yaml.js'
import { closest, osaDistance } from '../../formats/similar.js'
import type { RuleSet } from '../rule.js'
import { CATEGORIES } from '../findings.js'
import { applyKeyRenames, KEY_RENAMES } from './aliases.js'
import { buildPolicySchema, type PolicyFile } from './schema.js'
import { resolvePolicy, type ResolvedPolicy } from './resolve.js'

export interface PolicyProblem {
  file: string
  line: number
  column: number
  message: string
}

/** `warnings`: the policy loads, but uses deprecated spellings (file:line:col: message). */
export type PolicyLoad = { ok: true; policy: ResolvedPolicy; warnings?: string[] } | { ok: false; problems: PolicyProblem[] }

export function formatProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** The policy used when the repository has none: `recommended` (precomputed for the registry's rule set). */
export function builtInPolicy(ruleSet: RuleSet): ResolvedPolicy {
  if (ruleSet.builtInPolicy !== undefined) return { ...(JSON.parse(ruleSet.builtInPolicy) as ResolvedPolicy), ref: undefined }
  return resolvePolicy({ ruleSet, source: 'built-in', sha256: sha256Hex('extends: recommended\n') })
}

export interface LoadPolicyInput {
  text: string
  /** Path shown in messages, e.g. `.github/modelgate.yml`. */
  source: string
  ref?: string
  ruleSet: RuleSet
}

export function loadPolicy(input: LoadPolicyInput): PolicyLoad {
  const { text, source } = input
  const parsed = parseYaml(text)
  const problem = (line: number, column: number, message: string): PolicyProblem => ({ file: source, line, column, message })
  if (parsed.errors.length) {
    return { ok: false, problems: parsed.errors.map((e) => problem(e.line, e.column, `invalid YAML: ${e.message}`)) }
  }
  if (parsed.data === undefined || parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    return { ok: false, problems: [problem(1, 1, 'the policy must be a YAML mapping with at least `version: 1`')] }
  }
  // Older key spellings load, with a warning naming the new one.
  const renamed = applyKeyRenames(parsed.data)
  const warnings = renamed.notices.map((n) => {
    const p = parsed.locate(n.path, { key: true })
    return formatProblem(problem(p.line, p.column, n.message))
  })
  const schema = buildPolicySchema(input.ruleSet)
  const result = schema.safeParse(renamed.data)
  if (!result.success) {
    // Issues under a renamed key name the key as the file spells it (and locate it there).
    const back = (issue: z.core.$ZodIssue): z.core.$ZodIssue => {
      const path = [...issue.path]
      for (const n of renamed.notices) {
        const old = n.path.at(-1)
        const at = n.path.slice(0, -1)
        const rename = KEY_RENAMES.find((r) => r.from === old && r.at.join('.') === at.join('.'))
        if (rename && at.every((k, i) => path[i] === k) && path[at.length] === rename.to) path[at.length] = rename.from
      }
      return { ...issue, path } as z.core.$ZodIssue
    }
    const problems = result.error.issues.flatMap((issue) => describeIssue(back(issue), parsed.locate, input.ruleSet, problem, parsed.data))
    problems.sort((a, b) => a.line - b.line || a.column - b.column)
    return { ok: false, problems }
  }
  const file = result.data as PolicyFile
  const semantic = checkReferences(file, input.ruleSet, parsed.locate, problem)
  if (semantic.length) return { ok: false, problems: semantic }
  // Option values are re-validated with defaults when resolving; a failure here is still a policy problem.
  try {
    const policy = resolvePolicy({
      ruleSet: input.ruleSet,
      file,
      source,
      ref: input.ref,
      sha256: sha256Hex(text),
      locate: (p) => parsed.locate(p),
    })
    return warnings.length ? { ok: true, policy, warnings } : { ok: true, policy }
  } catch (err) {
    if (err instanceof z.ZodError) {
      return { ok: false, problems: err.issues.flatMap((i) => describeIssue(i, parsed.locate, input.ruleSet, problem, parsed.data)) }
    }
    return { ok: false, problems: [problem(1, 1, (err as Error).message)] }
  }
}

/** Cross-field checks zod cannot express: waivers must name a known rule or category. */
function checkReferences(file: PolicyFile, ruleSet: RuleSet, locate: Locate, problem: (l: number, c: number, m: string) => PolicyProblem): PolicyProblem[] {
  const out: PolicyProblem[] = []
  const known = [...ruleSet.rules.map((r) => r.id), ...CATEGORIES]
  ;(file.waivers ?? []).forEach((w, i) => {
    if (known.includes(w.rule)) return
    const p = locate(['waivers', i, 'rule'])
    const hint = suggest(w.rule, known)
    out.push(problem(p.line, p.column, `\`waivers.${i}.rule\`: "${w.rule}" is neither a rule id nor a category${hint ? ` (did you mean "${hint}"?)` : ''}`))
  })
  return out
}

type Locate = (path: readonly PathKey[], options?: { key?: boolean }) => { line: number; column: number }

function describeIssue(
  issue: z.core.$ZodIssue,
  locate: Locate,
  ruleSet: RuleSet,
  problem: (l: number, c: number, m: string) => PolicyProblem,
  data?: unknown,
): PolicyProblem[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
  const value = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), data)
  const where = path.length ? `\`${path.join('.')}\`: ` : ''
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const p = locate([...path, key], { key: true })
      const known = knownKeys(path, ruleSet)
      const hint = suggest(key, known)
      const what = path.length === 1 && path[0] === 'rules' ? 'unknown rule' : 'unknown key'
      return problem(p.line, p.column, `${what} "${key}"${path.length ? ` in \`${path.join('.')}\`` : ''}${hint ? ` (did you mean "${hint}"?)` : ''}`)
    })
  }
  if (issue.code === 'invalid_union') {
    // Report the most specific branch error (the object form) when the value is a mapping.
    const branches = (issue as unknown as { errors: z.core.$ZodIssue[][] }).errors
    // The branch that matched the value's shape has issues below the value itself: report those.
    const matched = branches.find((b) => b.length > 0 && b.every((i) => i.path.length > 0))
    if (matched) {
      return matched.flatMap((i) => describeIssue({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, locate, ruleSet, problem, data))
    }
    // A scalar that matched no enum: name the allowed values and the closest one.
    const enumIssue = branches.flat().find((i) => i.code === 'invalid_value' && i.path.length === 0) as { values?: unknown[]; message: string } | undefined
    if (enumIssue && typeof value === 'string' && !(path.length === 2 && path[0] === 'rules')) {
      const p = locate(path)
      const allowed = (enumIssue.values ?? []).map(String)
      const hint = suggest(value, allowed)
      return [problem(p.line, p.column, `${where}"${value}" is not one of ${allowed.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`)]
    }
    const p = locate(path)
    const rulesEntry = path.length === 2 && path[0] === 'rules'
    return [problem(p.line, p.column, rulesEntry ? `${where}expected a level (error, warning, notice, off) or a mapping of options` : `${where}${issue.message}`)]
  }
  const p = locate(path)
  return [problem(p.line, p.column, `${where}${issue.message}`)]
}

function knownKeys(path: (string | number)[], ruleSet: RuleSet): string[] {
  if (path.length === 0) return ['version', 'extends', 'fail-on', 'default-tier', 'tier-key', 'models', 'rules', 'settings', 'waivers', 'guardians', 'inline-suppressions']
  if (path.length === 1 && path[0] === 'rules') return ruleSet.rules.map((r) => r.id)
  if (path.length === 1 && path[0] === 'settings') return ruleSet.settings.map((s) => s.key)
  if (path.length === 2 && path[0] === 'rules') {
    const rule = ruleSet.rules.find((r) => r.id === path[1])
    const opts = rule?.options instanceof z.ZodObject ? Object.keys((rule.options as z.ZodObject).shape) : []
    return ['severity', ...opts]
  }
  if (path[0] === 'models') return ['include', 'exclude', 'artifact-extensions']
  if (path.length === 2 && path[0] === 'settings') {
    const section = ruleSet.settings.find((s) => s.key === path[1])?.schema
    return section instanceof z.ZodObject ? Object.keys((section as z.ZodObject).shape) : []
  }
  return []
}

/** The closest known key: same letters with other case or separators, else within a small edit distance. */
export function suggest(key: string, known: string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '')
  const same = known.find((k) => norm(k) === norm(key))
  return same ?? closest(key, known, Math.max(1, Math.min(3, Math.floor(key.length / 3))))
}

/** Edit distance (optimal string alignment), re-exported for callers of the policy loader. */
export const editDistance = osaDistance
