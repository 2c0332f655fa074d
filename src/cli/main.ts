/** The `modelgate` CLI: dispatches to commands; exit 0 pass, 1 fail, 2 usage or policy error. */
import { wantsJson } from './args.js'
import { baseline, baselineUsage } from './commands/baseline.js'
import { biasReport, biasReportUsage } from './commands/bias-report.js'
import { check, checkUsage } from './commands/check.js'
import { init, initUsage } from './commands/init.js'
import { merge, mergeUsage } from './commands/merge.js'
import { policy, policyUsage } from './commands/policy.js'
import { explain, explainUsage, rules, rulesUsage } from './commands/rules.js'
import { EXIT, UsageError, type CliIO } from './io.js'
import { suggest } from '../core/policy/load.js'
import { asksVersion, TOOL, VERSION } from '../version.js'
import { isEpipe } from './epipe.js'

export type Command = (argv: string[], io: CliIO) => Promise<number>

interface CommandEntry {
  run: Command
  usage: string
  summary: string
}

export const COMMANDS: Record<string, CommandEntry> = {
  check: { run: check, usage: checkUsage, summary: 'check the model units a change touches (or --all) against the policy' },
  merge: { run: merge, usage: mergeUsage, summary: 'combine the reports of `check --shard I/N` into one verdict (docs/sharding.md)' },
  baseline: { run: baseline, usage: baselineUsage, summary: "accept an existing repository's findings; the gate then blocks only new ones" },
  init: { run: init, usage: initUsage, summary: 'write a starter policy, or scaffold a model card (--card DIR)' },
  rules: { run: rules, usage: rulesUsage, summary: 'list the rules and their levels' },
  explain: { run: explain, usage: explainUsage, summary: 'what a rule checks, why, and how to fix it' },
  policy: { run: policy, usage: policyUsage, summary: 'show or validate the effective policy' },
  'bias-report': { run: biasReport, usage: biasReportUsage, summary: 'write a bias report from per-group confusion counts' },
  help: { run: async () => EXIT.pass, usage: 'Usage: modelgate help [COMMAND]\n\nThe usage and options of COMMAND (the same as `modelgate COMMAND --help`).', summary: 'help for a command' },
}

const USAGE = `modelgate ${VERSION}: gate ML model changes on a governance policy

Usage: modelgate COMMAND [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Options: --version, --help. 'modelgate help COMMAND' (or 'modelgate COMMAND --help') for a command's options.
Quick start: 'modelgate init', then 'modelgate check --all'. Docs: https://github.com/modelgate/modelgate#readme`

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv
  if (!cmd || cmd === '--help' || cmd === '-h') {
    io.stdout(USAGE + '\n')
    return cmd ? EXIT.pass : EXIT.usage
  }
  if (asksVersion(argv)) {
    io.stdout(VERSION + '\n')
    return EXIT.pass
  }
  if (cmd === 'help') {
    const topic = rest[0]
    if (topic === '--help' || topic === '-h') {
      io.stdout(COMMANDS.help!.usage + '\n')
      return EXIT.pass
    }
    if (!topic) {
      io.stdout(USAGE + '\n')
      return EXIT.pass
    }
    const entry = COMMANDS[topic]
    if (!entry) return usageError(io, undefined, unknownCommand(topic), rest)
    io.stdout(entry.usage + '\n')
    return EXIT.pass
  }
  const entry = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined
  if (!entry) return usageError(io, undefined, unknownCommand(cmd), rest)
  // --help anywhere before `--` answers with the command's usage (even next to a bad option).
  const dd = rest.indexOf('--')
  const opts = dd >= 0 ? rest.slice(0, dd) : rest
  if (opts.includes('--help') || opts.includes('-h')) {
    io.stdout(entry.usage + '\n')
    return EXIT.pass
  }
  try {
    return await entry.run(rest, io)
  } catch (err) {
    if (err instanceof UsageError) return usageError(io, cmd, err, rest)
    if (isEpipe(err)) return EXIT.pass
    io.stderr(`modelgate: ${(err as Error).stack ?? String(err)}\n`)
    return EXIT.usage
  }
}

function unknownCommand(cmd: string): UsageError {
  const hint = suggest(cmd, Object.keys(COMMANDS))
  return new UsageError(`unknown command "${cmd}"${hint ? ` (did you mean "${hint}"?)` : ''}`)
}

/** One clean line, then the command's usage; with --format json, a JSON error object on stdout as well. */
function usageError(io: CliIO, cmd: string | undefined, err: UsageError, args: string[]): number {
  const entry = cmd ? COMMANDS[cmd] : undefined
  const showUsage = err.kind === 'usage'
  io.stderr(`modelgate${cmd ? ` ${cmd}` : ''}: ${err.message}\n${showUsage ? `\n${entry ? entry.usage : `Commands: ${Object.keys(COMMANDS).join(', ')}. 'modelgate --help' for more.`}\n` : ''}`)
  if (wantsJson(args)) {
    io.stdout(JSON.stringify({ version: 1, tool: TOOL, conclusion: 'failure', error: { kind: err.kind, message: err.message, ...(cmd ? { command: cmd } : {}) } }, null, 2) + '\n')
  }
  return EXIT.usage
}
