import { readFileSync } from 'node:fs'
import type { GateResult } from '../../../src/core/gate.js'

export const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evaluation/${name}`, import.meta.url), 'utf8')

/** The published metrics tables, as `title` then one `a | b | …` line per row. */
export function tables(r: GateResult): string[] {
  return (r.report.tables ?? []).filter((t) => t.id === 'metrics').flatMap((t) => [`# ${t.title} — ${t.model}`, ...t.rows.map((row) => row.join(' | '))])
}

export const EVAL_RULES = ['eval/metric-bound', 'eval/regression', 'eval/metric-removed', 'eval/metrics-unreadable', 'eval/evidence-required']
