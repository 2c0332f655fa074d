import { defineUnitRule } from '../../core/rule.js'
import { FORMAT_LABEL, globalDetails, issueDetails, unitScans, where } from './shared.js'

export default defineUnitRule({
  id: 'artifact/pickle-dangerous-global',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'error',
  description: 'Pickle-based artifacts import nothing that runs code, touches the system or the network, or loads further pickles.',
  help: `Loading a pickle (PyTorch \`.pt/.pth/.bin/.ckpt\`, \`.pkl\`, joblib, NumPy object arrays) calls every
function it names. modelgate walks the pickle's opcodes without executing anything and flags imports on the
denylist (\`os\`, \`posix\`, \`subprocess\`, \`builtins.eval/exec/getattr/__import__\`, \`runpy\`, \`socket\`,
\`webbrowser\`, \`functools.partial\`, \`torch.load\`, …), imports whose module or name it cannot resolve
(\`STACK_GLOBAL\` fed by computed values, the copyreg extension registry, attribute traversal through dunder
names), and calls of computed callables. Each finding names the global, the byte offset and the archive member.

Why: a model file with such an import runs code on every machine that loads it (CI, laptops, serving).

How to fix: do not merge the file. Re-export the weights as safetensors (\`safetensors.torch.save_file\`) or
save only a \`state_dict\` with tensors. If the import is genuinely safe for your team, add it to
\`settings.artifact.allowGlobals\` in the policy, with a reviewer.`,
  regulation: ['EU AI Act Art. 15(5) (cybersecurity: resilience against attempts to alter use or performance)'],
  presets: { strict: 'error' },
  examples: {
    pass: 'a torch.save(state_dict) checkpoint importing only collections.OrderedDict and torch._utils._rebuild_tensor_v2',
    fail: 'a .pkl whose __reduce__ returns (os.system, ("curl … | sh",))',
  },
  async check(ctx) {
    for await (const { path, scan } of unitScans(ctx)) {
      const kind = FORMAT_LABEL[scan.format]
      for (const g of scan.globals) {
        if (g.safety !== 'dangerous') continue
        const at = where(g.offset, g.member)
        ctx.report({
          path,
          message: `imports \`${g.module}.${g.name}\` ${at} (${g.reason}): loading this ${kind} runs it`,
          details: globalDetails(scan, g),
        })
      }
      for (const i of scan.issues) {
        if (i.kind !== 'dangerous-construct') continue
        const m = i.member ? ` (member \`${i.member}\`)` : ''
        ctx.report({ path, message: `${i.message}${m}: treated as dangerous`, details: issueDetails(scan, i) })
      }
    }
  },
})
