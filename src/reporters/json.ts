import type { GateReport } from '../core/report.js'

/** Top-level arrays written element by element: with 10,000 units they hold most of the report. */
const STREAMED = new Set(['models', 'findings', 'tables'])

/**
 * The report contract as JSON (stable key order as built), in pieces: exactly the text of
 * `JSON.stringify(report, null, 2) + '\n'`, without ever holding all of it in one string (a report of 10,000
 * units is tens of megabytes, and a string that size plus its building costs several times its size).
 */
export function* renderJsonChunks(report: GateReport): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function')
  yield '{'
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!
    const head = `${i ? ',' : ''}\n  ${JSON.stringify(key)}: `
    if (STREAMED.has(key) && Array.isArray(value) && value.length) {
      yield `${head}[`
      for (let j = 0; j < value.length; j++) yield `${j ? ',' : ''}\n    ${indent(JSON.stringify(value[j] ?? null, null, 2), '    ')}`
      yield '\n  ]'
    } else {
      yield head + indent(JSON.stringify(value, null, 2), '  ')
    }
  }
  yield entries.length ? '\n}\n' : '}\n'
}

function indent(json: string, by: string): string {
  return json.includes('\n') ? json.replace(/\n/g, `\n${by}`) : json
}

/** The report contract as JSON, in one string (small reports, tests). */
export function renderJson(report: GateReport): string {
  let out = ''
  for (const chunk of renderJsonChunks(report)) out += chunk
  return out
}

/** Joins pieces into writes of about `size` characters (fewer system calls than one per finding). */
export function* batched(chunks: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buf = ''
  for (const c of chunks) {
    buf += c
    if (buf.length >= size) {
      yield buf
      buf = ''
    }
  }
  if (buf) yield buf
}
