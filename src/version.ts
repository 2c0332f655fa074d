declare const __MODELGATE_VERSION__: string | undefined

/** The tool version, injected at build time (esbuild `define`); '0.0.0-dev' when running from source. */
export const VERSION: string = typeof __MODELGATE_VERSION__ === 'string' ? __MODELGATE_VERSION__ : '0.0.0-dev'

export const TOOL = { name: 'modelgate', version: VERSION }

/** `modelgate --version` (also `-v`, `version`): answered by the CLI's entry before the rest of the CLI is loaded. */
export function asksVersion(argv: readonly string[]): boolean {
  return argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version'
}
