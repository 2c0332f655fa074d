/**
 * Nothing attacker-controlled reaches a terminal or the runner raw (issue #13 item 7, #17 item 8): a
 * directory name and a pickle global name carrying ESC sequences, CR/LF, a bidi override, a line-leading
 * `::error::`, `@octocat` and `#12` come out of every format as visible escapes, with exact bytes, and
 * never mention or link in Markdown.
 */
import { describe, expect, it } from '@jest/globals'
import { parseReportText } from '../../src/action/report-file.js'
import { escapeControls, safeText } from '../../src/core/text.js'
import { selectAnnotations } from '../../src/reporters/annotations.js'
import { planCheckRun } from '../../src/reporters/check-run.js'
import { renderComment } from '../../src/reporters/comment.js'
import { renderJson } from '../../src/reporters/json.js'
import { renderMarkdown } from '../../src/reporters/markdown.js'
import { renderSarif } from '../../src/reporters/sarif.js'
import { renderText } from '../../src/reporters/text.js'
import { ruleSet } from '../../src/rules/index.js'
import { check } from '../support/harness.js'

const EVIL_DIR = 'models/evil\u001b[2J\u202e\r\n::error::pwn @octocat #12'
const SHOWN_DIR = 'models/evil\\x1b[2J\\u202e\\r\\n::error::pwn @octocat #12'
/** Protocol 4: SHORT_BINUNICODE 'os', SHORT_BINUNICODE 'system' + ESC + bidi override, STACK_GLOBAL, STOP. */
function pickle(): Uint8Array {
  const s = (t: string) => {
    const b = Buffer.from(t, 'utf8')
    return [0x8c, b.length, ...b]
  }
  return Uint8Array.from([0x80, 0x04, ...s('os'), ...s('system\u001b]8;;http://x\u0007\u2066'), 0x93, 0x2e])
}

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

describe('repository text is escaped in every output', () => {
  it('safeText: controls, ESC, CR/LF, bidi as visible escapes; PII redacted', () => {
    expect(escapeControls('a\u001b[31mb\r\nc\u202ed\u2066e\u0007\tf')).toBe('a\\x1b[31mb\\r\\nc\\u202ed\\u2066e\\x07\\tf')
    expect(safeText('mail jane.roe@corp-example.com\n')).toBe('mail j***@c***.com\\n')
  })

  it('exact bytes in text, JSON, SARIF, Markdown, annotations, check run and comment', async () => {
    const r = await check({ files: { [`${EVIL_DIR}/model.pkl`]: pickle() }, only: ['artifact/pickle-dangerous-global', 'artifact/pickle-unknown-global', 'doc/model-card-required'] })
    const f = r.findings.find((x) => x.ruleId.startsWith('artifact/pickle'))!
    expect(f.path).toBe(`${SHOWN_DIR}/model.pkl`)
    expect(f.model).toBe(SHOWN_DIR)
    expect(f.message).toContain('system\\x1b]8;;http://x\\x07\\u2066')

    const text = renderText(r.report, { color: false })
    expect(text).toContain(`  ✖ ${SHOWN_DIR}  2 errors\n`)
    expect(text).toContain(`  error   ${SHOWN_DIR}/model.pkl  `)
    expect(text.split('\n').some((l) => l.startsWith('::'))).toBe(false)

    const json = renderJson(r.report)
    expect(json).toContain('"path": "models/evil\\\\x1b[2J\\\\u202e\\\\r\\\\n::error::pwn @octocat #12/model.pkl"')

    const sarif = renderSarif(r.report, ruleSet.rules)
    expect(sarif).toContain('"uri": "models/evil%5Cx1b%5B2J%5Cu202e%5Cr%5Cn%3A%3Aerror%3A%3Apwn%20%40octocat%20%2312/model.pkl"')

    const markdown = renderMarkdown(r.report, { maxChars: 1_000_000, links: { serverUrl: 'https://github.com', repository: 'acme/models', sha: 'a'.repeat(40) } })
    expect(markdown).toContain('[models/evil\\\\x1b\\[2J\\\\u202e\\\\r\\\\n::error::pwn @&#8203;octocat #&#8203;12/model.pkl](')
    // Outside code spans (where GitHub links nothing), no mention and no issue reference.
    const prose = (m: string) => m.replace(/`[^`\n]*`/g, '')
    expect(prose(markdown)).not.toMatch(/@octocat|#12/)

    const comment = renderComment(r.report, { name: 'modelgate', links: { serverUrl: 'https://github.com', repository: 'acme/models', sha: 'a'.repeat(40) } })
    expect(prose(comment)).not.toMatch(/@octocat|#12/)

    const plan = planCheckRun(r.report, {})
    const annotation = plan.batches.flat().find((a) => a.path.endsWith('model.pkl'))!
    expect(annotation.path).toBe(`${SHOWN_DIR}/model.pkl`)
    expect(prose(plan.summary)).not.toMatch(/@octocat|#12/)

    const { shown } = selectAnnotations(r.findings)
    expect(shown.find((a) => a.file.endsWith('model.pkl'))!.file).toBe(`${SHOWN_DIR}/model.pkl`)

    for (const [name, out] of Object.entries({ text, json, sarif, markdown, comment, plan: JSON.stringify(plan), annotations: JSON.stringify(shown) })) {
      expect({ name, raw: RAW.test(out) }).toEqual({ name, raw: false })
    }
    for (const [name, out] of Object.entries({ text, markdown, comment, summary: plan.summary })) {
      expect({ name, lineStartsWithCommand: out.split('\n').some((l) => l.startsWith('::')) }).toEqual({ name, lineStartsWithCommand: false })
    }
  })

  it('post-report: a report file from another run goes through the same path before it is rendered', async () => {
    const r = await check({ files: { 'models/a/model.safetensors': new Uint8Array(8) }, only: ['doc/model-card-required'] })
    const doc = JSON.parse(renderJson(r.report))
    doc.findings[0].message = 'owned \u001b[2J\r\n::error::x by jane.roe@corp-example.com'
    doc.models[0].path = 'models/\u202eevil'
    const read = parseReportText(JSON.stringify(doc))
    if (!read.ok) throw new Error(read.problem)
    expect(read.report.findings[0]!.message).toBe('owned \\x1b[2J\\r\\n::error::x by j***@c***.com')
    expect(read.report.models[0]!.path).toBe('models/\\u202eevil')
  })
})
