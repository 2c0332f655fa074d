import { defineUnitRule } from '../../core/rule.js'
import { isCodeCapable } from '../../formats/archive/artifact.js'
import type { ArtifactScan } from '../../formats/archive/scan.js'
import { reportLfsPointers, unitScans } from './shared.js'

export default defineUnitRule({
  id: 'artifact/lfs-pointer',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'warning',
  description: 'Artifacts of formats that cannot carry code are present as content, not Git LFS pointers.',
  help: `When the repository stores models with Git LFS and the workflow checks out without LFS, the working
tree holds small pointer files (\`version https://git-lfs.github.com/spec/v1\`, \`oid sha256:…\`, \`size …\`)
instead of the models: nothing can be scanned. modelgate still uses the pointer's oid and size as the
declared hash and size (see \`artifact/hash-mismatch\`).

This rule covers pointers standing for formats that cannot carry code (safetensors, ONNX, GGUF, …): under
\`recommended\` a warning, under \`strict\` an error. A pointer standing for a pickle-capable file
(\`.pt\`, \`.pkl\`, \`.joblib\`, …) is \`artifact/unscannable-code\`, an error in every preset.

How to fix: check out with LFS content (\`actions/checkout\` with \`lfs: true\`), or exclude the paths.`,
  presets: { strict: 'error' },
  examples: {
    pass: 'models/a/model.safetensors holding the weights themselves (`actions/checkout` with `lfs: true`)',
    fail: 'models/a/model.safetensors containing `version https://git-lfs.github.com/spec/v1` …',
  },
  async check(ctx) {
    const pointers: { path: string; scan: ArtifactScan }[] = []
    for await (const { path, scan } of unitScans(ctx)) {
      // A pointer standing for a pickle-capable file is artifact/unscannable-code (an error).
      if (scan.lfs && !isCodeCapable(scan, path)) pointers.push({ path, scan })
    }
    reportLfsPointers(ctx, pointers, false)
  },
})
