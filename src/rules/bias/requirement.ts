/**
 * Shared by bias/report-required (error) and bias/report-recommended (warning): a rule's severity is fixed per
 * rule, so "an error for high-tier units, a warning for limited ones" is two rules with their own tier lists.
 */
import { globMatcher } from '../../core/glob.js'
import * as z from 'zod'
import { once } from '../../core/once.js'
import { joinPath } from '../../core/files.js'
import { TIERS, type Tier } from '../../core/policy/schema.js'
import type { UnitContext } from '../../core/rule.js'
import { loadReports } from './load.js'

export const requirementOptions = once(() =>
  z.strictObject({
    tiers: z.array(z.enum(TIERS)).describe('Risk tiers (from the model card, else the policy default tier) whose units need a bias report.'),
    paths: z.array(z.string().min(1)).default([]).describe('Globs of model unit directories that need a bias report whatever their tier.'),
  }),
)
export type RequirementOptions = z.infer<ReturnType<typeof requirementOptions>>

export interface Requirement {
  tier: Tier
  declared: boolean
  byPath?: string
  byTier: boolean
}

export function requirementFor(unitPath: string, tier: { tier: Tier; declared: boolean }, o: RequirementOptions): Requirement | undefined {
  const byTier = o.tiers.includes(tier.tier)
  const byPath = o.paths.find((g) => globMatcher(g)(unitPath))
  if (!byTier && byPath === undefined) return undefined
  return { tier: tier.tier, declared: tier.declared, byTier, byPath }
}

export async function checkRequirement(ctx: UnitContext<RequirementOptions>, verb: 'requires' | 'recommends', skip?: (r: Requirement) => boolean): Promise<void> {
  const tier = await ctx.facts.tier()
  const req = requirementFor(ctx.unit.path, tier, ctx.options)
  if (!req || skip?.(req)) return
  const reports = await loadReports(ctx)
  if (reports.all.length) return
  const card = await ctx.facts.card().catch(() => undefined)
  let path = ctx.unit.artifacts[0] ?? ctx.unit.files[0] ?? joinPath(ctx.unit.path, 'bias_report.yaml')
  let line = 1
  const tierKey = ctx.policy.tierKey.value
  if (tier.declared && card?.frontMatter) {
    path = card.path
    line = card.frontMatter.locate([tierKey]).line
  }
  const why = req.byTier
    ? tier.declared
      ? `risk tier \`${req.tier}\` (declared in \`${card?.path ?? 'the model card'}\`)`
      : `risk tier \`${req.tier}\` (the policy's default tier: the model card declares no \`${tierKey}\`)`
    : `its path (matches \`${req.byPath}\`)`
  const near = reports.nearMisses.length
    ? `; ${reports.nearMisses.map((f) => `\`${f}\``).join(', ')} ${reports.nearMisses.length === 1 ? 'was' : 'were'} found, but modelgate reads numbers only from JSON, YAML or CSV`
    : ''
  ctx.report({
    path,
    line,
    message: `the policy ${verb} a bias report for model unit \`${ctx.unit.path}\` by ${why}, and there is none${near}: add \`${joinPath(ctx.unit.path, 'bias_report.yaml')}\` in the modelgate format (docs/bias-report.md; \`modelgate bias-report --from counts.csv\` writes one)`,
    details: { tier: req.tier, tierDeclared: req.declared, ...(req.byPath ? { path: req.byPath } : {}), nearMisses: reports.nearMisses },
  })
}
