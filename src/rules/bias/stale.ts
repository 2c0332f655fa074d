import { defineUnitRule, type UnitContext } from '../../core/rule.js'
import { basename, dirname, joinPath, normalizePath } from '../../core/files.js'
import { FileAccessError } from '../../core/files.js'
import { contentHash, loadReports, type ContentHash } from './load.js'

/** Weights files of the unit (artifacts; an MLflow `MLmodel` descriptor is not weights). */
function weightsOf(ctx: UnitContext<unknown>): string[] {
  return ctx.unit.artifacts.filter((a) => basename(a) !== 'MLmodel')
}

export default defineUnitRule({
  id: 'bias/stale',
  category: 'bias',
  defaultSeverity: 'error',
  description: 'A bias report records the sha256 of the weights it was computed on, and they are the current weights.',
  help: `A modelgate bias report lists, under \`model.weights\`, each weights file (relative to the report) and its
sha256. The report is stale when a recorded file's current sha256 differs from the recorded one, when a recorded
file no longer exists, or when a weights file of the unit changed in this change and the report does not record
it. The hash of a large file is streamed; a Git LFS pointer's \`oid\` stands in for the hash when the content is
not checked out. A reduced input (e.g. a Fairlearn export) records no hashes: it is stale when a weights file
changed in this change and the report did not.

Why: a fairness report says nothing about weights it was not computed on.

How to fix: re-run the evaluation on the new weights and regenerate the report (\`modelgate bias-report --from
counts.csv --weights <file>\` fills in the hashes).`,
  regulation: ['EU AI Act Annex IV(2)(g)', 'EU AI Act Art. 12'],
  examples: {
    pass: '`model.weights: [{path: model.safetensors, sha256: <sha256 of the current model.safetensors>}]`',
    fail: 'a pull request retrains model.safetensors and leaves bias_report.yaml recording the old sha256',
  },
  async check(ctx) {
    const { valid } = await loadReports(ctx)
    if (!valid.length) return
    const changed = new Map(ctx.unit.changes.filter((c) => c.status !== 'removed').map((c) => [c.path, c]))
    const removed = new Set(ctx.unit.changes.filter((c) => c.status === 'removed').map((c) => c.path))
    const renamedFrom = new Map(ctx.unit.changes.filter((c) => c.status === 'renamed' && c.previousPath).map((c) => [c.previousPath!, c.path]))
    const weights = weightsOf(ctx)
    for (const { path, report } of valid) {
      const name = `\`${basename(path)}\``
      if (report.kind !== 'modelgate') {
        if (changed.has(path)) continue
        for (const w of weights.filter((w) => changed.has(w))) {
          ctx.report({
            path,
            line: 1,
            message: `bias report is stale: weights file \`${w}\` changed in this change but ${name} did not, and as a reduced input it records no hashes to prove it describes the new weights: re-run the evaluation and regenerate the report`,
            details: { weights: w, change: changed.get(w)!.status },
          })
        }
        continue
      }
      const recorded = new Set<string>()
      for (const ref of report.weights) {
        const target = normalizePath(joinPath(dirname(path), ref.path))
        recorded.add(target)
        const at = { line: ref.at.line, column: ref.at.column }
        let hash: ContentHash | undefined
        try {
          if (await ctx.files.stat(target)) hash = await contentHash(ctx, target)
        } catch (err) {
          if (!(err instanceof FileAccessError)) throw err
          ctx.report({ path, ...at, message: `cannot check that the bias report is fresh: \`${target}\` could not be read (${err.message})`, details: { weights: target } })
          continue
        }
        if (!hash) {
          const to = renamedFrom.get(target)
          const what = to ? `was renamed to \`${to}\` in this change` : removed.has(target) ? 'was removed in this change' : 'does not exist'
          ctx.report({ path, ...at, message: `bias report is stale: it records weights file \`${target}\` (sha256 ${ref.sha256}), which ${what}: re-run the evaluation on the current weights and update \`model.weights\``, details: { weights: target, recorded: ref.sha256 } })
          continue
        }
        if (hash.sha256 === ref.sha256) continue
        const c = changed.get(target)
        const how = c ? ` changed in this change (${c.status}) and` : ''
        const kind = hash.lfs ? 'Git LFS oid' : 'sha256'
        ctx.report({
          path,
          ...at,
          message: `bias report is stale: weights file \`${target}\`${how} has ${kind} ${hash.sha256}, but ${name} records ${ref.sha256}: re-run the evaluation on the current weights and regenerate the report`,
          details: { weights: target, current: hash.sha256, recorded: ref.sha256, lfs: hash.lfs, changed: c !== undefined },
        })
      }
      for (const w of weights) {
        if (recorded.has(w) || !changed.has(w)) continue
        ctx.report({
          path,
          line: report.weightsAt.line,
          column: report.weightsAt.column,
          message: `bias report is stale: weights file \`${w}\` changed in this change (${changed.get(w)!.status}) but ${name} does not record its sha256 under \`model.weights\`: re-run the evaluation on it and record its hash`,
          details: { weights: w, change: changed.get(w)!.status },
        })
      }
    }
  },
})
