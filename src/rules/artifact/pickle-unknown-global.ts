import { defineUnitRule } from '../../core/rule.js'
import { FORMAT_LABEL, globalDetails, unitScans, where } from './shared.js'

const MAX_PER_ARTIFACT = 25

export default defineUnitRule({
  id: 'artifact/pickle-unknown-global',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'warning',
  description: 'Pickle-based artifacts import only globals on the allowlist (unknown imports are reviewed, not assumed safe).',
  help: `modelgate classifies every global a pickle imports: dangerous (denylist), safe (an allowlist of what
ordinary PyTorch, NumPy, scikit-learn and joblib files need) or unknown. An unknown global is code the
loader will import and may call: scanners that pass such imports as merely "suspicious" are a known bypass.

Under \`recommended\` an unknown global is a warning; under \`strict\` it is an error.

How to fix: check what the named function or class does. If it is safe, add it (or its package, e.g.
\`mypkg.models.**\`) to \`settings.artifact.allowGlobals\`; if not, add it to \`denyGlobals\`. Better still,
save the weights as safetensors.`,
  regulation: ['EU AI Act Art. 15(5)'],
  presets: { strict: 'error' },
  examples: {
    pass: 'a `torch.save(state_dict)` checkpoint importing only `collections.OrderedDict`, `torch._utils._rebuild_tensor_v2` and `torch.FloatStorage`',
    fail: 'a checkpoint that imports `mycompany.training.CustomScheduler`',
  },
  async check(ctx) {
    for await (const { path, scan } of unitScans(ctx)) {
      const unknown = scan.globals.filter((g) => g.safety === 'unknown')
      for (const g of unknown.slice(0, MAX_PER_ARTIFACT)) {
        ctx.report({
          path,
          message: `imports \`${g.module}.${g.name}\` ${where(g.offset, g.member)}, which is on neither the allowlist nor the denylist: loading this ${FORMAT_LABEL[scan.format]} imports and may call it; review it, then add it to settings.artifact.allowGlobals or denyGlobals`,
          details: globalDetails(scan, g),
        })
      }
      if (unknown.length > MAX_PER_ARTIFACT) {
        ctx.report({
          path,
          message: `imports ${unknown.length - MAX_PER_ARTIFACT} further unknown globals (not listed individually)`,
          details: { format: scan.format, more: unknown.slice(MAX_PER_ARTIFACT).map((g) => `${g.module}.${g.name}`).slice(0, 200) },
        })
      }
    }
  },
})
