import { defineUnitRule } from '../../core/rule.js'
import { unitScan } from './shared.js'

const pct = (x: number) => (x >= 0.995 ? '100%' : x < 0.005 ? '<1%' : `${Math.round(x * 100)}%`)

export default defineUnitRule({
  id: 'pii/unscanned-data',
  category: 'pii',
  defaultSeverity: 'notice',
  presets: { strict: 'warning' },
  description: 'Data files in scope are read whole, or reviewers are told what was not read.',
  help: `Some data cannot be scanned for personal data, or was not read whole, and reviewers should know:

- a format modelgate recognises but does not read: SQLite databases, Excel and OpenDocument workbooks;
- a file larger than \`settings.pii.max-bytes\` (unset by default: every file is read whole), read in a
  sample: the finding says what share of the file was not read.

This is a notice under \`recommended\` and a warning under \`strict\`: the data is not known to hold personal
data, it was just not (fully) looked at. Files that could not be read at all (binary content under a text
name, a corrupt or unsupported Parquet file, a broken archive) are \`pii/scan-error\`.

How to fix: export the data to CSV, JSON lines or Parquet for the scan; raise or unset \`max-bytes\`; or
exclude the file (\`settings.pii.exclude\`) when it cannot hold personal data.`,
  regulation: ['EU AI Act Art. 10(5)'],
  examples: { pass: 'CSV, JSON lines, Parquet and notebooks, read whole', fail: 'a customers.sqlite database or a survey.xlsx workbook in a model unit' },
  async check(ctx) {
    const scan = await unitScan(ctx)
    for (const f of scan.files) {
      if (f.unscanned) {
        ctx.report({ path: f.path, message: `not scanned for personal data: the file is ${f.unscanned}, which modelgate does not read`, details: { format: f.format, unscanned: f.unscanned } })
      } else if (f.sampled) {
        const s = f.sampled
        const unread = s.totalRows !== undefined && s.rowsScanned !== undefined && s.totalRows > 0 ? 1 - s.rowsScanned / s.totalRows : 1 - s.scannedBytes / s.totalBytes
        const what = s.totalRows !== undefined && s.rowsScanned !== undefined ? `${s.totalRows - s.rowsScanned} of ${s.totalRows} rows` : `${s.totalBytes - s.scannedBytes} of ${s.totalBytes} bytes`
        ctx.report({
          path: f.path,
          message: `sampled: ${pct(unread)} of the file was not read (${what}; the file is over settings.pii.max-bytes)`,
          details: { format: f.format, sampled: { ...s }, unreadShare: Math.round(unread * 1000) / 1000 },
        })
      }
    }
  },
})
