/**
 * The rule contract. A rule is one module: id, category, default severity, description, help, options and a
 * check function over a read-only context. Rules never touch GitHub, the process or the file system
 * directly: everything arrives through the context.
 */
import type * as z from 'zod'
import type { Category, Finding, Level, Severity } from './findings.js'
import type { BaseView, FileView } from './files.js'
import type { ChangedFile } from './changes.js'
import type { ModelUnit } from './units.js'
import type { ResolvedPolicy } from './policy/resolve.js'
import type { UnitFacts } from './facts.js'
import type { ResultCache } from './cache.js'
import type { Scanner } from './scan.js'
import { lazyProperty } from './once.js'

export const PRESET_NAMES = ['recommended', 'strict', 'eu-ai-act-high-risk'] as const
export type PresetName = (typeof PRESET_NAMES)[number]

/** What a rule reports; the engine adds rule id, category, severity, model and help. */
export interface Report {
  path: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  message: string
  details?: Record<string, unknown>
  /** Run rules: the model unit the finding is about (unit rules always report for their unit). */
  model?: string
}

export interface PullRequestFacts {
  number: number
  author?: string
  baseSha: string
  headSha: string
  /** Head commit date (ISO), used to judge approvals older than the head. */
  headCommittedAt?: string
}

export interface Review {
  user: string
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING'
  commitId: string
  submittedAt: string
}

/** Facts about the run gathered by adapters (the event, the change, reviews); pure data. */
export interface RunFacts {
  /** 'pull_request', 'push', 'merge_group', 'workflow_dispatch', 'local', … */
  event: string
  baseSha?: string
  headSha?: string
  /** The change being checked; undefined when every unit is checked without a change list. */
  changes?: ChangedFile[]
  /** Every unit is evaluated whole (`--all`, `check-all`, or no change list): rules that look only at changed
   * files (e.g. PII with scope `changed`) look at every file. Set by the gate. */
  all?: boolean
  /** Path of the policy file (repository-relative). */
  policyPath: string
  pullRequest?: PullRequestFacts
  /** Reviews of the pull request, when the adapter could read them. */
  reviews?: Review[]
  /** Resolves whether `user` is a member of `org/team`; undefined when it cannot be verified. */
  teamMember?: (team: string, user: string) => Promise<boolean | undefined>
  now: Date
  /** Per-file scan results across runs (`--cache DIR`, input `cache-dir`); scanners call `cached(ctx.run.cache, …)`. */
  cache?: ResultCache
  /** Runs per-file scans of the working tree in parallel (a worker pool the adapter made); absent: in-process. */
  scanner?: Scanner
}

/** A table a rule publishes for the reports (fairness per group, metrics base vs head, …). */
export interface ReportTable {
  /** Stable id, e.g. 'fairness' or 'metrics'. */
  id: string
  title: string
  model?: string
  columns: string[]
  rows: string[][]
  /** Reference material (e.g. artifact hashes): kept in the JSON report and folded away in Markdown, not printed in the terminal. */
  detail?: boolean
}

interface BaseContext<O> {
  ruleId: string
  options: O
  policy: ResolvedPolicy
  run: RunFacts
  /** The working tree (head), bounded to the workspace. */
  files: FileView
  /** Files at the base revision, when there is one. */
  base?: BaseView
  report(r: Report): void
  /** Publishes a table for the job summary, PR comment and JSON report (never raw PII). */
  table(t: Omit<ReportTable, 'model'>): void
}

export interface UnitContext<O = unknown> extends BaseContext<O> {
  unit: ModelUnit
  /** Lazily parsed, memoized facts about the unit (card, metadata, tier, hashes), shared by all rules. */
  facts: UnitFacts
}

export interface RunContext<O = unknown> extends BaseContext<O> {
  /** Every unit found in the repository, and those selected for evaluation. */
  units: { all: ModelUnit[]; selected: ModelUnit[] }
  factsFor(unit: ModelUnit): UnitFacts
  /** For rules with `afterOthers`: every finding the other rules reported (before waivers). */
  findings: readonly Finding[]
}

/** Per-preset configuration of a rule: a level, or a level with option overrides. */
export type PresetEntry<O> = Level | { severity?: Level; options?: Partial<O> }

interface RuleMeta<O> {
  id: string
  category: Category
  /** Severity under `recommended` (and with no preset). */
  defaultSeverity: Level
  /** One line. */
  description: string
  /** What it checks, why, and how to fix (Markdown). */
  help: string
  /** Regulation items the rule maps to, e.g. "EU AI Act Art. 10(2)". */
  regulation?: string[]
  /** Overrides by preset; a preset inherits from its parent (strict ← recommended, eu-ai-act-high-risk ← strict). */
  presets?: Partial<Record<PresetName, PresetEntry<O>>>
  /** zod schema of the rule's options (a strict object whose fields have defaults). */
  options?: z.ZodType<O>
  /** Examples for `modelgate explain`. */
  examples?: { pass?: string; fail?: string }
}

export interface UnitRule<O = unknown> extends RuleMeta<O> {
  scope: 'unit'
  /**
   * 'units' (default): governed model units only. 'files': a safety or data rule that also covers the
   * repository scope, the changed files outside every governed unit (`ctx.unit.kind === 'repository'`);
   * its findings there carry a path and no model.
   */
  reach?: 'units' | 'files'
  check(ctx: UnitContext<O>): Promise<void> | void
}

export interface RunRule<O = unknown> extends RuleMeta<O> {
  scope: 'run'
  /** Run after every other rule, seeing their findings (e.g. stale waivers). */
  afterOthers?: boolean
  check(ctx: RunContext<O>): Promise<void> | void
}

export type Rule<O = unknown> = UnitRule<O> | RunRule<O>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>

/** What a rule module passes to define*Rule: its options schema as a function, built on first use (see once.ts). */
type RuleInput<R extends RuleMeta<O>, O> = Omit<R, 'scope' | 'options'> & { options?: () => z.ZodType<O> }

/** The rule with `options` a getter that builds the schema on first read, then a plain data property. */
function withLazyOptions<R extends AnyRule>(rule: Omit<R, 'options'> & { options?: () => z.ZodType }): R {
  const { options } = rule
  const out = rule as unknown as R
  return options ? lazyProperty(out, 'options', options) : out
}

export function defineUnitRule<O = Record<string, never>>(rule: RuleInput<UnitRule<O>, O>): UnitRule<O> {
  return withLazyOptions<UnitRule<O>>({ ...rule, scope: 'unit' })
}

export function defineRunRule<O = Record<string, never>>(rule: RuleInput<RunRule<O>, O>): RunRule<O> {
  return withLazyOptions<RunRule<O>>({ ...rule, scope: 'run' })
}

/**
 * Settings shared by a family of rules (e.g. PII allowlists), validated under `settings.<family>` in the
 * policy. Presets may set values too.
 */
export interface SettingsSection<T = unknown> {
  key: string
  schema: z.ZodType<T>
  presets?: Partial<Record<PresetName, Partial<T>>>
}

/** A settings section whose `schema` is built on first read (a getter, then a plain data property; see once.ts). */
export function defineSettings<T>(section: Omit<SettingsSection<T>, 'schema'> & { schema: () => z.ZodType<T> }): SettingsSection<T> {
  return lazyProperty({ ...section } as unknown as SettingsSection<T>, 'schema', section.schema)
}

export interface RuleSet {
  rules: AnyRule[]
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  settings: SettingsSection<any>[]
  /**
   * The built-in policy (`recommended`, no policy file) of exactly these rules and settings, resolved at build
   * time, as JSON. `builtInPolicy()` returns it instead of resolving every rule's options through zod (about
   * 9 ms of CPU on Node 24), so a run without a policy file loads no zod. Only the registry sets it (a rule set
   * assembled in a test resolves through zod).
   */
  builtInPolicy?: string
}

export type { Severity }
