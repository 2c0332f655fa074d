import { isCodeCapable } from '../../formats/archive/artifact.js'
import { defineUnitRule } from '../../core/rule.js'
import type { ArtifactScan } from '../../formats/archive/scan.js'
import { issueDetails, reportLfsPointers, unitScans, unscannableMessage } from './shared.js'

export default defineUnitRule({
  id: 'artifact/unscannable-code',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'error',
  description: 'Every artifact that can carry a pickle or other code can be read and scanned completely.',
  help: `A file that pickle-based loaders open (\`torch.load\`, \`pickle.load\`, \`joblib.load\`,
\`np.load(allow_pickle=True)\`, Keras) runs the code it carries. When modelgate cannot read such a file to
the end — a truncated or damaged pickle, an unreadable zip or tar, an encrypted member, an unsupported
compression, a 7z archive, unrecognised content under a pickle-capable name, a Git LFS pointer standing for a
pickle-capable file whose content is not checked out — what it could not read may be exactly the payload.
Other scanners report such files as "no issues found"; an attacker can hide a payload behind the point where
they stop. Files that cannot carry code are \`artifact/unscannable\` (a warning).

An error in every preset.

How to fix: re-export the model (preferably as safetensors); check out Git LFS content
(\`actions/checkout\` with \`lfs: true\`); if the file is not a model, rename or exclude it.`,
  regulation: ['EU AI Act Art. 15(5)'],
  examples: {
    pass: 'a model.pt written by `torch.save` and committed whole',
    fail: 'a model.pt whose zip central directory is missing (upload cut short), or a Git LFS pointer named model.pkl',
  },
  async check(ctx) {
    const pointers: { path: string; scan: ArtifactScan }[] = []
    for await (const { path, scan } of unitScans(ctx)) {
      if (!isCodeCapable(scan, path)) continue
      if (scan.lfs) {
        pointers.push({ path, scan })
        continue
      }
      for (const i of scan.issues) {
        if (i.kind !== 'unscannable' || i.inert) continue
        ctx.report({ path, message: unscannableMessage(i, scan), details: issueDetails(scan, i) })
      }
    }
    reportLfsPointers(ctx, pointers, true)
  },
})
