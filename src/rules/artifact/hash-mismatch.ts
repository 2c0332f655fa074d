import { createHash } from 'node:crypto'
import * as z from 'zod'
import { defineUnitRule, type UnitContext } from '../../core/rule.js'
import { basename } from '../../core/files.js'
import { collectDeclarations, DEFAULT_MANIFESTS, type Declaration } from './declared.js'
import { FORMAT_LABEL, scanOf } from './shared.js'

interface Options {
  manifests: string[]
  inventory: boolean
}

async function md5Of(ctx: UnitContext<Options>, path: string): Promise<string> {
  const h = createHash('md5')
  for await (const chunk of ctx.files.stream(path, { chunkSize: 1 << 20 })) h.update(chunk)
  return h.digest('hex')
}

const where = (d: Declaration) => `\`${d.source}\` (${d.line ? `line ${d.line}, ` : ''}${d.via})`

export default defineUnitRule<Options>({
  id: 'artifact/hash-mismatch',
  category: 'artifact',
  defaultSeverity: 'error',
  description: 'Every artifact matches the sha256 (or DVC md5, or size) that its metadata declares.',
  help: `modelgate hashes each artifact (sha256, streamed) and compares it with what the unit's metadata
declares: the model card's front matter (\`sha256:\` for a single artifact, or \`checksums:\`/\`hashes:\`/
\`artifacts:\` mapping files to hashes), MLflow \`MLmodel\` \`metadata\`, DVC \`.dvc\` files and \`dvc.lock\`
(md5 and size), checksum manifests (\`SHA256SUMS\`, \`*.sha256\`; option \`manifests\`), and Git LFS pointers
(their oid and size). A mismatch names both values. With \`inventory\` (default) the report also lists every
artifact with its format, size and sha256.

Why: a hash in reviewed metadata is what downstream users verify; an artifact that no longer matches was
swapped, corrupted or re-trained without updating its documentation.

How to fix: update the declared hash with the one in the finding if the new artifact is intended, or
restore the artifact.`,
  regulation: ['EU AI Act Annex IV(2)', 'EU AI Act Art. 12 (record-keeping)'],
  options: () => z.strictObject({
    manifests: z.array(z.string().min(1)).default(DEFAULT_MANIFESTS).describe('File-name globs of checksum manifests inside a unit.'),
    inventory: z.boolean().default(true).describe('Publish a table of every artifact with its format, size and sha256.'),
  }),
  examples: {
    pass: 'README.md front matter `sha256: 2c26…` and model.safetensors hashes to `2c26…`',
    fail: 'README.md front matter `sha256: 9f86…` while model.safetensors hashes to `2c26…`',
  },
  async check(ctx) {
    const declared = await collectDeclarations(ctx, ctx.options.manifests)
    const rows: string[][] = []
    for (const path of ctx.unit.artifacts) {
      if (basename(path) === 'MLmodel') continue
      const scan = await scanOf(ctx, path)
      const decls = declared.get(path) ?? []
      if (scan.lfs) {
        const ptr = scan.lfs
        for (const d of decls) {
          if (d.algorithm === 'sha256' && ptr.algorithm === 'sha256' && d.value !== ptr.oid) {
            ctx.report({ path, line: 1, message: `the Git LFS pointer names sha256 \`${ptr.oid}\`, but ${where(d)} declares \`${d.value}\``, details: { algorithm: 'sha256', actual: ptr.oid, declared: d.value, declaredIn: d.source, declaredLine: d.line, via: d.via, lfs: true } })
          }
          if (d.algorithm === 'size' && Number(d.value) !== ptr.size) {
            ctx.report({ path, line: 1, message: `the Git LFS pointer gives a size of ${ptr.size} bytes, but ${where(d)} declares ${d.value} bytes`, details: { algorithm: 'size', actual: ptr.size, declared: Number(d.value), declaredIn: d.source, declaredLine: d.line, via: d.via, lfs: true } })
          }
        }
        if (ctx.options.inventory) rows.push([path, FORMAT_LABEL[scan.format], String(ptr.size), `${ptr.oid} (LFS pointer)`, decls.map((d) => d.via).join(', ') || '—'])
        continue
      }
      const needSha = ctx.options.inventory || decls.some((d) => d.algorithm === 'sha256')
      let sha: string | undefined
      let md5: string | undefined
      try {
        if (needSha) sha = await ctx.facts.sha256(path)
        if (decls.some((d) => d.algorithm === 'md5')) md5 = await md5Of(ctx, path)
      } catch (err) {
        if (decls.length) ctx.report({ path, message: `the file cannot be hashed (${err instanceof Error ? err.message : String(err)}), so its declared hash cannot be checked`, details: { error: 'unreadable' } })
        continue
      }
      for (const d of decls) {
        const actual = d.algorithm === 'sha256' ? sha : d.algorithm === 'md5' ? md5 : String(scan.size)
        if (actual === undefined || actual === d.value) continue
        const what = d.algorithm === 'size' ? `the file is ${actual} bytes, but ${where(d)} declares ${d.value} bytes` : `${d.algorithm} of the file is \`${actual}\`, but ${where(d)} declares \`${d.value}\``
        ctx.report({
          path,
          message: `${what}: the artifact and its recorded ${d.algorithm === 'size' ? 'size' : 'hash'} disagree`,
          details: { algorithm: d.algorithm, actual: d.algorithm === 'size' ? Number(actual) : actual, declared: d.algorithm === 'size' ? Number(d.value) : d.value, declaredIn: d.source, declaredLine: d.line, via: d.via },
        })
      }
      if (ctx.options.inventory) rows.push([path, FORMAT_LABEL[scan.format], String(scan.size), sha ?? '', decls.map((d) => `${d.via}${d.algorithm === 'sha256' ? '' : ` (${d.algorithm})`}`).join(', ') || '—'])
    }
    if (ctx.options.inventory && rows.length) {
      ctx.table({ id: 'artifacts', title: 'Model artifacts', columns: ['artifact', 'format', 'bytes', 'sha256', 'declared by'], rows, detail: true })
    }
  },
})
