/**
 * Hostile inputs (issue #17 item 1): every parser of pull-request bytes stops at a stated budget with the
 * family's finding naming the limit, and the run goes on to the other units. Time and memory per case are
 * measured by scripts/bench/hostile.mjs (not here: no timed tests).
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { check } from '../support/harness.js'
import { CLI, runNode } from '../support/run-dist.js'
import { CASES, safetensors, writeCase } from './cases.mjs'

const LIMIT = /modelgate's limit/

describe('hostile inputs stop at a stated budget', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.legit ? 'parsed, no budget finding' : `${c.rule} names the limit`}; the other unit is still checked`, async () => {
      const files = { 'models/hostile/model.safetensors': safetensors(), 'models/ok/model.safetensors': safetensors(), ...c.files }
      const r = await check({ files, policy: c.policy })
      const hostile = r.findings.filter((f) => f.ruleId === c.rule && f.path?.startsWith('models/hostile/'))
      if (c.legit) {
        expect(hostile.length).toBeGreaterThan(0)
        expect(r.findings.filter((f) => LIMIT.test(f.message))).toEqual([])
      } else {
        expect(hostile).toHaveLength(1)
        if (c.expect) expect(hostile[0]!.message).toContain(c.expect)
        else expect(hostile[0]!.message).toMatch(LIMIT)
      }
      expect(r.findings.some((f) => f.ruleId === 'doc/model-card-required' && f.path === 'models/ok/model.safetensors')).toBe(true)
    })
  }

  it('the messages say which limit', async () => {
    const msg = async (name: string) => {
      const c = CASES.find((x) => x.name === name)!
      const r = await check({ files: { 'models/hostile/model.safetensors': safetensors(), ...c.files }, policy: c.policy, only: [c.rule] })
      return r.findings.map((f) => `${f.path}:${f.line} ${f.message}`)
    }
    expect(await msg('card-star')).toEqual([
      "models/hostile/README.md:6 model card was not parsed: its Markdown is too complex to check: emphasis delimiters (`*`, `_`) in one paragraph (100000, from line 6) exceed modelgate's limit of 2000; its documentation is unchecked: simplify the Markdown",
    ])
    expect(await msg('card-quotes')).toEqual([
      "models/hostile/README.md:6 model card was not parsed: its Markdown is too complex to check: block quotes and lists nested on one line (100000, from line 6) exceed modelgate's limit of 16; its documentation is unchecked: simplify the Markdown",
    ])
    expect(await msg('front-matter-keys')).toEqual([
      "models/hostile/README.md:1 front matter is too complex to check: 60000 top-level keys, over modelgate's limit of 1000: no metadata can be read from it",
    ])
    expect(await msg('bias-yaml-flow')).toEqual([
      "models/hostile/bias_report.yaml:1 invalid bias report: invalid YAML: too complex to read: collections are nested more than 64 levels deep (modelgate's limit for YAML and JSON)",
    ])
  })

  it('the CLI exits 1 with the finding for each case, within its own run', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'modelgate-hostile-'))
    try {
      for (const c of CASES) {
        const dir = path.join(tmp, c.name)
        writeCase(dir, c)
        const res = await runNode(CLI, ['check', '--all', '--format', 'json', dir], { cwd: dir, timeoutMs: 30_000 })
        expect({ name: c.name, code: res.code }).toEqual({ name: c.name, code: 1 })
        const report = JSON.parse(res.stdout) as { findings: { ruleId: string; path?: string }[] }
        expect({ name: c.name, found: report.findings.some((f) => f.ruleId === c.rule && f.path?.startsWith('models/hostile/')) }).toEqual({ name: c.name, found: true })
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
