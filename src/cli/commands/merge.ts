/** `modelgate merge`: one run from the partial reports of `modelgate check --shard I/N`. */
import * as nodePath from 'node:path'
import { readShardReports } from '../../action/report-file.js'
import { DEFAULT_BASELINE_PATH } from '../../core/baseline.js'
import { checkShardSet } from '../../core/shard.js'
import { parseCommandArgs } from '../args.js'
import { EXIT, UsageError, type CliIO } from '../io.js'
import { gateCommand, OPTIONS } from './check.js'

export const mergeUsage = `Usage: modelgate merge REPORT... [options]

Combines the partial reports of \`modelgate check --shard I/N\` (one per shard, e.g. from the jobs of an
Actions matrix) into one run: checks that every shard is there exactly once and that the reports agree on the
shard count, the policy, the base and the head commit; evaluates the run-level rules once (policy changes,
guardian approvals, waivers, the baseline); decides one verdict and writes one report. Run it in the checkout
the shards checked, with the same --all and --base: it reads the policy, the baseline and the change there.
See docs/sharding.md.

Options:
  --dir DIR           the repository directory the shards checked (default: the current directory)
  --policy FILE       policy file (default: the discovered .github/modelgate.yml)
  --base REF          compare with REF (default: the merge base with the default branch)
  --all               the shards evaluated every model unit
  --format FORMAT     text (default), json, sarif or markdown
  --fail-on LEVEL     error (default), warning, notice or never
  --output FILE       write the report to FILE instead of standard output
  --audit FILE        write the run's audit record (an in-toto Statement v1) to FILE
  --baseline FILE     accepted findings (default: ${DEFAULT_BASELINE_PATH} when present)
  --no-baseline       ignore the baseline
  --show-baselined    list baselined findings one by one in text output
  --quiet, -q         text output: errors only
  --no-color          no colours in text output
  --help, -h          this help

Exit status: 0 the gate passes, 1 the gate fails, 2 usage or policy error, or reports that do not form one
run (a shard missing or given twice, shards that disagree).`

const { shard: _shard, ...MERGE_OPTIONS } = OPTIONS
const MERGE = { ...MERGE_OPTIONS, dir: { type: 'string' } } as const

export async function merge(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, MERGE)
  if (values.help) {
    io.stdout(mergeUsage + '\n')
    return EXIT.pass
  }
  if (positionals.length === 0) throw new UsageError('merge needs the shard reports (REPORT...)')
  const files = positionals.map((p) => ({ name: p, path: nodePath.resolve(io.cwd, p) }))
  const read = await readShardReports(files)
  if (!read.ok) throw new UsageError(read.problem, 'merge')
  const set = checkShardSet(read.reports)
  if (!set.ok) throw new UsageError(set.problem, 'merge')
  const { dir, ...rest } = values
  return gateCommand(io, rest, dir, { merge: { reports: read.reports, set } })
}
