import { describe, expect, it } from '@jest/globals'
import {
  COMMENT_MAX_CHARS,
  COMMENT_MAX_FINDINGS,
  commentMarker,
  hasMarker,
  renderComment,
  renderCommentFallback,
  renderCommentMessage,
  reproduceCommand,
  shouldWriteComment,
} from '../../src/reporters/comment.js'
import { finding, report } from './fixtures.js'

const HEAD = '0123456789abcdef0123456789abcdef01234567'
const links = { serverUrl: 'https://github.com', repository: 'acme/models', sha: HEAD }
const RUN = 'https://github.com/acme/models/actions/runs/42'
const MARKER = '<!-- modelgate:sticky-comment name="modelgate" -->'

describe('marker', () => {
  it('is hidden, per check name, and cannot be closed early by the name', () => {
    expect(commentMarker()).toBe(MARKER)
    expect(commentMarker('models (prod)')).toBe('<!-- modelgate:sticky-comment name="models (prod)" -->')
    expect(commentMarker('x --> <b>"')).toBe('<!-- modelgate:sticky-comment name="x --_ _b__" -->')
  })

  it('counts only at the start of a body', () => {
    expect(hasMarker(`${MARKER}\n## modelgate`, MARKER)).toBe(true)
    expect(hasMarker(`\n  ${MARKER}\nx`, MARKER)).toBe(true)
    expect(hasMarker(`I quote it: ${MARKER}`, MARKER)).toBe(false)
    expect(hasMarker(commentMarker('other'), MARKER)).toBe(false)
    expect(hasMarker(undefined, MARKER)).toBe(false)
  })
})

describe('shouldWriteComment', () => {
  const dirty = report({ conclusion: 'failure', findings: [finding()] })
  const clean = report()
  const waivedOnly = report({ findings: [finding({ waived: { index: 0, reason: 'r', approvedBy: 'x', expires: '2030-01-01' } })] })
  it('on-findings: creates only with findings, but always updates an existing comment', () => {
    expect(shouldWriteComment('on-findings', dirty, false)).toBe(true)
    expect(shouldWriteComment('on-findings', clean, false)).toBe(false)
    expect(shouldWriteComment('on-findings', waivedOnly, false)).toBe(false)
    expect(shouldWriteComment('on-findings', clean, true)).toBe(true)
  })
  it('always and never', () => {
    expect(shouldWriteComment('always', clean, false)).toBe(true)
    expect(shouldWriteComment('never', dirty, true)).toBe(false)
  })
})

describe('renderComment', () => {
  const sample = () =>
    report({
      conclusion: 'failure',
      run: { event: 'pull_request', baseSha: 'b'.repeat(40), headSha: HEAD },
      models: [{ path: 'models/a', changed: true, files: [], status: 'modified' }],
      findings: [
        finding({ model: 'models/a', line: 12, message: 'card lacks `intended use`' }),
        finding({ model: 'models/a', path: 'models/a/<img src=x onerror=alert(1)>|.csv', severity: 'warning', line: 2, message: 'see [here](javascript:alert(1)) **now**' }),
        finding({ model: 'models/a', path: 'models/a/data.csv', severity: 'notice', message: 'waived one', waived: { index: 2, reason: 'legacy <data>', approvedBy: 'risk@acme', expires: '2030-01-01' } }),
      ],
      tables: [{ id: 'fairness', title: 'Fairness', model: 'models/a', columns: ['group', 'TPR'], rows: [['women|x', '0.81']] }],
    })

  it('is compact: the marker, verdict, linked blocking findings, one line of counts, waivers and the reproduce command', () => {
    const body = renderComment(sample(), { links, runUrl: RUN, reproduce: 'npx modelgate check --base bbb', version: '1.2.3' })
    expect(body.startsWith(`${MARKER}\n## modelgate\n\n❌ **Gate failed** (fail-on: \`error\`): 1 error, 1 warning, 0 notices, 1 waived in 1 model`)).toBe(true)
    expect(body).not.toContain('| `models/a` |')
    expect(body).toContain('### 1 blocking finding\n\n')
    expect(body).toContain(`- 🔴 [models/a/model.pt:12](https://github.com/acme/models/blob/${HEAD}/models/a/model.pt#L12) card lacks \`intended use\` (\`doc/model-card-required\`)`)
    // Non-blocking findings and tables are counted and linked, not listed.
    expect(body).not.toContain('Fairness')
    expect(body).not.toContain('javascript')
    expect(body).toContain(`Also 1 warning, 1 waived: see [the run summary](${RUN}).`)
    expect(body).toContain('<details><summary>Waivers applied (1)</summary>')
    expect(body).toContain('- waiver 3: legacy &lt;data&gt; — approved by risk@acme, expires 2030-01-01; covers 1 finding (first: `doc/model-card-required` in `models/a/data.csv`)')
    expect(body).toContain('```sh\nnpx modelgate check --base bbb\n```')
    expect(body).toContain(`<sub>modelgate 1.2.3 · commit \`0123456789ab\` · [workflow run](${RUN})</sub>`)
    expect(body).not.toContain('No findings remain')
  })

  it('escapes file names and messages: no raw HTML, links or table breaks', () => {
    // fail-on warning: the warning blocks, so the comment lists it.
    const body = renderComment({ ...sample(), failOn: 'warning' }, { links })
    expect(body).not.toContain('<img')
    expect(body).not.toContain('[here](javascript:')
    expect(body).toContain('see \\[here\\](javascript:alert(1)) \\*\\*now\\*\\*')
    expect(body).toContain('[models/a/&lt;img src=x onerror=alert(1)&gt;\\|.csv:2](https://github.com/acme/models/blob/')
    expect(body).toContain('/models/a/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%7C.csv#L2)')
  })

  it('says so when a rerun is clean', () => {
    const body = renderComment(report({ models: [{ path: 'models/a', changed: true, files: [] }] }), { runUrl: RUN })
    expect(body).toContain('✅ **Gate passed**: 0 errors, 0 warnings, 0 notices in 1 model')
    expect(body).toContain('No findings remain in this run.')
  })

  it('a custom check name titles the comment and keys the marker', () => {
    const body = renderComment(report(), { name: 'gate *prod*' })
    expect(body.startsWith('<!-- modelgate:sticky-comment name="gate _prod_" -->\n## gate \\*prod\\*\n')).toBe(true)
  })

  it('lists at most 50 blocking findings and links the run for the rest; stays within 65,536 characters', () => {
    const findings = Array.from({ length: 4000 }, (_, i) => finding({ model: 'models/a', path: `models/a/file-${i}.csv`, line: i + 1, message: 'x'.repeat(100) }))
    const cut = renderComment(report({ conclusion: 'failure', findings, models: [{ path: 'models/a', changed: true, files: [] }] }), { links, runUrl: RUN })
    expect(cut.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS)
    expect(cut.split('\n').filter((l) => l.startsWith('- 🔴'))).toHaveLength(COMMENT_MAX_FINDINGS)
    expect(cut).toContain(`- _3950 more blocking finding(s): see [the run summary](${RUN})._\n`)
    const long = Array.from({ length: 60 }, (_, i) => finding({ path: `models/a/f-${i}.csv`, message: 'y'.repeat(3000) }))
    const cutByBudget = renderComment(report({ conclusion: 'failure', findings: long }), { runUrl: RUN })
    expect(cutByBudget.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS)
    expect(cutByBudget).toMatch(/- _\d+ more blocking finding\(s\): see \[the run summary\]/)

    // Thousands of models do not grow the comment: it holds no per-model table.
    const models = Array.from({ length: 3000 }, (_, i) => ({ path: `models/unit-with-a-long-name-${i}`, changed: true, files: [] }))
    const compact = renderComment(report({ conclusion: 'failure', models, findings: [finding()] }), { runUrl: RUN, version: '1.2.3' })
    expect(compact.length).toBeLessThan(1000)
    expect(renderCommentFallback(report({ conclusion: 'failure', models, findings: [finding()] }), { runUrl: RUN, version: '1.2.3' })).toBe(
      [
        MARKER,
        '## modelgate',
        '',
        '❌ **Gate failed** (fail-on: `error`): 1 error, 0 warnings, 0 notices in 3000 models',
        '',
        `The full report (1 findings) is too long to show here: see the [run summary](${RUN}).`,
        '',
        `<sub>modelgate 1.2.3 · [workflow run](${RUN})</sub>`,
        '',
      ].join('\n'),
    )
    expect(renderCommentFallback(report(), { runUrl: RUN }).startsWith(MARKER)).toBe(true)
  })

  describe('size and first screen (measured)', () => {
    // A repository's first run: many documentation warnings, a few blocking problems found late.
    const mixed = (n: number) => {
      const findings = Array.from({ length: n }, (_, i) =>
        i % 10 === 9
          ? finding({ model: `models/m${i}`, path: `models/m${i}/data.csv`, line: 2, ruleId: 'pii/email', category: 'pii', message: `2 email addresses in column "email" (first: u***@e***.org)` })
          : finding({ model: `models/m${i}`, path: `models/m${i}/README.md`, line: 1, ruleId: 'doc/required-sections', severity: 'warning', message: 'card has no evaluation section: add a heading such as "## Evaluation"' }),
      )
      const r = report({ conclusion: 'failure', findings, models: findings.map((f) => ({ path: f.model!, changed: true, files: [] })) })
      return renderComment(r, { links, runUrl: RUN, reproduce: 'npx --yes github:modelgate/modelgate check', version: '1.2.3' })
    }
    it.each([
      [20, 2, 1_600],
      [200, 20, 6_000],
      [500, 50, 14_000],
    ])('%i findings: under GitHub\'s limit, the blocking ones on the first screen', (n, blocking, maxChars) => {
      const body = mixed(n)
      expect(body.length).toBeLessThan(maxChars)
      expect(body.length).toBeLessThan(COMMENT_MAX_CHARS)
      const firstScreen = body.split('\n').slice(0, 30)
      // The verdict, then the blocking findings; no warning is listed anywhere.
      expect(firstScreen[3]).toMatch(/^❌ \*\*Gate failed\*\*/)
      expect(firstScreen.filter((l) => l.startsWith('- 🔴')).length).toBe(Math.min(blocking, 23))
      expect(body).not.toContain('🟡')
      expect(body).toContain(`Also ${n - blocking} warnings: see [the run summary](${RUN}).`)
    })
  })

  it('wraps a message (an invalid policy) under the marker', () => {
    expect(renderCommentMessage('## modelgate\n\nbad policy\n')).toBe(`${MARKER}\n## modelgate\n\nbad policy\n`)
    const long = renderCommentMessage('x'.repeat(70_000), { runUrl: RUN })
    expect(long).toBe(`${MARKER}\n## modelgate\n\nThe details are too long to show here: see the [run summary](${RUN}).\n`)
  })
})

describe('reproduceCommand', () => {
  it('checks out the head, uses the base policy and compares with the base', () => {
    expect(reproduceCommand({ policyPath: '.github/modelgate.yml', baseSha: 'b'.repeat(40), headSha: HEAD, policyFromBase: true })).toBe(
      [
        `git fetch origin ${HEAD} && git checkout ${HEAD}`,
        "# the policy this run used: the base commit's",
        `git show ${'b'.repeat(40)}:.github/modelgate.yml > /tmp/modelgate-base-policy.yml`,
        `npx --yes github:modelgate/modelgate check --base ${'b'.repeat(40)} --policy /tmp/modelgate-base-policy.yml`,
      ].join('\n'),
    )
  })

  it('names the working directory, a custom policy and fail-on; quotes what needs quoting', () => {
    expect(reproduceCommand({ policyPath: "pol icy's.yml", workingDirectory: 'ml/models', failOn: 'warning' })).toBe(
      "npx --yes github:modelgate/modelgate check ml/models --policy 'pol icy'\\''s.yml' --fail-on warning",
    )
    expect(reproduceCommand({ policyPath: '.github/modelgate.yml', headSha: 'not a sha; rm -rf /' })).toBe('npx --yes github:modelgate/modelgate check')
  })
})
