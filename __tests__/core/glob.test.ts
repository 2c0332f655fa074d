import { describe, expect, it } from '@jest/globals'
import { globMatcher } from '../../src/core/glob.js'

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
