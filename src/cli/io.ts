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
