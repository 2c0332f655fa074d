/**
 * Model units: a directory holding a model artifact (or an MLflow `MLmodel` file) owns everything below it
 * except nested units. Discovery is pure: a list of paths in, units out.
 */
import picomatch from 'picomatch'
import type { ChangedFile } from './changes.js'
import { basename, dirname, isWithin } from './files.js'

export const DEFAULT_ARTIFACT_EXTENSIONS = [
  '.pt', '.pth', '.bin', '.ckpt', '.safetensors', '.onnx', '.pkl', '.pickle', '.joblib', '.h5', '.keras',
  '.gguf', '.tflite', '.pb', '.npy', '.npz', '.mlmodel',
]

export interface DiscoveryOptions {
  /** Globs of directories that are model units whatever they hold. */
  include: string[]
  /** Globs of paths never considered (neither as units nor as their files). */
  exclude: string[]
  artifactExtensions: string[]
}

export type UnitStatus = 'added' | 'modified' | 'unchanged'

export interface ModelUnit {
  /** The unit's directory, repository-relative ('.' for the repository root). */
  path: string
  /** Files the unit owns, sorted. */
  files: string[]
  /** The unit's artifacts (files with an artifact extension, or MLmodel). */
  artifacts: string[]
  /** Changed files inside the unit (empty when nothing changed or no change list). */
  changes: ChangedFile[]
  changed: boolean
  status: UnitStatus
}

export function isArtifact(path: string, extensions: string[]): boolean {
  const name = basename(path).toLowerCase()
  if (name === 'mlmodel') return true
  return extensions.some((ext) => name.endsWith(ext.toLowerCase()))
}

// Only git's own directory. What belongs to the repository is decided by the file list (in a git repository:
// tracked and not-ignored files), never by a hidden list: a pickle committed under node_modules/ is checked.
const ALWAYS_EXCLUDED = ['**/.git/**']

export function makeExcluder(exclude: string[]): (p: string) => boolean {
  const m = picomatch([...ALWAYS_EXCLUDED, ...exclude], { dot: true })
  return (p) => m(p) || m(p + '/')
}

/** Finds model unit roots among the repository's files. */
export function discoverUnitRoots(files: string[], opts: DiscoveryOptions): string[] {
  const excluded = makeExcluder(opts.exclude)
  const includeMatch = opts.include.length ? picomatch(opts.include, { dot: true }) : () => false
  const roots = new Set<string>()
  const mlflowRoots = new Set<string>()
  for (const f of files) {
    if (excluded(f)) continue
    const d = dirname(f)
    if (basename(f) === 'MLmodel') mlflowRoots.add(d)
    if (isArtifact(f, opts.artifactExtensions)) roots.add(d)
    // Explicitly included directories: any ancestor directory of a file that matches an include glob.
    let a = d
    for (;;) {
      if (a !== '.' && includeMatch(a)) roots.add(a)
      if (a === '.') break
      a = dirname(a)
    }
  }
  // An MLflow model owns its own subfolders (data/, code/): artifacts there are not separate units.
  for (const r of [...roots]) {
    for (const m of mlflowRoots) if (r !== m && isWithin(r, m) && !includeMatch(r)) roots.delete(r)
  }
  return [...roots].sort()
}

/** The innermost unit root containing `path`, if any. */
export function unitOf(path: string, roots: string[]): string | undefined {
  let best: string | undefined
  const depth = (r: string) => (r === '.' ? 0 : r.length)
  for (const r of roots) if (isWithin(path, r) && (best === undefined || depth(r) > depth(best))) best = r
  return best
}

export interface BuildUnitsInput {
  files: string[]
  options: DiscoveryOptions
  /** The change being checked; undefined evaluates every unit (`--all`). */
  changes?: ChangedFile[]
  /** Evaluate every unit even when a change list is given. */
  all?: boolean
}

export interface UnitSelection {
  /** Every unit found in the repository. */
  all: ModelUnit[]
  /** The units to evaluate. */
  selected: ModelUnit[]
}

/** Builds units from the file list, maps changed files to units and selects those to evaluate. */
export function buildUnits(input: BuildUnitsInput): UnitSelection {
  const excluded = makeExcluder(input.options.exclude)
  const files = input.files.filter((f) => !excluded(f))
  const roots = discoverUnitRoots(files, input.options)
  const byRoot = new Map<string, ModelUnit>()
  for (const r of roots) {
    byRoot.set(r, { path: r, files: [], artifacts: [], changes: [], changed: false, status: 'unchanged' })
  }
  for (const f of files) {
    const r = unitOf(f, roots)
    if (r === undefined) continue
    const u = byRoot.get(r)!
    u.files.push(f)
    if (isArtifact(f, input.options.artifactExtensions)) u.artifacts.push(f)
  }
  for (const c of input.changes ?? []) {
    // A change selects the (still existing) unit it touches: an added or modified file, and also a removed
    // one (deleting a model's card must not pass unnoticed) and the unit a renamed file left.
    const touched = new Set<string>()
    for (const p of [c.path, c.previousPath]) {
      if (p === undefined || excluded(p)) continue
      const r = unitOf(p, roots)
      if (r !== undefined) touched.add(r)
    }
    for (const r of touched) {
      const u = byRoot.get(r)!
      u.changes.push(c)
      u.changed = true
    }
  }
  const all = [...byRoot.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  for (const u of all) {
    u.files.sort()
    u.artifacts.sort()
    u.changes.sort((a, b) => (a.path < b.path ? -1 : 1))
    if (u.changed) {
      // A unit whose every current file was added by the change is new.
      const added = new Set(u.changes.filter((c) => c.status === 'added').map((c) => c.path))
      u.status = u.files.length > 0 && u.files.every((f) => added.has(f)) ? 'added' : 'modified'
    }
  }
  const selected = input.changes === undefined || input.all ? all : all.filter((u) => u.changed)
  return { all, selected }
}
