import { describe, expect, it } from '@jest/globals'
import { brief } from '../../support/harness.js'
import { findings, runDoc, unit } from './helpers.js'

describe('doc/card-unreadable', () => {
  it('reports a card over the policy cap without reading it, and nothing else', async () => {
    const card = '---\nlicense: mit\n---\n# Model\n' + 'x'.repeat(200)
    const r = await runDoc(unit(card), 'version: 1\nsettings:\n  documentation:\n    max-card-bytes: 100\n')
    expect(brief(r)).toEqual([
      "doc/card-unreadable m/README.md:1 model card is 229 bytes, over the policy's cap of 100 bytes (`settings.documentation.max-card-bytes`): it was not read, so its documentation is unchecked; move large content out of the card or raise the cap",
    ])
    expect(r.findings[0]!.severity).toBe('error')
  })

  it('reports a binary card', async () => {
    expect(await findings(unit(new Uint8Array([0x23, 0x20, 0x41, 0x00, 0x01, 0x02])), 'doc/card-unreadable')).toEqual([
      'doc/card-unreadable m/README.md:1 model card is not text (it contains NUL bytes): a card must be UTF-8 Markdown',
    ])
  })

  it('is quiet for a readable card', async () => {
    expect(await findings(unit('# Model\n'), 'doc/card-unreadable')).toEqual([])
  })
})

describe('doc/card-empty', () => {
  it('reports a blank card once, instead of every missing section and field', async () => {
    for (const card of ['', '\n\n  \n', '<!-- write me -->\n']) {
      expect(brief(await runDoc(unit(card)))).toEqual([
        'doc/card-empty m/README.md:1 model card is empty: describe the model in sections such as "## Intended uses & limitations", "## Training data" and "## Evaluation"',
      ])
    }
  })

  it('reports front matter with nothing below it after the closing fence', async () => {
    expect(await findings(unit('---\nlicense: mit\nlanguage: en\ntags: [x]\n---\n'), 'doc/card-empty')).toEqual([
      'doc/card-empty m/README.md:6 model card has front matter but no documentation below it: add sections such as "## Intended uses & limitations", "## Training data" and "## Evaluation"',
    ])
  })

  it('does not call a one-line card or a card with only headings empty', async () => {
    expect(await findings(unit('See https://example.com for details.\n'), 'doc/card-empty')).toEqual([])
    expect(await findings(unit('# Title\n## Uses\n'), 'doc/card-empty')).toEqual([])
  })

  it('lets the other rules report when it is off', async () => {
    const r = await runDoc(unit(''), 'version: 1\nrules:\n  doc/card-empty: off\n', ['doc/card-empty', 'doc/front-matter-missing', 'doc/required-sections'])
    expect(brief(r)).toEqual([
      'doc/front-matter-missing m/README.md:1 model card has no YAML front matter, so it lacks the metadata the policy requires: `license`; start the card with a `---` block holding `license: …`, closed by another `---`',
      'doc/required-sections m/README.md:1 card lacks 4 required sections: intended use; limitations and risks; training data; evaluation; add a heading for each ("## Intended uses", "## Limitations", "## Training data", "## Evaluation") with its content',
    ])
  })
})
