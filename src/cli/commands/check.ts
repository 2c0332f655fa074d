/** `modelgate check`: the gate, locally. */
import * as nodePath from 'node:path'
import { DEFAULT_POLICY_PATH } from '../../app/policy.js'
import { buildAuditRecord } from '../../core/audit.js'
import { DEFAULT_BASELINE_PATH } from '../../core/baseline.js'
import { formatProblem } from '../../core/policy/load.js'
import { FAIL_ON, type FailOn } from '../../core/policy/schema.js'
import { mergeProblem, parseShard, shardFindings, type NamedReport, type Shard, type ShardSetCheck } from '../../core/shard.js'
import { ruleSet } from '../../rules/index.js'
import { batched, renderJsonChunks } from '../../reporters/json.js'
import { renderMarkdown } from '../../reporters/markdown.js'
import { renderSarif } from '../../reporters/sarif.js'
import { renderText } from '../../reporters/text.js'
import { TOOL } from '../../version.js'
import { parseCommandArgs } from '../args.js'
import { JobsError, parseJobs } from '../../adapters/workers/jobs.js'
import { EXIT, UsageError, type CliIO } from '../io.js'
import { localBaseline, localPolicy, locate, runLocal, writeOutput } from '../local.js'

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const

export const checkUsage = `Usage: modelgate check [DIR] [options]

Checks the model units in DIR (default: the current directory) against the repository's policy: the
nearest ${DEFAULT_POLICY_PATH} from DIR up to the repository root (like eslint and ruff). Paths are
relative to that root; a DIR below it checks that subtree only.

Options:
  --policy FILE       policy file (default: the discovered ${DEFAULT_POLICY_PATH}; built-in 'recommended' when absent)
  --base REF          compare with REF (default: the merge base with the default branch)
  --all               evaluate every model unit, not only those the change touches
  --format FORMAT     text (default; json with --shard), json, sarif or markdown
  --shard I/N         evaluate shard I of N only (units whose path hashes to it) and write a partial
                      report for \`modelgate merge\` (docs/sharding.md); the exit status is this part's
  --fail-on LEVEL     error (default), warning, notice or never
  --output FILE       write the report to FILE instead of standard output (folders are created)
  --audit FILE        write the run's audit record (an in-toto Statement v1) to FILE
  --baseline FILE     accepted findings (default: ${DEFAULT_BASELINE_PATH} when present)
  --no-baseline       ignore the baseline: show every finding as it is
  --cache DIR         keep per-file scan results in DIR (outside the repository) and reuse them for unchanged files
  --show-baselined    list baselined findings one by one in text output
  --jobs N            scan up to N large files at once: the main thread and N-1 worker threads
                      (default: MODELGATE_JOBS, else one per CPU; 1: no worker threads)
  --quiet, -q         text output: errors only (the counts still include the rest)
  --no-color          no colours in text output (default: colours only on a terminal)
  --help, -h          this help

Exit status: 0 the gate passes, 1 the gate fails, 2 usage or policy error.`

export const OPTIONS = {
  policy: { type: 'string' },
  base: { type: 'string' },
  all: { type: 'boolean', default: false },
  format: { type: 'string' },
  shard: { type: 'string' },
  'fail-on': { type: 'string' },
  output: { type: 'string', short: 'o' },
  audit: { type: 'string' },
  baseline: { type: 'string' },
  'no-baseline': { type: 'boolean', default: false },
  cache: { type: 'string' },
  'show-baselined': { type: 'boolean', default: false },
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q', default: false },
  'no-color': { type: 'boolean', default: false },
} as const

export async function check(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS)
  if (values.help) {
    io.stdout(checkUsage + '\n')
    return EXIT.pass
  }
  if (positionals.length > 1) throw new UsageError('check takes at most one directory')
  let shard: Shard | undefined
  if (values.shard !== undefined) {
    const parsed = parseShard(values.shard)
    if (!parsed.ok) throw new UsageError(`--shard: ${parsed.problem}`)
    shard = parsed.shard
    if (values.audit) throw new UsageError('--audit is written by `modelgate merge`, not by a shard')
  }
  return gateCommand(io, values, positionals[0], { shard })
}

/** The options `check` and `merge` share. */
export interface GateValues {
  policy?: string
  base?: string
  all?: boolean
  format?: string
  'fail-on'?: string
  output?: string
  audit?: string
  baseline?: string
  'no-baseline'?: boolean
  'show-baselined'?: boolean
  quiet?: boolean
  cache?: string
  jobs?: string
  'no-color'?: boolean
}

/** Merging shard reports (`modelgate merge`): read and checked as a set before the run. */
export interface MergePart {
  reports: NamedReport[]
  set: Extract<ShardSetCheck, { ok: true }>
}

/**
 * One local gate run and its outputs: an ordinary check, one shard's part (`shard`) or the merge of shard
 * reports (`merge`: run-level rules once, then every output over the whole run).
 */
export async function gateCommand(io: CliIO, values: GateValues, dirArg: string | undefined, part: { shard?: Shard; merge?: MergePart }): Promise<number> {
  const shard = part.shard
  const format = (values.format ?? (shard ? 'json' : 'text')) as (typeof FORMATS)[number]
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`)
  const failOn = values['fail-on'] as FailOn | undefined
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`)
  if (values.baseline && values['no-baseline']) throw new UsageError('--baseline and --no-baseline exclude each other')
  let jobs: number | undefined
  try {
    jobs = parseJobs(values.jobs, '--jobs')
  } catch (err) {
    throw err instanceof JobsError ? new UsageError(err.message) : err
  }
  const where = await locate(io, dirArg)

  // Policy: the working tree's (locally the developer is the one changing it).
  const { outcome, path: policyPath } = await localPolicy(io, where, values.policy)
  if (!outcome.ok) {
    for (const p of outcome.problems) io.stderr(`${formatProblem(p)}\n`)
    io.stderr(`modelgate: the policy is invalid; nothing was checked (exit 2)\n`)
    if (format === 'json') {
      // Machines reading the report get a document too: the gate failed closed, and why.
      const doc = { version: 1, tool: TOOL, conclusion: 'failure', error: { kind: 'invalid-policy', problems: outcome.problems } }
      const text = JSON.stringify(doc, null, 2) + '\n'
      if (values.output) await writeOutput(io, values.output, text, where.root).catch(() => undefined)
      else io.stdout(text)
    }
    return EXIT.usage
  }
  const baseline = values['no-baseline'] ? undefined : await localBaseline(io, where, values.baseline)
  const local = await runLocal(io, { where, policy: outcome.policy, policyPath, baseArg: values.base, all: Boolean(values.all), failOn, notes: [...outcome.notes], baseline, shard, merged: part.merge && shardFindings(part.merge.reports), cacheDir: values.cache ? nodePath.resolve(io.cwd, values.cache) : undefined, jobs })
  const { result } = local
  if (part.merge) {
    const { set, reports } = part.merge
    const problem = mergeProblem(set, reports, { policySha256: outcome.policy.sha256, baseSha: local.run.baseSha, headSha: local.run.headSha }, result.report.models.map((m) => m.path))
    if (problem) throw new UsageError(problem, 'merge')
  }
  // JSON is written in pieces (a report of 10,000 units is tens of megabytes); the others are one string.
  const out: string | Iterable<string> =
    format === 'json'
      ? batched(renderJsonChunks(result.report))
      : format === 'sarif'
        ? renderSarif(result.report, ruleSet.rules)
        : format === 'markdown'
          ? renderMarkdown(result.report, { maxChars: 1_000_000 })
          : renderText(result.report, {
              color: io.isTTY && !values['no-color'] && !values.output && !io.env.NO_COLOR,
              quiet: values.quiet,
              showBaselined: values['show-baselined'],
            })
  if (values.audit) {
    const record = await buildAuditRecord({ result, policy: outcome.policy, run: local.run, files: local.files, startedAt: local.startedAt, finishedAt: io.now() })
    await writeOutput(io, values.audit, JSON.stringify(record, null, 2) + '\n', where.root)
  }
  if (values.output) {
    await writeOutput(io, values.output, out, where.root)
    if (!values.quiet) io.stderr(`modelgate: report written to ${values.output} (${result.report.conclusion})\n`)
  } else if (typeof out === 'string') {
    io.stdout(out)
  } else {
    for (const piece of out) io.stdout(piece)
  }
  return result.verdict.conclusion === 'failure' ? EXIT.fail : EXIT.pass
}
