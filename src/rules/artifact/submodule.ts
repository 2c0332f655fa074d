import { defineUnitRule } from '../../core/rule.js'
import { filesInScope } from '../../core/units.js'

export default defineUnitRule({
  id: 'artifact/submodule',
  category: 'artifact',
  defaultSeverity: 'warning',
  description: 'A model unit holds no git submodule, whose content is not part of the check.',
  help: `A git submodule (gitlink) inside a model unit points to a commit of another repository. Its files are
not checked out by default and are never part of this repository's check: weights, pickles or data there pass
unseen, and the submodule's commit can change what the model is without touching this repository's files.

Under \`recommended\` this is a warning, under \`strict\` an error.

How to fix: vendor the files the model needs into the unit (or declare them with DVC / Git LFS), or move the
submodule out of the model's folder.`,
  presets: { strict: 'error' },
  examples: {
    pass: 'models/a/ holding its weights and card; third_party/lib as a submodule outside any unit',
    fail: 'models/a/weights as a git submodule',
  },
  async check(ctx) {
    if (!ctx.files.entry) return
    for (const path of filesInScope(ctx.unit, ctx.run.changes, ctx.run.all)) {
      const e = await ctx.files.entry(path)
      if (e?.type !== 'submodule') continue
      ctx.report({ path, message: `is a git submodule inside model unit \`${ctx.unit.path}\`: its content is another repository's and is not checked`, details: { submodule: true } })
    }
  },
})
