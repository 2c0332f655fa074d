/** A write to a pipe whose reader has gone (`modelgate … | head`): the CLI stops quietly, like other tools. */
export function isEpipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE'
}
