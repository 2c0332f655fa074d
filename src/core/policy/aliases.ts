/**
 * Renamed policy keys: every key is kebab-case; older spellings still load, with a deprecation warning
 * that names the new spelling. Generic: a rename is a mapping path, the old key and the new one. Pure.
 */
import type { PathKey } from '../../formats/yaml.js'

export interface KeyRename {
  /** The mapping that holds the key, as a path from the top of the policy. */
  at: string[]
  from: string
  to: string
}

/** Every rename the loader applies (camelCase spellings of `settings.artifact` before version 0.2). */
export const KEY_RENAMES: readonly KeyRename[] = [
  { at: ['settings', 'artifact'], from: 'allowGlobals', to: 'allow-globals' },
  { at: ['settings', 'artifact'], from: 'denyGlobals', to: 'deny-globals' },
  { at: ['settings', 'artifact'], from: 'kerasModules', to: 'keras-modules' },
  { at: ['settings', 'artifact'], from: 'maxCompressionRatio', to: 'max-compression-ratio' },
  { at: ['settings', 'artifact'], from: 'bombMinBytes', to: 'bomb-min-bytes' },
  { at: ['settings', 'artifact'], from: 'maxArchiveMembers', to: 'max-archive-members' },
]

export interface RenameNotice {
  /** Where the old key is, for file:line:col. */
  path: PathKey[]
  message: string
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Applies the renames to parsed policy data (a copy; the input is untouched). When both spellings are
 * present the new one wins and the old one is reported as ignored.
 */
export function applyKeyRenames(data: unknown, renames: readonly KeyRename[] = KEY_RENAMES): { data: unknown; notices: RenameNotice[] } {
  const notices: RenameNotice[] = []
  if (!isMap(data)) return { data, notices }
  const root = structuredClone(data)
  for (const r of renames) {
    let obj: unknown = root
    for (const k of r.at) obj = isMap(obj) ? obj[k] : undefined
    if (!isMap(obj) || !(r.from in obj)) continue
    const where = [...r.at, r.from].join('.')
    if (r.to in obj) {
      notices.push({ path: [...r.at, r.from], message: `\`${where}\` is ignored: \`${r.to}\` is also set (the old spelling is deprecated)` })
    } else {
      // Keep the key's position: rebuild the mapping in order.
      const entries = Object.entries(obj).map(([k, v]) => [k === r.from ? r.to : k, v] as const)
      for (const k of Object.keys(obj)) delete obj[k]
      for (const [k, v] of entries) obj[k] = v
      notices.push({ path: [...r.at, r.from], message: `\`${where}\` is deprecated: write \`${r.to}\`` })
    }
    delete obj[r.from]
  }
  return { data: root, notices }
}
