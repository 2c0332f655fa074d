/**
 * DVC pipelines (`dvc.yaml`): the metrics files they declare (top-level `metrics:` and stage-level
 * `metrics:` outputs) and the paths of the models they produce (`artifacts:` with `type: model`, stage
 * `outs`), so a pipeline's metrics can be attached to the model unit it builds. Pure; never throws.
 * https://dvc.org/doc/user-guide/project-structure/dvcyaml-files
 */
import { parseYaml } from '../yaml.js'

export interface DvcPipeline {
  /** Repository-relative paths of the declared metrics files. */
  metrics: string[]
  /** Repository-relative paths the pipeline produces or declares as artifacts. */
  outputs: string[]
  /** A parse problem, if any (the pipeline is then empty). */
  problem?: { line: number; column: number; message: string }
}

/** Formats import libraries only: small POSIX path helpers. */
/** Normalized repository-relative path; '' when it leaves the repository. */
function normalizePath(p: string): string {
  const parts: string[] = []
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (!parts.length) return ''
      parts.pop()
    } else parts.push(seg)
  }
  return parts.length ? parts.join('/') : '.'
}
const dirname = (p: string) => (p.lastIndexOf('/') < 0 ? '.' : p.slice(0, p.lastIndexOf('/')))
const joinPath = (dir: string, name: string) => (dir === '.' ? name : `${dir}/${name}`)

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Paths in a DVC list: strings, or single-key mappings `{path: {cache: false}}`. */
function pathsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return []
  const out: string[] = []
  for (const e of v) {
    if (typeof e === 'string') out.push(e)
    else if (isMap(e)) for (const k of Object.keys(e)) out.push(k)
  }
  return out
}

/** Parses `dvc.yaml` at `path` (repository-relative); paths in the result are repository-relative. */
export function parseDvcYaml(path: string, text: string): DvcPipeline {
  const parsed = parseYaml(text)
  const pipeline: DvcPipeline = { metrics: [], outputs: [] }
  if (parsed.errors.length) {
    const e = parsed.errors[0]!
    pipeline.problem = { line: e.line, column: e.column, message: `\`${path}\` cannot be parsed (${e.message})` }
    return pipeline
  }
  const doc = parsed.data
  if (!isMap(doc)) return pipeline
  const dir = dirname(path)
  const rel = (p: string) => normalizePath(joinPath(dir, p))
  const metrics = new Set<string>()
  const outputs = new Set<string>()
  for (const m of pathsOf(doc.metrics)) metrics.add(rel(m))
  if (isMap(doc.artifacts)) {
    for (const a of Object.values(doc.artifacts)) {
      if (isMap(a) && typeof a.path === 'string' && (a.type === undefined || a.type === 'model')) outputs.add(rel(a.path))
    }
  }
  if (isMap(doc.stages)) {
    for (const s of Object.values(doc.stages)) {
      if (!isMap(s)) continue
      const wdir = typeof s.wdir === 'string' ? s.wdir : '.'
      const srel = (p: string) => normalizePath(joinPath(dir, joinPath(wdir, p)))
      for (const m of pathsOf(s.metrics)) metrics.add(srel(m))
      for (const o of pathsOf(s.outs)) outputs.add(srel(o))
    }
  }
  // Templated paths (`${item}`) and paths leaving the repository are not followed.
  const usable = (p: string) => p !== '' && p !== '.' && !p.includes('${')
  pipeline.metrics = [...metrics].filter(usable)
  pipeline.outputs = [...outputs].filter(usable)
  return pipeline
}
