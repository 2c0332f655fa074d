/**
 * The effective policy: rule defaults, then presets in order, then the policy file; each value remembers
 * where it came from (for `modelgate policy show`).
 */
import * as z from 'zod'
import type { Level } from '../findings.js'
import { PRESET_NAMES, type AnyRule, type PresetEntry, type PresetName, type RuleSet } from '../rule.js'
import { DEFAULT_ARTIFACT_EXTENSIONS, DEFAULT_GOVERNANCE_EXCLUDE, type DiscoveryOptions } from '../units.js'
import type { FailOn, GuardianConfig, PolicyFile, Tier, WaiverConfig } from './schema.js'
import type { Position } from '../../formats/yaml.js'

export const PRESET_PARENT: Record<PresetName, PresetName | undefined> = {
  recommended: undefined,
  strict: 'recommended',
  'eu-ai-act-high-risk': 'strict',
}

export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  recommended: 'Sensible defaults for any team: blocks unsafe artifacts and personal data, warns on documentation gaps.',
  strict: 'Everything in recommended, and more documentation, tiers required, unknown pickle globals blocked.',
  'eu-ai-act-high-risk':
    'Everything in strict, mapped to the EU AI Act obligations for high-risk systems (Annex IV, Art. 10, Art. 13).',
}

export interface Sourced<T> {
  value: T
  /** 'default', 'preset:NAME', or 'FILE:LINE:COL'. */
  source: string
}

export interface ResolvedRule {
  severity: Level
  options: unknown
  /** Where the severity came from. */
  source: string
}

export interface PositionedWaiver extends WaiverConfig {
  index: number
  line: number
}

export interface PositionedGuardian extends GuardianConfig {
  index: number
  line: number
}

export interface ResolvedPolicy {
  /** The policy file path, or 'built-in' when none was found. */
  source: string
  /** The revision the policy was read from (pull requests: the base SHA). */
  ref?: string
  sha256: string
  extends: PresetName[]
  failOn: Sourced<FailOn>
  defaultTier: Sourced<Tier>
  tierKey: Sourced<string>
  models: DiscoveryOptions
  rules: Record<string, ResolvedRule>
  settings: Record<string, unknown>
  waivers: PositionedWaiver[]
  guardians: PositionedGuardian[]
  inlineSuppressions: boolean
}

/** The presets a list of `extends` expands to, parents first, each once. */
export function presetChain(names: PresetName[]): PresetName[] {
  const out: PresetName[] = []
  const add = (p: PresetName) => {
    const parent = PRESET_PARENT[p]
    if (parent) add(parent)
    if (!out.includes(p)) out.push(p)
  }
  names.forEach(add)
  return out
}

function applyEntry<O>(
  current: { severity: Level; options: Record<string, unknown>; source: string },
  entry: PresetEntry<O> | Record<string, unknown> | undefined,
  source: string,
) {
  if (entry === undefined) return
  if (typeof entry === 'string') {
    current.severity = entry
    current.source = source
    return
  }
  const { severity, options, ...rest } = entry as { severity?: Level; options?: Record<string, unknown> }
  if (severity) {
    current.severity = severity
    current.source = source
  }
  Object.assign(current.options, options ?? {}, rest)
}

export function resolveRule(
  rule: AnyRule,
  chain: PresetName[],
  fileEntry: unknown,
  fileSource: string,
): ResolvedRule {
  const cur = { severity: rule.defaultSeverity, options: {} as Record<string, unknown>, source: 'default' }
  for (const p of chain) applyEntry(cur, rule.presets?.[p], `preset:${p}`)
  applyEntry(cur, fileEntry as never, fileSource)
  const options = rule.options ? (rule.options as z.ZodType).parse(cur.options) : {}
  return { severity: cur.severity, options, source: cur.source }
}

export interface ResolveInput {
  ruleSet: RuleSet
  file?: PolicyFile
  source: string
  ref?: string
  sha256: string
  locate?: (path: (string | number)[]) => Position
}

export function resolvePolicy(input: ResolveInput): ResolvedPolicy {
  const f = input.file
  const at = (path: (string | number)[]) => {
    if (!input.locate) return input.source
    const p = input.locate(path)
    return `${input.source}:${p.line}:${p.column}`
  }
  const ext = f?.extends === undefined ? ['recommended' as const] : Array.isArray(f.extends) ? f.extends : [f.extends]
  const chain = presetChain(ext)
  const rules: Record<string, ResolvedRule> = {}
  for (const r of input.ruleSet.rules) {
    const entry = (f?.rules as Record<string, unknown> | undefined)?.[r.id]
    const severityAt = entry && typeof entry === 'object' && 'severity' in entry ? ['rules', r.id, 'severity'] : ['rules', r.id]
    rules[r.id] = resolveRule(r, chain, entry, at(severityAt))
  }
  const settings: Record<string, unknown> = {}
  for (const s of input.ruleSet.settings) {
    const merged: Record<string, unknown> = {}
    for (const p of chain) Object.assign(merged, s.presets?.[p] ?? {})
    Object.assign(merged, (f?.settings as Record<string, unknown> | undefined)?.[s.key] ?? {})
    settings[s.key] = (s.schema as z.ZodType).parse(merged)
  }
  const sourced = <T>(key: string, value: T | undefined, fallback: T): Sourced<T> =>
    value === undefined ? { value: fallback, source: 'default' } : { value, source: at([key]) }
  const line = (path: (string | number)[]) => input.locate?.(path).line ?? 1
  return {
    source: input.source,
    ref: input.ref,
    sha256: input.sha256,
    extends: ext,
    failOn: sourced('fail-on', f?.['fail-on'], 'error'),
    defaultTier: sourced('default-tier', f?.['default-tier'], 'minimal'),
    tierKey: sourced('tier-key', f?.['tier-key'], 'risk_level'),
    models: {
      include: f?.models?.include ?? [],
      exclude: f?.models?.exclude ?? [],
      defaultExclude: f?.models?.['default-exclude'] ?? DEFAULT_GOVERNANCE_EXCLUDE,
      artifactExtensions: [...new Set([...(f?.models?.['default-artifact-extensions'] ?? DEFAULT_ARTIFACT_EXTENSIONS), ...(f?.models?.['artifact-extensions'] ?? [])])],
      units: (f?.models?.units ?? []).map((u) => (u.card === undefined ? { path: u.path } : { path: u.path, card: u.card })),
    },
    rules,
    settings,
    waivers: (f?.waivers ?? []).map((w, index) => ({ ...w, index, line: line(['waivers', index]) })),
    guardians: (f?.guardians ?? []).map((g, index) => ({ ...g, index, line: line(['guardians', index]) })),
    inlineSuppressions: f?.['inline-suppressions'] ?? false,
  }
}

export { PRESET_NAMES }
