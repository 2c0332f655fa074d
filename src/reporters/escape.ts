/** Escaping for Markdown (GitHub-flavoured) so file names and messages cannot inject markup. */

const MD_SPECIAL = /[\\`*_[\]<>|~&]/g

/** Escapes text for a Markdown paragraph or table cell. */
export function md(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(MD_SPECIAL, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
}

/** Inline code that cannot be broken out of (backticks inside are handled by a longer fence). */
export function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ')
  const runs = t.match(/`+/g) ?? []
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1)
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${t}${pad}${fence}`
}

/**
 * Messages use `backticks` for names; keep those as code spans and escape everything else.
 */
export function mdMessage(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? code(part.slice(1, -1)) : md(part)))
    .join('')
}
