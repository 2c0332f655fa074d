/**
 * Artifact safety and integrity: pickle imports (dangerous, unknown), files that cannot be scanned,
 * safetensors validity, archive hygiene, Keras layers, declared hashes, LFS pointers, format policy.
 */
import type { RuleSet } from '../../core/rule.js'
import ambiguousFormat from './ambiguous-format.js'
import archiveUnsafe from './archive-unsafe.js'
import dvcNotPulled from './dvc-not-pulled.js'
import formatPolicy from './format-policy.js'
import hashMismatch from './hash-mismatch.js'
import kerasUnsafeLayer from './keras-unsafe-layer.js'
import lfsPointer from './lfs-pointer.js'
import pickleDangerousGlobal from './pickle-dangerous-global.js'
import pickleUnknownGlobal from './pickle-unknown-global.js'
import safetensorsInvalid from './safetensors-invalid.js'
import { artifactSettings } from './settings.js'
import submodule from './submodule.js'
import symlink from './symlink.js'
import symlinkInside from './symlink-inside.js'
import unscannable from './unscannable.js'
import unscannableCode from './unscannable-code.js'

export const artifact: RuleSet = {
  rules: [pickleDangerousGlobal, pickleUnknownGlobal, unscannableCode, unscannable, ambiguousFormat, safetensorsInvalid, archiveUnsafe, kerasUnsafeLayer, hashMismatch, lfsPointer, dvcNotPulled, symlink, symlinkInside, submodule, formatPolicy],
  settings: [artifactSettings],
}
