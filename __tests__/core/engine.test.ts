/**
 * The engine and the gate: rules over units, failing closed, ordering, severities from the policy.
 * Small fake rule sets go to `evaluate` / `runGate` directly; the real registry runs through the harness.
 */
import { describe, expect, it } from '@jest/globals'
import { MemoryView } from '../../src/adapters/memory/view.js'
import { evaluate } from '../../src/core/engine.js'
import { FileAccessError } from '../../src/core/files.js'
import { compareFindings, sortFindings, type Finding } from '../../src/core/findings.js'
import { runGate } from '../../src/core/gate.js'
import { formatProblem, loadPolicy } from '../../src/core/policy/load.js'
import type { ResolvedPolicy } from '../../src/core/policy/resolve.js'
import { defineRunRule, defineUnitRule, type AnyRule, type RuleSet, type RunFacts } from '../../src/core/rule.js'
import { buildUnits } from '../../src/core/units.js'
import { brief, check } from '../support/harness.js'

const NOW = new Date('2026-06-01T12:00:00Z')

function policy(ruleSet: RuleSet, text = 'version: 1\n'): ResolvedPolicy {
  const r = loadPolicy({ text, source: '.github/modelgate.yml', ruleSet })
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'))
  return r.policy
}

const run = (o: Partial<RunFacts> = {}): RunFacts => ({ event: 'local', policyPath: '.github/modelgate.yml', now: NOW, ...o })

async function evalWith(rules: AnyRule[], files: Record<string, string>, policyText = 'version: 1\n', only?: string[]) {
  const ruleSet: RuleSet = { rules, settings: [] }
  const view = new MemoryView(files)
  const p = policy(ruleSet, policyText)
  const units = buildUnits({ files: await view.list(), options: p.models })
  return evaluate({ ruleSet, policy: p, files: view, run: run(), units, only })
}

const line = (f: Finding) => `${f.severity} ${f.ruleId} ${f.path}:${f.line ?? 0}:${f.column ?? 0} [${f.model ?? ''}] ${f.message}`

const twoUnits = { 'a/m.pt': 'x', 'b/m.pt': 'y', 'b/README.md': '# b' }

describe('evaluate', () => {
  it('runs a unit rule once per selected unit, adding id, category, severity, model and the first help paragraph', async () => {
    const seen: string[] = []
    const rule = defineUnitRule({
      id: 'test/unit',
      category: 'documentation',
      defaultSeverity: 'warning',
      description: 'd',
      help: 'First   paragraph\nwraps here.\n\nSecond paragraph.',
      check(ctx) {
        seen.push(ctx.unit.path)
        ctx.report({ path: ctx.unit.artifacts[0]!, line: 2, column: 3, endLine: 4, endColumn: 5, message: 'hello', details: { k: 1 } })
      },
    })
    const { findings, tables } = await evalWith([rule], twoUnits)
    expect(seen).toEqual(['a', 'b'])
    expect(tables).toEqual([])
    expect(findings).toEqual([
      { ruleId: 'test/unit', category: 'documentation', severity: 'warning', path: 'a/m.pt', line: 2, column: 3, endLine: 4, endColumn: 5, model: 'a', message: 'hello', help: 'First paragraph wraps here.', details: { k: 1 } },
      { ruleId: 'test/unit', category: 'documentation', severity: 'warning', path: 'b/m.pt', line: 2, column: 3, endLine: 4, endColumn: 5, model: 'b', message: 'hello', help: 'First paragraph wraps here.', details: { k: 1 } },
    ])
  })

  it('gives a unit rule its options, the policy, run facts, file view and memoized facts', async () => {
    const got: unknown[] = []
    const rule = defineUnitRule({
      id: 'test/ctx',
      category: 'documentation',
      defaultSeverity: 'notice',
      description: 'd',
      help: 'h',
      async check(ctx) {
        got.push(ctx.ruleId, ctx.options, ctx.policy.source, ctx.run.event, ctx.facts.cardPath(), (await ctx.files.readText('b/README.md')).text)
      },
    })
    await evalWith([rule], { 'b/m.pt': 'y', 'b/README.md': '# b' })
    expect(got).toEqual(['test/ctx', {}, '.github/modelgate.yml', 'local', 'b/README.md', '# b'])
  })

  it('a rule that throws becomes an error finding of that rule at the unit, failing closed', async () => {
    const rule = defineUnitRule({
      id: 'test/throws',
      category: 'artifact',
      defaultSeverity: 'notice',
      description: 'd',
      help: 'h',
      check(ctx) {
        if (ctx.unit.path === 'a') throw new Error('boom')
        ctx.report({ path: 'b/m.pt', message: 'fine' })
      },
    })
    const { findings } = await evalWith([rule], twoUnits)
    expect(findings.map(line)).toEqual([
      'error test/throws a:0:0 [a] the rule could not complete (boom); failing closed',
      'notice test/throws b/m.pt:0:0 [b] fine',
    ])
    expect(findings[0]!.details).toEqual({ error: 'internal' })
  })

  // Bug: the docs (architecture.md, engine.ts) promise "a rule that throws becomes an error finding", but the
  // crash finding takes the rule's configured severity (`notice` above, or `warning`), so with the default
  // fail-on `error` a crashing rule passes the gate: it fails open, not closed. Fix (engine.ts): report crash
  // findings with severity 'error' whatever the rule's level.
  it('a crashing rule configured as a notice still yields an error finding', async () => {
    const rule = defineUnitRule({ id: 'test/throws', category: 'artifact', defaultSeverity: 'notice', description: 'd', help: 'h', check() { throw new Error('boom') } })
    const { findings } = await evalWith([rule], { 'a/m.pt': 'x' })
    expect(findings.map((f) => f.severity)).toEqual(['error'])
  })

  it('a thrown non-Error value and an over-long message are reported, truncated to 200 characters', async () => {
    const rules = [
      defineUnitRule({ id: 'test/string', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', check() { throw 'plain string' } }),
      defineUnitRule({ id: 'test/long', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', check() { throw new Error('x'.repeat(500)) } }),
    ]
    const { findings } = await evalWith(rules, { 'a/m.pt': 'x' })
    expect(findings.map((f) => f.message)).toEqual([
      `the rule could not complete (${'x'.repeat(200)}); failing closed`,
      'the rule could not complete (plain string); failing closed',
    ])
  })

  it('a crash message keeps its shape but not quoted input, e-mail addresses or long digit runs', async () => {
    const rule = defineUnitRule({
      id: 'test/quote', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h',
      check() { throw new Error('Unexpected token in cell "jane.doe@example.com" near 4111 1111 1111 1111 at a@b.io\nstack') },
    })
    const { findings } = await evalWith([rule], { 'a/m.pt': 'x' })
    expect(findings.map((f) => f.message)).toEqual(['the rule could not complete (Unexpected token in cell "…" near … at …@…); failing closed'])
  })

  it('a rejected promise is caught like a throw', async () => {
    const rule = defineUnitRule({
      id: 'test/async',
      category: 'pii',
      defaultSeverity: 'error',
      description: 'd',
      help: 'h',
      async check() {
        await Promise.resolve()
        throw new Error('later')
      },
    })
    const { findings } = await evalWith([rule], { 'a/m.pt': 'x' })
    expect(findings.map(line)).toEqual(['error test/async a:0:0 [a] the rule could not complete (later); failing closed'])
  })

  it('a FileAccessError becomes "could not check" at the file\'s path', async () => {
    const rule = defineUnitRule({
      id: 'test/file',
      category: 'artifact',
      defaultSeverity: 'error',
      description: 'd',
      help: 'h',
      async check(ctx) {
        await ctx.files.readText('a/missing.bin')
      },
    })
    const { findings } = await evalWith([rule], { 'a/m.pt': 'x' })
    expect(findings.map(line)).toEqual(['error test/file a/missing.bin:0:0 [a] could not check: a/missing.bin: no such file'])
    expect(findings[0]!.details).toEqual({ error: 'not-found' })
  })

  it('a FileAccessError thrown directly keeps its code', async () => {
    const rule = defineUnitRule({
      id: 'test/escape',
      category: 'artifact',
      defaultSeverity: 'error',
      description: 'd',
      help: 'h',
      check() {
        throw new FileAccessError('outside-workspace', 'a/link', 'a/link: symbolic link points outside the workspace; not followed')
      },
    })
    const { findings } = await evalWith([rule], { 'a/m.pt': 'x' })
    expect(findings.map(line)).toEqual(['error test/escape a/link:0:0 [a] could not check: a/link: symbolic link points outside the workspace; not followed'])
    expect(findings[0]!.details).toEqual({ error: 'outside-workspace' })
  })

  it('findings reported before a throw are kept', async () => {
    const rule = defineUnitRule({
      id: 'test/partial',
      category: 'pii',
      defaultSeverity: 'warning',
      description: 'd',
      help: 'h',
      check(ctx) {
        ctx.report({ path: 'a/m.pt', line: 9, message: 'first' })
        throw new Error('then boom')
      },
    })
    const { findings } = await evalWith([rule], { 'a/m.pt': 'x' })
    expect(findings.map(line)).toEqual([
      'error test/partial a:0:0 [a] the rule could not complete (then boom); failing closed',
      'warning test/partial a/m.pt:9:0 [a] first',
    ])
  })

  it('a run rule that throws is reported at the policy path, without a model', async () => {
    const rule = defineRunRule({ id: 'test/run-throws', category: 'governance', defaultSeverity: 'error', description: 'd', help: 'h', check() { throw new Error('no') } })
    const { findings } = await evalWith([rule], { 'a/m.pt': 'x' })
    expect(findings.map(line)).toEqual(['error test/run-throws .github/modelgate.yml:0:0 [] the rule could not complete (no); failing closed'])
  })

  it('sorts findings by path, line, column, rule id, message', async () => {
    const rule = (id: string, reports: [string, number | undefined, number | undefined, string][]) =>
      defineRunRule({
        id,
        category: 'policy',
        defaultSeverity: 'warning',
        description: 'd',
        help: 'h',
        check(ctx) {
          for (const [path, l, c, message] of reports) ctx.report({ path, line: l, column: c, message })
        },
      })
    const { findings } = await evalWith(
      [
        rule('z/rule', [['b', 1, 1, 'm'], ['a', 10, 1, 'm'], ['a', 2, 5, 'y']]),
        rule('a/rule', [['a', 2, 5, 'z'], ['a', 2, 5, 'x'], ['a', undefined, undefined, 'no line'], ['a', 2, 1, 'm']]),
      ],
      { 'm/m.pt': 'x' },
    )
    expect(findings.map((f) => `${f.path}:${f.line ?? '-'}:${f.column ?? '-'} ${f.ruleId} ${f.message}`)).toEqual([
      'a:-:- a/rule no line',
      'a:2:1 a/rule m',
      'a:2:5 a/rule x',
      'a:2:5 a/rule z',
      'a:2:5 z/rule y',
      'a:10:1 z/rule m',
      'b:1:1 z/rule m',
    ])
  })

  it('compareFindings compares strings by code unit, not locale', () => {
    const f = (path: string): Finding => ({ ruleId: 'r', category: 'pii', severity: 'error', path, message: 'm' })
    expect(sortFindings([f('b'), f('a'), f('B'), f('_'), f('a/b'), f('a-b')]).map((x) => x.path)).toEqual(['B', '_', 'a', 'a-b', 'a/b', 'b'])
    expect(compareFindings(f('a'), f('a'))).toBe(0)
  })

  it('runs run rules once, after-others rules last, seeing every other finding', async () => {
    const order: string[] = []
    let seen: string[] = []
    let seenUnits: unknown[] = []
    let runSaw: string[] = []
    const after = defineRunRule({
      id: 'a/after',
      category: 'governance',
      defaultSeverity: 'notice',
      description: 'd',
      help: 'h',
      afterOthers: true,
      check(ctx) {
        order.push('after')
        seen = ctx.findings.map((f) => `${f.ruleId}@${f.path}`)
        seenUnits = [ctx.units.all.map((u) => u.path), ctx.units.selected.map((u) => u.path), ctx.factsFor(ctx.units.all[1]!).cardPath()]
      },
    })
    const unit = defineUnitRule({
      id: 'z/unit',
      category: 'documentation',
      defaultSeverity: 'warning',
      description: 'd',
      help: 'h',
      check(ctx) {
        order.push(`unit:${ctx.unit.path}`)
        ctx.report({ path: ctx.unit.path, message: 'u' })
      },
    })
    const runRule = defineRunRule({
      id: 'm/run',
      category: 'policy',
      defaultSeverity: 'warning',
      description: 'd',
      help: 'h',
      check(ctx) {
        order.push('run')
        runSaw = ctx.findings.map((f) => f.ruleId)
        ctx.report({ path: 'x', message: 'r' })
      },
    })
    const { findings } = await evalWith([after, unit, runRule], twoUnits)
    expect(order).toEqual(['unit:a', 'unit:b', 'run', 'after'])
    expect(seen).toEqual(['z/unit@a', 'z/unit@b', 'm/run@x'])
    expect(seenUnits).toEqual([['a', 'b'], ['a', 'b'], 'b/README.md'])
    // A run rule without afterOthers sees the findings of the rules that ran before it.
    expect(runSaw).toEqual(['z/unit', 'z/unit'])
    expect(findings.map((f) => `${f.ruleId}@${f.path}`)).toEqual(['z/unit@a', 'z/unit@b', 'm/run@x'])
  })

  it('ctx.findings is a snapshot: pushing to it does not add findings', async () => {
    const after = defineRunRule({
      id: 'test/after',
      category: 'governance',
      defaultSeverity: 'notice',
      description: 'd',
      help: 'h',
      afterOthers: true,
      check(ctx) {
        ;(ctx.findings as Finding[]).push({ ruleId: 'fake', category: 'pii', severity: 'error', path: 'p', message: 'm' })
      },
    })
    const { findings } = await evalWith([after], { 'a/m.pt': 'x' })
    expect(findings).toEqual([])
  })

  it('takes each rule\'s severity from the policy, and never runs rules that are off', async () => {
    let offRan = false
    const rules = [
      defineUnitRule({ id: 'test/one', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', check: (ctx) => ctx.report({ path: 'a/m.pt', message: 'one' }) }),
      defineUnitRule({ id: 'test/two', category: 'pii', defaultSeverity: 'warning', description: 'd', help: 'h', check: (ctx) => ctx.report({ path: 'a/m.pt', message: 'two' }) }),
      defineUnitRule({ id: 'test/off', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', check: () => void (offRan = true) }),
      defineUnitRule({ id: 'test/default-off', category: 'pii', defaultSeverity: 'off', description: 'd', help: 'h', check: () => void (offRan = true) }),
    ]
    const { findings } = await evalWith(rules, { 'a/m.pt': 'x' }, 'version: 1\nrules:\n  test/one: notice\n  test/two: {severity: error}\n  test/off: off\n')
    expect(findings.map(line)).toEqual(['notice test/one a/m.pt:0:0 [a] one', 'error test/two a/m.pt:0:0 [a] two'])
    expect(offRan).toBe(false)
  })

  it('`only` restricts the rules run, and cannot enable an off rule', async () => {
    const ran: string[] = []
    const mk = (id: string, lvl: 'error' | 'off') => defineRunRule({ id, category: 'pii', defaultSeverity: lvl, description: 'd', help: 'h', check: () => void ran.push(id) })
    await evalWith([mk('t/a', 'error'), mk('t/b', 'error'), mk('t/c', 'off')], { 'a/m.pt': 'x' }, 'version: 1\n', ['t/b', 't/c'])
    expect(ran).toEqual(['t/b'])
  })

  it('unit rules do not run when no unit is selected; run rules still do', async () => {
    const ran: string[] = []
    const rules = [
      defineUnitRule({ id: 't/unit', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', check: () => void ran.push('unit') }),
      defineRunRule({ id: 't/run', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', check: () => void ran.push('run') }),
    ]
    await evalWith(rules, { 'src/app.py': 'x' })
    expect(ran).toEqual(['run'])
  })

  it('collects tables, tagging unit-rule tables with the model', async () => {
    const rules = [
      defineUnitRule({ id: 't/tab', category: 'bias', defaultSeverity: 'notice', description: 'd', help: 'h', check: (ctx) => ctx.table({ id: 'fairness', title: 'F', columns: ['g'], rows: [['x']] }) }),
      defineRunRule({ id: 't/runtab', category: 'bias', defaultSeverity: 'notice', description: 'd', help: 'h', check: (ctx) => ctx.table({ id: 'all', title: 'A', columns: [], rows: [] }) }),
    ]
    const { tables } = await evalWith(rules, twoUnits)
    expect(tables).toEqual([
      { id: 'fairness', title: 'F', columns: ['g'], rows: [['x']], model: 'a' },
      { id: 'fairness', title: 'F', columns: ['g'], rows: [['x']], model: 'b' },
      { id: 'all', title: 'A', columns: [], rows: [] },
    ])
  })
})

describe('runGate', () => {
  const failing = defineUnitRule({
    id: 'test/fail',
    category: 'documentation',
    defaultSeverity: 'error',
    description: 'd',
    help: 'h',
    check: (ctx) => ctx.report({ path: `${ctx.unit.path}/m.pt`, line: 1, message: 'bad' }),
  })
  const ruleSet: RuleSet = { rules: [failing], settings: [] }

  it('evaluates only the changed units, applies waivers, decides and builds the report', async () => {
    const p = policy(
      ruleSet,
      'version: 1\nwaivers:\n  - rule: documentation\n    models: [b]\n    reason: legacy\n    approved-by: "@lead"\n    expires: 2026-06-01\n',
    )
    const r = await runGate({
      ruleSet,
      policy: p,
      files: new MemoryView({ 'a/m.pt': 'x', 'b/m.pt': 'y', 'c/m.pt': 'z' }),
      run: run({ changes: [{ path: 'a/m.pt', status: 'modified' }, { path: 'b/m.pt', status: 'modified' }], baseSha: 'b1', headSha: 'h1' }),
      tool: { name: 'modelgate', version: '9.9.9' },
      notes: ['a note'],
    })
    expect(r.units.selected.map((u) => u.path)).toEqual(['a', 'b'])
    expect(r.findings.map((f) => [f.path, f.waived?.reason])).toEqual([
      ['a/m.pt', undefined],
      ['b/m.pt', 'legacy'],
    ])
    expect(r.verdict).toEqual({ conclusion: 'failure', failOn: 'error', summary: { errors: 1, warnings: 0, notices: 0, waived: 1, models: 2 }, blocking: 1 })
    expect(r.report).toMatchObject({
      version: 1,
      tool: { name: 'modelgate', version: '9.9.9' },
      conclusion: 'failure',
      failOn: 'error',
      policy: { source: '.github/modelgate.yml', extends: ['recommended'] },
      run: { event: 'local', baseSha: 'b1', headSha: 'h1' },
      models: [
        { path: 'a', changed: true, files: ['a/m.pt'], status: 'modified' },
        { path: 'b', changed: true, files: ['b/m.pt'], status: 'modified' },
      ],
      summary: { errors: 1, warnings: 0, notices: 0, waived: 1, models: 2 },
      notes: ['a note'],
    })
    expect(r.report.policy.sha256).toBe(p.sha256)
    expect(r.report.policy).not.toHaveProperty('ref')
    expect(r.report).not.toHaveProperty('tables')
  })

  it('the fail-on input overrides the policy and never yields neutral', async () => {
    const p = policy(ruleSet, 'version: 1\nfail-on: notice\n')
    const base = { ruleSet, policy: p, files: new MemoryView({ 'a/m.pt': 'x' }), run: run(), tool: { name: 'modelgate', version: '1' } }
    expect((await runGate(base)).verdict.conclusion).toBe('failure')
    const never = await runGate({ ...base, failOn: 'never' })
    expect(never.verdict).toMatchObject({ conclusion: 'neutral', failOn: 'never', blocking: 0 })
    expect(never.report.conclusion).toBe('neutral')
  })

  it('`all` evaluates every unit despite a change list', async () => {
    const p = policy(ruleSet)
    const r = await runGate({ ruleSet, policy: p, files: new MemoryView({ 'a/m.pt': 'x', 'b/m.pt': 'y' }), run: run({ changes: [] }), all: true, tool: { name: 'm', version: '1' } })
    expect(r.findings.map((f) => f.path)).toEqual(['a/m.pt', 'b/m.pt'])
    expect(r.report.summary.models).toBe(2)
  })
})

describe('the real registry through the harness', () => {
  it('reports doc/model-card-required as an error and fails', async () => {
    const r = await check({ files: { 'models/a/model.pt': 'x', 'models/b/model.onnx': 'y', 'models/b/README.md': '# b' }, only: ['doc/model-card-required'] })
    expect(brief(r)).toEqual([
      'doc/model-card-required models/a/model.pt:1 model unit `models/a` has no model card: add `models/a/README.md` or `models/a/MODEL_CARD.md`',
    ])
    expect(r.verdict.conclusion).toBe('failure')
  })

  it('takes the severity from the policy and runs nothing that is off', async () => {
    const only = ['doc/model-card-required']
    const r = await check({ files: { 'a/m.pt': 'x' }, policy: 'version: 1\nrules:\n  doc/model-card-required: notice\n', only })
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['doc/model-card-required notice'])
    expect(r.verdict.conclusion).toBe('success')
    const off = await check({ files: { 'a/m.pt': 'x' }, policy: 'version: 1\nrules:\n  doc/model-card-required: off\n', only })
    expect(off.findings).toEqual([])
  })

  it('policy/policy-modified runs once per run on a change to the policy file', async () => {
    const r = await check({
      files: { 'a/m.pt': 'x', 'a/README.md': '# a' },
      changes: [{ path: '.github/modelgate.yml', status: 'modified' }],
      only: ['policy/policy-modified'],
    })
    expect(brief(r)).toEqual([
      'policy/policy-modified .github/modelgate.yml:1 this change modifies the governance policy; it takes effect after merge (this run used the current policy)',
    ])
    expect(r.findings[0]).toMatchObject({ severity: 'warning', category: 'policy' })
    expect(r.findings[0]).not.toHaveProperty('model')
  })

  // Bug (see units.test.ts): a change that only deletes a unit's model card does not select the unit, so the
  // gate passes a pull request that removes the card from a model that stays in the repository.
  it('deleting the model card of a model that stays fails the gate', async () => {
    const r = await check({ files: { 'a/m.pt': 'x' }, changes: [{ path: 'a/README.md', status: 'removed' }], only: ['doc/model-card-required'] })
    expect(brief(r)).toEqual(['doc/model-card-required a/m.pt:1 model unit `a` has no model card: add `a/README.md` or `a/MODEL_CARD.md`'])
  })

  it('a change that touches no unit evaluates no unit', async () => {
    const r = await check({
      files: { 'a/m.pt': 'x', 'src/x.py': 'y' },
      changes: [{ path: 'src/x.py', status: 'modified' }],
      only: ['doc/model-card-required', 'policy/policy-modified'],
    })
    expect(r.findings).toEqual([])
    expect(r.units.selected).toEqual([])
    expect(r.verdict).toMatchObject({ conclusion: 'success', summary: { models: 0 } })
  })
})
