/**
 * `settings.artifact` of the policy: extensions of the pickle allow/deny lists, Keras modules the team
 * trusts, and the archive limits. Shared by every artifact rule.
 */
import * as z from 'zod'
import { once } from '../../core/once.js'
import { defineSettings, type SettingsSection } from '../../core/rule.js'
import { DEFAULT_LIMITS } from '../../formats/archive/artifact.js'

const globPattern = once(() =>
  z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_.*?[\]{}!,^-]+$/, 'expected a dotted name or pattern such as `mypkg.models.Net`, `mypkg.**` or `torch.*Storage`'),
)

export const artifactSettingsSchema = once(() =>
  z.strictObject({
    'allow-globals': z
      .array(globPattern())
      .default([])
      .describe('Pickle globals the team has reviewed and accepts (dotted names; `*` within a segment, `**` across segments). They override the built-in denylist.'),
    'deny-globals': z.array(globPattern()).default([]).describe('Pickle globals that are always dangerous (a module denies everything below it). They win over every allowlist.'),
    'keras-modules': z.array(globPattern()).default([]).describe("Modules (besides Keras' own) that Keras configs may import, e.g. `my_layers.**`."),
    'max-compression-ratio': z.number().positive().default(DEFAULT_LIMITS.maxRatio).describe('An archive member or compressed stream expanding more than this is a bomb…'),
    'bomb-min-bytes': z.number().int().nonnegative().default(DEFAULT_LIMITS.ratioMinBytes).describe('…when it also expands to at least this many bytes.'),
    'max-archive-members': z.number().int().positive().default(DEFAULT_LIMITS.maxMembers).describe('Archives with more members are reported.'),
    exclude: z
      .array(z.string().min(1))
      .default([])
      .describe('Globs of files the artifact rules never scan. By default every model file a change touches is scanned, wherever it is (also in folders `models.exclude` keeps out of governance).'),
  }),
)

type ArtifactSettingsFile = z.infer<ReturnType<typeof artifactSettingsSchema>>

/** The settings as the rules read them (the policy keys are kebab-case; camelCase ones load deprecated). */
export interface ArtifactSettings {
  allowGlobals: string[]
  denyGlobals: string[]
  kerasModules: string[]
  maxCompressionRatio: number
  bombMinBytes: number
  maxArchiveMembers: number
  exclude: string[]
}

export const artifactSettings: SettingsSection<ArtifactSettingsFile> = defineSettings({
  key: 'artifact',
  schema: artifactSettingsSchema,
})

export function settingsOf(settings: Record<string, unknown>): ArtifactSettings {
  // Resolved (validated, defaults filled in) with the policy; parsed here only without an artifact section.
  const s = (settings.artifact as ArtifactSettingsFile | undefined) ?? artifactSettingsSchema().parse({})
  return {
    allowGlobals: s['allow-globals'],
    denyGlobals: s['deny-globals'],
    kerasModules: s['keras-modules'],
    maxCompressionRatio: s['max-compression-ratio'],
    bombMinBytes: s['bomb-min-bytes'],
    maxArchiveMembers: s['max-archive-members'],
    exclude: s.exclude,
  }
}
