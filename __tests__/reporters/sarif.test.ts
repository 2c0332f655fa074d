import { describe, expect, it } from '@jest/globals'
import { defineRunRule, defineUnitRule, type AnyRule } from '../../src/core/rule.js'
import { renderSarif, SARIF_MAX_RESULTS } from '../../src/reporters/sarif.js'
import { finding, report } from './fixtures.js'

const rules: AnyRule[] = [
  defineUnitRule({ id: 'doc/model-card-required', category: 'documentation', defaultSeverity: 'error', description: 'Has a card.', help: '# Help\nAdd a card.', regulation: ['EU AI Act Art. 13'], check() {} }),
  defineUnitRule({ id: 'pii/email-address', category: 'pii', defaultSeverity: 'warning', description: 'No emails.', help: 'h2', check() {} }),
  defineRunRule({ id: 'policy/unused', category: 'policy', defaultSeverity: 'off', description: 'Unused.', help: 'h3', check() {} }),
  defineRunRule({ id: 'gov/notice', category: 'governance', defaultSeverity: 'notice', description: 'N.', help: 'h4', check() {} }),
]

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const parse = (s: string): any => JSON.parse(s)

describe('renderSarif', () => {
  const r = () =>
    report({
      conclusion: 'failure',
      findings: [
        finding({ model: 'models/a', line: 3, column: 2, endLine: 4, endColumn: 9, message: 'no card' }),
        finding({ ruleId: 'pii/email-address', category: 'pii', severity: 'warning', path: 'data/x y.csv', line: 1, message: 'an email' }),
        finding({ ruleId: 'gov/notice', category: 'governance', severity: 'notice', path: '.github/modelgate.yml', column: 5, message: 'n' }),
        finding({ ruleId: 'pii/email-address', category: 'pii', severity: 'error', path: 'data/w.csv', message: 'waived', waived: { index: 2, reason: 'synthetic', approvedBy: '@privacy', expires: '2026-12-31' } }),
        finding({ ruleId: 'unknown/rule', category: 'policy', severity: 'error', path: 'p', message: 'not in the rule list' }),
      ],
    })

  it('is SARIF 2.1.0 with one run and the used rules only, in registry order', () => {
    const s = parse(renderSarif(r(), rules))
    expect(s.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(s.version).toBe('2.1.0')
    expect(s.runs).toHaveLength(1)
    const driver = s.runs[0].tool.driver
    expect(driver).toMatchObject({ name: 'modelgate', version: '1.2.3', semanticVersion: '1.2.3', informationUri: 'https://github.com/modelgate/modelgate' })
    expect(driver.rules).toEqual([
      {
        id: 'doc/model-card-required',
        name: 'docModelCardRequired',
        shortDescription: { text: 'Has a card.' },
        fullDescription: { text: 'Has a card.' },
        helpUri: 'https://github.com/modelgate/modelgate/blob/main/docs/rules.md#docmodel-card-required',
        help: { text: '# Help\nAdd a card.', markdown: '# Help\nAdd a card.' },
        defaultConfiguration: { level: 'error' },
        properties: { category: 'documentation', tags: ['modelgate', 'documentation', 'EU AI Act Art. 13'] },
      },
      expect.objectContaining({
        id: 'pii/email-address',
        name: 'piiEmailAddress',
        defaultConfiguration: { level: 'warning' },
        properties: { category: 'pii', tags: ['modelgate', 'security', 'pii'], 'security-severity': '5.0' },
      }),
      expect.objectContaining({ id: 'gov/notice', defaultConfiguration: { level: 'note' } }),
    ])
    expect(s.runs[0].automationDetails).toEqual({ id: 'modelgate/' })
    expect(s.runs[0].properties).toEqual({ conclusion: 'failure', truncated: false, totalFindings: 5 })
  })

  it('maps results: ruleIndex, levels error/warning/note, regions, locations and properties', () => {
    const [a, b, c, d, e] = parse(renderSarif(r(), rules)).runs[0].results
    expect(a).toEqual({
      ruleId: 'doc/model-card-required',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'no card' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'models/a/model.pt', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 2, endLine: 4, endColumn: 9 } } }],
      partialFingerprints: { 'modelgate/v2': expect.stringMatching(/^[0-9a-f]{16}:0$/) },
      properties: { category: 'documentation', model: 'models/a' },
    })
    expect(b).toMatchObject({ ruleIndex: 1, level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'data/x%20y.csv' }, region: { startLine: 1 } } }] })
    expect(b.properties).toEqual({ category: 'pii' })
    // A column without a line gives no region.
    expect(c).toMatchObject({ ruleIndex: 2, level: 'note' })
    expect(c.locations[0].physicalLocation).not.toHaveProperty('region')
    expect(d.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'synthetic (approved by @privacy, expires 2026-12-31)' }])
    expect(d.level).toBe('error')
    // A rule missing from the rule list has no ruleIndex.
    expect(e).not.toHaveProperty('ruleIndex')
    expect(a).not.toHaveProperty('suppressions')
  })

  it('fingerprints are stable under line moves (also numbers in messages) and depend on rule, path and subject', () => {
    const fp = (f: ReturnType<typeof finding>) => parse(renderSarif(report({ findings: [f] }), rules)).runs[0].results[0].partialFingerprints['modelgate/v2']
    expect(fp(finding({ line: 1 }))).toBe(fp(finding({ line: 99 })))
    expect(fp(finding({ line: 3, message: 'section at line 3 is empty' }))).toBe(fp(finding({ line: 9, message: 'section at line 9 is empty' })))
    expect(fp(finding())).not.toBe(fp(finding({ message: 'other' })))
    expect(fp(finding())).not.toBe(fp(finding({ path: 'other' })))
    // Two findings with the same subject in one file stay distinct.
    const two = parse(renderSarif(report({ findings: [finding({ line: 1 }), finding({ line: 5 })] }), rules)).runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['modelgate/v2'])
    expect(two[0]!.replace(/:0$/, ':1')).toBe(two[1])
  })

  it('security-severity for artifact rules; helpUri to the rule section; baselined results are notes, baselineState set', () => {
    const artifactRule = defineUnitRule({ id: 'artifact/pickle-dangerous-global', category: 'artifact', defaultSeverity: 'error', description: 'd', help: 'h', check() {} })
    const rep = report({
      findings: [finding({ ruleId: 'artifact/pickle-dangerous-global', category: 'artifact', baselined: true }), finding({ message: 'new one' })],
      baseline: { source: '.github/modelgate-baseline.json', entries: 1, matched: 1, stale: [] },
    })
    const run = parse(renderSarif(rep, [...rules, artifactRule])).runs[0]
    expect(run.tool.driver.rules.find((x: { id: string }) => x.id === 'artifact/pickle-dangerous-global')).toMatchObject({
      helpUri: 'https://github.com/modelgate/modelgate/blob/main/docs/rules.md#artifactpickle-dangerous-global',
      properties: { 'security-severity': '9.3', tags: ['modelgate', 'security', 'artifact'] },
    })
    expect(run.results.map((x: { level: string; baselineState: string }) => `${x.level} ${x.baselineState}`)).toEqual(['note unchanged', 'error new'])
    expect(run.results[0].properties).toEqual({ category: 'artifact', baselined: true, severity: 'error' })
  })

  it('caps results at 25,000 and says so', () => {
    const many = Array.from({ length: SARIF_MAX_RESULTS + 5 }, (_, i) => finding({ line: i + 1 }))
    const s = parse(renderSarif(report({ findings: many }), rules))
    expect(SARIF_MAX_RESULTS).toBe(25_000)
    expect(s.runs[0].results).toHaveLength(25_000)
    expect(s.runs[0].results.at(-1).locations[0].physicalLocation.region.startLine).toBe(25_000)
    expect(s.runs[0].properties).toEqual({ conclusion: 'success', truncated: true, totalFindings: 25_005 })
  })

  it('with no findings lists no rules and no results', () => {
    const s = parse(renderSarif(report(), rules))
    expect(s.runs[0].tool.driver.rules).toEqual([])
    expect(s.runs[0].results).toEqual([])
  })

  // Bug: artifactLocation.uri is built with encodeURI, which leaves `#` and `?` unencoded, so a file named
  // `a#1.csv` becomes the URI `a#1.csv` (path `a` with fragment `1.csv`): code scanning points at the wrong
  // file. Fix: encode each path segment with encodeURIComponent.
  it('percent-encodes # and ? in artifact URIs', () => {
    const s = parse(renderSarif(report({ findings: [finding({ path: 'data/a#1?.csv' })] }), rules))
    expect(s.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('data/a%231%3F.csv')
  })
})
