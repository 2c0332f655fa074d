import * as nodePath from 'node:path'

/** True when `file` (absolute) is `dir` or lies below it, by path (links are not resolved here). */
export function isInside(dir: string, file: string): boolean {
  const rel = nodePath.relative(nodePath.resolve(dir), file)
  return rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel))
}
