/**
 * The action's baseline: like the policy, read from the base commit on pull requests (a pull request
 * cannot baseline its own findings) and from the working tree otherwise. A missing file means no baseline;
 * an unreadable or malformed one is ignored with a warning, so every finding counts (fail closed).
 */
import { parseBaseline, type BaselineInput } from '../core/baseline.js'

export interface BaselineSource {
  /** Path inside the working directory (the input `baseline`). */
  path: string
  /** Reads the file's text at the base commit or in the working tree; undefined when absent. */
  read: () => Promise<string | undefined>
  /** The base SHA when read from there. */
  ref?: string
}

export async function readActionBaseline(src: BaselineSource, warn: (m: string) => void): Promise<{ baseline?: BaselineInput; note?: string }> {
  let text: string | undefined
  try {
    text = await src.read()
  } catch (err) {
    const note = `The baseline \`${src.path}\` could not be read (${(err as Error).message}): every finding counts.`
    warn(`modelgate: ${note}`)
    return { note }
  }
  if (text === undefined) return {}
  const parsed = parseBaseline(text)
  if (!parsed.ok) {
    const note = `The baseline \`${src.path}\`${src.ref ? ` at the base commit ${src.ref.slice(0, 12)}` : ''} is not valid (${parsed.problem}): every finding counts.`
    warn(`modelgate: ${note}`)
    return { note }
  }
  return { baseline: { baseline: parsed.baseline, source: src.path, ...(src.ref ? { ref: src.ref } : {}) } }
}
