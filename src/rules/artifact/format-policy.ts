import * as z from 'zod'
import { defineUnitRule } from '../../core/rule.js'
import type { ArtifactScan } from '../../formats/archive/scan.js'
import { FORMAT_LABEL, article, scanOf } from './shared.js'

interface Options {
  allowed: string[]
  forbidden: string[]
  scope: 'added' | 'changed' | 'all'
  maxSize: number | string | null
}

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 }

/** Parses a size such as `2GB`, `500 MiB` or a number of bytes. */
export function parseSize(v: number | string): number {
  if (typeof v === 'number') return v
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(v)
  if (!m) return NaN
  return Math.round(Number(m[1]) * (UNITS[(m[2] ?? 'b').toLowerCase()] ?? NaN))
}

/** The names a format answers to in `allowed`/`forbidden`: its own, its family, and `pickle` when pickle-based. */
export function formatTags(scan: ArtifactScan): string[] {
  const tags = new Set<string>([scan.format])
  if (scan.format.startsWith('torch')) tags.add('torch')
  if (['torch-zip', 'npz', 'keras', 'zip'].includes(scan.format)) tags.add('zip')
  if (scan.pickle || ['pickle', 'joblib', 'torch-legacy', 'torch-zip'].includes(scan.format)) tags.add('pickle')
  return [...tags]
}

function human(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`
}

export default defineUnitRule<Options>({
  id: 'artifact/format-policy',
  category: 'artifact',
  defaultSeverity: 'off',
  description: 'Artifacts use the formats the policy allows (e.g. "new models must be safetensors") and stay under its size limit.',
  help: `Off unless the policy turns it on (a warning under \`strict\`). By default it applies to artifacts the
change *adds* and forbids pickle-based formats (\`pickle\`, joblib, PyTorch \`.pt\` zips and legacy files, NumPy
object arrays): "new models must be safetensors". Options:

- \`forbidden\`: format names or families that are refused (default \`[pickle]\`);
- \`allowed\`: when not empty, only these formats are accepted;
- \`scope\`: \`added\` (default), \`changed\` (added or modified) or \`all\` artifacts of the evaluated units;
- \`maxSize\`: a size limit such as \`2GB\` or \`500MiB\`.

Format names: \`safetensors\`, \`pickle\`, \`joblib\`, \`torch\` (\`torch-zip\`, \`torch-legacy\`), \`numpy\`, \`npz\`,
\`keras\`, \`hdf5\`, \`gguf\`, \`onnx\`, \`tflite\`, \`protobuf\`, \`zip\`, \`7z\`, \`lfs-pointer\`, \`unknown\`.

How to fix: convert the model (\`safetensors.torch.save_file(model.state_dict(), …)\`), or change the policy.`,
  presets: { strict: 'warning' },
  options: () => z.strictObject({
    allowed: z.array(z.string().min(1)).default([]).describe('Formats accepted (empty: any not forbidden).'),
    forbidden: z.array(z.string().min(1)).default(['pickle']).describe('Formats or families refused.'),
    scope: z.enum(['added', 'changed', 'all']).default('added').describe('Which artifacts the rule applies to.'),
    maxSize: z
      .union([z.number().int().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*([kmgtKMGT]i?[bB]|[bB])?\s*$/, 'expected a size such as 2GB or 500MiB')])
      .nullable()
      .default(null)
      .describe('Largest artifact accepted, e.g. 2GB.'),
  }),
  examples: {
    pass: 'with `artifact/format-policy: warning`, a pull request adding models/churn/model.safetensors',
    fail: 'with `artifact/format-policy: warning` (default `forbidden: [pickle]`), a pull request adding models/churn/model.pt',
  },
  async check(ctx) {
    const { allowed, forbidden, scope, maxSize } = ctx.options
    const status = new Map(ctx.unit.changes.map((c) => [c.path, c.status]))
    const limit = maxSize === null ? undefined : parseSize(maxSize)
    for (const path of ctx.unit.artifacts) {
      const s = status.get(path)
      if (scope === 'added' && s !== 'added') continue
      if (scope === 'changed' && (s === undefined || s === 'removed')) continue
      const scan = await scanOf(ctx, path)
      if (scan.format === 'mlflow') continue
      const tags = formatTags(scan)
      const label = `${FORMAT_LABEL[scan.format]}${tags.includes('pickle') && scan.format !== 'pickle' ? ' (pickle-based)' : ''}`
      const scopeText = scope === 'added' ? 'new artifacts' : scope === 'changed' ? 'changed artifacts' : 'artifacts'
      const banned = forbidden.find((f) => tags.includes(f))
      if (banned) {
        ctx.report({ path, message: `is ${article(label)}, a format the policy forbids for ${scopeText} (\`${banned}\`): convert it to an allowed format such as safetensors`, details: { format: scan.format, tags, forbidden: banned } })
      } else if (allowed.length && !allowed.some((a) => tags.includes(a))) {
        ctx.report({ path, message: `is ${article(label)}, which is not among the formats the policy allows for ${scopeText} (${allowed.join(', ')})`, details: { format: scan.format, tags, allowed } })
      }
      const size = scan.lfs?.size ?? scan.size
      if (limit !== undefined && size > limit) {
        ctx.report({ path, message: `is ${human(size)}, over the policy's limit of ${human(limit)} for ${scopeText}`, details: { size, limit } })
      }
    }
  },
})
