/** End to end: the CLI behaves like the tools people know (help, did-you-mean, EPIPE, baseline, discovery, scaffolding). */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { tempRepos } from '../support/gitrepo.js'
import { CLI, runNode } from '../support/run-dist.js'
import { GOOD_CARD, safetensors } from '../support/artifacts.js'

const repo = tempRepos('modelgate-cli-adopt-')
const cli = (cwd: string, ...args: string[]) => runNode(CLI, args, { cwd, env: { NO_COLOR: '1' } })
const COMMANDS = ['check', 'baseline', 'init', 'rules', 'explain', 'policy', 'bias-report', 'help']

describe('help and usage errors', () => {
  it('every command answers --help, -h and `help COMMAND` with its usage, exit 0', async () => {
    const r = repo()
    for (const c of COMMANDS) {
      const a = await cli(r.dir, c, '--help')
      expect([c, a.code, a.stderr]).toEqual([c, 0, ''])
      expect(a.stdout).toMatch(/^Usage: modelgate /)
      expect((await cli(r.dir, c, '-h')).stdout).toBe(a.stdout)
      expect((await cli(r.dir, 'help', c)).stdout).toBe(a.stdout)
    }
    const top = await cli(r.dir, '--help')
    for (const c of COMMANDS) expect(top.stdout).toContain(`  ${c} `)
  })

  it('an unknown option is one clean line, a suggestion, and the command usage; exit 2', async () => {
    const r = repo()
    const res = await cli(r.dir, 'check', '--fromat', 'json')
    expect(res.code).toBe(2)
    const lines = res.stderr.split('\n')
    expect(lines[0]).toBe('modelgate check: unknown option --fromat (did you mean --format?)')
    expect(lines[2]).toBe('Usage: modelgate check [DIR] [options]')
    expect(res.stderr).not.toMatch(/\n\s+at |ERR_PARSE|TypeError/)
    expect((await cli(r.dir, 'check', '--output')).stderr.split('\n')[0]).toBe('modelgate check: --output needs a value')
  })

  it('suggests commands, rule ids and policy subcommands', async () => {
    const r = repo()
    expect((await cli(r.dir, 'chek')).stderr.split('\n')[0]).toBe('modelgate: unknown command "chek" (did you mean "check"?)')
    expect((await cli(r.dir, 'help', 'baseilne')).stderr.split('\n')[0]).toBe('modelgate: unknown command "baseilne" (did you mean "baseline"?)')
    expect((await cli(r.dir, 'policy', 'valdate')).stderr.split('\n')[0]).toBe('modelgate policy: unknown subcommand "valdate" (did you mean "validate"?)')
    expect((await cli(r.dir, 'explain', 'pii/emial')).stderr).toBe('modelgate: unknown rule "pii/emial" (did you mean "pii/email"?)\n')
  })

  it('--format json on a usage error prints a JSON error object on stdout as well', async () => {
    const r = repo()
    const res = await cli(r.dir, 'check', '--format', 'json', '--fail-on', 'sometimes')
    expect(res.code).toBe(2)
    expect(res.stderr.split('\n')[0]).toBe('modelgate check: --fail-on must be one of error, warning, notice, never')
    expect(JSON.parse(res.stdout)).toMatchObject({ version: 1, conclusion: 'failure', error: { kind: 'usage', command: 'check', message: '--fail-on must be one of error, warning, notice, never' } })
  })

  it('piping into head exits quietly (EPIPE)', () => {
    const r = repo()
    const out = execFileSync('sh', ['-c', `"${process.execPath}" "${CLI}" rules 2>err.txt | head -1; cat err.txt`], { cwd: r.dir, encoding: 'utf8' })
    expect(out).toBe('\n')
  })
})

describe('check options', () => {
  it('--output into a missing folder creates it; --quiet shows errors only', async () => {
    const r = repo().write({ '.github/modelgate.yml': 'version: 1\nrules:\n  doc/required-sections: warning\n', 'm/model.safetensors': safetensors(), 'n/model.safetensors': safetensors(), 'n/README.md': '# n\n\nshort\n' })
    const res = await cli(r.dir, 'check', '--all', '--output', 'reports/today/out.txt')
    expect(res.code).toBe(1)
    expect(readFileSync(path.join(r.dir, 'reports/today/out.txt'), 'utf8')).toContain('✖ 1 error')
    const quiet = await cli(r.dir, 'check', '--all', '--quiet')
    expect(quiet.stdout).toContain('  error   m/model.safetensors:1')
    expect(quiet.stdout).not.toMatch(/^ +warning /m)
    expect(quiet.stdout).toMatch(/gate FAILED \(fail-on: error\) — 1 error, [1-9]\d* warnings?/)
  })

  it('a check that evaluated 0 units on an unchanged branch says how to check everything', async () => {
    const r = repo().write({ 'm/model.safetensors': safetensors() })
    r.commit('model')
    const res = await cli(r.dir, 'check')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('note: No model unit changed against main (0 evaluated): run `modelgate check --all` to check every unit.')
  })
})

describe('config discovery', () => {
  it('from a subdirectory: the repository policy, that subtree only, paths relative to the root', async () => {
    const r = repo().write({
      '.github/modelgate.yml': 'version: 1\nrules:\n  doc/model-card-required: warning\n',
      'models/a/model.safetensors': safetensors(),
      'models/b/model.safetensors': safetensors(),
    })
    const res = await cli(path.join(r.dir, 'models/a'), 'check', '--all', '--format', 'json')
    expect(res.code).toBe(0)
    const report = JSON.parse(res.stdout)
    expect(report.policy.source).toBe('.github/modelgate.yml')
    expect(report.models.map((m: { path: string }) => m.path)).toEqual(['models/a'])
    expect(report.findings.map((f: { ruleId: string; path: string; severity: string }) => `${f.severity} ${f.ruleId} ${f.path}`)).toEqual(['warning doc/model-card-required models/a/model.safetensors'])
  })
})

describe('baseline, then check', () => {
  it('accepts today; a change adding one new problem fails on it alone; stale entries are reported', async () => {
    const r = repo().write({ 'models/a/model.safetensors': safetensors(), 'models/b/model.safetensors': safetensors(), 'models/c/model.safetensors': safetensors(), 'models/c/README.md': GOOD_CARD })
    r.commit('existing repository')
    const b = await cli(r.dir, 'baseline')
    expect(b.code).toBe(0)
    expect(b.stdout.split('\n')[0]).toBe('wrote .github/modelgate-baseline.json: 2 findings in 2 files accepted.')
    const file = readFileSync(path.join(r.dir, '.github/modelgate-baseline.json'), 'utf8')
    expect(JSON.parse(file).entries.map((e: { rule: string; path: string }) => `${e.rule} ${e.path}`)).toEqual([
      'doc/model-card-required models/a/model.safetensors',
      'doc/model-card-required models/b/model.safetensors',
    ])
    r.commit('baseline')
    const all = await cli(r.dir, 'check', '--all')
    expect(all.code).toBe(0)
    expect(all.stdout).toContain('○ 2 baselined findings (accepted by .github/modelgate-baseline.json; they do not block; --show-baselined lists them)')
    expect(all.stdout.trimEnd().split('\n').at(-1)).toBe('✔ modelgate: gate passed — 0 errors, 0 warnings, 0 notices, 2 baselined in 3 models')

    r.git('checkout', '-q', '-b', 'work')
    r.write({ 'models/d/model.safetensors': safetensors(), 'models/b/README.md': GOOD_CARD })
    r.commit('one new model, one fixed')
    const pr = await cli(r.dir, 'check', '--all', '--format', 'json')
    expect(pr.code).toBe(1)
    const report = JSON.parse(pr.stdout)
    expect(report.findings.filter((f: { baselined?: boolean }) => !f.baselined).map((f: { path: string }) => f.path)).toEqual(['models/d/model.safetensors'])
    expect(report.summary).toMatchObject({ errors: 1, baselined: 1 })
    expect(report.baseline.stale).toEqual([{ rule: 'doc/model-card-required', path: 'models/b/model.safetensors', count: 1 }])
    expect((await cli(r.dir, 'check', '--all', '--no-baseline', '--format', 'json')).stdout).toContain('"errors": 2')
  })

  it('from a subdirectory: rewrites the entries of that subtree and keeps the rest', async () => {
    const r = repo().write({ 'models/a/model.safetensors': safetensors(), 'models/b/model.safetensors': safetensors() })
    r.commit('two undocumented models')
    expect((await cli(r.dir, 'baseline')).code).toBe(0)
    r.write({ 'models/a/README.md': GOOD_CARD })
    const sub = await cli(path.join(r.dir, 'models/a'), 'baseline')
    expect(sub.stdout.split('\n')[0]).toBe('wrote ../../.github/modelgate-baseline.json: 1 finding in 1 file accepted (entries outside `models/a/` kept).')
    const file = JSON.parse(readFileSync(path.join(r.dir, '.github/modelgate-baseline.json'), 'utf8'))
    expect(file.entries.map((e: { path: string }) => e.path)).toEqual(['models/b/model.safetensors'])
  })

  it('a malformed baseline is one clear line, exit 2', async () => {
    const r = repo().write({ '.github/modelgate-baseline.json': '{"version": 2}', 'm/model.safetensors': safetensors() })
    const res = await cli(r.dir, 'check', '--all')
    expect(res.code).toBe(2)
    expect(res.stderr).toBe('modelgate check: .github/modelgate-baseline.json: not a modelgate baseline (version 1): version: Invalid input: expected 1 (delete it or run `modelgate baseline` again)\n')
  })
})

describe('init --card', () => {
  it('scaffolds a card with exactly the required fields and sections for the tier; only placeholders are reported', async () => {
    const r = repo().write({ 'models/x/model.safetensors': safetensors() })
    const res = await cli(r.dir, 'init', '--card', 'models/x', '--tier', 'high')
    expect(res.code).toBe(0)
    expect(existsSync(path.join(r.dir, 'models/x/README.md'))).toBe(true)
    const check = await cli(r.dir, 'check', '--all', '--format', 'json')
    const findings = JSON.parse(check.stdout).findings as { ruleId: string; message: string }[]
    // Nothing is missing; what is left is guidance to replace (and the bias report a high tier needs).
    expect(findings.filter((f) => /has no|missing/.test(f.message) && f.ruleId.startsWith('doc/'))).toEqual([])
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(['doc/required-fields', 'doc/placeholder-text', 'bias/report-required']))
    expect((await cli(r.dir, 'init', '--card', 'models/x')).code).toBe(2)
  })
})
