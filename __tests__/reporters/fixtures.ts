/** A hand-built report for reporter tests (independent of the engine). */
import type { Finding } from '../../src/core/findings.js'
import type { GateReport } from '../../src/core/report.js'

export function finding(o: Partial<Finding> = {}): Finding {
  return { ruleId: 'doc/model-card-required', category: 'documentation', severity: 'error', path: 'models/a/model.pt', message: 'msg', ...o }
}

export function report(o: Partial<GateReport> = {}): GateReport {
  const findings = o.findings ?? []
  const counted = findings.filter((f) => !f.waived)
  return {
    version: 1,
    tool: { name: 'modelgate', version: '1.2.3' },
    conclusion: 'success',
    failOn: 'error',
    policy: { source: '.github/modelgate.yml', sha256: 'f'.repeat(64), extends: ['recommended'] },
    models: [],
    findings,
    summary: {
      errors: counted.filter((f) => f.severity === 'error').length,
      warnings: counted.filter((f) => f.severity === 'warning').length,
      notices: counted.filter((f) => f.severity === 'notice').length,
      waived: findings.length - counted.length,
      models: o.models?.length ?? 0,
    },
    ...o,
  }
}
