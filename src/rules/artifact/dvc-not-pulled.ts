import { defineUnitRule } from '../../core/rule.js'

export default defineUnitRule({
  id: 'artifact/dvc-not-pulled',
  category: 'artifact',
  defaultSeverity: 'warning',
  description: 'Models that DVC declares (`.dvc` files, `dvc.yaml` outputs and artifacts) are present in the workspace, so they can be scanned.',
  help: `A model tracked by DVC lives in DVC's cache or remote; git holds only the pointer (\`model.pkl.dvc\`, or
an output of a \`dvc.yaml\` stage with its md5 in \`dvc.lock\`). The pointer makes its folder a model unit. When
the workflow runs \`dvc pull\` before modelgate, the content is in the workspace (ignored by git): it is
scanned like any artifact and its md5 is compared with the declaration (\`artifact/hash-mismatch\`). When it is
not, nothing of the model can be scanned, and this rule says so.

Under \`recommended\` this is a warning, under \`strict\` an error.

How to fix: add a \`dvc pull\` step (with the remote's credentials) before modelgate in the workflow, e.g.
\`- run: pip install dvc && dvc pull models/model.pkl\`.`,
  presets: { strict: 'error' },
  examples: {
    pass: 'models/churn/model.pkl.dvc, with models/churn/model.pkl pulled into the workspace by `dvc pull`',
    fail: 'models/churn/model.pkl.dvc declaring md5 3863d0e3…, and no models/churn/model.pkl in the workspace',
  },
  check(ctx) {
    for (const d of ctx.unit.declared) {
      if (d.kind !== 'dvc' || d.dir || d.present !== false) continue
      const hash = d.md5 ? ` (md5 ${d.md5.slice(0, 12)}…${d.size !== undefined ? `, ${d.size} bytes` : ''})` : ''
      ctx.report({
        path: d.path,
        message: `is declared by \`${d.source}\`${hash} but its content is not in the workspace: it cannot be scanned; run \`dvc pull\` before modelgate`,
        details: { source: d.source, md5: d.md5, size: d.size },
      })
    }
  },
})
