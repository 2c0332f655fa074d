/** SARIF 2.1.0 for code scanning: one run, rules with help, results with locations; capped at GitHub's limit. */
import type { AnyRule } from '../core/rule.js'
import type { GateReport } from '../core/report.js'
import type { Severity } from '../core/findings.js'

export const SARIF_MAX_RESULTS = 25_000
const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', notice: 'note' }

export function renderSarif(report: GateReport, rules: AnyRule[], informationUri = 'https://github.com/modelgate/modelgate'): string {
  const used = new Set(report.findings.map((f) => f.ruleId))
  const driverRules = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({
      id: r.id,
      name: r.id.replace(/[/-](\w)/g, (_, ch: string) => ch.toUpperCase()),
      shortDescription: { text: r.description },
      fullDescription: { text: r.description },
      help: { text: r.help, markdown: r.help },
      defaultConfiguration: { level: r.defaultSeverity === 'off' ? 'none' : LEVEL[r.defaultSeverity] },
      properties: { category: r.category, tags: ['modelgate', r.category, ...(r.regulation ?? [])] },
    }))
  const index = new Map(driverRules.map((r, i) => [r.id, i]))
  const results = report.findings.slice(0, SARIF_MAX_RESULTS).map((f) => {
    const region: Record<string, number> = {}
    if (f.line) region.startLine = f.line
    if (f.line && f.column) region.startColumn = f.column
    if (f.endLine) region.endLine = f.endLine
    if (f.endColumn) region.endColumn = f.endColumn
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
            ...(Object.keys(region).length ? { region } : {}),
          },
        },
      ],
      partialFingerprints: { 'modelgate/v1': fingerprint(`${f.ruleId}|${f.path}|${f.message}`) },
      properties: { category: f.category, ...(f.model ? { model: f.model } : {}) },
    }
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

/** A short stable hash (FNV-1a, 64-bit, hex) for SARIF fingerprints. */
function fingerprint(s: string): string {
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i))
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, '0')
}
