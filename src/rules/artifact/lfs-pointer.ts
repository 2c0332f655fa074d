import { defineUnitRule } from '../../core/rule.js'
import { unitScans } from './shared.js'

export default defineUnitRule({
  id: 'artifact/lfs-pointer',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'warning',
  description: 'Artifacts are present as content, not Git LFS pointers (a pointer cannot be scanned).',
  help: `When the repository stores models with Git LFS and the workflow checks out without LFS, the working
tree holds small pointer files (\`version https://git-lfs.github.com/spec/v1\`, \`oid sha256:…\`, \`size …\`)
instead of the models: nothing can be scanned. modelgate still uses the pointer's oid and size as the
declared hash and size (see \`artifact/hash-mismatch\`).

Under \`recommended\` this is a warning, under \`strict\` an error.

How to fix: check out with LFS content (\`actions/checkout\` with \`lfs: true\`), or exclude the paths.`,
  presets: { strict: 'error' },
  examples: {
    pass: 'models/a/model.safetensors holding the weights themselves (`actions/checkout` with `lfs: true`)',
    fail: 'models/a/model.safetensors containing `version https://git-lfs.github.com/spec/v1` …',
  },
  async check(ctx) {
    for await (const { path, scan } of unitScans(ctx)) {
      if (!scan.lfs) continue
      ctx.report({
        path,
        line: 1,
        message: `is a Git LFS pointer (${scan.lfs.algorithm}:${scan.lfs.oid.slice(0, 12)}…, ${scan.lfs.size} bytes), not the model itself: its content cannot be scanned; check out with LFS content (actions/checkout \`lfs: true\`)`,
        details: { oid: `${scan.lfs.algorithm}:${scan.lfs.oid}`, size: scan.lfs.size },
      })
    }
  },
})
