import { defineUnitRule } from '../../core/rule.js'
import { FORMAT_LABEL, globalDetails, unitScans, where } from './shared.js'

/** Globals named in the message; the details list every one (up to DETAILS_MAX). */
const MESSAGE_MAX = 20
const DETAILS_MAX = 500

export default defineUnitRule({
  id: 'artifact/pickle-unknown-global',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'warning',
  description: 'Pickle-based artifacts import only globals on the allowlist (unknown imports are reviewed, not assumed safe).',
  help: `modelgate classifies every global a pickle imports: dangerous (denylist), safe (an allowlist of what
ordinary PyTorch, NumPy, scikit-learn and joblib files need) or unknown. An unknown global is code the
loader will import and may call: scanners that pass such imports as merely "suspicious" are a known bypass.

One finding per artifact lists every unknown global with its byte offset (and archive member).

Under \`recommended\` an unknown global is a warning; under \`strict\` it is an error.

How to fix: check what the named function or class does. If it is safe, add it (or its package, e.g.
\`mypkg.models.**\`) to \`settings.artifact.allow-globals\`; if not, add it to \`denyGlobals\`. Better still,
save the weights as safetensors.`,
  regulation: ['EU AI Act Art. 15(5)'],
  presets: { strict: 'error' },
  examples: {
    pass: 'a `torch.save(state_dict)` checkpoint importing only `collections.OrderedDict`, `torch._utils._rebuild_tensor_v2` and `torch.FloatStorage`',
    fail: 'a checkpoint that imports `mycompany.training.CustomScheduler`',
  },
  async check(ctx) {
    for await (const { path, scan } of unitScans(ctx)) {
      const unknown = scan.globals.filter((g) => g.safety === 'unknown').sort((a, b) => (a.member ?? '').localeCompare(b.member ?? '') || a.offset - b.offset)
      if (!unknown.length) continue
      const kind = FORMAT_LABEL[scan.format]
      const advice = 'review it, then add it to settings.artifact.allow-globals or deny-globals'
      if (unknown.length === 1) {
        const g = unknown[0]!
        ctx.report({
          path,
          message: `imports \`${g.module}.${g.name}\` ${where(g.offset, g.member)}, which is on neither the allowlist nor the denylist: loading this ${kind} imports and may call it; ${advice}`,
          details: globalDetails(scan, g),
        })
        continue
      }
      const listed = unknown.slice(0, MESSAGE_MAX).map((g) => `\`${g.module}.${g.name}\` (${where(g.offset, g.member)})`)
      const more = unknown.length > MESSAGE_MAX ? ` and ${unknown.length - MESSAGE_MAX} more` : ''
      const first = unknown[0]!
      ctx.report({
        path,
        message: `imports ${unknown.length} globals that are on neither the allowlist nor the denylist: ${listed.join(', ')}${more}: loading this ${kind} imports and may call them; review each, then add it to settings.artifact.allow-globals or deny-globals`,
        details: {
          format: scan.format,
          offset: first.offset,
          ...(first.member !== undefined ? { member: first.member } : {}),
          count: unknown.length,
          globals: unknown.slice(0, DETAILS_MAX).map((g) => ({ global: `${g.module}.${g.name}`, offset: g.offset, ...(g.member !== undefined ? { member: g.member } : {}), opcode: g.opcode, occurrences: g.count })),
        },
      })
    }
  },
})
