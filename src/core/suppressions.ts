/**
 * Inline suppressions, a narrow form the policy may enable for documentation rules only:
 * `<!-- modelgate-disable-next-line RULE_ID -- reason -->` on the line before a finding in a Markdown
 * file. A reason is required. Data files can never silence a finding (PII, artifacts, bias…).
 */
import type { FileView } from './files.js'
import type { Finding } from './findings.js'

const COMMENT = /<!--\s*modelgate-disable-next-line\s+([\w./-]+)\s+--\s+(.+?)\s*-->/

export interface Suppression {
  rule: string
  reason: string
}

export function parseSuppression(line: string): Suppression | undefined {
  const m = COMMENT.exec(line)
  if (!m || !m[2]!.trim()) return undefined
  return { rule: m[1]!, reason: m[2]!.trim() }
}

export async function applyInlineSuppressions(findings: Finding[], files: FileView): Promise<Finding[]> {
  const cache = new Map<string, string[] | null>()
  const linesOf = async (path: string) => {
    if (!cache.has(path)) {
      try {
        cache.set(path, (await files.readText(path, { maxBytes: 4 * 1024 * 1024 })).text.split(/\r\n|\r|\n/))
      } catch {
        cache.set(path, null)
      }
    }
    return cache.get(path)!
  }
  const out: Finding[] = []
  for (const f of findings) {
    if (f.category !== 'documentation' || f.waived || !f.line || f.line < 2 || !/\.(md|markdown)$/i.test(f.path)) {
      out.push(f)
      continue
    }
    const lines = await linesOf(f.path)
    const s = lines ? parseSuppression(lines[f.line - 2] ?? '') : undefined
    if (s && s.rule === f.ruleId) {
      out.push({ ...f, waived: { index: -1, reason: s.reason, approvedBy: `inline comment at ${f.path}:${f.line - 1}`, expires: 'never' } })
    } else {
      out.push(f)
    }
  }
  return out
}
