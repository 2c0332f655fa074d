/** End to end: the bundled dist/cli.js on temporary repositories, as a user runs it. */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { tempRepos } from '../support/gitrepo.js'
import { CLI, runNode } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'

const repo = tempRepos('modelgate-cli-')
const cli = (cwd: string, ...args: string[]) => runNode(CLI, args, { cwd, env: { NO_COLOR: '1' } })

describe('modelgate check', () => {
  it('--all --format json: a model directory without a card is a doc/model-card-required error, exit 1', async () => {
    const r = repo().write({ 'models/a/model.safetensors': safetensors(), 'models/b/model.safetensors': safetensors(), 'models/b/README.md': GOOD_CARD })
    const res = await cli(r.dir, 'check', '--all', '--format', 'json', r.dir)
    expect(res.code).toBe(1)
    const report = JSON.parse(res.stdout)
    expect(report).toMatchObject({
      version: 1,
      tool: { name: 'modelgate', version: '0.1.0' },
      conclusion: 'failure',
      failOn: 'error',
      policy: { source: 'built-in', extends: ['recommended'] },
      models: [
        { path: 'models/a', changed: false, files: ['models/a/model.safetensors'] },
        { path: 'models/b', changed: false, files: ['models/b/README.md', 'models/b/model.safetensors'] },
      ],
      summary: { errors: 1, warnings: 0, notices: 0, models: 2 },
    })
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'doc/model-card-required',
        category: 'documentation',
        severity: 'error',
        path: 'models/a/model.safetensors',
        line: 1,
        model: 'models/a',
        message: 'model unit `models/a` has no model card: add `models/a/README.md` or `models/a/MODEL_CARD.md`',
      }),
    ])
    expect(report.notes).toContain('No policy file `.github/modelgate.yml`: using the built-in `recommended` preset.')
  })

  it('checks only the units the branch changed against the merge base, including uncommitted files', async () => {
    const r = repo().write({ 'models/a/model.safetensors': safetensors() })
    r.commit('undocumented model on main')
    r.git('checkout', '-q', '-b', 'work')
    r.write({ 'models/b/model.safetensors': safetensors() })
    r.commit('b')
    r.write({ 'models/c/model.safetensors': safetensors() }) // uncommitted, untracked
    const res = await cli(r.dir, 'check', '--format', 'json')
    expect(res.code).toBe(1)
    const report = JSON.parse(res.stdout)
    expect(report.models.map((m: { path: string }) => m.path)).toEqual(['models/b', 'models/c'])
    expect(report.findings.map((f: { path: string }) => f.path)).toEqual(['models/b/model.safetensors', 'models/c/model.safetensors'])
  })

  it('--base selects the comparison; no changed unit passes', async () => {
    const r = repo().write({ 'models/a/model.safetensors': safetensors() })
    const first = r.commit('a')
    r.write({ 'notes.txt': 'x' })
    r.commit('notes')
    const res = await cli(r.dir, 'check', '--base', first)
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('✔ modelgate: gate passed — 0 errors, 0 warnings, 0 notices in 0 models')
    const bad = await cli(r.dir, 'check', '--base', 'no-such-ref')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--base no-such-ref: no such revision')
  })

  it('text output: errors first, path:line, no colour when not a TTY, models after, verdict last', async () => {
    const r = repo().write({ 'm/model.safetensors': safetensors() })
    const res = await cli(r.dir, 'check', '--all')
    expect(res.code).toBe(1)
    expect(res.stdout).not.toMatch(/\u001b\[/)
    const lines = res.stdout.trim().split('\n')
    const at = lines.indexOf('✖ 1 error')
    expect(at).toBeGreaterThan(0)
    expect(lines.slice(at, at + 2)).toEqual(['✖ 1 error', '  error   m/model.safetensors:1  model unit `m` has no model card: add `m/README.md` or `m/MODEL_CARD.md`  doc/model-card-required'])
    expect(lines).toContain('  ✖ m  1 error')
    expect(lines).toContain('  error   m/model.safetensors:1  model unit `m` has no model card: add `m/README.md` or `m/MODEL_CARD.md`  doc/model-card-required')
    expect(lines.at(-1)).toBe('✖ modelgate: gate FAILED (fail-on: error) — 1 error, 0 warnings, 0 notices in 1 model')
  })

  it('a broken policy exits 2 with file:line:col', async () => {
    const r = repo().write({ '.github/modelgate.yml': 'version: 1\nrules:\n  doc/model-card-required: [error\n', 'm/model.safetensors': safetensors() })
    const res = await cli(r.dir, 'check', '--all')
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/^\.github\/modelgate\.yml:4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/m)
    expect(res.stdout).toBe('')
    const json = await cli(r.dir, 'check', '--all', '--format', 'json')
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toMatchObject({ version: 1, conclusion: 'failure', error: { kind: 'invalid-policy', problems: [{ file: '.github/modelgate.yml', line: 4, column: 1 }] } })
    const schema = await cli(r.dir, 'check', '--all', '--policy', 'missing.yml')
    expect(schema.code).toBe(2)
    expect(schema.stderr).toContain('missing.yml:1:1: policy file not found')
  })

  it('--fail-on warning, --output and --format sarif', async () => {
    const r = repo().write({ '.github/modelgate.yml': 'version: 1\nrules:\n  doc/model-card-required: warning\n', 'm/model.safetensors': safetensors() })
    expect((await cli(r.dir, 'check', '--all')).code).toBe(0)
    expect((await cli(r.dir, 'check', '--all', '--fail-on', 'warning')).code).toBe(1)
    const out = await cli(r.dir, 'check', '--all', '--format', 'sarif', '--output', 'out.sarif')
    expect(out.code).toBe(0)
    expect(out.stdout).toBe('')
    const sarif = JSON.parse(readFileSync(path.join(r.dir, 'out.sarif'), 'utf8'))
    expect(sarif.runs[0].results).toEqual([
      expect.objectContaining({ ruleId: 'doc/model-card-required', level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'm/model.safetensors', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }] }),
    ])
    const usage = await cli(r.dir, 'check', '--format', 'xml')
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--format must be one of text, json, sarif, markdown')
  })
})

describe('modelgate init, rules, explain, policy', () => {
  it('init writes a starter policy that passes validation, for every preset', async () => {
    for (const preset of ['recommended', 'strict', 'eu-ai-act-high-risk']) {
      const r = repo()
      const res = await cli(r.dir, 'init', '--preset', preset)
      expect(res.code).toBe(0)
      expect(existsSync(path.join(r.dir, '.github/modelgate.yml'))).toBe(true)
      const text = readFileSync(path.join(r.dir, '.github/modelgate.yml'), 'utf8')
      expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=/)
      expect(text).toContain(`extends: ${preset}`)
      const v = await cli(r.dir, 'policy', 'validate')
      expect(v.stderr).toBe('')
      expect(v.code).toBe(0)
      expect((await cli(r.dir, 'check', '--all')).code).toBe(0)
      expect((await cli(r.dir, 'init')).code).toBe(2)
    }
  })

  it('rules lists every rule; explain prints help; unknown ids suggest', async () => {
    const r = repo()
    const rules = await cli(r.dir, 'rules', '--format', 'json')
    const list = JSON.parse(rules.stdout)
    expect(list.find((x: { id: string }) => x.id === 'doc/model-card-required')).toMatchObject({ category: 'documentation', levels: { recommended: 'error' } })
    const ex = await cli(r.dir, 'explain', 'doc/model-card-required')
    expect(ex.code).toBe(0)
    expect(ex.stdout).toContain('doc/model-card-required (documentation)')
    expect(ex.stdout).toContain('How to fix')
    const bad = await cli(r.dir, 'explain', 'doc/model-card-requird')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('modelgate: unknown rule "doc/model-card-requird" (did you mean "doc/model-card-required"?)\n')
  })

  it('policy show prints each value with its source', async () => {
    const r = repo().write({ '.github/modelgate.yml': 'version: 1\nextends: strict\nrules:\n  doc/model-card-required: warning\n' })
    const res = await cli(r.dir, 'policy', 'show')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('  doc/model-card-required: warning    # .github/modelgate.yml:4:28')
    expect(res.stdout).toContain('fail-on: error    # default')
    expect(res.stdout).toContain('extends recommended → strict')
  })
})
