/**
 * Keras model configurations: `.keras` archives carry `config.json`; legacy `.h5` files carry the same
 * JSON as an HDF5 attribute. Loading runs code for `Lambda` layers (marshalled Python bytecode) and imports
 * any module a layer names (`module`, `registered_name` of custom objects), so both are flagged unless the
 * module lies inside Keras' own namespaces (or the policy's list).
 */
import picomatch from 'picomatch'
import type { ByteSource } from './source.js'

export interface KerasIssue {
  /** JSON path of the object, e.g. `config.layers[3]`. */
  path: string
  /** The layer's name, when it has one. */
  layer?: string
  className?: string
  module?: string
  registeredName?: string
  reason: string
}

export const KERAS_SAFE_MODULES = ['keras', 'keras.**', 'keras_nlp', 'keras_nlp.**', 'keras_hub', 'keras_hub.**', 'keras_cv', 'keras_cv.**', 'tf_keras', 'tf_keras.**']

const LAMBDA_CLASSES = new Set(['Lambda', '__lambda__', 'TFOpLambda'])

export function makeModuleMatcher(extra: string[] = []): (module: string) => boolean {
  const m = picomatch([...KERAS_SAFE_MODULES, ...extra].map((p) => p.replace(/\./g, '/')), { dot: true, windows: false })
  return (module) => /^[A-Za-z_][\w.]*$/.test(module) && m(module.replace(/\./g, '/'))
}

/** Walks a parsed Keras config and returns the layers and objects that run or import code. */
export function inspectKerasConfig(config: unknown, allowModule: (m: string) => boolean = makeModuleMatcher()): KerasIssue[] {
  const issues: KerasIssue[] = []
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 200 || issues.length >= 200) return
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1))
      return
    }
    if (typeof v !== 'object' || v === null) return
    const o = v as Record<string, unknown>
    const className = typeof o.class_name === 'string' ? o.class_name : undefined
    const module = typeof o.module === 'string' ? o.module : undefined
    const registered = typeof o.registered_name === 'string' ? o.registered_name : undefined
    const cfg = o.config
    const layer = typeof cfg === 'object' && cfg !== null && typeof (cfg as Record<string, unknown>).name === 'string' ? ((cfg as Record<string, unknown>).name as string) : undefined
    const reasons: string[] = []
    if (className && LAMBDA_CLASSES.has(className)) reasons.push(`a \`${className}\` layer carries Python code that runs when the model is loaded`)
    if (module !== undefined && className !== undefined && !allowModule(module)) reasons.push(`it imports module \`${module}\`, outside Keras' own namespaces`)
    if (registered && registered.includes('>')) {
      const pkg = registered.slice(0, registered.indexOf('>'))
      if (!allowModule(pkg)) reasons.push(`it names custom object \`${registered}\`, whose code must be imported to load the model`)
    }
    if (reasons.length) {
      const issue: KerasIssue = { path: path || '$', reason: reasons.join('; ') }
      if (layer) issue.layer = layer
      if (className) issue.className = className
      if (module !== undefined) issue.module = module
      if (registered) issue.registeredName = registered
      issues.push(issue)
      // A Lambda layer's own function object is part of the same finding.
      if (className && LAMBDA_CLASSES.has(className)) return
    }
    for (const [k, x] of Object.entries(o)) walk(x, path ? `${path}.${k}` : k, depth + 1)
  }
  walk(config, '', 0)
  return issues
}

export const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]

/** HDF5 signature at 0 or a user-block offset (512, 1024, …). */
export async function findHdf5Signature(src: ByteSource): Promise<number | undefined> {
  for (let off = 0; off < src.size && off <= 1 << 20; off = off === 0 ? 512 : off * 2) {
    const b = await src.readRange(off, off + 8)
    if (b.length === 8 && HDF5_MAGIC.every((x, i) => b[i] === x)) return off
  }
  return undefined
}

const LAMBDA_RE = /"class_name":\s*"(Lambda|__lambda__|TFOpLambda)"/g
const MODULE_RE = /"module":\s*"([^"\\]{1,200})"/g

/**
 * Best-effort scan of a legacy `.h5` Keras file: the model config is JSON stored in an attribute; the
 * whole file is streamed and searched for Lambda layers and non-Keras modules, memory flat.
 */
export async function scanH5Config(src: ByteSource, allowModule: (m: string) => boolean = makeModuleMatcher()): Promise<{ issues: KerasIssue[]; sawConfig: boolean }> {
  const issues: KerasIssue[] = []
  const seen = new Set<string>()
  let sawConfig = false
  let tail = ''
  let offset = 0
  const search = (text: string, base: number) => {
    if (text.includes('"class_name"')) sawConfig = true
    for (const m of text.matchAll(LAMBDA_RE)) {
      const at = base + m.index
      if (seen.has(`lambda@${at}`) || issues.length >= 100) continue
      seen.add(`lambda@${at}`)
      issues.push({ path: `byte ${at}`, className: m[1], reason: `a \`${m[1]}\` layer carries Python code that runs when the model is loaded` })
    }
    for (const m of text.matchAll(MODULE_RE)) {
      const mod = m[1]!
      if (allowModule(mod) || seen.has(`module:${mod}`) || issues.length >= 100) continue
      seen.add(`module:${mod}`)
      issues.push({ path: `byte ${base + m.index}`, module: mod, reason: `it imports module \`${mod}\`, outside Keras' own namespaces` })
    }
  }
  for await (const chunk of src.stream()) {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
    // Matches spanning the chunk boundary, then the chunk itself when it holds a keyword.
    if (tail) search(tail + buf.subarray(0, 256).toString('latin1'), offset - tail.length)
    if (buf.includes('class_name') || buf.includes('"module"')) search(buf.toString('latin1'), offset)
    tail = buf.subarray(Math.max(0, buf.length - 256)).toString('latin1')
    offset += chunk.length
  }
  return { issues, sawConfig }
}
