import { describe, expect, it } from '@jest/globals'
import { EU, findings, runDoc, STRICT, unit } from './helpers.js'

const RULE = 'doc/required-fields'
const card = (fm: string, body = '# M\n\nText.\n') => `---\n${fm}\n---\n${body}`

describe('doc/required-fields', () => {
  it('requires license, language or library_name, tags or pipeline_tag in recommended, at the front matter', async () => {
    const r = await runDoc(unit(card('thumbnail: x.png')), undefined, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 1 card metadata has no `language` or `library_name`: add one of `language` or `library_name` to the front matter',
      'warning 1 card metadata has no `license`: add `license: …` to the front matter',
      'warning 1 card metadata has no `tags` or `pipeline_tag`: add one of `tags` or `pipeline_tag` to the front matter',
    ])
    expect(await findings(unit(card('license: mit\nlibrary_name: peft\npipeline_tag: fill-mask')), RULE)).toEqual([])
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

  it('points at a misspelled key instead of saying the field is absent', async () => {
    expect(await findings(unit(card('language: en\ntags: [x]\nliscence: "mit"')), RULE)).toEqual([
      'doc/required-fields m/README.md:4:1 card metadata has no `license`: `liscence` looks like a misspelling of `license`; rename it',
    ])
  })

  it('adds datasets, model-index, owner/contact and base_model for fine-tuned models in strict', async () => {
    const fm = 'license: mit\nlanguage: en\ntags: [generated_from_trainer]'
    const r = await runDoc(unit(card(fm)), STRICT, [RULE])
    expect(r.findings.map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 1 card metadata has no `datasets`: add `datasets: …` to the front matter',
      'error 1 card metadata has no `model-index`: add `model-index: …` to the front matter',
      'error 1 card metadata has no owner or contact: add one of `owner`, `owners`, `contact` or `contacts` to the front matter or a "## Model card contact" section',
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
      'doc/required-fields m/README.md:1 card metadata has no provider (required for risk tier `high`): add one of `provider`, `developers`, `developed_by` or `organization` to the front matter or a "## Provider" section [EU AI Act Annex IV(1)(a); Art. 13(3)(a)]',
      'doc/required-fields m/README.md:1 card metadata has no provider contact details (required for risk tier `high`): add one of `contact`, `contacts`, `model_card_contact` or `contact_email` to the front matter or a "## Model card contact" section [EU AI Act Art. 13(3)(a)]',
      'doc/required-fields m/README.md:1 card metadata has no version (required for risk tier `high`): add one of `version` or `model_version` to the front matter [EU AI Act Annex IV(1)(a)]',
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
      'doc/required-fields m/model_card.json:1 card metadata has no `language` or `library_name`: add one of `language` or `library_name` to the card metadata (a README.md front matter or a `metadata-files` file)',
      'doc/required-fields m/model_card.json:1 card metadata has no `license`: add `license: …` to the card metadata (a README.md front matter or a `metadata-files` file)',
      'doc/required-fields m/model_card.json:1 card metadata has no `tags` or `pipeline_tag`: add one of `tags` or `pipeline_tag` to the card metadata (a README.md front matter or a `metadata-files` file)',
    ])
  })

  it('leaves broken front matter to doc/front-matter-invalid, unless that rule is off', async () => {
    const broken = unit('---\n- a\n---\n# M\n')
    expect(await findings(broken, RULE)).toEqual([])
    expect(await findings(broken, RULE, 'version: 1\nrules:\n  doc/front-matter-invalid: off\n')).toHaveLength(3)
  })

  it('is an error under the EU preset with every item cited', async () => {
    const r = await runDoc(unit(card('license: mit')), EU, [RULE])
    expect(r.findings.map((f) => f.message.replace(/^.*\[/, '['))).toEqual([
      '[EU AI Act Annex IV(2)(d); Art. 10(2)(b)]',
      '[EU AI Act Annex IV(1)(c); Art. 13(3)(b)(vi)]',
      '[EU AI Act Annex IV(2)(g); Art. 13(3)(b)(ii)]',
      '[EU AI Act Annex IV(1)(a)]',
      '[EU AI Act Art. 13(3)(a)]',
      '[EU AI Act Annex IV(1)(a); Art. 13(3)(a)]',
      '[EU AI Act Annex IV(1)(a)]',
    ])
    expect(new Set(r.findings.map((f) => f.severity))).toEqual(new Set(['error']))
  })
})
