import type { GateReport } from '../core/report.js'

/** The report contract as JSON (stable key order as built). */
export function renderJson(report: GateReport): string {
  return JSON.stringify(report, null, 2) + '\n'
}
