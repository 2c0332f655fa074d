import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parseBiasReport, type BiasParse, type ParsedBiasReport } from '../../../src/formats/bias/parse.js'
import { parseCsv } from '../../../src/formats/bias/csv.js'

const fixture = (n: string) => readFileSync(new URL(`../../fixtures/bias/${n}`, import.meta.url), 'utf8')

function okReport(r: BiasParse): ParsedBiasReport {
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.report
}
function problems(r: BiasParse): string[] {
  if (r.ok) throw new Error('expected problems')
  return r.problems.map((p) => `${p.line}:${p.column} ${p.message}`)
}

const SHA = 'c0ab742f68a24ef362b5529351eb13561e746b70a0f815efe7b64b570b477851'
const head = `version: 1
model:
  name: m
  version: "1"
  weights:
    - path: model.pt
      sha256: ${SHA}
dataset: { name: d, split: test, revision: r1 }
date: 2026-11-20
author: team
`

describe('modelgate bias reports', () => {
  it('normalizes a YAML report with positions of groups, n, stated values and hashes', () => {
    const r = okReport(parseBiasReport('bias_report.yaml', fixture('pass.yaml')))
    expect(r.kind).toBe('modelgate')
    expect(r.task).toBe('classification')
    expect(r.model).toEqual({ name: 'credit-scorer', version: '2.1.0' })
    expect(r.weights).toEqual([{ path: 'model.safetensors', sha256: SHA, at: { line: 8, column: 15 } }])
    const sex = r.attributes[0]!
    expect(sex).toMatchObject({ name: 'sex', at: { line: 16, column: 3 }, privileged: 'male' })
    expect(sex.groups.map((g) => [g.name, g.at.line, g.n, g.counts])).toEqual([
      ['female', 19, 100, { tp: 40, fp: 10, tn: 40, fn: 10 }],
      ['male', 20, 100, { tp: 44, fp: 11, tn: 34, fn: 11 }],
    ])
    expect(sex.stated).toEqual([
      { metric: 'demographic_parity_ratio', value: 0.9091, at: { line: 22, column: 33 } },
      { metric: 'equalized_odds_difference', value: 0.0444, at: { line: 23, column: 34 } },
    ])
    const age = r.attributes[1]!
    expect(age.groups[0]).toMatchObject({ name: 'under_40', nAt: { line: 27, column: 12 }, stated: [{ metric: 'selection_rate', value: 0.5, at: { line: 33, column: 27 } }, { metric: 'tpr', value: 0.8, at: { line: 34, column: 16 } }] })
  })

  it('reads the same format as JSON, and numeric group names as strings', () => {
    const json = JSON.stringify(
      { version: 1, model: { name: 'm', version: 2, weights: [{ path: 'w.onnx', sha256: SHA }] }, dataset: { name: 'd', split: 'test', revision: 'r' }, date: '2026-01-02', author: 'a', attributes: { sex: { privileged: 1, groups: { '0': { n: 10, tp: 1, fp: 2, tn: 3, fn: 4 }, '1': { n: 10, tp: 4, fp: 3, tn: 2, fn: 1 } } } } },
      null,
      2,
    )
    const r = okReport(parseBiasReport('bias_report.json', json))
    expect(r.model?.version).toBe('2')
    expect(r.attributes[0]!.privileged).toBe('1')
    expect(r.attributes[0]!.groups.map((g) => g.name)).toEqual(['0', '1'])
  })

  it('reports each schema problem at the line of the bad field', () => {
    const text = `${head}attributes:
  sex:
    privileged: other
    group:
      female: { n: 100, tp: 40, fp: 10, tn: 40, fn: 10 }
  race:
    groups:
      a: { n: 50, tp: -1, fp: 10, tn: 20, fn: 10 }
      b: { n: 50, tp: 10, fp: 10, tn: 20 }
      c: { n: 2.5, tp: 1, fp: 0, tn: 1, fn: 0 }
`
    expect(problems(parseBiasReport('bias_report.yaml', text))).toEqual([
      '12:3 `attributes.sex`: missing required key `groups`',
      '14:5 unknown key "group" in `attributes.sex` (did you mean "groups"?)',
      '18:23 `attributes.race.groups.a.tp`: Too small: expected number to be >=0',
      '19:10 `attributes.race.groups.b`: confusion counts come as a set: add `fn` (or remove `tp`, `fp`, `tn`)',
      '20:15 `attributes.race.groups.c.n`: Invalid input: expected int, received number',
    ])
  })

  it('checks the weights hashes, the privileged group, the date and classification counts', () => {
    const text = `version: 1
model:
  name: m
  version: "1"
  weights:
    - path: model.pt
      sha256: ABC
dataset: { name: d, split: test }
date: 20 Nov 2026
author: team
attributes:
  sex:
    privileged: other
    groups:
      female: { n: 100, metrics: { selection_rate: 0.4 } }
      male: { n: 100, tp: 1, fp: 1, tn: 1, fn: 97 }
`
    expect(problems(parseBiasReport('bias_report.yaml', text))).toEqual([
      '7:15 `model.weights.0.sha256`: expected 64 lowercase hex digits',
      '8:1 `dataset`: missing required key `revision`',
      '9:7 `date`: expected a date as YYYY-MM-DD (or an ISO 8601 date-time)',
      '13:17 `attributes.sex.privileged`: the privileged group `other` is not one of the groups (`female`, `male`)',
    ])
    // Checks across the whole report run once the fields themselves are valid.
    const fixed = text.replace('ABC', SHA).replace('split: test }', 'split: test, revision: r }').replace('20 Nov 2026', '2026-11-20').replace('other', 'male')
    expect(problems(parseBiasReport('bias_report.yaml', fixed))).toEqual([
      '15:15 `attributes.sex.groups.female`: a classification report needs confusion counts `tp`, `fp`, `tn`, `fn` for every group (for other models set `task: regression` or `other` and give per-group `metrics`)',
    ])
    expect(problems(parseBiasReport('bias_report.yaml', fixed.replace('version: 1\n', '')))).toEqual(['1:1 missing required key `version`'])
  })

  it('accepts per-group metrics without counts for other tasks', () => {
    const text = `${head}task: regression
attributes:
  age_band:
    groups:
      young: { n: 40, metrics: { mae: 2.1 } }
      old: { n: 45, metrics: { mae: 2.6 } }
    metrics: { mae_difference: 0.5 }
`
    const r = okReport(parseBiasReport('bias_report.yml', text))
    expect(r.task).toBe('regression')
    expect(r.attributes[0]!.groups[0]!.counts).toBeUndefined()
  })

  it('says a group name must not be empty', () => {
    const text = fixture('pass.yaml').replace('      female:', '      "":')
    expect(problems(parseBiasReport('bias_report.yaml', text))).toEqual(['19:7 `attributes.sex.groups`: a name must be a non-empty string (found "")'])
  })

  it('reports YAML and JSON syntax errors with positions, and an empty file', () => {
    expect(problems(parseBiasReport('bias_report.yaml', 'version: 1\nmodel: [\n'))[0]).toMatch(/^3:1 invalid YAML: /)
    expect(problems(parseBiasReport('bias_report.json', '{\n  "version": 1,\n  "model": }\n'))).toEqual(['3:12 invalid JSON: expected a value, found `}`'])
    expect(problems(parseBiasReport('bias_report.json', '{"version": 1,\n "model": {"name": \'m\'}}'))).toEqual(['2:20 invalid JSON: expected a value, found `\'`'])
    expect(problems(parseBiasReport('bias_report.json', '{"version": 1,}'))).toEqual(['1:15 invalid JSON: expected a property name in double quotes, found `}`'])
    expect(problems(parseBiasReport('bias_report.json', '{"version": 1'))).toEqual(['1:14 invalid JSON: expected `,` or `}`, found end of file'])
    expect(problems(parseBiasReport('bias_report.json', '{"a": "x\ty", "b": [1, 2,]}'))).toEqual(['1:9 invalid JSON: control character in a string'])
    expect(problems(parseBiasReport('bias_report.json', '{"a": 1} 2'))).toEqual(['1:10 invalid JSON: unexpected `2` after the end of the document'])
    expect(problems(parseBiasReport('bias_report.yaml', ''))).toEqual(['1:1 the report is empty'])
    expect(problems(parseBiasReport('bias_report.yaml', 'version: 1\nversion: 2\n'))[0]).toMatch(/^2:1 invalid YAML: Map keys must be unique/)
  })

  it('refuses formats it cannot read numbers from, saying which', () => {
    expect(problems(parseBiasReport('reports/fairness_report.md', '# Fairness'))).toEqual([
      '1:1 unsupported report format: modelgate cannot read numbers from `.md` files; write the report as JSON or YAML in the modelgate format (docs/bias-report.md), or export a Fairlearn MetricFrame.by_group CSV',
    ])
  })
})

describe('reduced inputs', () => {
  it('reads a Fairlearn by_group CSV: the index column names the attribute, `count` gives n', () => {
    const csv = 'sex,selection_rate,true_positive_rate,false_positive_rate,count\nFemale,0.081,0.515,0.028,400\nMale,0.241,0.577,0.094,600\n'
    const r = okReport(parseBiasReport('fairness_by_group.csv', csv))
    expect(r.kind).toBe('fairlearn-csv')
    expect(r.weights).toEqual([])
    expect(r.attributes).toHaveLength(1)
    const a = r.attributes[0]!
    expect(a.name).toBe('sex')
    expect(a.groups.map((g) => [g.name, g.at.line, g.n, g.stated.map((s) => `${s.metric}=${s.value}@${s.at.line}:${s.at.column}`)])).toEqual([
      ['Female', 2, 400, ['selection_rate=0.081@2:8', 'true_positive_rate=0.515@2:14', 'false_positive_rate=0.028@2:20']],
      ['Male', 3, 600, ['selection_rate=0.241@3:6', 'true_positive_rate=0.577@3:12', 'false_positive_rate=0.094@3:18']],
    ])
  })

  it('reads intersectional (multi-index) exports and empty cells as missing', () => {
    const csv = 'sex,race,selection_rate,tpr\nF,A,0.2,\nF,B,0.3,0.5\n"M",A,0.4,0.6\n'
    const a = okReport(parseBiasReport('fairness_by_group.csv', csv)).attributes[0]!
    expect(a.name).toBe('sex & race')
    expect(a.groups.map((g) => [g.name, g.stated.length])).toEqual([['F & A', 1], ['F & B', 2], ['M & A', 2]])
  })

  it('reads a long per-group CSV with counts', () => {
    const csv = 'attribute,group,tp,fp,tn,fn\nsex,f,1,2,3,4\nsex,m,4,3,2,1\nage,young,5,5,5,5\nage,old,6,6,6,6\n'
    const r = okReport(parseBiasReport('fairness_report.csv', csv))
    expect(r.kind).toBe('counts-csv')
    expect(r.attributes.map((a) => [a.name, a.groups.map((g) => [g.name, g.n, g.counts])])).toEqual([
      ['sex', [['f', 10, { tp: 1, fp: 2, tn: 3, fn: 4 }], ['m', 10, { tp: 4, fp: 3, tn: 2, fn: 1 }]]],
      ['age', [['young', 20, { tp: 5, fp: 5, tn: 5, fn: 5 }], ['old', 24, { tp: 6, fp: 6, tn: 6, fn: 6 }]]],
    ])
  })

  it('reports CSV problems at the cell', () => {
    expect(problems(parseBiasReport('f.csv', 'sex,selection_rate\nF,0.2\nM,high\n'))).toEqual(['3:3 column `selection_rate` expects a number'])
    expect(problems(parseBiasReport('f.csv', 'sex,selection_rate\nF,0.2,1\nM,0.3\n'))).toEqual(['2:1 expected 2 columns as in the header, found 3'])
    expect(problems(parseBiasReport('f.csv', 'sex_Male,count\n'))).toEqual(['1:1 the CSV has a header but no group rows'])
    expect(problems(parseBiasReport('f.csv', 'sex,selection_rate\nF,0.2\n'))).toEqual(['2:1 attribute `sex` needs at least two groups to compare (found 1)'])
    expect(problems(parseBiasReport('f.csv', ',value\nselection_rate,0.18\ntpr,0.56\n'))).toEqual([
      '1:1 this looks like a Fairlearn MetricFrame.overall export (one row per metric, no groups): export `MetricFrame.by_group` instead (`mf.by_group.to_csv(path)`)',
    ])
    expect(problems(parseBiasReport('f.csv', 'sex,selection_rate\n"F,0.2\n'))).toEqual(['2:1 invalid CSV: unterminated quoted field'])
    expect(problems(parseBiasReport('f.csv', 'sex,tp,fp,tn,fn,count\nF,1,2,3,4,10\nM,-1,2,3.5,4,9.5\n'))).toEqual([
      '3:3 group `M`: `tp` must be a whole number ≥ 0 (found -1)',
      '3:8 group `M`: `tn` must be a whole number ≥ 0 (found 3.5)',
      '3:14 group `M`: `count` must be a whole number ≥ 0 (found 9.5)',
    ])
  })

  it('reads Fairlearn JSON exports in the records, table, columns and index orientations', () => {
    const records = '[{"sex":"F","selection_rate":0.2,"count":40},{"sex":"M","selection_rate":0.3,"count":50}]'
    const table = '{"schema":{"fields":[{"name":"sex"},{"name":"selection_rate"}],"primaryKey":["sex"]},"data":[{"sex":"F","selection_rate":0.2},{"sex":"M","selection_rate":0.3}]}'
    const columns = '{"selection_rate":{"F":0.2,"M":0.3},"tpr":{"F":0.5,"M":0.6}}'
    const index = '{"F":{"selection_rate":0.2},"M":{"selection_rate":0.3}}'
    const shape = (t: string) => {
      const r = okReport(parseBiasReport('fairness_by_group.json', t))
      return [r.kind, r.attributes[0]!.name, r.attributes[0]!.groups.map((g) => `${g.name}:${g.stated.map((s) => s.value).join('/')}${g.n !== undefined ? `:n=${g.n}` : ''}`)]
    }
    expect(shape(records)).toEqual(['fairlearn-json', 'sex', ['F:0.2:n=40', 'M:0.3:n=50']])
    expect(shape(table)).toEqual(['fairlearn-json', 'sex', ['F:0.2', 'M:0.3']])
    expect(shape(columns)).toEqual(['fairlearn-json', '(unnamed)', ['F:0.2/0.5', 'M:0.3/0.6']])
    expect(shape(index)).toEqual(['fairlearn-json', '(unnamed)', ['F:0.2', 'M:0.3']])
  })

  it('reads attribute → group → metric mappings and lists what it ignored', () => {
    const text = `{
  "threshold_used": 0.55,
  "overall": { "n": 100, "positive_rate": 0.1 },
  "race": {
    "A": { "n": 60, "positive_rate": 0.12, "fnr": 0.5 },
    "B": { "n": 40, "positive_rate": 0.08, "fnr": 0.4 }
  },
  "gaps": { "race": { "fpr": { "min": 0.1, "max": 0.2 } } }
}`
    const r = okReport(parseBiasReport('fairness_report.json', text))
    expect(r.kind).toBe('by-attribute')
    expect(r.ignored).toEqual(['threshold_used', 'overall', 'gaps'])
    expect(r.attributes[0]!.groups.map((g) => [g.name, g.at.line, g.n, g.nAt?.line])).toEqual([
      ['A', 5, 60, 5],
      ['B', 6, 40, 6],
    ])
  })

  it('reads `<metric>_by_<attribute>` mappings of known metrics', () => {
    const text = '{\n  "selection_rate_by_sex": {"0": 0.78, "1": 0.56},\n  "tpr_by_sex": {"0": 0.9, "1": 0.8},\n  "dp_diff_sex": 0.22,\n  "selection_rate_by_age": {"<=40": 1.0, "41-55": 0.68}\n}'
    const r = okReport(parseBiasReport('fairness_summary.json', text))
    expect(r.kind).toBe('by-metric')
    expect(r.ignored).toEqual(['dp_diff_sex'])
    expect(r.attributes.map((a) => [a.name, a.at.line, a.groups.map((g) => `${g.name}@${g.at.line}:${g.stated.map((x) => `${x.metric}=${x.value}`).join(',')}`)])).toEqual([
      ['sex', 2, ['0@2:selection_rate=0.78,tpr=0.9', '1@2:selection_rate=0.56,tpr=0.8']],
      ['age', 5, ['<=40@5:selection_rate=1', '41-55@5:selection_rate=0.68']],
    ])
  })

  it('explains files it does not recognize', () => {
    expect(problems(parseBiasReport('fairness_report.json', '{"disparate_impact": 0.36, "statistical_parity_difference": -0.19, "privileged_group": "Male"}'))).toEqual([
      "1:1 not a modelgate bias report (no `version: 1` and `attributes`) nor a recognized per-group export: it holds only aggregate metrics (`disparate_impact`, `statistical_parity_difference`) without per-group values or counts, so modelgate cannot recompute, threshold-check or bind them (note: AIF360's signed differences are unprivileged − privileged, modelgate's are max − min); write the per-group confusion counts in the modelgate format (docs/bias-report.md; `modelgate bias-report --from counts.csv` writes one)",
    ])
    expect(problems(parseBiasReport('fairness_report.json', '{"auc_by_sex": {"0": 0.78, "1": 0.56}, "dp_diff_sex": 0.22}'))).toEqual([
      '1:1 not a modelgate bias report (no `version: 1` and `attributes`) nor a recognized per-group export: it holds per-group values under keys like `auc_by_sex`, but none of a metric modelgate knows (selection_rate, tpr, fpr, precision, …); write the per-group confusion counts in the modelgate format (docs/bias-report.md; `modelgate bias-report --from counts.csv` writes one)',
    ])
    expect(problems(parseBiasReport('fairness_report.yaml', 'owner: me\nscore: 3\n'))).toEqual([
      '1:1 not a modelgate bias report (no `version: 1` and `attributes`) nor a recognized per-group export; top-level keys: `owner`, `score`; write the per-group confusion counts in the modelgate format (docs/bias-report.md; `modelgate bias-report --from counts.csv` writes one)',
    ])
  })
})

describe('parseCsv', () => {
  it('keeps cell positions across quotes, doubled quotes, CRLF and quoted newlines', () => {
    const r = parseCsv('\ufeffa,"b ""x""",c\r\n"multi\nline",2,3\r\n\r\nlast,,"q"')
    expect(r.errors).toEqual([])
    expect(r.rows.map((row) => row.cells.map((c) => `${c.value}@${c.line}:${c.column}`))).toEqual([
      ['a@1:1', 'b "x"@1:3', 'c@1:13'],
      ['multi\nline@2:1', '2@3:7', '3@3:9'],
      ['last@5:1', '@5:6', 'q@5:7'],
    ])
    expect(parseCsv('"a"b,c').errors).toEqual([{ line: 1, column: 4, message: 'unexpected text after a closing quote' }])
  })
})

describe('reduced inputs as people name their columns', () => {
  // Two groups computed by hand from counts:
  //        tp  fp  tn  fn   n   selection  tpr     fpr     precision  prevalence
  //   A    20   5  60  15  100  0.25       0.5714  0.0769  0.8        0.35
  //   B    30  20  40  10  100  0.5        0.75    0.3333  0.6        0.4
  const report = (a: number, b: number) =>
    `{"sex": {"A": {"n": 100, "positive_rate": ${a}, "tpr": 0.5714, "fpr": 0.0769, "precision": 0.8}, "B": {"n": 100, "positive_rate": ${b}, "tpr": 0.75, "fpr": 0.3333, "precision": 0.6}}}`
  const as = (r: ParsedBiasReport) => r.attributes[0]!.groups.map((g) => g.stated.find((x) => x.metric === 'positive_rate')?.as)

  it('reads `positive_rate` as the selection rate only when the other rates agree with that reading', () => {
    const sel = okReport(parseBiasReport('fairness_report.json', report(0.25, 0.5)))
    expect(as(sel)).toEqual(['selection_rate', 'selection_rate'])
    expect(sel.notes).toEqual(['`positive_rate` of `sex` is read as the selection rate (the rate of positive predictions): it agrees with the tpr, fpr and precision stated'])
    const prev = okReport(parseBiasReport('fairness_report.json', report(0.35, 0.4)))
    expect(as(prev)).toEqual([undefined, undefined])
    expect(prev.notes).toEqual([
      '`positive_rate` of `sex` is the rate of positive labels, not of predictions (only that reading agrees with the tpr, fpr and precision stated), so it gives no selection rate',
    ])
    // Without precision the two readings cannot be told apart: left unread.
    const unsure = okReport(parseBiasReport('r.json', '{"sex": {"A": {"positive_rate": 0.25, "tpr": 0.57, "fpr": 0.08}, "B": {"positive_rate": 0.5, "tpr": 0.75, "fpr": 0.33}}}'))
    expect([as(unsure), unsure.notes]).toEqual([[undefined, undefined], undefined])
  })

  it('reads a per-group positive rate alone (`group_positive_rate`) as the selection rate', () => {
    const r = okReport(parseBiasReport('r.json', '{"sex": {"A": {"group_positive_rate": 0.25}, "B": {"group_positive_rate": 0.5}}}'))
    expect(as({ ...r, attributes: r.attributes.map((a) => ({ ...a, groups: a.groups.map((g) => ({ ...g, stated: g.stated.map((x) => ({ ...x, metric: 'positive_rate' })) })) })) })).toEqual(['selection_rate', 'selection_rate'])
  })

  it('reads decorated metric names and AIF360 counts', () => {
    const csv = 'race,num_instances,num_true_positives,num_false_positives,num_true_negatives,num_false_negatives,recall_at_thr,positive_rate@0.5\nA,100,20,5,60,15,0.5714,0.25\nB,100,30,20,40,10,0.75,0.5\n'
    const r = okReport(parseBiasReport('by_group.csv', csv))
    expect(r.attributes.map((a) => [a.name, a.groups.map((g) => [g.name, g.n, g.counts, g.stated.map((x) => x.metric)])])).toEqual([
      [
        'race',
        [
          ['A', 100, { tp: 20, fp: 5, tn: 60, fn: 15 }, ['recall_at_thr', 'positive_rate@0.5']],
          ['B', 100, { tp: 30, fp: 20, tn: 40, fn: 10 }, ['recall_at_thr', 'positive_rate@0.5']],
        ],
      ],
    ])
  })
})
