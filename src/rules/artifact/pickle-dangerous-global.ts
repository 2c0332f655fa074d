import { defineUnitRule } from '../../core/rule.js'
import { FORMAT_LABEL, globalDetails, issueDetails, unitScans, where } from './shared.js'

const MESSAGE_MAX = 20
const DETAILS_MAX = 500

export default defineUnitRule({
  id: 'artifact/pickle-dangerous-global',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'error',
  description: 'Pickle-based artifacts import nothing that runs code, touches the system or the network, or loads further pickles.',
  help: `Loading a pickle (PyTorch \`.pt/.pth/.bin/.ckpt\`, \`.pkl\`, joblib, NumPy object arrays) calls every
function it names. modelgate walks the pickle's opcodes without executing anything and flags imports on the
denylist (\`os\`, \`posix\`, \`subprocess\`, \`builtins.eval/exec/getattr/__import__\`, \`runpy\`, \`socket\`,
\`webbrowser\`, \`functools.partial\`, \`torch.load\`, …, and aliases such as \`random._os.system\`), imports
whose module or name it cannot resolve (\`STACK_GLOBAL\` fed by computed values, the copyreg extension
registry, attribute traversal through dunder names), and calls of computed callables. One finding per
artifact names each of them with its byte offset and archive member (the first offset is the location).

Why: a model file with such an import runs code on every machine that loads it (CI, laptops, serving).

How to fix: do not merge the file. Re-export the weights as safetensors (\`safetensors.torch.save_file\`) or
save only a \`state_dict\` with tensors. If the import is genuinely safe for your team, add it to
\`settings.artifact.allow-globals\` in the policy, with a reviewer.`,
  regulation: ['EU AI Act Art. 15(5) (cybersecurity: resilience against attempts to alter use or performance)'],
  presets: { strict: 'error' },
  examples: {
    pass: 'a torch.save(state_dict) checkpoint importing only collections.OrderedDict and torch._utils._rebuild_tensor_v2',
    fail: 'a .pkl whose __reduce__ returns (os.system, ("curl … | sh",))',
  },
  async check(ctx) {
    for await (const { path, scan } of unitScans(ctx)) {
      const kind = FORMAT_LABEL[scan.format]
      type Item = { member: string | undefined; offset: number; text: string; detail: Record<string, unknown> }
      const items: Item[] = []
      for (const g of scan.globals) {
        if (g.safety !== 'dangerous') continue
        items.push({ member: g.member, offset: g.offset, text: `imports \`${g.module}.${g.name}\` ${where(g.offset, g.member)} (${g.reason})`, detail: globalDetails(scan, g) })
      }
      for (const i of scan.issues) {
        if (i.kind !== 'dangerous-construct') continue
        const m = i.member ? ` (member \`${i.member}\`)` : ''
        items.push({ member: i.member, offset: i.offset ?? 0, text: `${i.message}${m}`, detail: issueDetails(scan, i) })
      }
      if (!items.length) continue
      items.sort((a, b) => (a.member ?? '').localeCompare(b.member ?? '') || a.offset - b.offset)
      if (items.length === 1) {
        const it = items[0]!
        const g = scan.globals.find((x) => x.safety === 'dangerous')
        ctx.report({ path, message: g ? `${it.text}: loading this ${kind} runs it` : `${it.text}: treated as dangerous`, details: it.detail })
        continue
      }
      const listed = items.slice(0, MESSAGE_MAX).map((x) => x.text)
      const more = items.length > MESSAGE_MAX ? `; and ${items.length - MESSAGE_MAX} more` : ''
      const first = items[0]!
      ctx.report({
        path,
        message: `${items.length} dangerous imports or calls: ${listed.join('; ')}${more}: loading this ${kind} runs them`,
        details: { ...first.detail, count: items.length, items: items.slice(0, DETAILS_MAX).map((x) => x.detail) },
      })
    }
  },
})
