import { describe, expect, it } from '@jest/globals'
import { findPyYamlTab, findTemplateField, reindentQuotedContinuations } from '../../../src/formats/card/portability.js'

describe('PyYAML portability', () => {
  it('finds a tab PyYAML rejects, but not tabs in quotes or comments', () => {
    expect(findPyYamlTab(['language: en', 'license:  \tgpl-3.0'], 2)).toEqual({ line: 3, column: 11 })
    expect(findPyYamlTab(['a: "x\ty"', "b: 'p\tq'", 'c: 1 # \tnote'], 2)).toBeUndefined()
  })

  it('finds unquoted template fields only', () => {
    expect(findTemplateField(['a: 1', 'license: {{ license }}'], 2)).toEqual({ line: 3, column: 10, text: '{{ license }}' })
    expect(findTemplateField(['a: "{{ x }}"', '# {{ y }}', "b: it's {{"], 2)).toBeUndefined()
  })

  it('re-indents under-indented continuation lines of quoted values only', () => {
    expect(reindentQuotedContinuations(['- text: "a', 'b"', 'c: 1'])).toEqual(['- text: "a', '         b"', 'c: 1'])
    expect(reindentQuotedContinuations(['a: 1', "b: it's fine"])).toBeUndefined()
  })
})
