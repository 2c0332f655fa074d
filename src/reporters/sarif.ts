/** SARIF 2.1.0 for code scanning: one run, rules with help, results with locations; capped at GitHub's limit. */
import type { AnyRule } from '../core/rule.js'
import type { GateReport } from '../core/report.js'
import type { Severity } from '../core/findings.js'
import { fingerprint as subjectFingerprint } from '../core/baseline.js'

export const SARIF_MAX_RESULTS = 25_000
const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', notice: 'note' }

/**
 * Code scanning's `security-severity` (0.1–10; ≥ 9 critical, ≥ 7 high, ≥ 4 medium) for the rules whose
 * findings are security problems: artifacts that can run code or hide it, and personal data.
 */
const SECURITY_SEVERITY: Partial<Record<string, Record<Severity, string>>> = {
  artifact: { error: '9.3', warning: '5.5', notice: '2.0' },
  pii: { error: '7.5', warning: '5.0', notice: '2.0' },
}

/** The rule's section in the rule catalogue (docs/rules.md, one `## rule/id` heading per rule). */
export function ruleHelpUri(ruleId: string, informationUri = 'https://github.com/modelgate/modelgate'): string {
  // GitHub's heading anchors: lower case, punctuation other than '-' and '_' removed, spaces to '-'.
  const anchor = ruleId.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')
  return `${informationUri}/blob/main/docs/rules.md#${anchor}`
}

export function renderSarif(report: GateReport, rules: AnyRule[], informationUri = 'https://github.com/modelgate/modelgate'): string {
  const used = new Set(report.findings.map((f) => f.ruleId))
  const driverRules = rules
    .filter((r) => used.has(r.id))
    .map((r) => {
      const sec = SECURITY_SEVERITY[r.category]
      const level = r.defaultSeverity === 'off' ? 'error' : r.defaultSeverity
      return {
        id: r.id,
        name: r.id.replace(/[/-](\w)/g, (_, ch: string) => ch.toUpperCase()),
        shortDescription: { text: r.description },
        fullDescription: { text: r.description },
        helpUri: ruleHelpUri(r.id, informationUri),
        help: { text: r.help, markdown: r.help },
        defaultConfiguration: { level: r.defaultSeverity === 'off' ? 'none' : LEVEL[r.defaultSeverity] },
        properties: {
          category: r.category,
          tags: ['modelgate', ...(sec ? ['security'] : []), r.category, ...(r.regulation ?? [])],
          ...(sec ? { 'security-severity': sec[level] } : {}),
        },
      }
    })
  const index = new Map(driverRules.map((r, i) => [r.id, i]))
  // Fingerprints stable under line moves: rule, path and the finding's subject (its message with numbers
  // blanked), plus an occurrence number for findings that share them.
  const seen = new Map<string, number>()
  const results = report.findings.slice(0, SARIF_MAX_RESULTS).map((f) => {
    const fp = subjectFingerprint(f)
    const n = seen.get(fp) ?? 0
    seen.set(fp, n + 1)
    const region: Record<string, number> = {}
    if (f.line) region.startLine = f.line
    if (f.line && f.column) region.startColumn = f.column
    if (f.endLine) region.endLine = f.endLine
    if (f.endColumn) region.endColumn = f.endColumn
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      level: f.baselined ? 'note' : LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
            ...(Object.keys(region).length ? { region } : {}),
          },
        },
      ],
      partialFingerprints: { 'modelgate/v2': `${fp}:${n}` },
      properties: { category: f.category, ...(f.model ? { model: f.model } : {}), ...(f.baselined ? { baselined: true, severity: f.severity } : {}) },
    }
    if (report.baseline) result.baselineState = f.baselined ? 'unchanged' : 'new'
    const i = index.get(f.ruleId)
    if (i !== undefined) result.ruleIndex = i
    if (f.waived) {
      result.suppressions = [{ kind: 'external', status: 'accepted', justification: `${f.waived.reason} (approved by ${f.waived.approvedBy}, expires ${f.waived.expires})` }]
    }
    return result
  })
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'modelgate', version: report.tool.version, semanticVersion: report.tool.version, informationUri, rules: driverRules } },
        automationDetails: { id: 'modelgate/' },
        results,
        properties: { conclusion: report.conclusion, truncated: report.findings.length > SARIF_MAX_RESULTS, totalFindings: report.findings.length },
      },
    ],
  }
  return JSON.stringify(sarif, null, 2) + '\n'
}
