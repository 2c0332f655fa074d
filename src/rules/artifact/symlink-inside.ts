import { basename } from '../../core/files.js'
import { defineUnitRule } from '../../core/rule.js'
import { filesInScope } from '../../core/units.js'
import { landing, RISKY } from './symlink.js'

export default defineUnitRule({
  id: 'artifact/symlink-inside',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'notice',
  description: 'Symbolic links in the change that stay inside the repository are listed with their target.',
  help: `A symbolic link whose name and target are neither a model nor a data format, and whose target stays inside
the repository, is harmless to the gate: what it points to is checked in its own right. It is still listed (a
notice, with the target path, never its content) so that no indirection in a change goes unseen. Links that stand
for a model or data file, or that leave the repository, are \`artifact/symlink\` errors.

How to fix: nothing is required; commit the file itself if reviewers should not have to follow the link.`,
  presets: { strict: 'notice' },
  examples: {
    pass: 'docs/README.md as a regular file',
    fail: 'docs/README.md → ../README.md (listed as a notice)',
  },
  async check(ctx) {
    if (!ctx.files.entry) return
    for (const path of filesInScope(ctx.unit, ctx.run.changes, ctx.run.all)) {
      const e = await ctx.files.entry(path)
      if (e?.type !== 'symlink' || e.target === undefined) continue
      const to = landing(path, e.target)
      if (to === undefined || RISKY.test(basename(path)) || RISKY.test(basename(e.target))) continue
      ctx.report({ path, message: `is a symbolic link to \`${e.target}\` (\`${to}\` in this repository), checked in its place`, details: { target: e.target, resolved: to } })
    }
  },
})
