import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parseCard } from '../../../src/formats/card/index.js'
import {
  directionOf,
  isUnitInterval,
  metricLabel,
  metricNumber,
  modelIndexOfCard,
  parseDvcYaml,
  parseMetricsFile,
} from '../../../src/formats/metrics/index.js'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evaluation/${name}`, import.meta.url), 'utf8')
const brief = (s: { records: { metric: string; dataset?: string; split?: string; task?: string; value?: number; line: number }[] }) =>
  s.records.map((r) => `${r.metric}|${r.task ?? ''}|${r.dataset ?? ''}|${r.split ?? ''}|${r.value}|${r.line}`)

describe('model-index', () => {
  it('keys card metrics by task, dataset, split and type, at the line of each value', () => {
    const s = modelIndexOfCard(parseCard('m/README.md', fixture('classifier-card.md')))
    expect(s.problems).toEqual([])
    expect(brief(s)).toEqual([
      'accuracy|text-classification|imdb|test|0.91|15',
      'f1|text-classification|imdb|test|0.9|17',
      'loss|text-classification|imdb|test|0.3|19',
    ])
    expect(s.records[0]).toMatchObject({ source: 'card', path: 'm/README.md', column: 14 })
    expect(metricLabel(s.records[0]!)).toBe('accuracy (imdb, test)')
  })

  it('adds the dataset config and keeps the display name', () => {
    const s = modelIndexOfCard(parseCard('a/README.md', fixture('asr-card.md')))
    expect(brief(s)).toEqual(['wer|automatic-speech-recognition|common_voice/ja|test|0.18|13', 'cer|automatic-speech-recognition|common_voice/ja|test|0.07|16'])
    expect(s.records[0]!.name).toBe('Test WER')
  })

  it('returns nothing for a card without model-index, and an empty results list is fine', () => {
    expect(modelIndexOfCard(parseCard('a/README.md', '# A\n'))).toEqual({ records: [], problems: [] })
    const empty = modelIndexOfCard(parseCard('a/README.md', '---\nmodel-index:\n- name: m\n  results: []\n---\n'))
    expect(empty).toEqual({ records: [], problems: [] })
  })

  it('reports values that are not numbers, metrics without type, and a model-index that is not a list', () => {
    const card = [
      '---',
      'model-index:',
      '- name: m',
      '  results:',
      '  - dataset: {type: d, split: test}',
      '    metrics:',
      '    - type: accuracy',
      '      value: TBD',
      '    - value: 0.5',
      '    - type: f1',
      "      value: '87.5%'",
      '---',
    ].join('\n')
    const s = modelIndexOfCard(parseCard('a/README.md', card))
    expect(s.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '8:14 metric `accuracy` has value `TBD`, which is not a number: it cannot be checked',
      '9:7 metric `model-index[0].results[0].metrics[1]` has neither `type` nor `name`: it cannot be identified',
    ])
    expect(brief(s)).toEqual(['accuracy||d|test|undefined|8', 'f1||d|test|0.875|11'])
    const notList = modelIndexOfCard(parseCard('a/README.md', '---\nmodel-index: yes\n---\n'))
    expect(notList.problems.map((p) => `${p.line} ${p.message}`)).toEqual(['2 `model-index` must be a list of models (`- name: …\n  results: […]`)'])
  })

  it('tells several models apart and reports a metric listed twice', () => {
    const card = [
      '---',
      'model-index:',
      '- name: small',
      '  results:',
      '  - dataset: {type: d}',
      '    metrics:',
      '    - {type: accuracy, value: 0.8}',
      '    - {type: accuracy, value: 0.9}',
      '- name: large',
      '  results:',
      '  - dataset: {type: d}',
      '    metrics:',
      '    - {type: accuracy, value: 0.95}',
      '---',
    ].join('\n')
    const s = modelIndexOfCard(parseCard('a/README.md', card))
    expect(s.records.map((r) => `${r.model} ${r.metric} ${r.value}`)).toEqual(['small accuracy 0.8', 'large accuracy 0.95'])
    expect(s.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '8 metric `accuracy` is listed twice for the same task, dataset and split (first at line 7): only the first is compared',
    ])
    expect(s.records[0]!.key).not.toBe(s.records[1]!.key)
  })
})

describe('metrics files', () => {
  it('reads DVC metrics with split segments, at the line of each value', () => {
    const s = parseMetricsFile(fixture('dvc-metrics.json'), { path: 'eval/metrics.json' })
    expect(brief(s)).toEqual(['avg_prec|||train|0.97|3', 'avg_prec|||test|0.92|4', 'roc_auc|||train|0.99|7', 'roc_auc|||test|0.95|8'])
    expect(metricLabel(s.records[1]!)).toBe('avg_prec (test, metrics.json)')
  })

  it('reads Transformers eval results: split prefixes, bookkeeping keys ignored', () => {
    const s = parseMetricsFile(fixture('eval_results.json'), { path: 'm/eval_results.json', dataset: 'sst2' })
    expect(brief(s)).toEqual(['accuracy||sst2|eval|0.874|3', 'loss||sst2|eval|0.412|4'])
  })

  it('selects a subtree with `key`, and says when it is missing', () => {
    const text = '{\n  "model_name": "x",\n  "version": 1,\n  "metrics": {\n    "f1": 0.2785,\n    "roc_auc": 0.6776\n  }\n}\n'
    expect(brief(parseMetricsFile(text, { path: 'meta.json', key: 'metrics', split: 'test' }))).toEqual(['f1|||test|0.2785|5', 'roc_auc|||test|0.6776|6'])
    const missing = parseMetricsFile(text, { path: 'meta.json', key: 'scores' })
    expect(missing.problems.map((p) => p.message)).toEqual(['metrics file `meta.json` has no `scores` (the policy\'s `key`): its metrics cannot be checked'])
  })

  it('reads YAML, and a file holding a model-index', () => {
    expect(brief(parseMetricsFile('test:\n  accuracy: 0.9\n  wer: .2\n', { path: 'm.yaml' }))).toEqual(['accuracy|||test|0.9|2', 'wer|||test|0.2|3'])
    const mi = parseMetricsFile('model-index:\n- name: m\n  results:\n  - dataset: {type: d}\n    metrics:\n    - {type: bleu, value: 31.2}\n', { path: 'r.yaml' })
    expect(brief(mi)).toEqual(['bleu||d||31.2|6'])
    expect(mi.records[0]!.source).toBe('r.yaml')
  })

  it('reads a Model Card Toolkit JSON card, keyed by slice', () => {
    const text = [
      '{',
      '  "model_details": {"name": "cats-vs-dogs"},',
      '  "quantitative_analysis": {',
      '    "performance_metrics": [',
      '      {"type": "accuracy", "value": "0.978", "threshold": "0.5"},',
      '      {"type": "accuracy", "value": "0.993", "slice": "cat"},',
      '      {"type": "accuracy", "value": "n/a", "slice": "Dog"}',
      '    ]',
      '  }',
      '}',
    ].join('\n')
    const s = parseMetricsFile(text, { path: 'model_card.json' })
    expect(brief(s)).toEqual(['accuracy||||0.978|5', 'accuracy||cat||0.993|6', 'accuracy||Dog||undefined|7'])
    expect(s.problems.map((p) => `${p.line} ${p.message}`)).toEqual(['7 metric `accuracy` has value `n/a`, which is not a number: it cannot be checked'])
  })

  it('reports a file that cannot be parsed or is not a mapping', () => {
    const bad = parseMetricsFile('{"accuracy": 0.9,\n "f1": }', { path: 'm.json' })
    expect(bad.records).toEqual([])
    expect(bad.problems).toHaveLength(1)
    expect(bad.problems[0]!.message).toBe("metrics file `m.json` cannot be parsed (Unexpected token '}'): its metrics cannot be checked")
    const late = parseMetricsFile('{\n  "accuracy": 0.9\n  "f1": 0.8\n}', { path: 'm.json' })
    expect(late.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      "3:3 metrics file `m.json` cannot be parsed (Expected ',' or '}' after property value): its metrics cannot be checked",
    ])
    const nan = parseMetricsFile('{"accuracy": NaN, "f1": 0.5}', { path: 'm.json' })
    expect(nan.problems.map((p) => p.message)).toEqual(["metric `accuracy` has value `NaN`, which is not a finite number: it cannot be checked"])
    expect(nan.records.map((r) => `${r.metric} ${r.value}`)).toEqual(["accuracy undefined", "f1 0.5"])
    expect(parseMetricsFile('[1, 2]', { path: 'm.json' }).problems.map((p) => p.message)).toEqual(['metrics file `m.json` must hold a mapping of metric names to numbers'])
  })

  it('parses numbers and percentages', () => {
    expect([metricNumber(0.5), metricNumber('0.5'), metricNumber(' 85.3% '), metricNumber('1e-3'), metricNumber('n/a'), metricNumber(Infinity), metricNumber(true)]).toEqual([
      0.5, 0.5, 0.853, 0.001, undefined, undefined, undefined,
    ])
  })
})

describe('directions', () => {
  it('knows common metrics, compound names and declared ones', () => {
    const names = ['accuracy', 'F1', 'roc_auc', 'rougeL', 'bleu', 'wer', 'CER', 'perplexity', 'mae', 'rmse', 'eval_loss', 'cv_roc_auc', 'pr_auc', 'mean_absolute_error', 'top-5 accuracy', 'exact_match', 'pass@1', 'epoch', 'accuracy_error', 'my_score']
    expect(names.map((n) => `${n}:${directionOf(n) ?? '?'}`)).toEqual([
      'accuracy:higher', 'F1:higher', 'roc_auc:higher', 'rougeL:higher', 'bleu:higher', 'wer:lower', 'CER:lower', 'perplexity:lower', 'mae:lower',
      'rmse:lower', 'eval_loss:lower', 'cv_roc_auc:higher', 'pr_auc:higher', 'mean_absolute_error:lower', 'top-5 accuracy:higher',
      'exact_match:higher', 'pass@1:higher', 'epoch:?', 'accuracy_error:?', 'my_score:?',
    ])
    expect(directionOf('my-score', { my_score: 'lower' })).toBe('lower')
    expect(directionOf('accuracy', { accuracy: 'lower' })).toBe('lower')
  })

  it('knows which metrics are fractions', () => {
    expect([isUnitInterval('accuracy'), isUnitInterval('eval_f1'), isUnitInterval('wer'), isUnitInterval('bleu'), isUnitInterval('perplexity'), isUnitInterval('loss_f1')]).toEqual([true, true, true, false, false, false])
  })
})

describe('dvc.yaml', () => {
  it('lists declared metrics and outputs, repository-relative', () => {
    const p = parseDvcYaml('dvc.yaml', fixture('dvc.yaml'))
    expect(p).toEqual({ metrics: ['results/evaluate/metrics.json'], outputs: ['models/model.pkl', 'results/evaluate'] })
  })

  it('reads stage metrics, artifacts and wdir in a subdirectory, and skips templated paths', () => {
    const text = [
      'artifacts:',
      '  clf:',
      '    path: out/model.pkl',
      '    type: model',
      'stages:',
      '  eval:',
      '    wdir: ..',
      '    metrics:',
      '    - scores.json:',
      '        cache: false',
      '    - ${item}.json',
      '    outs:',
      '    - ../../escape',
    ].join('\n')
    expect(parseDvcYaml('proj/sub/dvc.yaml', text)).toEqual({ metrics: ['proj/scores.json'], outputs: ['proj/sub/out/model.pkl'] })
    expect(parseDvcYaml('dvc.yaml', 'stages: [').problem?.message).toMatch(/^`dvc\.yaml` cannot be parsed/)
  })
})
