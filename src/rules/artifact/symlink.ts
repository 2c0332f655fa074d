import { basename, dirname, joinPath } from '../../core/files.js'
import { defineUnitRule, type UnitContext } from '../../core/rule.js'
import { filesInScope, isArtifact } from '../../core/units.js'

/** Names that can carry a pickle (and so code) or that hold data, whatever the link says it is. */
const RISKY = /\.(pt|pth|bin|ckpt|pkl|pickle|joblib|npy|npz|h5|hdf5|keras|safetensors|onnx|gguf|ggml|tflite|pb|mlmodel|msgpack|sav|dill|p|pck|dat|data|model|nemo|mar|jit|tar|zip|gz|bz2|xz|csv|tsv|json|jsonl|parquet|ipynb|xlsx?|sqlite3?|db|feather|arrow|avro)$/i

/** Where a link's target lands, repository-relative, or undefined when it leaves the repository. */
function landing(path: string, target: string): string | undefined {
  if (target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target)) return undefined
  const parts: string[] = []
  for (const seg of joinPath(dirname(path), target).replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (parts.length === 0) return undefined
      parts.pop()
    } else parts.push(seg)
  }
  return parts.join('/') || '.'
}

export interface Link {
  path: string
  /** The target as written in the link. */
  target: string
  /** Where it lands, repository-relative; undefined when it leaves the repository. */
  to: string | undefined
  /** Its name or its target is a model or data format. */
  risky: boolean
}

/** The symbolic links among the files this run's safety checks look at. */
export async function* symlinksInScope(ctx: UnitContext<unknown>): AsyncIterable<Link> {
  if (!ctx.files.entry) return
  for (const path of filesInScope(ctx.unit, ctx.run.changes, ctx.run.all)) {
    const e = await ctx.files.entry(path)
    if (e?.type !== 'symlink' || e.target === undefined) continue
    const exts = ctx.policy.models.artifactExtensions
    const risky = RISKY.test(basename(path)) || RISKY.test(basename(e.target)) || isArtifact(path, exts) || isArtifact(e.target, exts)
    yield { path, target: e.target, to: landing(path, e.target), risky }
  }
}

export default defineUnitRule({
  id: 'artifact/symlink',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'error',
  description: 'No symbolic link in the change stands for a model or data file, or points outside the repository.',
  help: `modelgate never follows a symbolic link out of the workspace, so what such a link stands for is never
scanned: a \`model.pkl\` that links to \`/tmp/payload\` or \`../../other-checkout/model.pkl\` passes no scanner, and
whoever loads it runs whatever is there. A link inside the repository to a file the change adds is scanned through
its target; a link whose name or target is a model or data format, or whose target leaves the repository, is an
error. The finding names the target path, never its content.

How to fix: commit the file itself (or a Git LFS pointer / DVC pointer to it) instead of a link.`,
  regulation: ['EU AI Act Art. 15(5)'],
  examples: {
    pass: 'docs/README.md linking to ../README.md (a text file inside the repository)',
    fail: 'models/a/model.pkl → /opt/shared/model.pkl',
  },
  async check(ctx) {
    for await (const { path, target, to, risky } of symlinksInScope(ctx)) {
      if (to !== undefined && !risky) continue
      const why = to === undefined ? 'points outside the repository' : 'stands for a model or data file'
      ctx.report({
        path,
        message: `is a symbolic link to \`${target}\`, which ${why}: links are not followed${to === undefined ? ' out of the workspace' : ''}, so its content is not checked; commit the file itself`,
        details: { target, outside: to === undefined },
      })
    }
  },
})
