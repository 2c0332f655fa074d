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
    m = compile(list, Boolean(options.nocase))
    cache.set(key, m)
  }
  return m
}

/**
 * One regular expression for all the globs: picomatch tests a list pattern by pattern, each through its own
 * matcher, and discovery asks every listed file against the default excludes and the artifact names (10,000 units:
 * ~0.5 s). The alternation of picomatch's own expressions matches the same paths; a path equal to a glob matches
 * as in picomatch (a literal file name with glob characters), the empty path none. Should a pattern not combine, picomatch's list runs.
 */
function compile(list: readonly string[], nocase: boolean): Matcher {
  // Repository paths use `/` on every platform (`windows: false` also keeps picomatch from asking `navigator`).
  const opts = { dot: true, nocase, windows: false }
  try {
    const re = new RegExp(list.map((p) => `(?:${picomatch.makeRe(p, opts).source})`).join('|'), nocase ? 'i' : '')
    const literal = new Set(list)
    return (path) => path !== '' && (literal.has(path) || re.test(path))
  } catch {
    return picomatch([...list], opts)
  }
}
