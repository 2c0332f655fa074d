import type { RuleSet } from '../../core/rule.js'
import cardEmpty from './card-empty.js'
import cardUnreadable from './card-unreadable.js'
import frontMatterInvalid from './front-matter-invalid.js'
import frontMatterMissing from './front-matter-missing.js'
import license from './license.js'
import metadataFile from './metadata-file.js'
import misspelledMetadataKey from './misspelled-metadata-key.js'
import modelCardRequired from './model-card-required.js'
import modelIndex from './model-index.js'
import placeholderText from './placeholder-text.js'
import requiredFields from './required-fields.js'
import requiredSections from './required-sections.js'
import { riskTierInvalid, riskTierLowered, riskTierMissing, riskTierUnacceptable } from './risk-tier.js'
import { documentationSettings } from './settings.js'

export const documentation: RuleSet = {
  rules: [
    modelCardRequired,
    cardUnreadable,
    cardEmpty,
    frontMatterMissing,
    frontMatterInvalid,
    misspelledMetadataKey,
    requiredFields,
    license,
    modelIndex,
    requiredSections,
    placeholderText,
    riskTierMissing,
    riskTierInvalid,
    riskTierUnacceptable,
    riskTierLowered,
    metadataFile,
  ],
  settings: [documentationSettings],
}
