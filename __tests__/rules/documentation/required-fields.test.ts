import { describe, expect, it } from '@jest/globals'
import { EU, findings, runDoc, STRICT, unit } from './helpers.js'

const RULE = 'doc/required-fields'
const card = (fm: string, body = '# M\n\nText.\n') => `---\n${fm}\n---\n${body}`

describe('doc/required-fields', () => {
  it('requires license, language or library_name, tags or pipeline_tag of a Hugging Face card in recommended, in one finding', async () => {
    // `thumbnail` is a key only Hugging Face cards use.
    const r = await runDoc(unit(card('thumbnail: x.png')), undefined, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 1 card metadata lacks 3 required fields: `license`; `language` or `library_name`; `tags` or `pipeline_tag`; add them to the front matter',
    ])
    expect(r.findings[0]!.details).toEqual({ problem: 'missing', missing: [{ fields: ['license'] }, { fields: ['language', 'library_name'] }, { fields: ['tags', 'pipeline_tag'] }] })
    expect(await findings(unit(card('license: mit\nlibrary_name: peft\npipeline_tag: fill-mask')), RULE)).toEqual([])
  })

  it('requires the Hugging Face keys only of Hugging Face style units, unless the policy names them', async () => {
    const plain = unit(card('license: mit\nowner: risk-team'))
    expect(await findings(plain, RULE)).toEqual([])
    expect(await findings(plain, RULE, STRICT)).toEqual([])
    // A config.json makes the unit a transformers checkpoint.
    expect(await findings({ ...plain, 'm/config.json': '{}' }, RULE)).toEqual([
      'doc/required-fields m/README.md:1 card metadata lacks 2 required fields: `language` or `library_name`; `tags` or `pipeline_tag`; add them to the front matter',
    ])
    const named = 'version: 1\nsettings:\n  documentation:\n    required-fields: [license, tags]\n'
    expect(await findings(plain, RULE, named)).toEqual(['doc/required-fields m/README.md:1 card metadata has no `tags`: add `tags: …` to the front matter'])
    const hfOnly = 'version: 1\nsettings:\n  documentation:\n    required-fields: [license, {any-of: [tags], when: hugging-face}]\n'
    expect(await findings(plain, RULE, hfOnly)).toEqual([])
  })

  it('counts an empty or placeholder value as missing, at the key', async () => {
    expect(await findings(unit(card('license:\nlanguage: []\ntags: ["{{ tags }}"]')), RULE)).toEqual([
      'doc/required-fields m/README.md:2:1 `license` is empty: give it a value',
      'doc/required-fields m/README.md:3:1 `language` is empty: give it a value',
      'doc/required-fields m/README.md:4:1 `tags` holds placeholder text (["{{ tags }}"]): set a real value',
    ])
    expect(await findings(unit(card('license: TODO\nlanguage: en\ntags: [x]')), RULE)).toEqual([
      'doc/required-fields m/README.md:2:1 `license` holds placeholder text (TODO): set a real value',
    ])
  })

  it('leaves a misspelled key to doc/misspelled-metadata-key, else points at it instead of saying the field is absent', async () => {
    const files = unit(card('language: en\ntags: [x]\nliscence: "mit"'))
    expect(await findings(files, [RULE, 'doc/misspelled-metadata-key'])).toEqual([
      'doc/misspelled-metadata-key m/README.md:4:1 front matter key `liscence` is not a known key, so tools ignore it: did you mean `license`?',
    ])
    expect(await findings(files, RULE, 'version: 1\nrules:\n  doc/misspelled-metadata-key: off\n')).toEqual([
      'doc/required-fields m/README.md:4:1 card metadata has no `license`: `liscence` looks like a misspelling of `license`; rename it',
    ])
  })

  it('adds datasets, model-index, owner/contact and base_model for fine-tuned models in strict', async () => {
    const fm = 'license: mit\nlanguage: en\ntags: [generated_from_trainer]'
    const r = await runDoc(unit(card(fm)), STRICT, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 1 card metadata lacks 3 required fields: `datasets`; `model-index`; owner or contact (e.g. `owner`); add them to the front matter (or the sections "## Model card contact")',
      'error 1 model looks fine-tuned (the tag `generated_from_trainer`, line 4) but the card names no `base_model`: add `base_model: <the model it was fine-tuned from>` to the front matter',
    ])
  })

  it('detects fine-tuning from the card’s prose, not from advice to fine-tune it', async () => {
    const fm = 'license: mit\nlanguage: en\ntags: [x]\ndatasets: [d]\nmodel-index: [{name: m, results: []}]\ncontact: a@b.example'
    const said = card(fm, '# M\n\nThis model is a fine-tuned\nversion of bert-base on tickets.\n')
    expect(await findings(unit(said), RULE, STRICT)).toEqual([
      'doc/required-fields m/README.md:1 model looks fine-tuned (the card says it is fine-tuned, line 11) but the card names no `base_model`: add `base_model: <the model it was fine-tuned from>` to the front matter',
    ])
    const advice = card(fm, '# M\n\nIt is mostly intended to be fine-tuned on a downstream task, or\nfine-tuned versions on a task that interests you.\n')
    expect(await findings(unit(advice), RULE, STRICT)).toEqual([])
  })

  it('accepts an owner given as a contact section', async () => {
    const fm = 'license: mit\nlanguage: en\ntags: [x]\ndatasets: [d]\nmodel-index: [{name: m, results: []}]'
    expect(await findings(unit(card(fm, '# M\n\n## Model Card Contact\n\nml-team@acme.example\n')), RULE, STRICT)).toEqual([])
    expect(await findings(unit(card(fm, '# M\n\n## Model Card Contact\n\n[More Information Needed]\n')), RULE, STRICT)).toHaveLength(1)
  })

  it('adds provider, contact and version for a unit declared high-risk, citing the articles', async () => {
    const fm = 'license: mit\nlanguage: en\ntags: [x]\nrisk_level: high'
    expect(await findings(unit(card(fm)), RULE)).toEqual([
      'doc/required-fields m/README.md:1 card metadata lacks 3 fields required for risk tier `high`: provider (e.g. `provider`) (Annex IV(1)(a); Art. 13(3)(a)); provider contact details (e.g. `contact`) (Art. 13(3)(a)); version (e.g. `version`) (Annex IV(1)(a)); add them to the front matter (or the sections "## Provider" or "## Model card contact") [EU AI Act Annex IV; Art. 13]',
    ])
    expect(await findings(unit(card(fm.replace('high', 'limited'))), RULE)).toEqual([])
  })

  it('takes per-tier requirements from the policy, for the default tier too', async () => {
    const policy = 'version: 1\ndefault-tier: limited\nsettings:\n  documentation:\n    tiers:\n      limited:\n        required-fields: [{any-of: [ai_disclosure], regulation: EU AI Act Art. 50}]\n'
    expect(await findings(unit(card('license: mit\nlanguage: en\ntags: [x]')), RULE, policy)).toEqual([
      'doc/required-fields m/README.md:1 card metadata has no `ai_disclosure` (required for risk tier `limited`): add `ai_disclosure: …` to the front matter [EU AI Act Art. 50]',
    ])
  })

  it('reads metadata from a named metadata file, a Model Card Toolkit card and MLflow files', async () => {
    const policy = 'version: 1\nsettings:\n  documentation:\n    metadata-files: [model.yaml]\n    required-fields: [license, version, owners, library_name]\n'
    const files = unit('# M\n\nText.\n', {
      'm/model.yaml': 'license: mit\n',
      'm/model_card.json': '{"model_details": {"owners": [{"name": "Vision team"}]}}',
      'm/MLmodel': 'flavors:\n  sklearn:\n    sklearn_version: 1.0.1\n',
      'm/registered_model_meta': "model_name: churn\nmodel_version: '3'\n",
    })
    expect(await findings(files, RULE, policy)).toEqual([])
  })

  it('says where to put a field when the unit has only a Model Card Toolkit card', async () => {
    expect(await findings({ 'm/model.pt': 'x', 'm/model_card.json': '{"model_details": {"name": "m"}}' }, RULE)).toEqual([
      'doc/required-fields m/model_card.json:1 card metadata has no `license`: add `license: …` to the card metadata (a README.md front matter or a `metadata-files` file)',
    ])
  })

  it('leaves broken front matter to doc/front-matter-invalid, unless that rule is off', async () => {
    const broken = unit('---\n- a\n---\n# M\n')
    expect(await findings(broken, RULE)).toEqual([])
    expect(await findings(broken, RULE, 'version: 1\nrules:\n  doc/front-matter-invalid: off\n')).toEqual([
      'doc/required-fields m/README.md:1 card metadata has no `license`: add `license: …` to the front matter',
    ])
  })

  it('is an error under the EU preset with every item cited', async () => {
    const r = await runDoc(unit(card('license: mit\npipeline_tag: fill-mask')), EU, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
      'error card metadata lacks 6 required fields: provider (e.g. `provider`) (Annex IV(1)(a); Art. 13(3)(a)); provider contact details (e.g. `contact`) (Art. 13(3)(a)); version (e.g. `version`) (Annex IV(1)(a)); `language` or `library_name` (Annex IV(1)(c); Art. 13(3)(b)(vi)); `datasets` (Annex IV(2)(d); Art. 10(2)(b)); `model-index` (Annex IV(2)(g); Art. 13(3)(b)(ii)); add them to the front matter (or the sections "## Provider" or "## Model card contact") [EU AI Act Annex IV; Art. 13; Art. 10]',
    ])
    expect(r.findings[0]!.details?.regulation).toBe('EU AI Act Annex IV(1)(a); Art. 13(3)(a); Annex IV(1)(c); Art. 13(3)(b)(vi); Annex IV(2)(d); Art. 10(2)(b); Annex IV(2)(g); Art. 13(3)(b)(ii)')
  })
})
