import type { RuleSet } from '../../core/rule.js'
import attributeCoverage from './attribute-coverage.js'
import groupTooSmall from './group-too-small.js'
import inconsistent from './inconsistent.js'
import reducedInput from './reduced-input.js'
import reportInvalid from './report-invalid.js'
import reportRecommended from './report-recommended.js'
import reportRequired from './report-required.js'
import { biasSettings } from './settings.js'
import stale from './stale.js'
import threshold from './threshold.js'

export const bias: RuleSet = {
  rules: [reportRequired, reportRecommended, reportInvalid, reducedInput, attributeCoverage, groupTooSmall, threshold, inconsistent, stale],
  settings: [biasSettings],
}
