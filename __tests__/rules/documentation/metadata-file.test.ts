import { describe, expect, it } from '@jest/globals'
import { findings, unit } from './helpers.js'

const RULE = 'doc/metadata-file'
const NAMED = 'version: 1\nsettings:\n  documentation:\n    metadata-files: [model.yaml]\n'

describe('doc/metadata-file', () => {
  it('reports a unit without the metadata file the policy names, at its card', async () => {
    expect(await findings(unit('# M\n'), RULE, NAMED)).toEqual([
      'doc/metadata-file m/README.md:1 model unit `m` has no `model.yaml`, which the policy requires (`settings.documentation.metadata-files`): add `m/model.yaml`',
    ])
    expect(await findings(unit('# M\n', { 'm/model.yaml': 'version: 1\n' }), RULE, NAMED)).toEqual([])
  })

  it('reports a metadata file that does not parse, at the failing line and column', async () => {
    expect(await findings(unit('# M\n', { 'm/model.yaml': 'version: 1\nowner: [a\n' }), RULE, NAMED)).toEqual([
      'doc/metadata-file m/model.yaml:3:1 metadata file cannot be read: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ])
    expect(await findings(unit('# M\n', { 'm/model.yaml': '- a\n' }), RULE, NAMED)).toEqual([
      'doc/metadata-file m/model.yaml:1:1 metadata file cannot be read: YAML metadata must be a mapping (key: value pairs)',
    ])
  })

  it('reports a broken Model Card Toolkit card and MLmodel', async () => {
    expect(await findings(unit('# M\n', { 'm/model_card.json': '{\n  "model_details": {"name": "m",}\n  "x"\n}' }), RULE)).toEqual([
      expect.stringMatching(/^doc\/metadata-file m\/model_card\.json:3:3 Model Card Toolkit card cannot be read: /),
    ])
    expect(await findings({ 'm/MLmodel': 'run_id: 1\n', 'm/README.md': '# M\n' }, RULE)).toEqual([
      'doc/metadata-file m/MLmodel:1:1 MLflow MLmodel file cannot be read: an MLmodel file must declare `flavors`',
    ])
  })

  it('reports a metadata file over the size cap without reading it', async () => {
    const policy = 'version: 1\nsettings:\n  documentation:\n    max-card-bytes: 50\n'
    expect(await findings(unit('# M\n', { 'm/model_card.json': `{"model_details": {"overview": "${'x'.repeat(60)}"}}` }), RULE, policy)).toEqual([
      "doc/metadata-file m/model_card.json:1 metadata file was not read (95 bytes, over the policy's cap of 50 bytes); its metadata is unchecked",
    ])
  })
})
