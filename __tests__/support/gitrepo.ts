/** Temporary git repositories for end-to-end tests. */
import { afterEach } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

export class TempRepo {
  readonly dir: string

  constructor(prefix = 'modelgate-e2e-') {
    this.dir = mkdtempSync(path.join(tmpdir(), prefix))
    this.git('init', '-q', '-b', 'main')
    this.git('config', 'user.email', 'test@example.com')
    this.git('config', 'user.name', 'Test')
    this.git('config', 'commit.gpgsign', 'false')
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
  }

  write(files: Record<string, string | Uint8Array>): this {
    for (const [p, c] of Object.entries(files)) {
      const abs = path.join(this.dir, p)
      mkdirSync(path.dirname(abs), { recursive: true })
      writeFileSync(abs, c)
    }
    return this
  }

  remove(...paths: string[]): this {
    for (const p of paths) rmSync(path.join(this.dir, p), { force: true, recursive: true })
    return this
  }

  commit(message: string): string {
    this.git('add', '-A')
    this.git('commit', '-q', '--allow-empty', '-m', message)
    return this.git('rev-parse', 'HEAD')
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/**
 * A factory of temporary repositories that are removed after each test (it registers the afterEach hook,
 * so call it once at the top of a test file).
 */
export function tempRepos(defaultPrefix?: string): (prefix?: string) => TempRepo {
  const made: TempRepo[] = []
  afterEach(() => {
    for (const r of made.splice(0)) r.cleanup()
  })
  return (prefix = defaultPrefix) => {
    const r = new TempRepo(prefix)
    made.push(r)
    return r
  }
}

/** Parses a GITHUB_OUTPUT file (`name<<DELIM\nvalue\nDELIM` blocks and `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]!)
      out[name!] = value.join('\n')
    } else if (line.includes('=')) {
      const j = line.indexOf('=')
      out[line.slice(0, j)] = line.slice(j + 1)
    }
  }
  return out
}
