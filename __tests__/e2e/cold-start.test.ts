/**
 * Cold start (issue #15 item 7), end to end on dist/: the entries load only what every run needs, and the rest
 * (the GitHub client, the artifact and PII scanners, RE2, the phone-number metadata, the Markdown and YAML parsers,
 * zod, Parquet, zip, the bzip2 and LZMA decoders) when a file or an API call needs it.
 * - A copy of dist/ that holds only the files dist/index.js and dist/cli.js load before they run runs the action
 *   and `check --all` on an empty workspace: nothing else is needed there.
 * - Those files hold none of the parts loaded on demand (each is recognised by a string of its own).
 * - On the full dist/, files that need each of those parts are scanned as before.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { parseOutputFile, tempRepos } from '../support/gitrepo.js'
import { CLI, ROOT, runNode } from '../support/run-dist.js'

const DIST = path.join(ROOT, 'dist')
const FIXTURES = path.join(ROOT, '__tests__/fixtures')

/** An entry and the files it imports before it runs: static imports, and the entry's own import() calls. */
function startupFiles(entry: string, seen = new Set<string>(), isEntry = true): Set<string> {
  if (seen.has(entry)) return seen
  seen.add(entry)
  const text = readFileSync(path.join(DIST, entry), 'utf8')
  const imports = isEntry ? /(?:from\s*|import\s*\(?\s*)["']\.\/([\w.-]+\.js)["']/g : /(?:from\s*|import\s*)["']\.\/([\w.-]+\.js)["']/g
  for (const m of text.matchAll(imports)) startupFiles(m[1]!, seen, false)
  return seen
}

const startup = [...startupFiles('cli.js', startupFiles('index.js'))].sort()

const tmp: string[] = []
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true })
})
const tempDir = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix))
  tmp.push(d)
  return d
}

describe('cold start: what the entries load before they run', () => {
  it('is a few files, none of them loaded on demand', () => {
    expect(startup).toContain('index.js')
    expect(startup).toContain('cli.js')
    const text = startup.map((f) => readFileSync(path.join(DIST, f), 'utf8')).join('\n')
    const onDemand: Record<string, string> = {
      'the GitHub client (Octokit)': 'octokit-rest.js',
      'the artifact scanners': 'the pickle ends without a STOP opcode',
      'the pickle global classifier': 'operating-system access (os on Windows)',
      'zip (yauzl)': 'expected totalSize parameter to be a number',
      'Parquet (hyparquet)': 'DELTA_LENGTH_BYTE_ARRAY',
      'the bzip2 decoder': 'corrupt bzip2 header (block size)',
      'the LZMA decoder': 'corrupt LZMA stream (range coder)',
      'the Markdown parser': 'blockQuotePrefixWhitespace',
      'the YAML parser': 'Implicit map keys',
      'RE2': 'missing closing )',
      'libphonenumber': 'getCountryCodesForCallingCode',
      'the phone-number metadata': '"US":["1"',
      'zod (policy files, the result cache)': 'Invalid input: expected',
      'the PII scanners (CSV, JSON, text, archives)': 'a spreadsheet workbook (Excel/OpenDocument)',
    }
    const atStart = Object.entries(onDemand).filter(([, marker]) => text.includes(marker)).map(([name]) => name)
    expect(atStart).toEqual([])
    // Each is somewhere in dist/ (the markers are real).
    const all = readdirSync(DIST).map((f) => readFileSync(path.join(DIST, f), 'utf8')).join('\n')
    expect(Object.entries(onDemand).filter(([, marker]) => !all.includes(marker)).map(([name]) => name)).toEqual([])
    // @actions/core's OIDC client (and with it undici) is not bundled at all: modelgate requests no ID token.
    expect(all.includes('undici')).toBe(false)
  })

  it('suffices for the action and the CLI on an empty workspace', async () => {
    const copy = tempDir('modelgate-startup-dist-')
    mkdirSync(path.join(copy, 'dist'))
    writeFileSync(path.join(copy, 'package.json'), '{ "type": "module" }\n')
    for (const f of startup) copyFileSync(path.join(DIST, f), path.join(copy, 'dist', f))
    const workspace = tempDir('modelgate-empty-')
    const outputs = path.join(tempDir('modelgate-runner-'), 'output.txt')
    writeFileSync(outputs, '')
    const action = await runNode(path.join(copy, 'dist/index.js'), [], {
      cwd: workspace,
      env: { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_OUTPUT: outputs, INPUT_TOKEN: '', INPUT_REPORT: 'modelgate-report.json' },
    })
    expect(action.stderr).toBe('')
    expect(action.code).toBe(0)
    expect(parseOutputFile(readFileSync(outputs, 'utf8'))).toMatchObject({ conclusion: 'success', findings: '0', errors: '0', models: '[]' })

    const empty = tempDir('modelgate-empty-')
    const cli = await runNode(path.join(copy, 'dist/cli.js'), ['check', '--all', '--format', 'json', empty], { cwd: empty, env: { NO_COLOR: '1' } })
    expect(cli.stderr).toBe('')
    expect(cli.code).toBe(0)
    expect(JSON.parse(cli.stdout)).toMatchObject({ conclusion: 'success', findings: [], models: [] })
  })

  it('`--version` needs only dist/cli.js and what it imports statically, not the CLI', async () => {
    const copy = tempDir('modelgate-version-dist-')
    mkdirSync(path.join(copy, 'dist'))
    writeFileSync(path.join(copy, 'package.json'), '{ "type": "module" }\n')
    const files = [...startupFiles('cli.js', new Set(), false)]
    expect(files.length).toBeLessThan(startup.length)
    for (const f of files) copyFileSync(path.join(DIST, f), path.join(copy, 'dist', f))
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
    for (const arg of ['--version', '-v', 'version']) {
      const res = await runNode(path.join(copy, 'dist/cli.js'), [arg], { cwd: copy })
      expect([res.code, res.stdout, res.stderr]).toEqual([0, `${version}\n`, ''])
    }
    // Into a pipe whose reader has gone: quiet, exit 0 (as `check … | head`), not an unhandled EPIPE.
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" dist/cli.js --version | (exec 0<&-; sleep 0.3); echo "\${PIPESTATUS[0]}"`], { cwd: copy, encoding: 'utf8' })
    expect([piped.stdout, piped.stderr]).toEqual(['0\n', ''])
  })
})

describe('cold start: what is loaded on demand', () => {
  const repo = tempRepos('modelgate-lazy-')

  it('a scanner that cannot be loaded (a damaged install) fails the gate with errors, not one warning per file', async () => {
    const copy = tempDir('modelgate-damaged-dist-')
    mkdirSync(path.join(copy, 'dist'))
    writeFileSync(path.join(copy, 'package.json'), '{ "type": "module" }\n')
    const scanners = readdirSync(DIST).filter((f) => readFileSync(path.join(DIST, f), 'utf8').includes('a spreadsheet workbook (Excel/OpenDocument)'))
    expect(scanners).toHaveLength(1)
    for (const f of readdirSync(DIST)) if (f !== scanners[0]) copyFileSync(path.join(DIST, f), path.join(copy, 'dist', f))
    const r = repo().write({ 'data/contacts.csv': 'name,email\nAda,ada.lovelace@example.org\nBob,bob.smith@example.net\n' })
    const res = await runNode(path.join(copy, 'dist/cli.js'), ['check', '--all', '--format', 'json', r.dir], { cwd: r.dir, env: { NO_COLOR: '1' } })
    expect(res.code).toBe(1)
    const findings = (JSON.parse(res.stdout) as { findings: { ruleId: string; severity: string; message: string }[] }).findings
    expect(findings.length).toBeGreaterThan(0)
    expect(findings.filter((f) => f.severity !== 'error' || !f.message.includes('the rule could not complete'))).toEqual([])
    expect(findings.map((f) => f.ruleId)).toContain('pii/email')
  })

  it('a unit with no phone number to check loads neither libphonenumber nor its metadata (findings are still redacted)', async () => {
    // Records every lazily loaded library (dist/lib-*): they are require()d through Node's module loader.
    const dir = tempDir('modelgate-loads-')
    const hook = path.join(dir, 'hook.cjs')
    const log = path.join(dir, 'loads.txt')
    writeFileSync(log, '')
    writeFileSync(hook, `const M = require('node:module'); const fs = require('node:fs'); const load = M._load
M._load = function (request, ...rest) { if (/lib-[\\w-]+\\.(cjs|json)$/.test(request)) fs.appendFileSync(${JSON.stringify(log)}, request + '\\n'); return load.call(this, request, ...rest) }
`)
    const header = Buffer.from(JSON.stringify({ w: { dtype: 'U8', shape: [3000000], data_offsets: [0, 3000000] } }).padEnd(128, ' '))
    const len = Buffer.alloc(8)
    len.writeBigUInt64LE(BigInt(header.length))
    // A 3 MB safetensors (its byte count, 7+ digits, is in the inventory table) and a card with front matter.
    const r = repo().write({ 'models/a/model.safetensors': Buffer.concat([len, header, Buffer.alloc(3000000)]), 'models/a/README.md': '---\nlicense: mit\n---\n# A\n\nA model of 2024.\n' })
    const res = await runNode(CLI, ['check', '--all', '--format', 'json', r.dir], { cwd: r.dir, env: { NO_COLOR: '1', NODE_OPTIONS: `--require ${hook}` } })
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const loads = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => path.basename(l)))].sort()
    expect(loads).toContain('lib-yaml.cjs')
    expect(loads.filter((l) => l.startsWith('lib-phone'))).toEqual([])
    // No policy file and no result cache: no zod schema is built, and zod is not loaded.
    expect(loads).not.toContain('lib-zod.cjs')
  })

  it('scans cards, compressed and zipped pickles, Parquet and phone numbers as before', async () => {
    const fixture = (p: string) => readFileSync(path.join(FIXTURES, p))
    const r = repo().write({
      // YAML front matter, Markdown and RE2 placeholders
      'models/a/README.md': '---\nlicense: mit\n---\n# Model a\n\nTODO: describe the model.\n',
      'models/a/model_bz2.joblib': fixture('artifacts/malicious/joblib_bz2.joblib'),
      'models/a/model_xz.joblib': fixture('artifacts/malicious/joblib_xz.joblib'),
      'models/a/bzip2_member.pt': fixture('artifacts/malicious/bzip2_member.pt'),
      'data/zstd.parquet': fixture('pii/zstd.parquet'),
      'data/contacts.csv': 'name,phone\nAda,415.555.0150\nBob,1-907-555-0134\n',
    })
    const res = await runNode(CLI, ['check', '--all', '--format', 'json', r.dir], { cwd: r.dir, env: { NO_COLOR: '1' } })
    expect(res.stderr).toBe('')
    expect(res.code).toBe(1)
    const found = (JSON.parse(res.stdout) as { findings: { ruleId: string; path: string }[] }).findings.map((f) => `${f.ruleId} ${f.path}`)
    expect(found).toEqual(
      expect.arrayContaining([
        'doc/placeholder-text models/a/README.md',
        'artifact/pickle-dangerous-global models/a/model_bz2.joblib',
        'artifact/pickle-dangerous-global models/a/model_xz.joblib',
        'artifact/pickle-dangerous-global models/a/bzip2_member.pt',
        'pii/email data/zstd.parquet',
        'pii/phone data/contacts.csv',
      ]),
    )
  })
})

describe('cold start: V8 flags', () => {
  // A V8 flag set at run time makes V8 refuse the code cache Node.js ships for its built-in modules (each is then
  // compiled from source): the heap flags are set only for a repository of 5,000 files or more (src/app/heap.ts).
  const flagsSet = async (files: number) => {
    const dir = tempDir('modelgate-flags-')
    const log = path.join(dir, 'flags.txt')
    const hook = path.join(dir, 'hook.cjs')
    writeFileSync(log, '')
    writeFileSync(hook, `const v8 = require('node:v8'); const fs = require('node:fs'); const set = v8.setFlagsFromString
v8.setFlagsFromString = (flag) => { fs.appendFileSync(${JSON.stringify(log)}, flag + '\\n'); return set(flag) }
require('node:module').syncBuiltinESMExports()
`)
    const repo = path.join(dir, 'repo')
    mkdirSync(path.join(repo, 'models/a'), { recursive: true })
    writeFileSync(path.join(repo, 'models/a/model.safetensors'), Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{}')]))
    for (let i = 0; i < files; i++) writeFileSync(path.join(repo, `notes-${i}.txt`), '')
    const res = await runNode(CLI, ['check', '--all', '--format', 'json', repo], { cwd: repo, env: { NO_COLOR: '1', NODE_OPTIONS: `--require ${hook}` } })
    expect(res.stderr).toBe('')
    expect(JSON.parse(res.stdout)).toMatchObject({ models: [expect.objectContaining({ path: 'models/a' })] })
    return readFileSync(log, 'utf8').split('\n').filter(Boolean)
  }

  it('a small repository sets none', async () => {
    expect(await flagsSet(10)).toEqual([])
  })

  it('a repository of 5,000 files or more sets both heap flags, once', async () => {
    expect(await flagsSet(5000)).toEqual(['--heap-growing-percent=50', '--semi-space-growth-factor=1'])
  }, 60_000)
})
