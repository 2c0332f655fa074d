/**
 * Two scopes, decided here (pure: paths and sniff results in, units out):
 *
 * - *Governed model units* — the models a person would name: a directory holding a model artifact, an MLflow
 *   `MLmodel`, a DVC-declared model output or a registered MLflow model version. They get the documentation,
 *   bias, evaluation and guardian rules. Virtual environments, vendored and build output, test fixtures,
 *   notebook checkpoints, experiment-tracking run stores and weightless training checkpoints are not governed
 *   (`models.default-exclude`, overridable; `models.exclude` adds).
 * - *Safety and data* — every file the change adds or modifies, wherever it is (inside a unit, in an excluded
 *   folder, or in no unit at all): artifact scanning for files whose name or content is a model format, PII for
 *   data files. Files outside every governed unit form the *repository* scope (`kind: 'repository'`): its
 *   findings carry a path but no model.
 */
import { globMatcher } from './glob.js'
import type { ChangedFile } from './changes.js'
import { basename, dirname, isWithin, joinPath, normalizePath } from './files.js'

export const DEFAULT_ARTIFACT_EXTENSIONS = [
  '.pt', '.pth', '.bin', '.ckpt', '.safetensors', '.onnx', '.pkl', '.pickle', '.joblib', '.h5', '.keras',
  '.gguf', '.tflite', '.pb', '.npy', '.npz', '.mlmodel', '.pth.tar', '.pkl.gz', '.pt.zip', '.sav', '.dill',
  '.nemo', '.mar',
]

/**
 * Folders that are not model units a person would name. Files there are still safety- and PII-scanned when a
 * change touches them. Besides these globs, a folder holding `pyvenv.cfg` (a virtual environment, whatever its
 * name) and a `checkpoint-N/` folder without weights are not governed.
 */
export const DEFAULT_GOVERNANCE_EXCLUDE = [
  '**/node_modules/**', '**/vendor/**', '**/third_party/**', '**/third-party/**', '**/site-packages/**',
  '**/dist-packages/**', '**/.venv/**', '**/venv/**', '**/virtualenv/**', '**/.tox/**', '**/.nox/**',
  '**/__pycache__/**', '**/*.egg-info/**', '**/build/**', '**/.ipynb_checkpoints/**',
  '**/test/**', '**/tests/**', '**/__tests__/**', '**/testdata/**', '**/test_data/**', '**/test-data/**',
  '**/fixtures/**', '**/mlruns/**', '**/wandb/**', '**/lightning_logs/**',
]

/** A unit in one of these folders may take its card from the nearest folder above (`app/models/model.pkl`). */
export const CONVENTIONAL_MODEL_DIRS = new Set([
  'model', 'models', 'onnx', 'weights', 'checkpoints', 'checkpoint', 'ckpt', 'export', 'exports', 'exported',
  'saved_model', 'saved_models', 'artifacts', 'pretrained', 'trained_models', 'serialized', 'pickles',
])

/** Export folders beside a model's weights belong to the unit above them rather than forming their own. */
export const EXPORT_DIRS = new Set(['onnx', 'openvino', 'coreml', 'tflite', 'tfjs', 'tensorrt', 'quantized', 'gguf', 'ggml', 'export', 'exports', 'exported', 'int8', 'fp16', 'torchscript'])

/** Copies of a model inside its unit: training checkpoints and backups. */
const FOLDED_DIRS = /^(checkpoint-\d+|checkpoints?|backups?|bak|old|previous|archived?)([-_.].*)?$/i

/** An MLflow model's own sub-folders: artifacts there belong to the MLflow model. */
const MLFLOW_SUBDIRS = ['data', 'code', 'artifacts', 'metadata']

export const CARD_NAMES = ['README.md', 'MODEL_CARD.md', 'model_card.md', 'modelcard.md', 'MODELCARD.md']

/** Files that are a model's weights (HF Trainer `checkpoint-N/` folders holding one of these are models). */
const WEIGHTS = /^(model|pytorch_model|tf_model|flax_model|adapter_model|diffusion_pytorch_model)([-.].*)?\.(safetensors|bin|h5|msgpack|pt|pth|ckpt)$/i

export interface UnitMapping {
  /** Glob of unit directories. */
  path: string
  /** The card, relative to the unit directory (`../README.md`, `docs/card.md`). */
  card?: string
}

export interface DiscoveryOptions {
  /** Globs of directories that are model units whatever they hold. */
  include: string[]
  /** Globs of paths never governed as (part of) model units; still safety- and PII-scanned. */
  exclude: string[]
  /** Built-in governance exclusions (`models.default-exclude`; set it to replace them). */
  defaultExclude?: string[]
  artifactExtensions: string[]
  /** Explicit unit → card mapping (`models.units`). */
  units?: UnitMapping[]
}

export type UnitStatus = 'added' | 'modified' | 'unchanged'

/** An artifact a pointer file declares (DVC, a registered MLflow model version). */
export interface DeclaredArtifact {
  path: string
  /** The pointer file (`model.pkl.dvc`, `dvc.yaml`, `mlruns/models/x/version-1/meta.yaml`). */
  source: string
  kind: 'dvc' | 'mlflow-registry'
  dir: boolean
  /** Declared md5 (DVC); `.dir` hashes are not compared. */
  md5?: string
  rawMd5?: boolean
  size?: number
  /** The content is in the workspace (after `dvc pull`), with this size. */
  present?: boolean
  /** Declared as a model (`dvc.yaml` artifacts `type: model`). */
  model?: boolean
}

export interface ModelUnit {
  /** The unit's directory, repository-relative ('.' for the repository root). */
  path: string
  /** 'model': a governed model unit. 'repository': the files of the change outside every governed unit. */
  kind: 'model' | 'repository'
  /** Files the unit owns, sorted. */
  files: string[]
  /** Files the artifact rules scan: model files by name or by content. */
  artifacts: string[]
  /** The unit's model card, when it has one (it may sit above the unit, or be mapped by the policy). */
  card?: string
  /** Artifacts pointer files declare for this unit (DVC outputs, registered MLflow versions). */
  declared: DeclaredArtifact[]
  /** Data files recognised by content whose name says nothing (an extensionless CSV), with their format. */
  formats?: Record<string, string>
  /** Changed files inside the unit (empty when nothing changed or no change list). */
  changes: ChangedFile[]
  changed: boolean
  status: UnitStatus
}

/** What content sniffing said of a file (the gate reads a bounded prefix of each file in scope). */
export interface FileSniff {
  /** The content is a model format (pickle, torch zip, tar with pickles, safetensors, …). */
  model?: string
  /** The content is plain text (a `.pth` Python path file is not a checkpoint). */
  text?: boolean
  /** A known non-model format (an SPSS `.sav`). */
  notModel?: string
  /** A data format recognised by content (for PII). */
  data?: string
}

export function isArtifact(path: string, extensions: string[]): boolean {
  const name = basename(path).toLowerCase()
  if (name === 'mlmodel') return true
  return extensions.some((ext) => name.endsWith(ext.toLowerCase()))
}

/** A model file by name whose content says otherwise: a text `.pth` (Python path file), an SPSS `.sav`. */
function contentDenies(path: string, s: FileSniff | undefined): boolean {
  if (!s || s.model) return false
  if (s.notModel) return true
  return Boolean(s.text) && /\.pth$/i.test(path)
}

/** A file the artifact rules scan: a model by content, or by name unless the content says otherwise. */
export function isScannedArtifact(path: string, extensions: string[], s: FileSniff | undefined): boolean {
  if (s?.model) return true
  return isArtifact(path, extensions) && !contentDenies(path, s)
}

// Only git's own directory. What belongs to the repository is decided by the file list (in a git repository:
// tracked and not-ignored files), never by a hidden list: a pickle committed under node_modules/ is checked.
const ALWAYS_EXCLUDED = ['**/.git/**']

export function makeExcluder(exclude: string[]): (p: string) => boolean {
  // Compiled on the first path (a run over no files compiles no glob: cold start, issue #15), once per run.
  let m: ((p: string) => boolean) | undefined
  return (p) => {
    m ??= globMatcher([...ALWAYS_EXCLUDED, ...exclude])
    return m(p) || m(p + '/')
  }
}

// One excluder per file list and options: discovery, sniffing and scoping all ask for it in one run.
const excluders = new WeakMap<readonly string[], WeakMap<DiscoveryOptions, (p: string) => boolean>>()

/** The folders the policy names as units: `models.include` and the paths of `models.units`. */
function namedUnitGlobs(opts: DiscoveryOptions): string[] {
  return [...opts.include, ...(opts.units ?? []).map((u) => u.path)]
}

/** Decides which paths are outside governance: globs, virtual environments, weightless training checkpoints. */
export function governanceExcluder(files: string[], opts: DiscoveryOptions): (p: string) => boolean {
  let byOpts = excluders.get(files)
  if (!byOpts) excluders.set(files, (byOpts = new WeakMap()))
  let e = byOpts.get(opts)
  if (!e) byOpts.set(opts, (e = makeGovernanceExcluder(files, opts)))
  return e
}

function makeGovernanceExcluder(files: string[], opts: DiscoveryOptions): (p: string) => boolean {
  const globs = makeExcluder([...(opts.defaultExclude ?? DEFAULT_GOVERNANCE_EXCLUDE), ...opts.exclude])
  const forced = globMatcher(namedUnitGlobs(opts))
  const venvs: string[] = []
  const checkpoints = new Map<string, boolean>()
  for (const f of files) {
    const name = basename(f)
    if (name === 'pyvenv.cfg') venvs.push(dirname(f))
    const d = dirname(f)
    if (/(^|\/)checkpoint-\d+$/.test(d)) checkpoints.set(d, (checkpoints.get(d) ?? false) || WEIGHTS.test(name))
  }
  const weightless = [...checkpoints].filter(([, w]) => !w).map(([d]) => d)
  return (p) => {
    // A folder the policy names as a unit is governed whatever the defaults say.
    for (let a = dirname(p); a !== '.'; a = dirname(a)) if (forced(a)) return false
    if (globs(p)) return true
    return venvs.some((v) => v !== '.' && isWithin(p, v)) || weightless.some((c) => isWithin(p, c))
  }
}

export interface DiscoveryInput {
  sniffed?: ReadonlyMap<string, FileSniff>
  declared?: DeclaredArtifact[]
}

/** Finds model unit roots among the repository's files (governed files only). */
export function discoverUnitRoots(files: string[], opts: DiscoveryOptions, extra: DiscoveryInput = {}): string[] {
  const excluded = governanceExcluder(files, opts)
  const includeMatch = globMatcher(namedUnitGlobs(opts))
  const roots = new Set<string>()
  const mlflowRoots = new Set<string>()
  const protectedRoots = new Set<string>()
  for (const f of files) {
    const d = dirname(f)
    // Explicitly included directories: any ancestor directory of a file that matches an include glob.
    for (let a = d; ; a = dirname(a)) {
      if (a !== '.' && includeMatch(a)) {
        roots.add(a)
        protectedRoots.add(a)
      }
      if (a === '.') break
    }
    if (excluded(f)) continue
    if (basename(f) === 'MLmodel') {
      mlflowRoots.add(d)
      roots.add(d)
    } else if (isArtifact(f, opts.artifactExtensions) && !contentDenies(f, extra.sniffed?.get(f))) roots.add(d)
  }
  for (const a of extra.declared ?? []) {
    if (excluded(a.path) && a.kind !== 'mlflow-registry') continue
    const root = a.kind === 'mlflow-registry' || a.dir ? a.path : dirname(a.path)
    roots.add(root)
    protectedRoots.add(root)
    if (a.kind === 'mlflow-registry') mlflowRoots.add(root)
  }
  // An MLflow model owns its own sub-folders (data/, code/, artifacts/): artifacts there are not separate units.
  // Other folders below it keep their own units (an MLmodel at the root does not swallow the repository).
  for (const r of [...roots]) {
    if (protectedRoots.has(r)) continue
    for (const m of mlflowRoots) {
      if (r !== m && MLFLOW_SUBDIRS.some((s) => isWithin(r, joinPath(m, s)))) roots.delete(r)
    }
  }
  // An export folder (onnx/ beside the weights), a training checkpoint (checkpoint-500/) or a backup copy
  // (backup_2024-01-02/) belongs to the unit above it: one model, not one per copy.
  for (const r of [...roots]) {
    if (protectedRoots.has(r) || !(EXPORT_DIRS.has(basename(r).toLowerCase()) || FOLDED_DIRS.test(basename(r)))) continue
    for (const other of roots) {
      if (other !== r && isWithin(r, other)) {
        roots.delete(r)
        break
      }
    }
  }
  // A unit in a conventional sub-folder (`squeezenet/model/`) whose parent folder holds the model's card is that
  // parent folder: the card, the weights and what sits beside them are one model. Not at the repository root
  // (a repository README does not make the whole repository a unit).
  const cardDirs = new Set<string>()
  const cardNames = new Set(CARD_NAMES.map((n) => n.toLowerCase()))
  for (const f of files) if (cardNames.has(basename(f).toLowerCase()) && !excluded(f)) cardDirs.add(dirname(f))
  for (const r of [...roots].sort((a, b) => b.length - a.length)) {
    if (protectedRoots.has(r) || cardDirs.has(r) || !CONVENTIONAL_MODEL_DIRS.has(basename(r).toLowerCase())) continue
    const parent = dirname(r)
    if (parent === '.' || !cardDirs.has(parent)) continue
    roots.delete(r)
    roots.add(parent)
  }
  return [...roots].sort()
}

/** The innermost unit root containing `path`, if any (O(depth) with a set of roots). */
export function unitOf(path: string, roots: string[] | ReadonlySet<string>): string | undefined {
  const set = roots instanceof Set ? roots : new Set(roots)
  if (set.has(path)) return path
  for (let a = dirname(path); ; a = dirname(a)) {
    if (set.has(a)) return a
    if (a === '.') return undefined
  }
}

/**
 * A unit's card: the policy's mapping; else a card at the unit's root; else, for a unit in a conventional
 * sub-folder (`model/`, `weights/`, `onnx/`, …), the nearest card above it that no other unit owns.
 */
export function findCard(root: string, fileSet: ReadonlySet<string>, roots: string[] | ReadonlySet<string>, opts: DiscoveryOptions, byDir?: ReadonlyMap<string, string[]>): string | undefined {
  for (const m of opts.units ?? []) {
    if (m.card !== undefined && (globMatcher(m.path)(root) || globMatcher(m.path)(root + '/'))) {
      return normalizePath(joinPath(root, m.card))
    }
  }
  const at = (dir: string) => {
    for (const name of CARD_NAMES) if (fileSet.has(joinPath(dir, name))) return joinPath(dir, name)
    // Case-insensitive fallback (readme.md).
    const lower = CARD_NAMES.map((n) => n.toLowerCase())
    const inDir = byDir ? (byDir.get(dir) ?? []) : [...fileSet].filter((f) => dirname(f) === dir)
    return inDir.find((f) => lower.includes(basename(f).toLowerCase()))
  }
  const own = at(root)
  if (own || root === '.' || !CONVENTIONAL_MODEL_DIRS.has(basename(root).toLowerCase())) return own
  const rootSet = roots instanceof Set ? roots : new Set(roots)
  for (let a = dirname(root); ; a = dirname(a)) {
    if (rootSet.has(a)) return undefined
    const c = at(a)
    if (c) return c
    if (a === '.') return undefined
  }
}

export interface BuildUnitsInput extends DiscoveryInput {
  files: string[]
  options: DiscoveryOptions
  /** The change being checked; undefined evaluates every unit (`--all`). */
  changes?: ChangedFile[]
  /** Evaluate every unit even when a change list is given. */
  all?: boolean
}

export interface UnitSelection {
  /** Every governed model unit found in the repository. */
  all: ModelUnit[]
  /** The governed units to evaluate. */
  selected: ModelUnit[]
  /** The repository scope: files in scope outside every governed unit (safety and data rules only). */
  repository?: ModelUnit
}

/**
 * The files safety and data rules look at: every file the change adds or modifies, wherever it is; without a
 * change list (or with `--all`), every governed file (excluded folders are scanned only when a change touches
 * them).
 */
export function scanScope(files: string[], options: DiscoveryOptions, changes: ChangedFile[] | undefined, all: boolean | undefined): string[] {
  if (changes === undefined || all) {
    const excluded = governanceExcluder(files, options)
    const always = makeExcluder([])
    return files.filter((f) => !excluded(f) && !always(f))
  }
  const present = new Set(files)
  return [...new Set(changes.filter((c) => c.status !== 'removed' && present.has(c.path)).map((c) => c.path))].sort()
}

/** Builds units from the file list, maps changed files to units and selects those to evaluate. */
export function buildUnits(input: BuildUnitsInput): UnitSelection {
  const always = makeExcluder([])
  // The same array when nothing is dropped (the usual case: listers never return .git/): the run's governance
  // excluder, keyed by the file list, is then built once.
  const files = input.files.some(always) ? input.files.filter((f) => !always(f)) : input.files
  const opts = input.options
  const excluded = governanceExcluder(files, opts)
  const sniffed = input.sniffed ?? new Map<string, FileSniff>()
  const declared = input.declared ?? []
  const roots = discoverUnitRoots(files, opts, { sniffed, declared })
  // A card is a governed file (a README.md under an excluded folder is not a model's card).
  const fileSet = new Set(files.filter((f) => !excluded(f)))
  const byDir = new Map<string, string[]>()
  for (const f of fileSet) {
    const d = dirname(f)
    const list = byDir.get(d)
    if (list) list.push(f)
    else byDir.set(d, [f])
  }
  const rootSet = new Set(roots)
  const byRoot = new Map<string, ModelUnit>()
  for (const r of roots) {
    const u: ModelUnit = { path: r, kind: 'model', files: [], artifacts: [], declared: [], changes: [], changed: false, status: 'unchanged' }
    const card = findCard(r, fileSet, rootSet, opts, byDir)
    if (card !== undefined) u.card = card
    byRoot.set(r, u)
  }
  const ownerOf = (p: string): ModelUnit | undefined => {
    if (excluded(p)) return undefined
    const r = unitOf(p, rootSet)
    return r === undefined ? undefined : byRoot.get(r)
  }
  for (const f of files) {
    const u = ownerOf(f)
    if (!u) continue
    u.files.push(f)
    if (isScannedArtifact(f, opts.artifactExtensions, sniffed.get(f))) u.artifacts.push(f)
  }
  for (const a of declared) {
    const root = a.kind === 'mlflow-registry' || a.dir ? a.path : dirname(a.path)
    const u = byRoot.get(root) ?? ownerOf(a.path)
    if (!u) continue
    u.declared.push(a)
    // Content pulled into the workspace (ignored by git) is scanned like any artifact.
    if (!a.dir && a.present && !fileSet.has(a.path) && !u.files.includes(a.path)) {
      u.files.push(a.path)
      u.artifacts.push(a.path)
    }
  }
  const byCardOrPointer = new Map<string, ModelUnit[]>()
  for (const u of byRoot.values()) {
    for (const p of new Set([...(u.card ? [u.card] : []), ...u.declared.map((d) => d.source)])) {
      const list = byCardOrPointer.get(p) ?? []
      list.push(u)
      byCardOrPointer.set(p, list)
    }
  }
  for (const c of input.changes ?? []) {
    // A change selects the (still existing) unit it touches: an added or modified file, and also a removed
    // one (deleting a model's card must not pass unnoticed), the unit a renamed file left, the unit whose card
    // sits above it, and the unit a pointer file declares.
    const touched = new Set<ModelUnit>()
    for (const p of [c.path, c.previousPath]) {
      if (p === undefined) continue
      const u = ownerOf(p)
      if (u) touched.add(u)
      for (const v of byCardOrPointer.get(p) ?? []) touched.add(v)
    }
    for (const u of touched) {
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
  // The repository scope: files in scope that no governed unit owns.
  const loose = scanScope(files, opts, input.changes, input.all).filter((f) => !ownerOf(f))
  let repository: ModelUnit | undefined
  if (loose.length) {
    const looseSet = new Set(loose)
    const changes = (input.changes ?? []).filter((c) => looseSet.has(c.path))
    repository = {
      path: '.',
      kind: 'repository',
      files: loose,
      artifacts: loose.filter((f) => isScannedArtifact(f, opts.artifactExtensions, sniffed.get(f))),
      declared: [],
      changes,
      changed: changes.length > 0,
      status: changes.length ? 'modified' : 'unchanged',
    }
    const formats: Record<string, string> = {}
    for (const f of loose) {
      const d = sniffed.get(f)?.data
      if (d) formats[f] = d
    }
    if (Object.keys(formats).length) repository.formats = formats
  }
  // Data formats recognised by content inside units too.
  for (const u of all) {
    for (const f of u.files) {
      const d = sniffed.get(f)?.data
      if (d) (u.formats ??= {})[f] = d
    }
  }
  return repository ? { all, selected, repository } : { all, selected }
}

/** The files of a unit that this run's safety checks look at: the changed ones, or all under `--all`. */
export function filesInScope(unit: ModelUnit, changes: ChangedFile[] | undefined, all: boolean | undefined): string[] {
  if (unit.kind === 'repository' || changes === undefined || all) return unit.files
  const changed = new Set(unit.changes.filter((c) => c.status !== 'removed').map((c) => c.path))
  return unit.files.filter((f) => changed.has(f))
}
