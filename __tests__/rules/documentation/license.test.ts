import { describe, expect, it } from '@jest/globals'
import { findings, unit } from './helpers.js'

const RULE = 'doc/license'
const card = (fm: string) => `---\n${fm}\n---\n# M\n`

describe('doc/license', () => {
  it('accepts Hub identifiers', async () => {
    for (const id of ['apache-2.0', 'mit', 'cc-by-nc-4.0', 'llama3.1', 'lgpl-lr', 'openrail++', 'unknown']) {
      expect([id, await findings(unit(card(`license: ${id}`)), RULE)]).toEqual([id, []])
    }
  })

  it('suggests the identifier for common spellings, at the value', async () => {
    expect(await findings(unit(card('license: MIT')), RULE)).toEqual([
      'doc/license m/README.md:2:10 `MIT` is not a Hugging Face license identifier: use `license: mit`',
    ])
    expect(await findings(unit(card('license: Apache 2.0')), RULE)).toEqual([
      'doc/license m/README.md:2:10 `Apache 2.0` is not a Hugging Face license identifier: use `license: apache-2.0`',
    ])
    expect(await findings(unit(card('license: gpl3')), RULE)).toEqual([
      'doc/license m/README.md:2:10 `gpl3` is not a Hugging Face license identifier: use `license: gpl-3.0`',
    ])
  })

  it('reports an unknown license without a guess', async () => {
    expect(await findings(unit(card('license: \n- PUBLIC DOMAIN NOTICE')), RULE)).toEqual([
      'doc/license m/README.md:3:3 `PUBLIC DOMAIN NOTICE` is not a Hugging Face license identifier (and `license` takes one identifier, not a list): use one from https://huggingface.co/docs/hub/repositories-licenses, or `license: other` with `license_name` and `license_link`',
    ])
  })

  it('reports lists', async () => {
    expect(await findings(unit(card('license: [mit]')), RULE)).toEqual([
      'doc/license m/README.md:2:10 `license` must be a single identifier, not a list: write `license: mit`',
    ])
    expect(await findings(unit(card('license: [mit, apache-2.0]')), RULE)).toEqual([
      'doc/license m/README.md:2:10 `license` must be a single identifier, not a list: for several licenses use `license: other` with `license_name` and `license_link` to a file explaining them',
    ])
  })

  it('requires license_name or license_link with `other`', async () => {
    expect(await findings(unit(card('license: other')), RULE)).toEqual([
      'doc/license m/README.md:2:10 `license: other` needs `license_name` (a short identifier) and `license_link` (where the license text is, e.g. `LICENSE.md`)',
    ])
    expect(await findings(unit(card('license: other\nlicense_name: acme-1.0\nlicense_link: LICENSE.md')), RULE)).toEqual([])
  })

  it('accepts identifiers the policy adds, and leaves a missing license to doc/required-fields', async () => {
    const policy = 'version: 1\nsettings:\n  documentation:\n    licenses: [acme-internal]\n'
    expect(await findings(unit(card('license: acme-internal')), RULE, policy)).toEqual([])
    expect(await findings(unit(card('language: en')), RULE)).toEqual([])
    expect(await findings(unit(card('license: TODO')), RULE)).toEqual([])
  })
})
