import { describe, expect, it } from '@jest/globals'
import {
  isModelCardToolkit,
  parseMetadataFile,
  parseMLmodel,
  parseModelCardToolkit,
  parseRegisteredModelMeta,
} from '../../../src/formats/metadata/index.js'

const MCT = `{
  "schema_version": "0.0.2",
  "model_details": {
    "name": "Cats vs dogs",
    "owners": [{"name": "Vision team", "contact": "vision@acme.example"}],
    "version": {"name": "v1.0", "date": "2020-02-02", "diff": "Retrained on more dogs."},
    "licenses": [{"identifier": "Apache-2.0"}],
    "citations": [{"citation": "https://example.com/paper"}]
  },
  "model_parameters": {
\t"data": [{"name": "Training Set", "description": "25k labelled photos"}]
  },
  "quantitative_analysis": {
    "performance_metrics": [
      {"type": "accuracy", "value": 0.9, "slice": "overall"},
      {"type": "accuracy", "value": 0.85, "slice": "cats"}
    ]
  },
  "considerations": {
    "use_cases": [{"description": "Sorting pet photos"}],
    "limitations": [{"description": ""}],
    "ethical_considerations": [{"name": "None known", "mitigation_strategy": "Monitor"}]
  }
}`

describe('Model Card Toolkit JSON', () => {
  it('normalises fields and considerations with their JSON lines', () => {
    const doc = parseModelCardToolkit('m/model_card.json', MCT)
    expect(doc.errors).toEqual([])
    expect(doc.fields.map((f) => [f.key, f.value, f.line])).toEqual([
      ['model_name', 'Cats vs dogs', 4],
      ['owners', ['Vision team'], 5],
      ['contact', ['vision@acme.example'], 5],
      ['version', 'v1.0', 6],
      ['version_date', '2020-02-02', 6],
      ['license', 'Apache-2.0', 7],
      ['datasets', ['Training Set'], 11],
    ])
    expect(doc.sections.map((s) => [s.title, s.line, s.text])).toEqual([
      ['Changes', 6, 'Retrained on more dogs.'],
      ['Citation', 8, 'https://example.com/paper'],
      ['Datasets', 11, 'Training Set\n25k labelled photos'],
      ['Performance Metrics', 14, 'accuracy\n0.9\noverall\naccuracy\n0.85\ncats'],
      ['Performance by Slice', 14, 'accuracy\n0.85\ncats'],
      ['Use Cases', 20, 'Sorting pet photos'],
      ['Limitations', 21, ''],
      ['Ethical Considerations', 22, 'None known\nMonitor'],
    ])
    expect(isModelCardToolkit(JSON.parse(MCT))).toBe(true)
  })

  it('reports broken JSON at its line and column, and a non-object', () => {
    const bad = parseModelCardToolkit('model_card.json', '{\n  "model_details": {"name": "x",}\n  "oops"\n}')
    expect(bad.errors[0]).toMatchObject({ line: 3, column: 3 })
    expect(parseModelCardToolkit('model_card.json', '[1, 2]').errors).toEqual([{ line: 1, column: 1, message: 'a Model Card Toolkit card must be a JSON object' }])
  })
})

describe('MLflow metadata', () => {
  it('reads flavors, library versions and run metadata from MLmodel', () => {
    const doc = parseMLmodel(
      'm/MLmodel',
      [
        'artifact_path: model',
        'flavors:',
        '  python_function:',
        '    loader_module: mlflow.sklearn',
        "    python_version: '3.8'",
        '  sklearn:',
        '    pickled_model: model.pkl',
        '    sklearn_version: 0.24.1',
        'mlflow_version: 1.30.0',
        'run_id: calm_garden',
        "utc_time_created: '2023-02-15 12:46:19.119720'",
      ].join('\n'),
    )
    expect(doc.errors).toEqual([])
    expect(doc.fields.map((f) => [f.key, f.value, f.line])).toEqual([
      ['library_name', 'sklearn', 7],
      ['software', ['sklearn 0.24.1', 'python 3.8'], 3],
      ['mlflow_version', '1.30.0', 9],
      ['run_id', 'calm_garden', 10],
      ['artifact_path', 'model', 1],
      ['created', '2023-02-15 12:46:19.119720', 11],
    ])
  })

  it('requires flavors and a mapping', () => {
    expect(parseMLmodel('MLmodel', 'run_id: x\n').errors).toEqual([{ line: 1, column: 1, message: 'an MLmodel file must declare `flavors`' }])
    expect(parseMLmodel('MLmodel', 'flavors: [\n').errors[0]!.line).toBe(2)
  })

  it('reads the registered model name and version', () => {
    const doc = parseRegisteredModelMeta('registered_model_meta', "model_name: churn\nmodel_version: '3'\n")
    expect(doc.fields.map((f) => [f.key, f.value, f.line])).toEqual([
      ['model_name', 'churn', 1],
      ['version', '3', 2],
    ])
  })
})

describe('policy-named metadata files', () => {
  it('reads the keys of a YAML or JSON mapping', () => {
    expect(parseMetadataFile('model.yaml', 'version: 2\nowner: team-a\n').fields.map((f) => [f.key, f.value, f.line])).toEqual([
      ['version', 2, 1],
      ['owner', 'team-a', 2],
    ])
    expect(parseMetadataFile('metadata.json', '{\n "license": "mit"\n}').fields[0]).toMatchObject({ key: 'license', value: 'mit', line: 2 })
    expect(parseMetadataFile('metadata.json', '["a"]').errors).toEqual([{ line: 1, column: 1, message: 'JSON metadata must be a mapping (key: value pairs)' }])
    expect(parseMetadataFile('model.yaml', '').fields).toEqual([])
  })
})
