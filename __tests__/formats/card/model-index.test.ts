import { describe, expect, it } from '@jest/globals'
import { checkModelIndex } from '../../../src/formats/card/model-index.js'

describe('model-index structure', () => {
  it('accepts the spec example and an empty results list', () => {
    expect(
      checkModelIndex([
        {
          name: 'm',
          results: [{ task: { type: 'asr' }, dataset: { type: 'common_voice', name: 'CV' }, metrics: [{ type: 'wer', value: 20.9 }] }],
        },
      ]),
    ).toEqual([])
    expect(checkModelIndex([{ name: 'm', results: [] }])).toEqual([])
  })

  it('reports every missing or mistyped field with its path', () => {
    const problems = checkModelIndex([
      { results: [{ task: { name: 'ASR' }, dataset: { type: 'cv' }, metrics: [{ type: 'wer', value: '12%' }, { value: 3 }, 'x'] }] },
      { name: 'n', results: { a: 1 } },
      'bare',
    ])
    expect(problems).toEqual([
      { path: ['model-index', 0], message: '`model-index[0].name` is required' },
      { path: ['model-index', 0, 'results', 0, 'task'], message: '`model-index[0].results[0].task.type` is required' },
      { path: ['model-index', 0, 'results', 0, 'dataset'], message: '`model-index[0].results[0].dataset.name` is required' },
      {
        path: ['model-index', 0, 'results', 0, 'metrics', 0, 'value'],
        message: '`model-index[0].results[0].metrics[0].value` must be a number: write `value: 12` without quotes or a percent sign',
      },
      { path: ['model-index', 0, 'results', 0, 'metrics', 1], message: '`model-index[0].results[0].metrics[1].type` is required' },
      { path: ['model-index', 0, 'results', 0, 'metrics', 2], message: '`model-index[0].results[0].metrics[2]` must be a mapping with `type` and `value`, not a string' },
      { path: ['model-index', 1, 'results'], message: '`model-index[1].results` must be a list, not a mapping' },
      { path: ['model-index', 2], message: '`model-index[2]` must be a mapping with `name` and `results`, not a string' },
    ])
  })

  it('requires a list at the top', () => {
    expect(checkModelIndex({ name: 'm' })).toEqual([
      { path: ['model-index'], message: '`model-index` must be a list of models (`- name: …` with `results`), not a mapping' },
    ])
  })
})
