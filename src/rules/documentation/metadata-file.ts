import { defineUnitRule } from '../../core/rule.js'
import { METADATA_KIND_NAMES } from '../../formats/metadata/index.js'
import { cite, unitDocs } from './docs.js'
import { citeOptions, type CiteOptions } from './shared.js'

export default defineUnitRule<CiteOptions>({
  id: 'doc/metadata-file',
  category: 'documentation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { cite: 'EU AI Act Annex IV(1)' } } },
  description: 'Metadata files (policy-named, model_card.json, MLmodel) exist where required and parse.',
  help: `Checks the unit's metadata beside the card:
- every file named in \`settings.documentation.metadata-files\` (e.g. \`model.yaml\`, \`metadata.json\`) exists at
  the unit's root;
- it, a Model Card Toolkit \`model_card.json\` and an MLflow \`MLmodel\` / \`registered_model_meta\` parse, and
  have the expected shape (reported at the failing line and column);
- none is larger than \`max-card-bytes\` or binary (such a file is reported, not read).

How to fix: add the missing file, or correct the syntax at the reported position.`,
  regulation: ['EU AI Act Annex IV(1)'],
  options: citeOptions,
  examples: {
    pass: '`settings.documentation.metadata-files: [model.yaml]` and `models/churn/model.yaml` holding `owner: ml-team`',
    fail: '`settings.documentation.metadata-files: [model.yaml]` and no `model.yaml` in `models/churn/`',
  },
  async check(ctx) {
    const docs = await unitDocs(ctx)
    const reg = ctx.options.cite ? { regulation: ctx.options.cite } : {}
    for (const m of docs.missingMetadataFiles) {
      ctx.report({
        path: docs.anchor,
        line: 1,
        message: cite(
          `model unit \`${ctx.unit.path}\` has no \`${m.name}\`, which the policy requires (\`settings.documentation.metadata-files\`): add \`${m.path}\``,
          ctx.options.cite,
        ),
        details: { expected: m.path, ...reg },
      })
    }
    for (const m of docs.metadata) {
      const first = m.errors[0]
      if (!first) continue
      const more = m.errors.length > 1 ? ` (${m.errors.length - 1} more error${m.errors.length > 2 ? 's follow' : ' follows'})` : ''
      ctx.report({
        path: m.path,
        line: first.line,
        column: first.column,
        message: cite(`${METADATA_KIND_NAMES[m.kind]} cannot be read: ${first.message}${more}`, ctx.options.cite),
        details: { format: m.kind, errors: m.errors.length, ...reg },
      })
    }
    for (const s of docs.skipped) {
      ctx.report({
        path: s.path,
        line: 1,
        message: cite(`metadata file was not read (${s.message}); its metadata is unchecked`, ctx.options.cite),
        details: { reason: s.reason, ...(s.size !== undefined ? { size: s.size } : {}), ...reg },
      })
    }
  },
})
