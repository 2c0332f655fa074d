export interface HostileCase {
  name: string
  /** The rule whose finding the hostile unit gets. */
  rule: string
  policy?: string
  files: Record<string, string | Uint8Array>
}
export const CASES: HostileCase[]
export function safetensors(): Uint8Array
export function writeCase(dir: string, c: HostileCase): void
