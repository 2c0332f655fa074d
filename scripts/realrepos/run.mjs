#!/usr/bin/env node
// Real-repository trials (issue #12 evidence). Not a test: a measurement.
//
//   node scripts/realrepos/run.mjs [--modelgate DIR] [--only id,id] [--plant] [--json FILE] [--keep] [--verbose]
//
// For every repository in manifest.json it materializes the pinned commit from its snapshot git dir
// (/work/.mirror/<owner>+<name>/repo, brought by the session's `fetch` tool; nothing of theirs is committed here)
// into a temporary folder, makes it a git repository, and runs the bundled CLI of the modelgate build in DIR
// (default: the repository this script is in) twice, as a new user would with the default policy:
//   --all   `check --all --format json` on a one-commit repository;
//   PR      an empty base commit, then one commit adding every file: `check --base <empty> --format json`.
// It prints per repository: units found vs labelled (recall, precision), findings by rule, findings kept /
// dismissed / unjudged under the manifest's reviewer judgments, and whether each labelled problem was reported.
// With --plant, a copy also receives hostile files (an os.system pickle written as raw opcode bytes under three
// names, a CSV of 500 generated customer e-mail addresses) and the script reports whether each one was an error.
// Snapshots lack Git LFS content and files of 4 MiB or more: those are left out of the copy (counted as "absent").
// Nothing is loaded or executed from the repositories; temporary folders are removed unless --keep.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve, normalize, isAbsolute } from 'node:path'
import { fileURLToPath } from 'node:url'
import picomatch from 'picomatch'

const here = dirname(fileURLToPath(import.meta.url))
const args = parseArgs(process.argv.slice(2))
const modelgate = resolve(args.modelgate ?? join(here, '..', '..'))
const cli = join(modelgate, 'dist', 'cli.js')
const mirrorRoot = args.mirrors ?? '/work/.mirror'
const manifest = JSON.parse(readFileSync(args.manifest ?? join(here, 'manifest.json'), 'utf8'))

if (!existsSync(cli)) fail(`no CLI at ${cli}: run \`npm run build\` in ${modelgate}`)

// ---------------------------------------------------------------------------------------------------------------
// Hostile files planted by --plant. The pickle is written opcode by opcode and is never loaded by anything here:
// PROTO 2, GLOBAL 'os system', BINUNICODE 'echo planted-by-modelgate-trial', TUPLE1, REDUCE, STOP.
function osSystemPickle() {
  const cmd = Buffer.from('echo planted-by-modelgate-trial', 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32LE(cmd.length)
  return Buffer.concat([
    Buffer.from([0x80, 0x02]),
    Buffer.from('cos\nsystem\n', 'latin1'),
    Buffer.from('X', 'latin1'), len, cmd,
    Buffer.from([0x85]), Buffer.from('R', 'latin1'), Buffer.from('.', 'latin1'),
  ])
}

// 500 generated customers; deterministic, no real person. Domains are ordinary mail providers on purpose: a
// detector that skips example.com would pass a real export unnoticed.
function customersCsv() {
  const first = ['olivia', 'liam', 'emma', 'noah', 'ava', 'elijah', 'sophia', 'lucas', 'mia', 'mateo', 'amelia', 'levi', 'harper', 'ezra', 'luna', 'omar', 'chloe', 'ivan', 'nora', 'kenji']
  const last = ['garcia', 'smith', 'nguyen', 'kowalski', 'okafor', 'schmidt', 'rossi', 'dubois', 'tanaka', 'silva', 'novak', 'haddad', 'jensen', 'moreau', 'patel', 'murphy', 'larsen', 'costa', 'weber', 'ahmed']
  const domains = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'gmx.de', 'hotmail.co.uk', 'icloud.com', 'web.de']
  const rows = ['customer_id,first_name,last_name,email,signup_date,plan,monthly_spend']
  let seed = 12
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
  for (let i = 1; i <= 500; i++) {
    const f = first[rnd(first.length)], l = last[rnd(last.length)]
    const sep = ['.', '_', ''][rnd(3)]
    const email = `${f}${sep}${l}${rnd(100)}@${domains[rnd(domains.length)]}`
    const date = `202${rnd(5)}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`
    rows.push(`C${String(i).padStart(5, '0')},${cap(f)},${cap(l)},${email},${date},${['basic', 'plus', 'pro'][rnd(3)]},${(10 + rnd(9000) / 100).toFixed(2)}`)
  }
  return rows.join('\n') + '\n'
}
const cap = (s) => s[0].toUpperCase() + s.slice(1)

const PLANTS = [
  { path: 'experiments/checkpoint.pth.tar', kind: 'os.system pickle named .pth.tar', bytes: osSystemPickle },
  { path: 'app/model.sav', kind: 'os.system pickle named .sav', bytes: osSystemPickle },
  { path: 'tools/warmup', kind: 'os.system pickle, no extension', bytes: osSystemPickle },
  { path: 'exports/customers.csv', kind: '500 customer e-mails (CSV)', bytes: () => Buffer.from(customersCsv()) },
]

// ---------------------------------------------------------------------------------------------------------------
const results = []
const selected = manifest.repos.filter((r) => !args.only || args.only.split(',').includes(r.id))
for (const entry of selected) {
  const gitDir = join(mirrorRoot, entry.repo.replace('/', '+'), 'repo')
  if (!existsSync(gitDir)) {
    console.log(`\n## ${entry.id} (${entry.repo}): no snapshot at ${gitDir}; bring it with the fetch tool first. Skipped.`)
    continue
  }
  const variants = args.plant ? [false, true] : [false]
  const out = { id: entry.id, repo: entry.repo, shape: entry.shape, commit: entry.commit }
  for (const plant of variants) {
    const dir = mkdtempSync(join(tmpdir(), 'modelgate-realrepos-'))
    try {
      const tree = await materialize(gitDir, entry.commit, dir)
      if (plant) for (const p of PLANTS) { mkdirSync(dirname(join(dir, p.path)), { recursive: true }); writeFileSync(join(dir, p.path), p.bytes()) }
      const { baseSha } = gitInit(dir)
      const all = runCli(dir, ['--all'])
      const pr = runCli(dir, ['--base', baseSha])
      if (!plant) {
        out.files = tree.files; out.absent = tree.absent
        const labels = labelsOf(entry, tree.paths)
        out.units = scoreUnits(labels, all.report)
        out.all = judgeRun(entry, all, labels)
        out.pr = judgeRun(entry, pr, labels)
        out.problems = scoreProblems(entry, pr.report)
      } else {
        out.planted = PLANTS.map((p) => ({
          path: p.path, kind: p.kind,
          pr: plantedVerdict(pr.report, p.path), all: plantedVerdict(all.report, p.path),
        }))
      }
    } finally {
      if (args.keep) console.log(`(kept ${dir})`)
      else rmSync(dir, { recursive: true, force: true })
    }
  }
  results.push(out)
  printRepo(out, entry)
}
printSummary(results)
if (args.json) writeFileSync(args.json, JSON.stringify({ modelgate, results }, null, 2) + '\n')

// ---------------------------------------------------------------------------------------------------------------
// Materialize the pinned tree from the snapshot: `git archive` fails on the blobs a snapshot lacks, so every
// present blob is read through one `git cat-file --batch` and missing ones are listed as absent.
async function materialize(gitDir, commit, dir) {
  const ls = spawnSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', '--full-tree', commit], { maxBuffer: 1 << 30 })
  if (ls.status !== 0) fail(`git ls-tree ${commit} in ${gitDir}: ${ls.stderr}`)
  const entries = ls.stdout.toString('utf8').split('\0').filter(Boolean).map((line) => {
    const tab = line.indexOf('\t')
    const [mode, type, sha] = line.slice(0, tab).split(' ')
    return { mode, type, sha, path: line.slice(tab + 1) }
  })
  const blobs = entries.filter((e) => e.type === 'blob')
  const contents = await catFileBatch(gitDir, blobs.map((b) => b.sha))
  const absent = []
  let files = 0
  for (const b of blobs) {
    const data = contents.get(b.sha)
    if (!data) { absent.push(b.path); continue }
    const target = join(dir, b.path)
    if (!normalize(target).startsWith(dir + '/')) continue
    mkdirSync(dirname(target), { recursive: true })
    if (b.mode === '120000') {
      // a symlink: recreated only when it stays inside the copy
      const link = data.toString('utf8')
      if (!isAbsolute(link) && normalize(join(dirname(target), link)).startsWith(dir + '/')) symlinkSync(link, target)
      continue
    }
    writeFileSync(target, data)
    files++
  }
  return { files, absent: absent.length, absentPaths: absent, paths: blobs.map((b) => b.path) }
}

function catFileBatch(gitDir, shas) {
  return new Promise((resolveP, reject) => {
    const unique = [...new Set(shas)]
    const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'])
    const out = new Map()
    let buf = Buffer.alloc(0), need = null
    child.stdout.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk
      for (;;) {
        if (need === null) {
          const nl = buf.indexOf(10)
          if (nl < 0) break
          const header = buf.subarray(0, nl).toString('utf8').split(' ')
          buf = buf.subarray(nl + 1)
          if (header[1] === 'missing' || header.length < 3) continue
          need = { sha: header[0], size: Number(header[2]) }
        }
        if (buf.length < need.size + 1) break
        out.set(need.sha, Buffer.from(buf.subarray(0, need.size)))
        buf = buf.subarray(need.size + 1)
        need = null
      }
    })
    child.on('error', reject)
    child.on('close', () => resolveP(out))
    child.stdin.on('error', () => {})
    child.stdin.end(unique.join('\n') + '\n')
  })
}

function git(dir, argv) {
  const r = spawnSync('git', ['-c', 'user.email=trial@modelgate.invalid', '-c', 'user.name=trial', '-c', 'commit.gpgsign=false', ...argv], { cwd: dir, maxBuffer: 1 << 28 })
  if (r.status !== 0) fail(`git ${argv.join(' ')} in ${dir}: ${r.stderr}`)
  return r.stdout.toString().trim()
}

function gitInit(dir) {
  git(dir, ['init', '-q', '-b', 'main'])
  git(dir, ['commit', '-q', '--allow-empty', '-m', 'empty base'])
  const baseSha = git(dir, ['rev-parse', 'HEAD'])
  // -f: the tree is exactly the pinned commit's tracked files, even those its own .gitignore names
  git(dir, ['add', '-A', '-f', '.'])
  git(dir, ['commit', '-q', '--no-verify', '-m', 'everything'])
  return { baseSha }
}

function runCli(dir, extra) {
  const t0 = Date.now()
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--fail-on', 'never', ...extra], { cwd: dir, maxBuffer: 1 << 30 })
  const ms = Date.now() - t0
  let report = null
  try { report = JSON.parse(r.stdout.toString()) } catch { /* reported below */ }
  if (!report) console.log(`  ! check ${extra.join(' ')} exited ${r.status} without a JSON report: ${r.stderr.toString().slice(0, 500)}`)
  return { report: report ?? { models: [], findings: [] }, status: r.status, ms, crashed: !report }
}

// ---------------------------------------------------------------------------------------------------------------
// Labelled units: `units` entries are a path, or {any: [paths]} when people could reasonably name either folder
// (one of them found is a hit; the others found are not held against precision); `unitsDerive` derives one unit per
// folder holding a matching artifact (a conventional sub-folder such as `model/` folded into its parent);
// `unitsOptional` globs are folders neither counted for nor against (e.g. a checkpoint that holds weights).
function labelsOf(entry, paths) {
  const groups = []
  for (const u of entry.units ?? []) groups.push(typeof u === 'string' ? [u] : u.any)
  const derived = new Set()
  for (const d of entry.unitsDerive ?? []) {
    const isMatch = picomatch(d.artifacts, { dot: true })
    const except = d.except ? picomatch(d.except, { dot: true }) : () => false
    for (const p of paths) {
      if (!isMatch(p) || except(p)) continue
      let dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.'
      for (const s of d.stripFolders ?? []) if (dir.endsWith('/' + s)) dir = dir.slice(0, -s.length - 1)
      derived.add(dir)
    }
  }
  for (const d of derived) groups.push([d])
  const optional = (entry.unitsOptional ?? []).map((g) => picomatch(g, { dot: true }))
  const all = new Set(groups.flat())
  return { groups, all, isOptional: (u) => optional.some((m) => m(u)), isLabelled: (u) => all.has(u) }
}

function scoreUnits(labels, report) {
  const found = new Set((report.models ?? []).map((m) => m.path))
  const hitGroups = labels.groups.filter((g) => g.some((u) => found.has(u)))
  const missed = labels.groups.filter((g) => !g.some((u) => found.has(u))).map((g) => g.join(' | '))
  const extra = [...found].filter((u) => !labels.isLabelled(u) && !labels.isOptional(u))
  const optionalFound = [...found].filter((u) => labels.isOptional(u) && !labels.isLabelled(u)).length
  // a found unit counts once against precision: each hit group once, plus each unlabelled non-optional unit
  const counted = hitGroups.length + extra.length
  return {
    labelled: labels.groups.length, found: found.size, optionalFound, hit: hitGroups.length, counted,
    recall: labels.groups.length ? hitGroups.length / labels.groups.length : null,
    precision: counted ? hitGroups.length / counted : null,
    missed, extra,
  }
}

// Reviewer judgments: the repository's own first, then the manifest's common ones; the first match decides.
// verdict keep | dismiss | keep-one (the first finding of that rule per `per` — path (default), model or repo — is
// kept, the others are the same cause repeated and are dismissed).
// Conditions: `rule`, `path`, `model` (globs), `message` (regular expression), `modelLabelled` (the finding's unit
// is, or is not, one a person names; a finding without a unit counts as not), `sameModelHas` (a rule glob: another
// finding of the same unit has that rule, e.g. a missing card makes its missing keys the same cause).
function judgeRun(entry, run, labels) {
  const judgments = [...(entry.judgments ?? []), ...(manifest.judgments ?? [])].map((j) => ({
    ...j,
    ruleM: picomatch(j.rule ?? '**', { dot: true }),
    pathM: picomatch(j.path ?? '**', { dot: true }),
    modelM: j.model === undefined ? null : picomatch(j.model, { dot: true }),
    msgRe: j.message ? new RegExp(j.message) : null,
    sameM: j.sameModelHas ? picomatch(j.sameModelHas) : null,
  }))
  const plantedPaths = new Set(PLANTS.map((p) => p.path))
  const findings = run.report.findings ?? []
  const rulesByModel = new Map()
  for (const f of findings) {
    const k = f.model ?? ''
    if (!rulesByModel.has(k)) rulesByModel.set(k, new Set())
    rulesByModel.get(k).add(f.ruleId)
  }
  const matches = (x, f) => {
    if (!x.ruleM(f.ruleId) || !x.pathM(f.path ?? '') || (x.modelM && !x.modelM(f.model ?? ''))) return false
    if (x.msgRe && !x.msgRe.test(f.message)) return false
    if (x.modelLabelled !== undefined && x.modelLabelled !== (f.model !== undefined && labels.isLabelled(f.model))) return false
    if (x.sameM && ![...(rulesByModel.get(f.model ?? '') ?? [])].some((r) => r !== f.ruleId && x.sameM(r))) return false
    return true
  }
  const seen = new Set()
  const byRule = {}
  const tally = { kept: 0, dismissed: 0, unjudged: 0, planted: 0 }
  const unjudged = []
  const dismissedWhy = {}
  const judged = []
  for (const f of findings) {
    if (plantedPaths.has(f.path)) { tally.planted++; continue }
    const j = judgments.find((x) => matches(x, f))
    let verdict = j?.verdict ?? 'unjudged'
    if (verdict === 'keep-one') {
      const per = j.per ?? 'path'
      const key = `${judgments.indexOf(j)}\0${f.ruleId}\0${per === 'path' ? f.path ?? '' : per === 'model' ? f.model ?? '' : ''}`
      verdict = seen.has(key) ? 'dismiss' : 'keep'
      seen.add(key)
    }
    const r = (byRule[f.ruleId] ??= { kept: 0, dismissed: 0, unjudged: 0, severities: {} })
    r.severities[f.severity] = (r.severities[f.severity] ?? 0) + 1
    if (verdict === 'keep') { tally.kept++; r.kept++ }
    else if (verdict === 'dismiss') { tally.dismissed++; r.dismissed++; const w = j.why ?? 'dismissed'; dismissedWhy[w] = (dismissedWhy[w] ?? 0) + 1 }
    else { tally.unjudged++; r.unjudged++; unjudged.push(f) }
    judged.push({ verdict, why: verdict === 'unjudged' ? undefined : j.why, ruleId: f.ruleId, severity: f.severity, path: f.path, line: f.line, model: f.model, message: f.message })
  }
  const decided = tally.kept + tally.dismissed
  return {
    ms: run.ms, crashed: run.crashed, exit: run.status, models: (run.report.models ?? []).length,
    findings: findings.length, ...tally,
    precision: decided ? tally.kept / decided : null, byRule, dismissedWhy, judged,
    unjudgedList: unjudged.map((f) => `${f.severity} ${f.ruleId} ${f.path ?? '-'}${f.line ? ':' + f.line : ''} [${f.model ?? '-'}] ${f.message.slice(0, 140)}`),
  }
}

function scoreProblems(entry, report) {
  return (entry.problems ?? []).map((p) => {
    const ruleM = picomatch(p.rule ?? '**'), pathM = picomatch(p.path, { dot: true })
    // A grouped finding (one per cause, e.g. every Git LFS pointer of a unit) names its other files in backticks.
    const named = (f) => [...(f.message ?? '').matchAll(/`([^`]+)`/g)].some((m) => pathM(m[1]))
    const hits = (report.findings ?? []).filter((f) => ruleM(f.ruleId) && (pathM(f.path ?? '') || named(f)))
    const sev = hits.map((f) => f.severity)
    return { ...p, reported: hits.length > 0, asError: sev.includes('error'), severities: [...new Set(sev)] }
  })
}

function plantedVerdict(report, path) {
  const hits = (report.findings ?? []).filter((f) => f.path === path)
  if (!hits.length) return 'missed'
  if (hits.some((f) => f.severity === 'error')) return 'error'
  return hits.map((f) => f.severity).sort()[0]
}

// ---------------------------------------------------------------------------------------------------------------
function pct(x) { return x === null || x === undefined ? 'n/a' : x.toFixed(2) }

function printRepo(o, entry) {
  console.log(`\n## ${o.id}: ${o.repo}@${o.commit.slice(0, 10)} (${o.shape})`)
  if (o.files === undefined) return
  console.log(`files ${o.files} (absent from snapshot: ${o.absent}); --all ${o.all.ms} ms, PR ${o.pr.ms} ms${o.all.crashed || o.pr.crashed ? ' — CRASHED' : ''}`)
  const u = o.units
  console.log(`units: found ${u.found}${u.optionalFound ? ` (+${u.optionalFound} optional)` : ''}, labelled ${u.labelled}, recall ${pct(u.recall)}, precision ${pct(u.precision)}`)
  if (u.missed.length) console.log(`  missed: ${list(u.missed)}`)
  if (u.extra.length) console.log(`  not a unit a person names: ${list(u.extra)}`)
  for (const [name, r] of [['--all', o.all], ['PR', o.pr]]) {
    console.log(`findings (${name}): ${r.findings} — kept ${r.kept}, dismissed ${r.dismissed}, unjudged ${r.unjudged}${r.planted ? `, on planted files ${r.planted}` : ''}; precision ${pct(r.precision)}`)
    if (args.verbose || name === 'PR') {
      for (const [rule, s] of Object.entries(r.byRule).sort()) console.log(`    ${rule.padEnd(36)} ${String(s.kept + s.dismissed + s.unjudged).padStart(5)}  kept ${s.kept} dismissed ${s.dismissed}${s.unjudged ? ` unjudged ${s.unjudged}` : ''}`)
    }
    if (r.unjudgedList.length) { console.log(`  unjudged (${name}):`); for (const l of r.unjudgedList.slice(0, args.verbose ? 1000 : 15)) console.log(`    ${l}`) }
  }
  if (args.verbose) for (const [w, n] of Object.entries(o.pr.dismissedWhy)) console.log(`  dismissed ${n}× — ${w}`)
  for (const p of o.problems) console.log(`problem ${p.reported ? (p.asError ? 'REPORTED (error)' : `reported (${p.severities.join('/')})`) : 'MISSED'}: ${p.path} — ${p.what}`)
  for (const p of o.planted ?? []) console.log(`planted ${p.path} (${p.kind}): PR ${p.pr}, --all ${p.all}`)
  void entry
}

function printSummary(rs) {
  console.log('\n## Summary (PR run: every file added; units from the --all run)\n')
  console.log('| shape | repository | units found / labelled | recall | precision | findings | kept | dismissed | unjudged | finding precision | problems reported | planted misses |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
  let k = 0, d = 0, uj = 0, lab = 0, hit = 0, found = 0
  const macro = { recall: [], precision: [], findings: [] }
  for (const o of rs) {
    if (!o.units) continue
    const pm = o.planted ? `${o.planted.filter((p) => p.pr !== 'error').length}/${o.planted.length}` : '—'
    const probs = o.problems.length ? `${o.problems.filter((p) => p.reported).length}/${o.problems.length}` : '—'
    console.log(`| ${o.shape} | ${o.repo} | ${o.units.found} / ${o.units.labelled} | ${pct(o.units.recall)} | ${pct(o.units.precision)} | ${o.pr.findings} | ${o.pr.kept} | ${o.pr.dismissed} | ${o.pr.unjudged} | ${pct(o.pr.precision)} | ${probs} | ${pm} |`)
    k += o.pr.kept; d += o.pr.dismissed; uj += o.pr.unjudged; lab += o.units.labelled; hit += o.units.hit; found += o.units.counted
    if (o.units.recall !== null) macro.recall.push(o.units.recall)
    if (o.units.precision !== null) macro.precision.push(o.units.precision)
    if (o.pr.precision !== null) macro.findings.push(o.pr.precision)
  }
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)
  const planted = rs.flatMap((o) => o.planted ?? [])
  console.log(`\nPer repository (macro mean over repositories where defined): unit recall ${pct(mean(macro.recall))}, unit precision ${pct(mean(macro.precision))}, finding precision ${pct(mean(macro.findings))}.`)
  console.log(`Pooled (micro; dominated by the largest repository): unit recall ${pct(lab ? hit / lab : null)}, unit precision ${pct(found ? hit / found : null)} over ${lab} labelled units; findings kept ${k}, dismissed ${d}, unjudged ${uj}, finding precision ${pct(k + d ? k / (k + d) : null)}.`)
  if (planted.length) console.log(`Planted files reported as an error: PR ${planted.filter((p) => p.pr === 'error').length}/${planted.length}, --all ${planted.filter((p) => p.all === 'error').length}/${planted.length}.`)
}

function list(xs) { return xs.length > 12 ? `${xs.slice(0, 12).join(', ')} … (+${xs.length - 12})` : xs.join(', ') }

function parseArgs(argv) {
  const o = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--plant' || a === '--keep' || a === '--verbose') o[a.slice(2)] = true
    else if (['--modelgate', '--only', '--json', '--manifest', '--mirrors'].includes(a)) o[a.slice(2)] = argv[++i]
    else if (a === '--help' || a === '-h') { console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 19).map((l) => l.replace(/^\/\/ ?/, '')).join('\n')); process.exit(0) }
    else fail(`unknown argument ${a}`)
  }
  return o
}

function fail(msg) { console.error(`realrepos: ${msg}`); process.exit(2) }
