/**
 * DVC pointers: what `.dvc` files, `dvc.yaml` (stage `outs`, top-level `artifacts`) and `dvc.lock` declare.
 * The declared content lives in DVC's cache or remote, not in git: after `dvc pull` it is in the workspace
 * (ignored by git), otherwise only the pointer is.
 */
import { parse } from 'yaml'
import { dirname, joinPath, normalizePath } from '../core/files.js'

export interface DvcOutput {
  /** Repository-relative path of the declared output. */
  path: string
  /** The pointer file that declares it (`x.dvc`, `dvc.yaml`). */
  source: string
  /** md5 DVC recorded (hex), when known; directories end in `.dir` and are not compared. */
  md5?: string
  size?: number
  /** DVC 3 (`hash: md5`) hashes raw bytes; DVC 2 normalised line endings of text files first. */
  rawMd5: boolean
  /** A directory output. */
  dir: boolean
  /** Declared as a model (`artifacts:` entry with `type: model`). */
  model: boolean
}

const MAX_POINTER_BYTES = 1 << 20

function safeParse(text: string): unknown {
  if (text.length > MAX_POINTER_BYTES) return undefined
  try {
    return parse(text, { maxAliasCount: 50, uniqueKeys: false })
  } catch {
    return undefined
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function fromEntry(e: unknown, base: string, source: string): DvcOutput | undefined {
  if (!isObj(e) || typeof e.path !== 'string') return undefined
  return toOutput(e.path, base, source, e)
}

function toOutput(rel: string, base: string, source: string, e: Record<string, unknown> = {}): DvcOutput | undefined {
  if (rel.includes('${') || /^[a-z][a-z0-9+.-]*:\/\//i.test(rel) || rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel)) return undefined
  // An output that climbs out of the repository is not a workspace file (normalizePath would clamp it to the root).
  let depth = base === '.' ? 0 : base.split('/').length
  for (const seg of rel.split(/[\\/]/)) {
    if (seg === '..') depth--
    else if (seg !== '' && seg !== '.') depth++
    if (depth < 0) return undefined
  }
  const path = normalizePath(joinPath(base, rel))
  if (path === '.' || path.startsWith('..')) return undefined
  const md5 = typeof e.md5 === 'string' ? e.md5 : undefined
  const out: DvcOutput = { path, source, rawMd5: e.hash === 'md5', dir: rel.endsWith('/') || (md5?.endsWith('.dir') ?? false), model: false }
  if (md5) out.md5 = md5
  if (typeof e.size === 'number') out.size = e.size
  return out
}

/** Outputs a `.dvc` file declares (paths relative to the file's folder). */
export function parseDvcFile(path: string, text: string): DvcOutput[] {
  const doc = safeParse(text)
  if (!isObj(doc) || !Array.isArray(doc.outs)) return []
  const base = dirname(path)
  return doc.outs.map((e) => fromEntry(e, base, path)).filter((o): o is DvcOutput => o !== undefined)
}

/** Outputs of `dvc.yaml` stages and its model `artifacts`, with hashes from `dvc.lock` when given. */
export function parseDvcYaml(path: string, text: string, lockText?: string): DvcOutput[] {
  const doc = safeParse(text)
  if (!isObj(doc)) return []
  const base = dirname(path)
  const byPath = new Map<string, DvcOutput>()
  if (isObj(doc.stages)) {
    for (const stage of Object.values(doc.stages)) {
      if (!isObj(stage) || !Array.isArray(stage.outs)) continue
      const wdir = typeof stage.wdir === 'string' ? joinPath(base, stage.wdir) : base
      for (const o of stage.outs) {
        const rel = typeof o === 'string' ? o : isObj(o) ? Object.keys(o)[0] : undefined
        if (rel === undefined) continue
        const out = toOutput(rel, wdir, path)
        if (out) byPath.set(out.path, out)
      }
    }
  }
  if (isObj(doc.artifacts)) {
    for (const a of Object.values(doc.artifacts)) {
      if (!isObj(a) || typeof a.path !== 'string') continue
      const out = toOutput(a.path, base, path)
      if (!out) continue
      const prev = byPath.get(out.path)
      byPath.set(out.path, { ...(prev ?? out), model: a.type === 'model' || (prev?.model ?? false) })
    }
  }
  if (lockText !== undefined) {
    const lock = safeParse(lockText)
    if (isObj(lock) && isObj(lock.stages)) {
      for (const stage of Object.values(lock.stages)) {
        if (!isObj(stage) || !Array.isArray(stage.outs)) continue
        for (const e of stage.outs) {
          const l = fromEntry(e, base, path)
          const out = l && byPath.get(l.path.replace(/\/$/, ''))
          if (!l || !out) continue
          if (l.md5) out.md5 = l.md5
          if (l.size !== undefined) out.size = l.size
          out.rawMd5 = l.rawMd5
          out.dir = out.dir || l.dir
        }
      }
    }
  }
  return [...byPath.values()]
}
