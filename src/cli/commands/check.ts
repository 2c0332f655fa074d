/** `modelgate check`: the gate, locally. */
import { stat } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { parseArgs } from 'node:util'
import { WorkspaceView } from '../../adapters/fs/workspace.js'
import { changedFiles, defaultBranch, GitBaseView, gitTopLevel, isGitRepo, listRepositoryFiles, mergeBase, revParse } from '../../adapters/git/git.js'
import { DEFAULT_POLICY_PATH, readWorkingTreePolicy, resolvePolicyText } from '../../app/policy.js'
import type { ChangedFile } from '../../core/changes.js'
import { runGate } from '../../core/gate.js'
import { buildAuditRecord } from '../../core/audit.js'
import { formatProblem } from '../../core/policy/load.js'
import { FAIL_ON, type FailOn } from '../../core/policy/schema.js'
import { ruleSet } from '../../rules/index.js'
import { renderJson } from '../../reporters/json.js'
import { renderMarkdown } from '../../reporters/markdown.js'
import { renderSarif } from '../../reporters/sarif.js'
import { renderText } from '../../reporters/text.js'
import { TOOL } from '../../version.js'
import { EXIT, OutputPathError, UsageError, writeOutput, type CliIO } from '../io.js'

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const

export const checkUsage = `Usage: modelgate check [DIR] [options]

Checks the model units in DIR (default: the current directory) against the policy.

Options:
  --policy FILE     policy file (default: DIR/${DEFAULT_POLICY_PATH}; built-in 'recommended' when absent)
  --base REF        compare with REF (default: the merge base with the default branch)
  --all             evaluate every model unit, not only those the change touches
  --format FORMAT   text (default), json, sarif or markdown
  --fail-on LEVEL   error (default), warning, notice or never
  --output FILE     write the report to FILE instead of standard output
  --audit FILE      write the run's audit record (an in-toto Statement v1) to FILE
  --no-color        no colours in text output (default: colours only on a terminal)

Exit status: 0 the gate passes, 1 the gate fails, 2 usage or policy error.`

export async function check(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      base: { type: 'string' },
      all: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' },
      output: { type: 'string', short: 'o' },
      audit: { type: 'string' },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    io.stdout(checkUsage + '\n')
    return EXIT.pass
  }
  if (positionals.length > 1) throw new UsageError('check takes at most one directory')
  const format = values.format as (typeof FORMATS)[number]
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`)
  const failOn = values['fail-on'] as FailOn | undefined
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`)
  const root = nodePath.resolve(io.cwd, positionals[0] ?? '.')
  const rootStat = await stat(root).catch(() => undefined)
  if (!rootStat) throw new UsageError(`${positionals[0] ?? '.'}: no such directory`)
  if (!rootStat.isDirectory()) throw new UsageError(`${positionals[0]}: not a directory (check takes the repository's directory)`)

  // Policy: the working tree's (locally the developer is the one changing it).
  const policyArg = values.policy
  const policyAbs = policyArg ? nodePath.resolve(io.cwd, policyArg) : nodePath.join(root, DEFAULT_POLICY_PATH)
  const policyRel = nodePath.relative(root, policyAbs).split(nodePath.sep).join('/')
  const policyPath = policyRel.startsWith('..') ? policyAbs : policyRel
  const read = await readWorkingTreePolicy(root, policyAbs)
  const text = read.text
  const outcome = resolvePolicyText({ path: policyPath, ...read, via: 'working tree' }, ruleSet, policyArg !== undefined)
  if (!outcome.ok) {
    for (const p of outcome.problems) io.stderr(`${formatProblem(p)}\n`)
    io.stderr(`modelgate: the policy is invalid; nothing was checked (exit 2)\n`)
    if (format === 'json') {
      // Machines reading the report get a document too: the gate failed closed, and why.
      const doc = { version: 1, tool: TOOL, conclusion: 'failure', error: { kind: 'invalid-policy', problems: outcome.problems } }
      const text = JSON.stringify(doc, null, 2) + '\n'
      if (values.output) await writeOutput(nodePath.resolve(io.cwd, values.output), text, root).catch(() => undefined)
      else io.stdout(text)
    }
    return EXIT.usage
  }
  const notes = [...outcome.notes]
  if (text === undefined && !policyArg) {
    const top = await gitTopLevel(root)
    if (top && nodePath.resolve(top) !== root) {
      const repoPolicy = nodePath.join(top, DEFAULT_POLICY_PATH)
      if (await stat(repoPolicy).catch(() => undefined)) {
        notes.push(`The repository has a policy at ${nodePath.relative(io.cwd, repoPolicy) || repoPolicy}, but ${positionals[0] ?? '.'} is not the repository root: run from the root, or pass --policy.`)
      }
    }
  }

  // The change: git diff against the base (merge base with the default branch), plus uncommitted work.
  let changes: ChangedFile[] | undefined
  let baseSha: string | undefined
  let headSha: string | undefined
  if (await isGitRepo(root)) {
    headSha = await revParse(root, 'HEAD')
    let baseRef = values.base
    if (baseRef) {
      if (!(await revParse(root, baseRef))) throw new UsageError(`--base ${baseRef}: no such revision`)
    } else {
      baseRef = await defaultBranch(root)
    }
    if (baseRef) baseSha = (await mergeBase(root, baseRef)) ?? (await revParse(root, baseRef))
    if (baseSha) {
      changes = await changedFiles(root, baseSha)
    } else if (!values.all) {
      notes.push('No base revision found (no default branch): every model unit is checked.')
    }
  } else if (!values.all) {
    notes.push('Not a git repository: every model unit is checked.')
  }
  const startedAt = io.now()
  const inGit = await isGitRepo(root)
  const files = new WorkspaceView(root, inGit ? () => listRepositoryFiles(root) : undefined)
  const run = { event: 'local', baseSha, headSha, changes, policyPath, now: startedAt }
  const result = await runGate({
    ruleSet,
    policy: outcome.policy,
    files,
    base: baseSha ? new GitBaseView(root, baseSha) : undefined,
    run,
    all: values.all,
    failOn,
    tool: TOOL,
    notes,
  })
  const out =
    format === 'json'
      ? renderJson(result.report)
      : format === 'sarif'
        ? renderSarif(result.report, ruleSet.rules)
        : format === 'markdown'
          ? renderMarkdown(result.report, { maxChars: 1_000_000 })
          : renderText(result.report, { color: io.isTTY && !values['no-color'] && !values.output && !io.env.NO_COLOR })
  /** Writes an output file; false (after one line on stderr) when it may not or cannot be written. */
  const write = async (file: string, text: string): Promise<boolean> => {
    try {
      await writeOutput(nodePath.resolve(io.cwd, file), text, root)
      return true
    } catch (err) {
      io.stderr(`modelgate check: cannot write ${err instanceof OutputPathError ? err.message : `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`}\n`)
      return false
    }
  }
  if (values.audit) {
    const record = await buildAuditRecord({ result, policy: outcome.policy, run, files, startedAt, finishedAt: io.now() })
    if (!(await write(values.audit, JSON.stringify(record, null, 2) + '\n'))) return EXIT.usage
  }
  if (values.output) {
    if (!(await write(values.output, out))) return EXIT.usage
    io.stderr(`modelgate: report written to ${values.output} (${result.report.conclusion})\n`)
  } else {
    io.stdout(out)
  }
  return result.verdict.conclusion === 'failure' ? EXIT.fail : EXIT.pass
}
