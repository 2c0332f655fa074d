/** Runs the bundled action or CLI in a child process, exactly as the runner or a user would. */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputFile } from './gitrepo.js'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ACTION = path.join(ROOT, 'dist/index.js')
export const CLI = path.join(ROOT, 'dist/cli.js')

export interface ProcResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runNode(script: string, args: string[], options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number; onSpawn?: (pid: number) => void }): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...options.env })) if (v !== undefined) env[k] = v
    const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    if (child.pid !== undefined) options.onSpawn?.(child.pid)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 50_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export interface ActionRun extends ProcResult {
  outputs: Record<string, string>
  summary: string
}

export interface ActionRunOptions {
  workspace: string
  apiUrl: string
  eventName: string
  event: unknown
  inputs?: Record<string, string>
  token?: string
  repository?: string
  sha?: string
  env?: Record<string, string>
  /** Called with the child's pid (to signal it). */
  onSpawn?: (pid: number) => void
}

/** Runs dist/index.js with INPUT_* and GITHUB_* variables, an event payload file, output and summary files. */
export async function runAction(o: ActionRunOptions): Promise<ActionRun> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'modelgate-runner-'))
  const eventPath = path.join(tmp, 'event.json')
  const outputPath = path.join(tmp, 'output.txt')
  const summaryPath = path.join(tmp, 'summary.md')
  writeFileSync(eventPath, JSON.stringify(o.event))
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')
  const inputs: Record<string, string> = { token: o.token ?? 'test-token', policy: '.github/modelgate.yml', report: 'modelgate-report.json', 'working-directory': '.', 'check-all': 'false', ...o.inputs }
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: o.repository ?? 'acme/models',
    GITHUB_SHA: o.sha ?? '0'.repeat(40),
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: tmp,
    ...o.env,
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v
  try {
    const r = await runNode(ACTION, [], { cwd: o.workspace, env, onSpawn: o.onSpawn })
    return {
      ...r,
      outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
      summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
    }
  } finally {
    // The runner's temporary directory (event payload, output and summary files) is the test's to remove.
    rmSync(tmp, { recursive: true, force: true })
  }
}
