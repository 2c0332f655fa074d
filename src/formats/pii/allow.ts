/**
 * Allowlists and custom detectors. Patterns are compiled with re2js (RE2: linear-time matching, no
 * backtracking), because they come from a policy file and run over untrusted repository content.
 */
import { createHash } from 'node:crypto'
import { RE2JS } from 're2js'
import type { PiiKind } from './kinds.js'

/** Compiles a user pattern with RE2; returns an error message when it cannot compile. */
export function compilePattern(pattern: string, ignoreCase = false): { re?: RE2JS; error?: string } {
  try {
    return { re: RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    return { error: msg.replace(/^error parsing regexp: /, '') }
  }
}

/** The normalized form of a value, used for exact and hashed allowlist entries. */
export function normalizeValue(kind: PiiKind, value: string): string {
  const v = value.trim()
  switch (kind) {
    case 'email':
      return v.toLowerCase()
    case 'ssn':
    case 'credit-card':
      return v.replace(/\D/g, '')
    case 'phone':
      return (v.startsWith('+') ? '+' : '') + v.replace(/\D/g, '')
    case 'iban':
      return v.replace(/\s/g, '').toUpperCase()
    case 'ip-address':
      return v.toLowerCase()
    default:
      return v
  }
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex')
}

export interface AllowConfig {
  values: string[]
  hashes: string[]
  patterns: string[]
}

export class Allowlist {
  private readonly values = new Set<string>()
  private readonly hashes = new Set<string>()
  private readonly patterns: RE2JS[] = []
  readonly empty: boolean

  constructor(cfg: AllowConfig) {
    for (const v of cfg.values) {
      this.values.add(v.trim())
      this.values.add(v.trim().toLowerCase())
    }
    for (const h of cfg.hashes) this.hashes.add(h.trim().toLowerCase().replace(/^sha256:/, ''))
    for (const p of cfg.patterns) {
      const { re } = compilePattern(p)
      if (re) this.patterns.push(re)
    }
    this.empty = this.values.size === 0 && this.hashes.size === 0 && this.patterns.length === 0
  }

  /** True when the value is allowed (exact raw or normalized value, its sha256, or a pattern match). */
  allows(kind: PiiKind, value: string): boolean {
    if (this.empty) return false
    const raw = value.trim()
    const norm = normalizeValue(kind, raw)
    if (this.values.has(raw) || this.values.has(norm) || this.values.has(raw.toLowerCase())) return true
    if (this.hashes.size && (this.hashes.has(sha256Hex(raw)) || this.hashes.has(sha256Hex(norm)))) return true
    for (const p of this.patterns) if (p.test(raw)) return true
    return false
  }
}

export interface CustomConfig {
  name: string
  pattern: string
  ignoreCase?: boolean
}

export interface CustomDetector {
  name: string
  re: RE2JS
}

export function compileCustom(list: CustomConfig[]): CustomDetector[] {
  const out: CustomDetector[] = []
  for (const c of list) {
    const { re } = compilePattern(c.pattern, c.ignoreCase)
    if (re) out.push({ name: c.name, re })
  }
  return out
}
