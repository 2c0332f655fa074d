/**
 * Glob matching (picomatch) with compiled matchers memoized per run: rules ask for the same policy globs once per
 * unit, and compiling a picomatch pattern costs far more than matching it (10,000 units would compile each
 * pattern 10,000 times). Dot files match, as everywhere in the policy.
 */
import picomatch from 'picomatch'

export type Matcher = (path: string) => boolean

const MAX_CACHED = 512
const cache = new Map<string, Matcher>()

/** A matcher for one or several globs (`nocase` for file-name patterns the policy matches case-insensitively). */
export function globMatcher(patterns: string | readonly string[], options: { nocase?: boolean } = {}): Matcher {
  const list = typeof patterns === 'string' ? [patterns] : patterns
  if (list.length === 0) return () => false
  const key = JSON.stringify([Boolean(options.nocase), list])
  let m = cache.get(key)
  if (!m) {
    if (cache.size >= MAX_CACHED) cache.clear()
    m = picomatch([...list], { dot: true, nocase: Boolean(options.nocase) })
    cache.set(key, m)
  }
  return m
}
