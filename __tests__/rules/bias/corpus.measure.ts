/**
 * Not a test (jest's testMatch is *.test.ts): measures what modelgate says about the real fairness outputs in
 * the shared corpus, which the repository must not depend on. Run:
 *   NODE_OPTIONS=--experimental-vm-modules npx jest --testMatch '<rootDir>/__tests__/rules/bias/corpus.measure.ts'
 * Each file is placed in a high-tier model unit at its original repository path, (a) with the default report
 * names, and (b) with report-names set to the file itself.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'

const DIR = process.env.MODELGATE_CORPUS ?? '/work/shared/corpus/metadata/'

it('measures the fairness corpus', async () => {
  if (!existsSync(DIR)) return
  const files = readdirSync(DIR).filter((f) => f.startsWith('fairness__')).sort()
  const out: string[] = []
  const tally = { files: files.length, foundByDefault: 0, parsed: 0, reduced: 0, invalid: 0, thresholdFindings: 0 }
  for (const f of files) {
    const path = f.split('__').slice(3).join('__').replace(/--/g, '/')
    const base = path.split('/').pop()!
    const content = readFileSync(DIR + f)
    const unit = { 'models/m/model.pkl': 'weights', 'models/m/README.md': '---\nrisk_level: high\n---\n# M\n', [`models/m/${path}`]: content }
    const settings = (names?: string) => `version: 1\nsettings:\n  bias:\n    protected-attributes: [sex]\n    attribute-aliases: { sex_Male: sex, gender: sex }\n${names ? `    report-names: ['**/${names}']\n` : ''}`
    const a = await check({ files: unit, policy: settings() })
    const b = await check({ files: unit, policy: settings(base) })
    const bias = (r: Awaited<ReturnType<typeof check>>) => brief(r).filter((l) => l.startsWith('bias/'))
    const aFound = !bias(a).some((l) => l.startsWith('bias/report-required'))
    if (aFound) tally.foundByDefault++
    const bl = bias(b)
    if (bl.some((l) => l.startsWith('bias/report-invalid'))) tally.invalid++
    else tally.parsed++
    if (bl.some((l) => l.startsWith('bias/reduced-input'))) tally.reduced++
    tally.thresholdFindings += bl.filter((l) => l.startsWith('bias/threshold')).length
    out.push(`### ${f}\n(a) default names: ${aFound ? 'found' : 'not found'}\n${bias(a).map((l) => '  ' + l).join('\n')}\n(b) as a report:\n${bl.map((l) => '  ' + l).join('\n')}\n${b.report.tables ? b.report.tables.map((t) => t.rows.map((r) => '  | ' + r.join(' | ')).join('\n')).join('\n') : ''}`)
  }
  console.log(out.join('\n\n') + '\n\n' + JSON.stringify(tally))
  expect(tally.files).toBeGreaterThan(0)
})
