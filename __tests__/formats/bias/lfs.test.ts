import { describe, expect, it } from '@jest/globals'
import { parseLfsPointer } from '../../../src/formats/lfs.js'

const OID = '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393'

describe('parseLfsPointer', () => {
  it('reads the oid and size of a Git LFS pointer', () => {
    const text = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`
    expect(parseLfsPointer(text)).toEqual({ oid: OID, size: 12345 })
    expect(parseLfsPointer(text.replace(/\n/g, '\r\n'))).toEqual({ oid: OID, size: 12345 })
    // Extension lines (ext-0-…) are allowed between version and oid.
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\next-0-foo sha256:${OID}\noid sha256:${OID}\nsize 3`)).toEqual({ oid: OID, size: 3 })
  })

  it('rejects anything else', () => {
    expect(parseLfsPointer('hello')).toBeUndefined()
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\n`)).toBeUndefined()
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID.toUpperCase()}\nsize 1\n`)).toBeUndefined()
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid md5:abc\nsize 1\n`)).toBeUndefined()
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize -1\n`)).toBeUndefined()
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 1\n${'x'.repeat(1100)}`)).toBeUndefined()
  })
})
