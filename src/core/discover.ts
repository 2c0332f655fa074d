/**
 * What discovery needs to read before units can be built: pointer files (DVC `.dvc` files and `dvc.yaml`,
 * registered MLflow model versions) and a bounded prefix of every file in the safety scope (content
 * sniffing). Reads through the FileView only; never throws for a bad file (a pointer that cannot be parsed
 * declares nothing; a file that cannot be read is sniffed as nothing and left to the rules, which report it).
 */
import { parse } from 'yaml'
import { SNIFF_BYTES, sniffFile } from '../formats/archive/sniff.js'
import { parseDvcFile, parseDvcYaml } from '../formats/dvc.js'
import { dataFormatOf } from '../formats/pii/format.js'
import type { ChangedFile } from './changes.js'
import { basename, dirname, FileAccessError, joinPath, type FileView } from './files.js'
import { governanceExcluder, isArtifact, scanScope, type DeclaredArtifact, type DiscoveryOptions, type FileSniff } from './units.js'

const POINTER_MAX_BYTES = 256 * 1024
const SNIFF_CONCURRENCY = 16
/** Data formats the PII rules scan in the repository scope (prose and configuration are not data). */
export const DATA_FORMATS = new Set(['csv', 'tsv', 'json', 'jsonl', 'notebook', 'parquet', 'gzip', 'zip', 'sqlite', 'excel'])

async function readSmall(view: FileView, path: string): Promise<string | undefined> {
  try {
    const { text, truncated } = await view.readText(path, { maxBytes: POINTER_MAX_BYTES })
    return truncated ? undefined : text
  } catch {
    return undefined
  }
}

/** Artifacts declared by DVC pointers and registered MLflow model versions, with whether their content is here. */
export async function readDeclared(view: FileView, files: string[], options: DiscoveryOptions): Promise<DeclaredArtifact[]> {
  const excluded = governanceExcluder(files, options)
  const fileSet = new Set(files)
  const out: DeclaredArtifact[] = []
  for (const f of files) {
    const name = basename(f)
    if (name.endsWith('.dvc') && name !== '.dvc' && !excluded(f)) {
      const text = await readSmall(view, f)
      if (text === undefined) continue
      for (const o of parseDvcFile(f, text)) {
        // A `.dvc` file tracks one output; it is a model when its name says so (data stays data).
        if (o.dir ? /(^|\/)(models?|weights|checkpoints)$/i.test(o.path) : isArtifact(o.path, options.artifactExtensions)) out.push(dvcArtifact(o))
      }
    } else if (name === 'dvc.yaml' && !excluded(f)) {
      const text = await readSmall(view, f)
      if (text === undefined) continue
      const lockPath = joinPath(dirname(f), 'dvc.lock')
      const lock = fileSet.has(lockPath) ? await readSmall(view, lockPath) : undefined
      for (const o of parseDvcYaml(f, text, lock)) {
        const model = o.model || (o.dir ? /(^|\/)(models?|weights|checkpoints)$/i.test(o.path) : isArtifact(o.path, options.artifactExtensions))
        if (model) out.push(dvcArtifact(o))
      }
    } else if (name === 'meta.yaml' && /(^|\/)mlruns\/models\/[^/]+\/version-\d+\/meta\.yaml$/.test(f)) {
      const text = await readSmall(view, f)
      const dir = text === undefined ? undefined : registeredModelDir(text, files)
      if (dir) out.push({ path: dir, source: f, kind: 'mlflow-registry', dir: true, model: true })
    }
  }
  for (const a of out) {
    if (a.dir) continue
    try {
      const st = await view.stat(a.path)
      a.present = st !== undefined
    } catch {
      // A pulled file that is a link out of the workspace: present, and the rules report the link.
      a.present = true
    }
  }
  return out
}

function dvcArtifact(o: ReturnType<typeof parseDvcFile>[number]): DeclaredArtifact {
  const a: DeclaredArtifact = { path: o.path, source: o.source, kind: 'dvc', dir: o.dir, rawMd5: o.rawMd5, model: o.model }
  if (o.md5 !== undefined) a.md5 = o.md5
  if (o.size !== undefined) a.size = o.size
  return a
}

/**
 * The run artifact folder a registered MLflow model version points to (`source`/`storage_location`, e.g.
 * `file:///…/mlruns/1/<run>/artifacts/model`, `runs:/<run>/model`, `models:/m-…`), matched by its trailing path
 * against the repository's folders.
 */
function registeredModelDir(text: string, files: string[]): string | undefined {
  let doc: unknown
  try {
    doc = parse(text)
  } catch {
    return undefined
  }
  if (!doc || typeof doc !== 'object') return undefined
  const d = doc as Record<string, unknown>
  const runId = typeof d.run_id === 'string' ? d.run_id : undefined
  const suffixes: string[] = []
  for (const key of ['storage_location', 'source']) {
    const v = d[key]
    if (typeof v !== 'string') continue
    const runs = /^runs:\/([^/]+)\/(.+)$/.exec(v)
    if (runs) suffixes.push(`${runs[1]}/artifacts/${runs[2]}`)
    const path = v.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '/').replace(/\/+$/, '')
    const at = path.lastIndexOf('/mlruns/')
    if (at >= 0) suffixes.push(path.slice(at + '/mlruns/'.length))
    else if (runId && path.includes(`/${runId}/`)) suffixes.push(path.slice(path.indexOf(`/${runId}/`) + 1))
  }
  const dirs = new Set<string>()
  for (const f of files) if (basename(f) === 'MLmodel') dirs.add(dirname(f))
  for (const s of suffixes) {
    for (const dir of dirs) if (dir === s || dir.endsWith('/' + s)) return dir
  }
  return undefined
}

/**
 * Sniffs the content of the files in the safety scope (and of model-named files whose content may deny it:
 * a text `.pth`, an SPSS `.sav`), a bounded prefix each, a few at a time.
 */
export async function sniffScope(view: FileView, files: string[], options: DiscoveryOptions, changes: ChangedFile[] | undefined, all: boolean | undefined): Promise<Map<string, FileSniff>> {
  const excluded = governanceExcluder(files, options)
  const targets = new Set(scanScope(files, options, changes, all))
  for (const f of files) if (/\.(pth|sav)$/i.test(f) && !excluded(f)) targets.add(f)
  const out = new Map<string, FileSniff>()
  const queue = [...targets]
  let next = 0
  const worker = async () => {
    for (let i = next++; i < queue.length; i = next++) {
      const p = queue[i]!
      const s = await sniffOne(view, p)
      if (s) out.set(p, s)
    }
  }
  await Promise.all(Array.from({ length: SNIFF_CONCURRENCY }, worker))
  return out
}

async function sniffOne(view: FileView, path: string): Promise<FileSniff | undefined> {
  try {
    const st = await view.stat(path)
    if (!st) return undefined
    let head: Uint8Array | undefined
    const read = async (start: number, end: number) => {
      if (start === 0 && end <= SNIFF_BYTES) {
        head ??= await view.readRange(path, 0, Math.min(st.size, SNIFF_BYTES))
        return head.subarray(0, end)
      }
      return view.readRange(path, start, end)
    }
    const s = await sniffFile(st.size, read)
    const out: FileSniff = { text: s.text }
    if (s.model) out.model = s.model
    if (s.notModel) out.notModel = s.notModel
    // Data by name (case-insensitive) or by content: an extensionless CSV, JSON lines in a `.dat`, UTF-16 tables.
    // A model file is not data (a torch zip is scanned as an artifact, not read for PII).
    const data = s.model ? undefined : dataFormatOf(path, head ?? (await read(0, Math.min(st.size, SNIFF_BYTES))))
    // A `.gz` / `.zip` by name whose bytes are not one (a joblib zlib stream named `.gz`) is not data.
    const h = head ?? new Uint8Array()
    const magicOk = data === 'gzip' ? h[0] === 0x1f && h[1] === 0x8b : data === 'zip' ? h[0] === 0x50 && h[1] === 0x4b : true
    if (data && DATA_FORMATS.has(data) && magicOk) out.data = data
    return out
  } catch (err) {
    // A link out of the workspace is artifact/symlink's. Any other file in scope that cannot be read could carry
    // a pickle: it goes to the artifact rules, which report it as unscannable (never a silent pass).
    if (err instanceof FileAccessError && err.code === 'outside-workspace') return undefined
    return { model: 'unreadable' }
  }
}
