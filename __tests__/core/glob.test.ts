import { describe, expect, it } from '@jest/globals'
import { globMatcher } from '../../src/core/glob.js'
import picomatch from 'picomatch'
import { DEFAULT_GOVERNANCE_EXCLUDE } from '../../src/core/units.js'

describe('globMatcher', () => {
  it('matches dot files, case-sensitively unless asked', () => {
    expect(globMatcher('**/*.PKL')('a/.hidden/m.PKL')).toBe(true)
    expect(globMatcher('**/*.PKL')('a/m.pkl')).toBe(false)
    expect(globMatcher('**/*.PKL', { nocase: true })('a/m.pkl')).toBe(true)
    expect(globMatcher(['x/**', 'y/*.md'])('y/README.md')).toBe(true)
    expect(globMatcher([])('anything')).toBe(false)
  })
  it('compiles a pattern list once and reuses it', () => {
    expect(globMatcher(['a/**', 'b/**'])).toBe(globMatcher(['a/**', 'b/**']))
    expect(globMatcher('a/**')).not.toBe(globMatcher('a/**', { nocase: true }))
    // The separator cannot join two patterns into one key collision.
    expect(globMatcher(['a', 'b'])).not.toBe(globMatcher(['a\u0000b']))
  })
})

describe('globMatcher matches exactly what picomatch matches', () => {
  // One combined expression replaces picomatch's pattern-by-pattern list: the same answer for every path.
  const lists: { globs: string[]; nocase?: boolean }[] = [
    { globs: [...DEFAULT_GOVERNANCE_EXCLUDE] },
    { globs: ['**/*.pkl', '**/*.{pt,bin}', 'models/**', '!models/keep/**', 'a[1].txt', 'data/*.csv'] },
    { globs: ['**/*.PKL', '*.Safetensors', '**/README.md'], nocase: true },
    { globs: ['!**/*.md'] },
    { globs: ['.github/**', '**/.*', 'x/**/y/*.json', '**/checkpoint-*/**'] },
  ]
  const paths = [
    'a[1].txt', 'a1.txt', 'README.md', 'docs/readme.MD', 'models/a/model.pkl', 'models/keep/x.bin', 'models/a/MODEL.PKL',
    'node_modules/x/index.js', 'a/node_modules/b.js', 'src/vendor/lib.py', '.venv/lib/site-packages/x.py', 'build/out.bin',
    'pkg.egg-info/PKG-INFO', 'x/a/b/y/c.json', 'x/y/c.json', '.github/modelgate.yml', '.hidden', 'a/.hidden/b', 'data/a.csv',
    'data/sub/a.csv', 'runs/checkpoint-500/optimizer.pt', 'w.safetensors', 'W.SAFETENSORS', 'a/../b.pkl', '', 'models',
  ]
  for (const { globs, nocase } of lists) {
    it(`${globs.slice(0, 3).join(', ')}${globs.length > 3 ? ', …' : ''}${nocase ? ' (nocase)' : ''}`, () => {
      const ours = globMatcher(globs, { nocase })
      const theirs = picomatch(globs, { dot: true, nocase: Boolean(nocase) })
      expect(paths.filter((p) => ours(p))).toEqual(paths.filter((p) => theirs(p)))
    })
  }
})
