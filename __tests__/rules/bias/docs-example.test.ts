/** The full example of docs/bias-report.md gives the finding and the table the page shows. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'

const doc = readFileSync(new URL('../../../docs/bias-report.md', import.meta.url), 'utf8')
const example = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('attributes:'))!

describe('docs/bias-report.md example', () => {
  it('fails equalized odds for age_band, as the page says', async () => {
    const r = await check({ files: { 'models/credit/model.safetensors': 'w', 'models/credit/bias_report.yaml': example }, only: ['bias/threshold', 'bias/inconsistent', 'bias/report-invalid'] })
    const finding = brief(r)
    expect(finding).toEqual([
      'bias/threshold models/credit/bias_report.yaml:88 `age_band`: equalized odds difference 0.2338 is above the maximum 0.1 — group `65+` has true positive rate 0.5194 vs 0.7531 for `18-39` (recomputed from the confusion counts; threshold source: modelgate recommended default)',
    ])
    const shown = doc.replace(/\n\s+/g, ' ')
    expect(shown).toContain('bias/threshold (error) models/credit/bias_report.yaml:88 `age_band`: equalized odds difference 0.2338 is above the maximum 0.1 — group `65+` has true positive rate 0.5194 vs 0.7531 for `18-39` (recomputed from the confusion counts; threshold source: modelgate recommended default)')
    for (const row of r.report.tables![0]!.rows) expect(doc).toContain(`| ${row.join(' | ')} |`)
  })
})
