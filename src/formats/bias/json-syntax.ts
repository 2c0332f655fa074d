/**
 * Locates the first JSON syntax error. The YAML parser reads JSON with positions but accepts more than JSON
 * (`{"a": }` is a null there), and V8's JSON.parse messages often carry no position; this scanner gives the
 * line and column. It validates syntax only (RFC 8259); values come from the YAML parser. Pure; never throws.
 */

import { tooDeepMessage, YAML_MAX_DEPTH } from '../yaml.js'

export interface JsonSyntaxError {
  line: number
  column: number
  message: string
}

export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0
  const n = text.length
  class Fail extends Error {
    constructor(
      readonly at: number,
      message: string,
    ) {
      super(message)
    }
  }
  const show = (at: number) => (at >= n ? 'end of file' : `\`${text[at]}\``)
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const expect = (ch: string, what: string) => {
    ws()
    if (text[i] !== ch) throw new Fail(i, `expected ${what}, found ${show(i)}`)
    i++
  }
  const string = () => {
    i++ // opening quote
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return
      }
      if (c < 0x20) throw new Fail(i, 'control character in a string')
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fail(i, 'invalid \\u escape')
          i += 6
          continue
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new Fail(i, 'invalid escape in a string')
        i += 2
        continue
      }
      i++
    }
    throw new Fail(n, 'unterminated string')
  }
  const value = (depth: number): void => {
    if (depth > YAML_MAX_DEPTH) throw new Fail(i, tooDeepMessage())
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        ws()
        if (text[i] !== '"') throw new Fail(i, `expected a property name in double quotes, found ${show(i)}`)
        string()
        expect(':', '`:`')
        value(depth + 1)
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return
        }
        throw new Fail(i, `expected \`,\` or \`}\`, found ${show(i)}`)
      }
    }
    if (c === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value(depth + 1)
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return
        }
        throw new Fail(i, `expected \`,\` or \`]\`, found ${show(i)}`)
      }
    }
    if (c === '"') return string()
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (m && m[0].length) {
      i += m[0].length
      return
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length
        return
      }
    }
    throw new Fail(i, `expected a value, found ${show(i)}`)
  }
  try {
    value(0)
    ws()
    if (i < n) throw new Fail(i, `unexpected ${show(i)} after the end of the document`)
    return undefined
  } catch (err) {
    if (!(err instanceof Fail)) throw err
    const before = text.slice(0, err.at)
    const nl = before.lastIndexOf('\n')
    return { line: before.split('\n').length, column: err.at - nl, message: err.message }
  }
}
