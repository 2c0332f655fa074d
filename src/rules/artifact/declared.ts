/**
 * Hashes and sizes a unit's metadata declares for its artifacts: model card front matter, MLflow `MLmodel`
 * metadata, DVC `.dvc` files and `dvc.lock`, checksum manifests (`SHA256SUMS`, `*.sha256`), and Git LFS
 * pointers. Pure: everything is read through the FileView.
 */
import { globMatcher } from '../../core/glob.js'
import { basename, dirname, isWithin, joinPath, normalizePath } from '../../core/files.js'
import type { UnitContext } from '../../core/rule.js'
import { parseYaml, type PathKey } from '../../formats/yaml.js'

export interface Declaration {
  algorithm: 'sha256' | 'md5' | 'size'
  /** Lowercase hex digest, or the size in bytes (as a string) for 'size'. */
  value: string
  /** The file that declares it. */
  source: string
  line?: number
  /** 'model card', 'MLmodel', 'DVC', 'dvc.lock', 'manifest', 'Git LFS pointer'. */
  via: string
}

export const DEFAULT_MANIFESTS = ['SHA256SUMS', 'SHA256SUMS.txt', 'sha256sums.txt', 'checksums.sha256', 'checksums.txt', '*.sha256', '*.sha256sum']

const HASH_KEYS = ['sha256', 'checksums', 'hashes', 'artifacts', 'files', 'model_files']
const MAX_META_BYTES = 4 * 1024 * 1024

/**
 * The raw text of a scalar on a YAML line: an unquoted hash made only of digits (or digits and one `e`)
 * parses as a number, so numbers are re-read from the source.
 */
function rawScalar(text: string, line: number): string | undefined {
  const l = text.split(/\r?\n/)[line - 1]
  if (l === undefined) return undefined
  const m = /^\s*(?:-\s+)?(?:[^:#]+:\s+)?["']?([0-9a-zA-Z:+.-]+)["']?\s*(?:#.*)?$/.exec(l)
  return m?.[1]
}

function normHash(v: unknown, algorithm: 'sha256' | 'md5'): string | undefined {
  if (typeof v !== 'string') return undefined
  const s = v.trim().toLowerCase().replace(/^(sha256|md5)[:-]/, '')
  const len = algorithm === 'sha256' ? 64 : 32
  return s.length === len && /^[0-9a-f]+$/.test(s) ? s : undefined
}

type Add = (artifact: string, d: Declaration) => void

// Every dvc.lock of the repository, listed once per run (not once per unit: a 10,000-unit repository).
const lockFiles = new WeakMap<object, Promise<string[]>>()
function lockFilesOf(ctx: UnitContext<unknown>): Promise<string[]> {
  let p = lockFiles.get(ctx.files)
  if (!p) {
    p = ctx.files
      .list()
      .then((all) => all.filter((f) => basename(f) === 'dvc.lock'))
      .catch(() => ctx.unit.files.filter((f) => basename(f) === 'dvc.lock'))
    lockFiles.set(ctx.files, p)
  }
  return p
}

/** Collects declarations keyed by artifact path. */
export async function collectDeclarations(ctx: UnitContext<unknown>, manifests: string[]): Promise<Map<string, Declaration[]>> {
  const out = new Map<string, Declaration[]>()
  const artifacts = new Set(ctx.unit.artifacts)
  const add: Add = (artifact, d) => {
    const list = out.get(artifact) ?? []
    if (!list.some((x) => x.algorithm === d.algorithm && x.value === d.value && x.source === d.source)) list.push(d)
    out.set(artifact, list)
  }
  const resolve = (p: unknown, baseDir: string): string | undefined => {
    if (typeof p !== 'string' || !p.trim()) return undefined
    const rel = normalizePath(joinPath(baseDir, p.trim()))
    if (artifacts.has(rel)) return rel
    const asRepo = normalizePath(p.trim())
    return artifacts.has(asRepo) ? asRepo : undefined
  }
  const readMeta = async (path: string) => {
    try {
      const r = await ctx.files.readText(path, { maxBytes: MAX_META_BYTES })
      return r.text
    } catch {
      return undefined
    }
  }

  // Model card front matter.
  try {
    const card = await ctx.facts.card()
    if (card?.frontMatter?.data) {
      const fm = card.frontMatter
      const text = (await readMeta(card.path)) ?? ''
      const lineOf = (p: PathKey[]) => fm.locate(p).line
      fromMetadata(card.metadata, [], ctx.unit.path, card.path, 'model card', lineOf, (p) => rawScalar(text, lineOf(p)), resolve, ctx.unit.artifacts, add)
    }
  } catch {
    // An unreadable card is another rule's finding.
  }

  // MLflow MLmodel metadata.
  const mlmodel = joinPath(ctx.unit.path, 'MLmodel')
  if (ctx.unit.files.includes(mlmodel)) {
    const text = await readMeta(mlmodel)
    if (text !== undefined) {
      const y = parseYaml(text)
      const meta = (y.data as Record<string, unknown> | undefined)?.metadata
      const lineOf = (p: PathKey[]) => y.locate(p).line
      if (meta && typeof meta === 'object') fromMetadata(meta as Record<string, unknown>, ['metadata'], ctx.unit.path, mlmodel, 'MLmodel', lineOf, (p) => rawScalar(text, lineOf(p)), resolve, ctx.unit.artifacts, add)
    }
  }

  // DVC: `<artifact>.dvc` next to the artifact, and dvc.lock files at or above the unit.
  const dvcFiles = ctx.unit.files.filter((f) => f.endsWith('.dvc'))
  const locks = (await lockFilesOf(ctx)).filter((f) => isWithin(ctx.unit.path, dirname(f)) || isWithin(f, ctx.unit.path))
  for (const f of [...dvcFiles, ...locks]) {
    const text = await readMeta(f)
    if (text === undefined) continue
    const y = parseYaml(text)
    const data = y.data as Record<string, unknown> | undefined
    if (!data || typeof data !== 'object') continue
    const dir = dirname(f)
    const outs = (prefix: PathKey[], list: unknown, via: string) => {
      if (!Array.isArray(list)) return
      list.forEach((o, i) => {
        if (!o || typeof o !== 'object') return
        const e = o as Record<string, unknown>
        const target = resolve(e.path, dir)
        if (!target) return
        const line = y.locate([...prefix, i, 'md5']).line
        const md5 = normHash(typeof e.md5 === 'number' ? rawScalar(text, line) : e.md5, 'md5')
        if (md5 && e.hash !== 'md5-dos2unix') add(target, { algorithm: 'md5', value: md5, source: f, line, via })
        if (typeof e.size === 'number') add(target, { algorithm: 'size', value: String(e.size), source: f, line: y.locate([...prefix, i, 'size']).line, via })
      })
    }
    if (basename(f) === 'dvc.lock') {
      const stages = data.stages
      if (stages && typeof stages === 'object') for (const [name, st] of Object.entries(stages as Record<string, unknown>)) outs(['stages', name, 'outs'], (st as Record<string, unknown> | null)?.outs, 'dvc.lock')
    } else outs(['outs'], data.outs, 'DVC')
  }

  // Checksum manifests (sha256sum / BSD format) and single-file sidecars.
  const isManifest = globMatcher(manifests, { nocase: true })
  for (const f of ctx.unit.files) {
    if (!isManifest(basename(f))) continue
    const text = await readMeta(f)
    if (text === undefined) continue
    const dir = dirname(f)
    const lines = text.split(/\r?\n/)
    lines.forEach((raw, i) => {
      const line = raw.trim()
      let m = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(line)
      let hash: string | undefined
      let file: string | undefined
      if (m) {
        hash = m[1]
        file = m[2]
      } else if ((m = /^SHA256\s*\((.+)\)\s*=\s*([0-9a-fA-F]{64})$/.exec(line))) {
        file = m[1]
        hash = m[2]
      } else if ((m = /^([0-9a-fA-F]{64})$/.exec(line)) && /\.sha256(sum)?$/i.test(f)) {
        hash = m[1]
        file = basename(f).replace(/\.sha256(sum)?$/i, '')
      }
      const target = resolve(file, dir)
      if (hash && target) add(target, { algorithm: 'sha256', value: hash.toLowerCase(), source: f, line: i + 1, via: 'manifest' })
    })
  }
  return out
}

/** Reads hash declarations from a metadata mapping (card front matter, MLmodel `metadata`). */
function fromMetadata(
  meta: Record<string, unknown>,
  prefix: PathKey[],
  unitDir: string,
  source: string,
  via: string,
  lineOf: (p: PathKey[]) => number,
  rawOf: (p: PathKey[]) => string | undefined,
  resolve: (p: unknown, dir: string) => string | undefined,
  artifacts: string[],
  add: Add,
): void {
  const entry = (target: string, v: unknown, path: PathKey[]) => {
    if (typeof v === 'number') v = rawOf(path)
    if (typeof v === 'string') {
      const h = normHash(v, 'sha256')
      if (h) add(target, { algorithm: 'sha256', value: h, source, line: lineOf(path), via })
      return
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) return
    const o = { ...(v as Record<string, unknown>) }
    for (const k of ['sha256', 'md5'] as const) if (typeof o[k] === 'number') o[k] = rawOf([...path, k])
    const sha = normHash(o.sha256 ?? (typeof o.hash === 'string' && o.hash.startsWith('sha256:') ? o.hash : undefined), 'sha256')
    if (sha) add(target, { algorithm: 'sha256', value: sha, source, line: lineOf([...path, o.sha256 !== undefined ? 'sha256' : 'hash']), via })
    const md5 = normHash(o.md5, 'md5')
    if (md5) add(target, { algorithm: 'md5', value: md5, source, line: lineOf([...path, 'md5']), via })
    if (typeof o.size === 'number') add(target, { algorithm: 'size', value: String(o.size), source, line: lineOf([...path, 'size']), via })
  }
  const models = artifacts.filter((a) => basename(a) !== 'MLmodel')
  for (const key of HASH_KEYS) {
    const v = meta[key]
    if (v === undefined || v === null) continue
    const path = [...prefix, key]
    if (key === 'sha256' && (typeof v === 'string' || typeof v === 'number')) {
      if (models.length === 1) entry(models[0]!, v, path)
      continue
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (!item || typeof item !== 'object') return
        const o = item as Record<string, unknown>
        const target = resolve(o.path ?? o.file ?? o.name ?? o.filename, unitDir)
        if (target) entry(target, o, [...path, i])
      })
    } else if (typeof v === 'object') {
      for (const [file, val] of Object.entries(v as Record<string, unknown>)) {
        const target = resolve(file, unitDir)
        if (target) entry(target, val, [...path, file])
      }
    }
  }
}
