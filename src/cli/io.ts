import { writeOutputFile } from '../app/output.js'

export { OutputPathError } from '../app/output.js'

/** The CLI's window on the process, injectable for tests. */
export interface CliIO {
  cwd: string
  stdout: (s: string) => void
  stderr: (s: string) => void
  isTTY: boolean
  env: Record<string, string | undefined>
  now: () => Date
}

export class UsageError extends Error {}

export const EXIT = { pass: 0, fail: 1, usage: 2 } as const


/**
 * Writes a CLI output file (`--output`, `--audit`): never through a symbolic link inside the checked
 * directory `repo` (its content is the change under review), nor through a link at the file itself.
 */
export async function writeOutput(file: string, text: string, repo: string): Promise<void> {
  await writeOutputFile(file, text, { roots: [], untrusted: repo })
}
