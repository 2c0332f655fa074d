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
 * `@name` and `#123` taken from repository text (file and directory names, values) cannot mention a user or
 * link an issue in a comment, summary or check run: a zero-width space (`&#8203;`) follows the sign.
 * For Markdown already escaped by `md`; code spans need nothing (GitHub does not link inside them).
 */
export function neutralize(markdown: string): string {
  return markdown.replace(/(?<!&)#(?=\d)/g, '#&#8203;').replace(/@(?=[A-Za-z0-9])/g, '@&#8203;')
}

/** Repository text (names, values) as Markdown: escaped, and no mentions or issue links. */
export function mdText(text: string): string {
  return neutralize(md(text))
}

/**
 * Messages use `backticks` for names; keep those as code spans and escape everything else (mentions and
 * issue references neutralized: a message can quote repository text outside backticks).
 */
export function mdMessage(text: string, o: { neutralize?: boolean } = {}): string {
  const prose = o.neutralize === false ? md : mdText
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? code(part.slice(1, -1)) : prose(part)))
    .join('')
}

/** The run's own notes (`pull request #7`): escaped, references kept. */
export function mdNote(text: string): string {
  return mdMessage(text, { neutralize: false })
}
