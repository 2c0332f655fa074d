import { globMatcher } from '../../core/glob.js'
import * as z from 'zod'
import { once } from '../../core/once.js'
import { TIERS, type Tier } from '../../core/policy/schema.js'
import { defineUnitRule } from '../../core/rule.js'
import { verifyEvidence } from './evidence.js'

const evidenceSchema = once(() =>
  z
    .strictObject({
      id: z.string().min(1).optional().describe('A short name; an entry with the id of a built-in Annex IV item replaces it.'),
      description: z.string().min(1).describe('What is expected, e.g. "an explainability report".'),
      why: z.string().min(1).optional().describe('Why it is required (regulation, internal policy).'),
      files: z.array(z.string().min(1)).optional().describe('Globs of acceptable files, relative to the model unit (a leading `/`: the repository root).'),
      metadata: z.string().min(1).optional().describe('Alternatively, a card metadata key that references the evidence (a URL or document id).'),
      tiers: z.array(z.enum(TIERS)).optional().describe('Risk tiers that must carry it (default: every tier).'),
      models: z.array(z.string().min(1)).optional().describe('Globs of model unit directories that must carry it (default: all).'),
      require: z.array(z.enum(['dated', 'signed'])).optional().describe('The file must be dated and/or signed.'),
    })
    .refine((e) => (e.files?.length ?? 0) > 0 || e.metadata !== undefined, { message: 'an evidence entry needs `files` or `metadata`' }),
)

export type EvidenceItem = z.infer<ReturnType<typeof evidenceSchema>>

/** The Annex IV items that are documents rather than card sections (`annex-iv: true`). */
export const ANNEX_IV_EVIDENCE: EvidenceItem[] = [
  {
    id: 'test-reports',
    description: 'test reports dated and signed by the responsible persons',
    why: 'EU AI Act Annex IV(2)(g): validation and testing procedures, with test logs and all test reports dated and signed',
    files: ['**/*test[-_]report*', '**/*test[-_]log*', '**/test-reports/**', '**/*validation[-_]report*', '**/*evaluation[-_]report*'],
    require: ['dated', 'signed'],
    tiers: ['high'],
  },
  {
    id: 'post-market-monitoring',
    description: 'a post-market monitoring plan',
    why: 'EU AI Act Annex IV(9) and Art. 72: the system to evaluate the AI system’s performance after it is placed on the market, including the post-market monitoring plan',
    files: ['**/*post*market*', '**/*monitoring*plan*', '**/monitoring/**'],
    tiers: ['high'],
  },
  {
    id: 'declaration-of-conformity',
    description: 'a reference to the EU declaration of conformity',
    why: 'EU AI Act Annex IV(8) and Art. 47: a copy of the EU declaration of conformity',
    files: ['**/*declaration*conformity*', '**/*conformity*declaration*', '**/eu-doc*', '**/*doc*of*conformity*'],
    metadata: 'declaration_of_conformity',
    tiers: ['high'],
  },
]

export interface EvidenceOptions {
  evidence: EvidenceItem[]
  'annex-iv': boolean
}

const matcher = (globs: string[]) => globMatcher(globs.map((g) => g.replace(/^\.\//, '')), { nocase: true })

function quoteList(globs: string[], max = 3): string {
  const shown = globs.slice(0, max).map((g) => `\`${g}\``).join(' or ')
  return globs.length > max ? `${shown} (or ${globs.length - max} other pattern${globs.length - max > 1 ? 's' : ''})` : shown
}

function present(v: unknown): boolean {
  if (v === undefined || v === null) return false
  if (typeof v === 'string') return v.trim() !== ''
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v).length > 0
  return true
}

export default defineUnitRule<EvidenceOptions>({
  id: 'eval/evidence-required',
  category: 'evaluation',
  defaultSeverity: 'error',
  presets: { 'eu-ai-act-high-risk': { options: { 'annex-iv': true } } },
  description: 'A model unit carries the evidence files its risk tier requires (explainability report, test reports, monitoring plan…).',
  help: `The policy lists evidence a model unit must carry, per risk tier and model glob: each entry has a
\`description\` (what is expected), optional \`why\`, \`files\` (globs relative to the unit; a leading \`/\` means
the repository root) or a card \`metadata\` key that references the evidence, and optionally
\`require: [dated, signed]\`. Missing evidence is reported at the card's risk-tier line.

\`annex-iv: true\` (set by \`eu-ai-act-high-risk\`) adds the EU AI Act Annex IV items that are documents
rather than card sections, for tier \`high\`: test reports dated and signed (Annex IV(2)(g)), a post-market
monitoring plan (Annex IV(9), Art. 72) and a reference to the EU declaration of conformity (Annex IV(8),
Art. 47). An entry with the same \`id\` replaces a built-in item.

A file is *dated* when its name or text holds a date (2025-03-01, 1 March 2025, 03/01/2025) and *signed*
when its text has a signature line (\`Signed-off-by:\`, \`Approved by:\`, \`Signature:\` followed by a name),
a PGP/SSH signature block, a detached signature beside it (\`report.pdf.asc\`, \`.sig\`, \`.p7s\`) or, for a PDF,
a digital signature.

Why: high-risk models must ship with documentation reviewers and auditors can rely on; a missing document is
easy to miss in review.

How to fix: add the document to the model's directory, or reference it from the card.`,
  regulation: ['EU AI Act Annex IV(2)(g)', 'EU AI Act Annex IV(8)', 'EU AI Act Annex IV(9)', 'EU AI Act Art. 72'],
  options: () => z.strictObject({
    evidence: z.array(evidenceSchema()).default([]).describe('Evidence files required per tier and model glob.'),
    'annex-iv': z.boolean().default(false).describe('Add the EU AI Act Annex IV document items for tier high.'),
  }),
  examples: {
    pass: 'risk_level: high with reports/test-report-2025-03-01.md ("Signed-off-by: Jane Doe"), monitoring/plan.md and a declaration_of_conformity key',
    fail: 'risk_level: high and no post-market monitoring plan in the unit',
  },
  async check(ctx) {
    const own = ctx.options.evidence
    const items = [...(ctx.options['annex-iv'] ? ANNEX_IV_EVIDENCE.filter((b) => !own.some((o) => o.id === b.id)) : []), ...own]
    if (!items.length) return
    const tierFact = await ctx.facts.tier()
    const tier: Tier = tierFact.tier
    const unitPath = ctx.unit.path
    const applicable = items.filter(
      (e) => (!e.tiers || e.tiers.includes(tier)) && (!e.models || matcher(e.models)(unitPath) || matcher(e.models)(unitPath + '/')),
    )
    if (!applicable.length) return
    let card
    try {
      card = await ctx.facts.card()
    } catch {
      card = undefined
    }
    const cardPath = ctx.facts.cardPath()
    let anchor = { path: cardPath ?? ctx.unit.artifacts[0] ?? ctx.unit.files[0] ?? unitPath, line: 1 }
    if (card?.frontMatter?.data && tierFact.declared) anchor = { path: card.path, line: card.frontMatter.locate([ctx.policy.tierKey.value], { key: true }).line }
    const prefix = unitPath === '.' ? '' : unitPath + '/'
    const unitFiles = new Set(ctx.unit.files)
    let repoFiles: string[] | undefined
    const who = `model \`${unitPath}\` (tier ${tier}${tierFact.declared ? '' : ', the policy default'})`
    for (const e of applicable) {
      const why = e.why ? ` (${e.why})` : ''
      if (e.metadata && card && present(card.metadata[e.metadata])) continue
      const globs = e.files ?? []
      const local = globs.filter((g) => !g.startsWith('/'))
      const rooted = globs.filter((g) => g.startsWith('/')).map((g) => g.slice(1))
      const candidates: string[] = []
      if (local.length) {
        const m = matcher(local)
        for (const f of ctx.unit.files) if (f.startsWith(prefix) && m(f.slice(prefix.length))) candidates.push(f)
      }
      if (rooted.length) {
        repoFiles ??= await ctx.files.list()
        const m = matcher(rooted)
        for (const f of repoFiles) if (m(f)) candidates.push(f)
      }
      const nonEmpty: string[] = []
      for (const f of candidates) if (((await ctx.files.stat(f))?.size ?? 0) > 0) nonEmpty.push(f)
      const expected = [globs.length ? `a file matching ${quoteList(globs)}${local.length ? ` in \`${unitPath}\`` : ''}` : '', e.metadata ? `card metadata \`${e.metadata}\`` : '']
        .filter(Boolean)
        .join(', or ')
      const details = { evidence: e.id ?? e.description, tier, files: globs, metadata: e.metadata }
      if (!nonEmpty.length) {
        const empty = candidates.length ? ` (\`${candidates[0]}\` is empty)` : ''
        ctx.report({ path: anchor.path, line: anchor.line, message: `${who} lacks ${e.description}${why}: expected ${expected}${empty}`, details })
        continue
      }
      const req = e.require ?? []
      if (!req.length) continue
      // Any one matching file that satisfies every requirement is enough.
      let best: { path: string; missing: string[]; unverifiable?: string } | undefined
      for (const f of nonEmpty) {
        const v = await verifyEvidence(ctx.files, f, unitFiles)
        const missing = req.filter((r) => (r === 'dated' ? !v.dated : !v.signed))
        if (!missing.length) {
          best = undefined
          break
        }
        if (!best || missing.length < best.missing.length) best = { path: f, missing, ...(v.unverifiable ? { unverifiable: v.unverifiable } : {}) }
      }
      if (!best) continue
      const name = best.path.slice(best.path.lastIndexOf('/') + 1)
      const fixes: string[] = []
      if (best.missing.includes('dated')) fixes.push('a date (e.g. `Date: 2025-03-01`, or in the file name)')
      if (best.missing.includes('signed')) fixes.push(`a signature line (\`Signed-off-by: Name\`, \`Approved by: Name\`) or a detached signature \`${name}.asc\``)
      const note = best.unverifiable ? `; ${best.unverifiable}` : ''
      ctx.report({
        path: best.path,
        line: 1,
        message: `${who}: \`${best.path}\`, offered as ${e.description}, is not ${best.missing.join(' or ')}${why}: add ${fixes.join(' and ')}${note}`,
        details: { ...details, missing: best.missing },
      })
    }
  },
})
