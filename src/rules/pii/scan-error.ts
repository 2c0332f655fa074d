import { defineUnitRule } from '../../core/rule.js'
import { unitScan } from './shared.js'

export default defineUnitRule({
  id: 'pii/scan-error',
  category: 'pii',
  reach: 'files',
  defaultSeverity: 'warning',
  presets: { strict: 'error' },
  description: 'Every file in scope for the PII scan could be read and scanned.',
  help: `A file that \`settings.pii.include\` puts in scope could not be scanned for personal data: binary content under a text extension,
a broken compressed stream or one that inflates past the budget (\`settings.pii.max-inflated-bytes\`, or
more than 1000:1), a Parquet file that is corrupt or uses a compression codec modelgate cannot decode
(supported: uncompressed, Snappy, GZIP, Brotli, ZSTD), or a read error. The PII rules
did not look inside it, so the gate cannot vouch for it.

How to fix: store the data in a supported form (e.g. Parquet with Snappy), exclude the file from the scan
(\`settings.pii.exclude\`) if it cannot hold personal data, or add an accountable waiver.`,
  regulation: ['EU AI Act Art. 10(5)'],
  examples: { pass: 'CSV, JSON, notebooks and Snappy or GZIP Parquet files', fail: 'an LZ4-compressed Parquet file, or a .csv.gz that inflates 5000:1' },
  async check(ctx) {
    const scan = await unitScan(ctx)
    for (const f of scan.files) {
      if (!f.problem) continue
      ctx.report({ path: f.path, message: `not scanned for personal data: ${f.problem}`, details: { format: f.format, problem: f.problem } })
    }
  },
})
