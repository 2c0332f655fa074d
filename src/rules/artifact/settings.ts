/**
 * `settings.artifact` of the policy: extensions of the pickle allow/deny lists, Keras modules the team
 * trusts, and the archive limits. Shared by every artifact rule.
 */
import * as z from 'zod'
import type { SettingsSection } from '../../core/rule.js'
import { DEFAULT_LIMITS } from '../../formats/archive/scan.js'

const globPattern = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_.*?[\]{}!,^-]+$/, 'expected a dotted name or pattern such as `mypkg.models.Net`, `mypkg.**` or `torch.*Storage`')

export const artifactSettingsSchema = z.strictObject({
  allowGlobals: z
    .array(globPattern)
    .default([])
    .describe('Pickle globals the team has reviewed and accepts (dotted names; `*` within a segment, `**` across segments). They override the built-in denylist.'),
  denyGlobals: z.array(globPattern).default([]).describe('Pickle globals that are always dangerous (a module denies everything below it). They win over every allowlist.'),
  kerasModules: z.array(globPattern).default([]).describe("Modules (besides Keras' own) that Keras configs may import, e.g. `my_layers.**`."),
  maxCompressionRatio: z.number().positive().default(DEFAULT_LIMITS.maxRatio).describe('An archive member or compressed stream expanding more than this is a bomb…'),
  bombMinBytes: z.number().int().nonnegative().default(DEFAULT_LIMITS.ratioMinBytes).describe('…when it also expands to at least this many bytes.'),
  maxArchiveMembers: z.number().int().positive().default(DEFAULT_LIMITS.maxMembers).describe('Archives with more members are reported.'),
  exclude: z
    .array(z.string().min(1))
    .default([])
    .describe('Globs of files the artifact rules never scan. By default every model file a change touches is scanned, wherever it is (also in folders `models.exclude` keeps out of governance).'),
})

export type ArtifactSettings = z.infer<typeof artifactSettingsSchema>

export const artifactSettings: SettingsSection<ArtifactSettings> = {
  key: 'artifact',
  schema: artifactSettingsSchema,
}

export function settingsOf(settings: Record<string, unknown>): ArtifactSettings {
  const raw = settings.artifact
  const parsed = artifactSettingsSchema.safeParse(raw ?? {})
  return parsed.success ? parsed.data : artifactSettingsSchema.parse({})
}
