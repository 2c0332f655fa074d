/** The CLI's window on the process, injectable for tests. */
export interface CliIO {
  cwd: string
  stdout: (s: string) => void
  stderr: (s: string) => void
  isTTY: boolean
  env: Record<string, string | undefined>
  now: () => Date
}

/** A usage error: one line, printed with the command's usage; exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** `usage` (bad arguments) or another kind for the JSON error object (e.g. `invalid-baseline`). */
    readonly kind = 'usage',
  ) {
    super(message)
  }
}

export const EXIT = { pass: 0, fail: 1, usage: 2 } as const
