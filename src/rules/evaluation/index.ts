import type { RuleSet } from '../../core/rule.js'
import evidenceRequired from './evidence-required.js'
import metricBound from './metric-bound.js'
import metricRemoved from './metric-removed.js'
import metricsUnreadable from './metrics-unreadable.js'
import regression from './regression.js'
import { evaluationSettings } from './settings.js'

export const evaluation: RuleSet = {
  rules: [metricBound, regression, metricRemoved, metricsUnreadable, evidenceRequired],
  settings: [evaluationSettings],
}

export { metricsTable, judge, publishTable, type Judgment } from './judge.js'
export { ANNEX_IV_EVIDENCE } from './evidence-required.js'
