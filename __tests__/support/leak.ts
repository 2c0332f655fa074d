/**
 * What the leak tests share (e2e/pii-leak, hostile/canary): run the bundled CLI in every format and the bundled
 * action on a pull request, and hand every output to `check(where, text)`, which throws on a leaked value.
 */
import { expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { startGitHubStub, type GitHubStub } from './github-stub.js'
import type { TempRepo } from './gitrepo.js'
import { CLI, runAction, runNode, type ActionRun } from './run-dist.js'

export type LeakCheck = (where: string, text: string) => void

/** `check --all` in every format with an audit record: stdout, stderr and the record checked; the rule ids found. */
export async function cliOutputs(dir: string, check: LeakCheck): Promise<Set<string>> {
  let ids = new Set<string>()
  for (const format of ['text', 'json', 'sarif', 'markdown']) {
    const res = await runNode(CLI, ['check', '--all', '--format', format, '--audit', 'audit.json'], { cwd: dir, env: { NO_COLOR: '1' } })
    expect(res.code).toBe(1)
    check(`stdout (${format})`, res.stdout)
    check(`stderr (${format})`, res.stderr)
    check(`audit record (${format} run)`, readFileSync(path.join(dir, 'audit.json'), 'utf8'))
    if (format === 'json') ids = new Set(JSON.parse(res.stdout).findings.map((f: { ruleId: string }) => f.ruleId))
  }
  return ids
}

/**
 * The action on pull request #3 that adds `files` on top of a base commit holding `policy`: outputs, job summary,
 * workflow commands, JSON report, SARIF, audit record and every API request body checked. The caller closes the stub.
 */
export async function actionOutputs(r: TempRepo, policy: string, files: Record<string, string | Uint8Array>, check: LeakCheck): Promise<{ res: ActionRun; stub: GitHubStub }> {
  r.write({ '.github/modelgate.yml': policy })
  const base = r.commit('base')
  r.git('checkout', '-q', '-b', 'data')
  r.write(files)
  const head = r.commit('add data')
  const changed = Object.keys(files).map((filename) => ({ filename, status: 'added' }))
  const stub = await startGitHubStub({ pullFiles: { 3: changed } })
  const event = {
    number: 3,
    pull_request: { number: 3, user: { login: 'dev' }, base: { sha: base, ref: 'main', repo: { full_name: 'acme/models' } }, head: { sha: head, ref: 'data', repo: { full_name: 'acme/models' } } },
  }
  const res = await runAction({ workspace: r.dir, apiUrl: stub.url, eventName: 'pull_request', event, sha: head, inputs: { sarif: 'out.sarif', audit: 'audit.json', comment: 'always' }, env: { RUNNER_DEBUG: '1' } })
  expect(res.code).toBe(1)
  check('stdout (workflow commands, debug log)', res.stdout)
  check('stderr', res.stderr)
  check('job summary', res.summary)
  check('outputs', JSON.stringify(res.outputs))
  check('JSON report', readFileSync(path.join(r.dir, 'modelgate-report.json'), 'utf8'))
  check('SARIF', readFileSync(path.join(r.dir, 'out.sarif'), 'utf8'))
  check('audit record', readFileSync(path.join(r.dir, 'audit.json'), 'utf8'))
  expect(stub.calls.some((c) => c.method === 'POST' && c.path.endsWith('/issues/3/comments'))).toBe(true)
  for (const c of stub.calls) check(`API request ${c.method} ${c.path}`, JSON.stringify(c.body ?? ''))
  return { res, stub }
}
