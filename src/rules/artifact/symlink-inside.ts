import { defineUnitRule } from '../../core/rule.js'
import { symlinksInScope } from './symlink.js'

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
    for await (const { path, target, to, risky } of symlinksInScope(ctx)) {
      if (to === undefined || risky) continue
      ctx.report({ path, message: `is a symbolic link to \`${target}\` (\`${to}\` in this repository), checked in its place`, details: { target, resolved: to } })
    }
  },
})
