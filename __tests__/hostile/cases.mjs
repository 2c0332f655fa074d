// Generated hostile inputs (issue #17 item 1), shared by __tests__/hostile and scripts/bench/hostile.mjs.
// Each case is a repository: the hostile unit models/hostile and a plain unit models/ok (no card), whose
// finding shows that the run went on past the hostile one.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** A valid, empty safetensors file: an 8-byte header length, then `{}` padded with spaces. */
export function safetensors() {
  const json = Buffer.from('{}      ')
  const len = Buffer.alloc(8)
  len.writeBigUInt64LE(BigInt(json.length))
  return Buffer.concat([len, json])
}

const CARD_HEAD = '---\nlicense: mit\n---\n# Model\n\n'

function nestedBlock(depth) {
  let s = ''
  for (let i = 0; i < depth; i++) s += ' '.repeat(i) + 'a:\n'
  return s + ' '.repeat(depth) + 'b: 1\n'
}

/**
 * name → files of models/hostile (and other repository files); `rule` is the finding expected there, whose
 * message names modelgate's limit (or says `expect`, for inputs read in linear time anyway).
 */
export const CASES = [
  { name: 'card-star', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + '*a'.repeat(100_000) } },
  { name: 'card-bracket', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + '['.repeat(2_000_000) } },
  { name: 'card-underscore', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + '_a'.repeat(100_000) } },
  { name: 'card-quotes', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + '>'.repeat(100_000) + ' a\n' } },
  { name: 'card-quote-lines', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + Array.from({ length: 1000 }, (_, i) => '>'.repeat(i + 1) + ' a').join('\n') + '\n' } },
  { name: 'card-lists', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + '- '.repeat(100_000) + 'a\n' } },
  { name: 'card-list-lines', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + Array.from({ length: 1000 }, (_, i) => '  '.repeat(i) + '- a').join('\n') + '\n' } },
  { name: 'card-links', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + '[a]('.repeat(100_000) } },
  { name: 'card-html-comment', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + '<!--\n' + 'a *b* [c] `d`\n'.repeat(140_000) } },
  { name: 'card-open-fence', rule: 'doc/card-unreadable', files: { 'models/hostile/README.md': CARD_HEAD + '```\n' + '*a [b\n'.repeat(300_000) } },
  // Not hostile: a 2 MB embedded image and a 20,000-row HTML table are parsed, quickly, with no budget finding.
  { name: 'card-image-line', rule: 'doc/required-sections', legit: true, files: { 'models/hostile/README.md': CARD_HEAD + '![plot](data:image/png;base64,' + 'iVBORw0KGgo+/'.repeat(150_000) + ')\n' } },
  {
    name: 'card-html-table',
    rule: 'doc/required-sections',
    legit: true,
    files: { 'models/hostile/README.md': CARD_HEAD + '<table>\n' + '<tr><td>*a*</td><td>[b]</td><td>0.91</td></tr>\n'.repeat(20_000) + '</table>\n' },
  },
  {
    name: 'front-matter-keys',
    rule: 'doc/front-matter-invalid',
    files: { 'models/hostile/README.md': '---\n' + Array.from({ length: 60_000 }, (_, i) => `key${i}: ${i}`).join('\n') + '\n---\n# Model\n' },
  },
  { name: 'front-matter-deep', rule: 'doc/front-matter-invalid', files: { 'models/hostile/README.md': '---\nlicense: ' + '['.repeat(100_000) + '\n---\n# Model\n' } },
  { name: 'bias-yaml-flow', rule: 'bias/report-invalid', files: { 'models/hostile/bias_report.yaml': 'attributes: ' + '['.repeat(200_000) + ']'.repeat(200_000) + '\n' } },
  { name: 'bias-yaml-block', rule: 'bias/report-invalid', files: { 'models/hostile/bias_report.yaml': nestedBlock(1500) } },
  { name: 'bias-json-deep', rule: 'bias/report-invalid', files: { 'models/hostile/bias_report.json': '{"attributes": ' + '['.repeat(500_000) + ']'.repeat(500_000) + '}' } },
  { name: 'bias-csv-quote', rule: 'bias/report-invalid', expect: 'unterminated quoted field', files: { 'models/hostile/fairness_report.csv': 'attribute,group,n\n"' + 'a,'.repeat(1_500_000) + '\n' } },
  { name: 'bias-csv-columns', rule: 'bias/report-invalid', expect: 'needs at least two groups', files: { 'models/hostile/fairness_report.csv': Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',') + '\n' + '1,'.repeat(99_999) + '1\n' } },
  {
    name: 'metrics-deep',
    rule: 'eval/metrics-unreadable',
    policy: 'version: 1\nextends: recommended\nsettings:\n  evaluation:\n    metrics-files: [metrics.json]\n',
    files: { 'models/hostile/metrics.json': '{"a": ' + '['.repeat(300_000) + ']'.repeat(300_000) + '}' },
  },
]

/** Writes a case as a repository under `dir`. */
export function writeCase(dir, c) {
  const files = {
    'models/hostile/model.safetensors': safetensors(),
    'models/ok/model.safetensors': safetensors(),
    ...(c.policy ? { '.github/modelgate.yml': c.policy } : {}),
    ...c.files,
  }
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true })
    writeFileSync(join(dir, p), content)
  }
}
