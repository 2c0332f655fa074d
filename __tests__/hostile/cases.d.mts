export interface HostileCase {
  name: string
  /** The rule whose finding the hostile unit gets. */
  rule: string
  policy?: string
  /** Not hostile: a large but ordinary shape that must be parsed (no budget finding). */
  legit?: boolean
  /** Text of the expected message when it is not a budget (linear inputs that are simply invalid). */
  expect?: string
  files: Record<string, string | Uint8Array>
}
export const CASES: HostileCase[]
export function safetensors(): Uint8Array
export function writeCase(dir: string, c: HostileCase): void
