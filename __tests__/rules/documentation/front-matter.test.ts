import { describe, expect, it } from '@jest/globals'
import { findings, runDoc, STRICT, unit } from './helpers.js'

const INVALID = 'doc/front-matter-invalid'
const MISSING = 'doc/front-matter-missing'

describe('doc/front-matter-missing', () => {
  it('warns in recommended and fails in strict, at line 1', async () => {
    expect(await findings(unit('# Model\n\nText.\n'), MISSING, 'version: 1\nsettings:\n  documentation:\n    required-fields: []\n')).toEqual([
      'doc/front-matter-missing m/README.md:1 model card has no YAML front matter: start it with a `---` block holding its metadata (e.g. `license`, `language`, `tags`), closed by another `---`',
    ])
    const strict = await runDoc(unit('# Model\n\nText.\n'), STRICT, [MISSING])
    expect(strict.findings.map((f) => f.severity)).toEqual(['error'])
  })

  it('is the one finding for a card without front matter: it names the required fields and tier the card lacks', async () => {
    const files = unit('# Model\n\nText.\n', { 'm/config.json': '{}' })
    const r = await runDoc(files, STRICT, [MISSING, 'doc/required-fields', 'doc/risk-tier-missing'])
    expect(r.findings.map((f) => `${f.ruleId} ${f.path}:${f.line} ${f.message}`)).toEqual([
      'doc/front-matter-missing m/README.md:1 model card has no YAML front matter, so it lacks the metadata the policy requires: `license`; `language` or `library_name`; `tags` or `pipeline_tag`; `datasets`; `model-index`; owner or contact; the risk tier (`risk_level`); start the card with a `---` block holding `license: …`, `language: …`, `tags: …`, `datasets: …`, …, closed by another `---`',
    ])
    expect(r.findings[0]!.details?.missing).toEqual([
      { fields: ['license'] },
      { fields: ['language', 'library_name'] },
      { fields: ['tags', 'pipeline_tag'] },
      { fields: ['datasets'] },
      { fields: ['model-index'] },
      { fields: expect.arrayContaining(['owner', 'contact']), label: 'owner or contact' },
      { fields: ['risk_level'], label: 'risk tier' },
    ])
    // With the rule off, the others report what is missing themselves.
    const off = await runDoc(files, STRICT + 'rules:\n  doc/front-matter-missing: off\n', [MISSING, 'doc/required-fields', 'doc/risk-tier-missing'])
    expect(off.findings.map((f) => f.ruleId)).toEqual(['doc/required-fields', 'doc/risk-tier-missing'])
  })

  it('is quiet when the unit keeps its metadata in a Model Card Toolkit card or a named metadata file', async () => {
    expect(await findings(unit('# Model\n', { 'm/model_card.json': '{"model_details": {"name": "m"}}' }), MISSING)).toEqual([])
    const policy = 'version: 1\nsettings:\n  documentation:\n    metadata-files: [model.yaml]\n'
    expect(await findings(unit('# Model\n', { 'm/model.yaml': 'license: mit\n' }), MISSING, policy)).toEqual([])
  })

  it('leaves an unclosed block to doc/front-matter-invalid', async () => {
    expect(await findings(unit('---\nlicense: mit\n# Model\n'), MISSING)).toEqual([])
  })
})

describe('doc/front-matter-invalid', () => {
  it('reports a YAML error at its line and column with a plain-language hint', async () => {
    const card = ['---', 'language: ja', 'datasets:', '- common_voice', '- TODO: add more datasets. Use the same', 'dataset name as on the Hub', 'license: apache-2.0', '---', '# M'].join('\n')
    expect(await findings(unit(card), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:6:1 front matter is not valid YAML: Implicit keys need to be on a single line (a value runs on to the next line, or a line holds text that is not `key: value`; quote the value or join the lines); no metadata can be read from it',
    ])
  })

  it('reports the same line and column for a CRLF card', async () => {
    const card = ['---', 'license: mit', 'tags:', '- a', '  b: c', '---', '# M'].join('\r\n')
    expect(await findings(unit(card), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:4:3 front matter is not valid YAML: Implicit keys need to be on a single line (a value runs on to the next line, or a line holds text that is not `key: value`; quote the value or join the lines); no metadata can be read from it',
    ])
  })

  it('points a missing closing quote at the opening quote', async () => {
    expect(await findings(unit('---\na: "x\nb: 1\n---\n# M\n'), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:2:4 front matter is not valid YAML: Missing closing "quote (the value opened here is never closed) (close the quote, or quote a value that contains `"` with the other kind of quote); no metadata can be read from it',
    ])
  })

  it('counts the follow-on errors', async () => {
    expect(await findings(unit('---\na: [1, 2\nb: {c\n---\n# M\n'), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:3:1 front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (1 more error follows); no metadata can be read from it',
    ])
  })

  it('reports a list instead of a mapping', async () => {
    expect(await findings(unit('---\n- Text Generation\n- PyTorch\n---\n# M\n'), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:2:1 front matter must be a YAML mapping (key: value pairs), not a list: no metadata can be read from it',
    ])
  })

  it('reports an opening fence that is never closed', async () => {
    expect(await findings(unit('---\nlicense: mit\n\n# Model\n'), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:1:1 the front matter opened by `---` on line 1 is never closed by a second `---` line: close it with a `---` line after the metadata',
    ])
  })

  it('reports a tab that huggingface_hub (PyYAML) cannot load', async () => {
    expect(await findings(unit('---\n\nlanguage: en\nlicense:  \tgpl-3.0\n---\n# M\n'), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:4:11 front matter has a tab character outside quotes: huggingface_hub (PyYAML) cannot load the card; replace the tab with spaces',
    ])
  })

  it('reports an unfilled template', async () => {
    expect(await findings(unit('---\n# spec: see the docs\n{{ card_data }}\n---\n# M\n'), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:3:1 front matter is still a template: `{{ card_data }}` is an unfilled field: no metadata can be read from it',
    ])
  })

  it('accepts a duplicate-free mapping, comments and PyYAML-style continuation lines', async () => {
    const card = '---\n# comment\nlicense: mit # trailing\nwidget:\n- text: "a: b.\\n\nc d"\n---\n# M\n'
    expect(await findings(unit(card), INVALID)).toEqual([])
    expect(await findings(unit('---\nlicense: mit\nlicense: apache-2.0\n---\n# M\n'), INVALID)).toEqual([
      'doc/front-matter-invalid m/README.md:3:1 front matter is not valid YAML: Map keys must be unique (a key appears twice; keep one); no metadata can be read from it',
    ])
  })
})
