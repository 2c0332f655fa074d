import { describe, expect, it } from '@jest/globals'
import { findings, unit } from './helpers.js'

const RULE = 'doc/model-index'

describe('doc/model-index', () => {
  it('accepts a valid model-index', async () => {
    const card = [
      '---',
      'model-index:',
      '- name: Japanese XLSR',
      '  results:',
      '  - task:',
      '      name: Speech Recognition',
      '      type: automatic-speech-recognition',
      '    dataset:',
      '      name: Common Voice ja',
      '      type: common_voice',
      '    metrics:',
      '       - name: Test WER',
      '         type: wer',
      '         value: 70.1869',
      '---',
      '# M',
    ].join('\n')
    expect(await findings(unit(card), RULE)).toEqual([])
  })

  it('reports each problem at its line', async () => {
    const card = [
      '---', // 1
      'model-index:', // 2
      '- name: m', // 3
      '  results:', // 4
      '  - task:', // 5
      '      name: Text Classification', // 6
      '    dataset:', // 7
      '      type: imdb', // 8
      '    metrics:', // 9
      '    - type: accuracy', // 10
      '      value: "93%"', // 11
      '- results: []', // 12
      '---',
      '# M',
    ].join('\n')
    expect(await findings(unit(card), RULE)).toEqual([
      'doc/model-index m/README.md:6:7 `model-index[0].results[0].task.type` is required',
      'doc/model-index m/README.md:8:7 `model-index[0].results[0].dataset.name` is required',
      'doc/model-index m/README.md:11:14 `model-index[0].results[0].metrics[0].value` must be a number: write `value: 93` without quotes or a percent sign',
      'doc/model-index m/README.md:12:3 `model-index[1].name` is required',
    ])
  })

  it('reports a model-index that is not a list, at its key', async () => {
    expect(await findings(unit('---\nlicense: mit\nmodel-index:\n  name: m\n---\n# M\n'), RULE)).toEqual([
      'doc/model-index m/README.md:3:1 `model-index` must be a list of models (`- name: …` with `results`), not a mapping',
    ])
  })
})
