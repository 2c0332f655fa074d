/** `modelgate bias-report`: turns per-group confusion counts into a bias report in modelgate's format. */
import { readFile } from 'node:fs/promises'
import * as nodePath from 'node:path'
import { WorkspaceView } from '../../adapters/fs/workspace.js'
import { authorFromFiles } from '../../formats/bias/index.js'
import { parseCommandArgs } from '../args.js'
import { EXIT, UsageError, type CliIO } from '../io.js'
import { writeOutput } from '../local.js'

export const biasReportUsage = `Usage: modelgate bias-report --from COUNTS.csv --weights FILE [--weights FILE…] [options]

Writes a bias report (docs/bias-report.md) with the metrics computed from the counts and the sha256 of each
weights file filled in (a Git LFS pointer's oid when the weights are not checked out).

COUNTS.csv has one row per group: attribute,group,tp,fp,tn,fn (an n column is optional).

Options:
  --model-name NAME  --model-version V    the model the metrics were computed for (required)
  --dataset NAME  --split SPLIT  --dataset-revision REV   the evaluation data (required)
  --author WHO                         who computed them (required)
  --date YYYY-MM-DD                    default: today
  --privileged ATTR=GROUP              the privileged group of an attribute (repeatable)
  --format yaml|json                   default: yaml
  --out FILE                           default: bias_report.yaml (or .json) next to the first --weights
                                       file, where the model unit finds it`

export async function biasReport(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      from: { type: 'string' },
      weights: { type: 'string', multiple: true },
      'model-name': { type: 'string' },
      'model-version': { type: 'string' },
      dataset: { type: 'string' },
      split: { type: 'string' },
      'dataset-revision': { type: 'string' },
      author: { type: 'string' },
      date: { type: 'string' },
      privileged: { type: 'string', multiple: true },
      format: { type: 'string', default: 'yaml' },
      out: { type: 'string' },
    },
    false,
  )
  if (values.help) {
    io.stdout(biasReportUsage + '\n')
    return EXIT.pass
  }
  const required = ['from', 'model-name', 'model-version', 'dataset', 'split', 'dataset-revision', 'author'] as const
  const missing = required.filter((k) => !values[k])
  if (missing.length) throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(', ')}\n\n${biasReportUsage}`)
  if (!values.weights?.length) throw new UsageError(`name the weights file(s) the metrics were computed on with --weights\n\n${biasReportUsage}`)
  const format = values.format as 'yaml' | 'json'
  if (format !== 'yaml' && format !== 'json') throw new UsageError('--format must be yaml or json')
  const date = values.date ?? io.now().toISOString().slice(0, 10)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date must be YYYY-MM-DD')
  const privileged: Record<string, string> = {}
  for (const p of values.privileged ?? []) {
    const i = p.indexOf('=')
    if (i < 1) throw new UsageError(`--privileged ${p}: expected ATTRIBUTE=GROUP`)
    privileged[p.slice(0, i)] = p.slice(i + 1)
  }
  // By default the report goes next to the (first) weights, inside the model unit that rules look at.
  const out = values.out ?? nodePath.join(nodePath.dirname(values.weights[0]!), `bias_report.${format === 'json' ? 'json' : 'yaml'}`)
  const rel = (p: string) => nodePath.relative(io.cwd, nodePath.resolve(io.cwd, p)).split(nodePath.sep).join('/')
  let counts: string
  try {
    counts = await readFile(nodePath.resolve(io.cwd, values.from!), 'utf8')
  } catch (err) {
    io.stderr(`modelgate bias-report: cannot read ${values.from}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`)
    return EXIT.usage
  }
  const result = await authorFromFiles({
    counts,
    countsPath: values.from!,
    reportPath: rel(out),
    weightsPaths: values.weights.map(rel),
    files: new WorkspaceView(io.cwd),
    model: { name: values['model-name']!, version: values['model-version']! },
    dataset: { name: values.dataset!, split: values.split!, revision: values['dataset-revision']! },
    date,
    author: values.author!,
    privileged,
    format,
  })
  if (!result.ok) {
    for (const p of result.problems) io.stderr(`${p.file}:${p.line}:${p.column}: ${p.message}\n`)
    return EXIT.usage
  }
  await writeOutput(io, out, result.text)
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`)
  if (result.lfs?.length) io.stderr(`note: ${result.lfs.join(', ')}: Git LFS pointer(s); the recorded sha256 is the pointer's oid\n`)
  io.stdout(`wrote ${rel(out)}\n`)
  return EXIT.pass
}
