/** The `modelgate` CLI: dispatches to commands; exit 0 pass, 1 fail, 2 usage or policy error. */
import { biasReport } from './commands/bias-report.js'
import { check, checkUsage } from './commands/check.js'
import { init } from './commands/init.js'
import { policy } from './commands/policy.js'
import { explain, rules } from './commands/rules.js'
import { EXIT, UsageError, type CliIO } from './io.js'
import { VERSION } from '../version.js'

const USAGE = `modelgate ${VERSION}: gate ML model changes on a governance policy

Usage:
  modelgate check [DIR] [--policy FILE] [--base REF] [--all] [--format text|json|sarif|markdown]
                  [--fail-on error|warning|notice|never] [--output FILE]
  modelgate init [DIR] [--preset recommended|strict|eu-ai-act-high-risk] [--force] [--stdout]
  modelgate rules [--format text|json]
  modelgate explain RULE_ID
  modelgate policy show|validate [DIR] [--policy FILE] [--format text|json]
  modelgate bias-report --from COUNTS.csv --weights FILE --model-name N --model-version V --dataset D
                        --split S --dataset-revision R --author A [--privileged ATTR=GROUP] [--out FILE]
  modelgate --version

'modelgate check --help' for the options of check.`

export type Command = (argv: string[], io: CliIO) => Promise<number>

export const COMMANDS: Record<string, Command> = { check, init, rules, explain, policy, 'bias-report': biasReport }

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout(USAGE + '\n')
    return cmd ? EXIT.pass : EXIT.usage
  }
  if (cmd === '--version' || cmd === '-v') {
    io.stdout(VERSION + '\n')
    return EXIT.pass
  }
  const command = COMMANDS[cmd]
  if (!command) {
    io.stderr(`modelgate: unknown command "${cmd}"\n\n${USAGE}\n`)
    return EXIT.usage
  }
  try {
    return await command(rest, io)
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`modelgate ${cmd}: ${(err as Error).message}\n${cmd === 'check' ? `\n${checkUsage}\n` : ''}`)
      return EXIT.usage
    }
    io.stderr(`modelgate: ${(err as Error).stack ?? String(err)}\n`)
    return EXIT.usage
  }
}
