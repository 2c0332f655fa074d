/**
 * Argument parsing shared by every command: node:util parseArgs, with errors turned into one clean line
 * ("unknown option --fomat (did you mean --format?)") that the dispatcher prints with the command's usage.
 */
import type { ParseArgsConfig } from 'node:util'
import { lazyBuiltin } from '../core/builtin.js'
import { suggest } from '../core/policy/load.js'
import { UsageError } from './io.js'

// Required, not imported: an ESM import of node:util makes Node.js read every export of it, which loads
// worker_threads and a dozen other internal modules (Node 24).
const util = lazyBuiltin<typeof import('node:util')>('node:util')

export type Options = NonNullable<ParseArgsConfig['options']>

/** Every command answers --help / -h. */
const HELP: Options = { help: { type: 'boolean', short: 'h' } }

export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  const all = { ...options, ...HELP }
  try {
    return util().parseArgs({ args: argv, options: all as O & typeof HELP, allowPositionals, strict: true })
  } catch (err) {
    throw usageFromParseError(err as NodeJS.ErrnoException, all)
  }
}

function usageFromParseError(err: NodeJS.ErrnoException, options: Options): Error {
  if (!err.code?.startsWith('ERR_PARSE_ARGS')) return err
  const names = Object.keys(options).map((k) => `--${k}`)
  // "Option '-o, --output <value>' argument missing", "Unknown option '--fomat'"
  const m = /'(?:-\w, )?(-{1,2}[^'\s=,]+)/.exec(err.message)
  const opt = m?.[1]
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const hint = opt?.startsWith('--') ? suggest(opt, names) : undefined
      return new UsageError(`unknown option ${opt ?? ''}${hint ? ` (did you mean ${hint}?)` : ''}`)
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(opt && /argument missing/.test(err.message) ? `${opt} needs a value` : (err.message.split('\n')[0] ?? 'invalid option value'))
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`.trimEnd())
    default:
      return new UsageError(err.message.split('\n')[0] ?? 'invalid arguments')
  }
}

/** Whether the arguments ask for JSON output (so a usage error is reported as a JSON object too). */
export function wantsJson(argv: string[]): boolean {
  const i = argv.indexOf('--format')
  return (i >= 0 && argv[i + 1] === 'json') || argv.includes('--format=json')
}
