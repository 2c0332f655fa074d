#!/usr/bin/env node
// PII scanner benchmark: `node scripts/bench/pii.mjs` (also run by `npm run bench`).
//
// 1. Bundles the scanner (src/formats/pii + the pii settings) with esbuild's JS API into a temp directory.
// 2. Accuracy: recall and precision per kind on the repository's fixtures (exact, per planted value) and,
//    when present, on the shared corpus (../shared/corpus/data, count-based per EXPECTED.tsv).
// 3. Throughput: generates a CSV of at least 512 MiB under /tmp (mixed personal data and look-alikes:
//    Luhn-failing order references, SSN-shaped part numbers, version strings, bad IBAN checksums, private
//    IPs, file names with @) and reports, in the same run, MB/s and peak RSS for ripgrep running an
//    equivalent pattern set (`rg --count-matches`, no validation) and for modelgate's scanner (every kind,
//    validating), plus the RSS over the scan (flat memory) and the recall/precision on that file.
//
// Options: --size=MiB (default 512), --data=PATH, --fresh (regenerate the data), --no-rg, --accuracy-only,
// --real=DIR[,DIR…] (also measure exact recall/precision on data written by scripts/fixtures/gen_pii_real.mjs),
// --src=ROOT (bundle the scanner from another checkout, e.g. the main branch, for before/after figures).
// The generated file is kept for the next run (delete it with `rm -r /tmp/modelgate-bench`).
import { build } from 'esbuild'
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import { setInterval, clearInterval } from 'node:timers'
import { ibanCheck, luhnDigit } from '../lib/check-digits.mjs'
import { prng as rng } from '../lib/prng.mjs'
import { result } from '../lib/bench-result.mjs'

const argv = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]))
const root = argv.src ? String(argv.src).replace(/\/?$/, '/') : fileURLToPath(new URL('../..', import.meta.url))
const SIZE_MIB = Number(argv.size ?? 512)
const DATA = String(argv.data ?? join('/tmp/modelgate-bench', `pii-${SIZE_MIB}MiB.csv`))
const MB = 1e6

// ---------------------------------------------------------------------------------------------------------
// 1. Bundle.

const work = mkdtempSync(join(tmpdir(), 'modelgate-pii-bench-'))
const entry = join(work, 'entry.ts')
writeFileSync(
  entry,
  `export * from ${JSON.stringify(join(root, 'src/formats/pii/index.ts'))}
import { piiSettingsSchema as settingsSchema } from ${JSON.stringify(join(root, 'src/rules/pii/settings.ts'))}
// A function building the schema on first use (src/core/once.ts), or the schema itself in older checkouts (--src).
export const piiSettingsSchema = typeof settingsSchema === 'function' ? settingsSchema() : settingsSchema
export { detectorFor } from ${JSON.stringify(join(root, 'src/rules/pii/shared.ts'))}
`,
)
const bundle = join(work, 'pii-scanner.mjs')
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: bundle,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
})
const worker = join(work, 'worker.mjs')
writeFileSync(
  worker,
  `import { open } from 'node:fs/promises'
const { scanFile, piiSettingsSchema, detectorFor, PII_KINDS } = await import(${JSON.stringify(pathToFileURL(bundle).href)})
const path = process.argv[2]
const settings = piiSettingsSchema.parse({})
const detector = detectorFor(settings, new Set(PII_KINDS), new Date())
const fh = await open(path)
const size = (await fh.stat()).size
const src = {
  path, size,
  async *stream(start, end) { for await (const c of fh.createReadStream({ start, end: end - 1, highWaterMark: 1 << 20, autoClose: false })) yield c },
  async readRange(s, e) { const b = Buffer.alloc(e - s); const { bytesRead } = await fh.read(b, 0, e - s, s); return b.subarray(0, bytesRead) },
}
const samples = []
const timer = setInterval(() => samples.push(process.memoryUsage.rss()), 200)
const c0 = process.cpuUsage()
const t0 = performance.now()
const r = await scanFile(src, 'csv', { detector, maxBytes: Number.MAX_SAFE_INTEGER, sampleWindows: 0 })
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(c0)
clearInterval(timer)
const counts = {}
for (const g of r.groups) counts[g.kind] = (counts[g.kind] ?? 0) + g.count
process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, size, counts, groups: r.groups.length, maxRssKiB: process.resourceUsage().maxRSS, samples }))
await fh.close()
`,
)
const pii = await import(pathToFileURL(bundle).href)

// ---------------------------------------------------------------------------------------------------------
// 2. Accuracy.

const pct = (x) => (Number.isNaN(x) ? '   n/a' : `${(100 * x).toFixed(1).padStart(5)}%`)

function table(title, stats, note) {
  console.log(`\n${title}${note ? ` (${note})` : ''}`)
  console.log('  kind            planted  found   TP   FP   FN   recall  precision')
  const total = { tp: 0, fp: 0, fn: 0, planted: 0, found: 0 }
  for (const [kind, s] of Object.entries(stats).sort()) {
    console.log(`  ${kind.padEnd(14)} ${String(s.planted).padStart(8)} ${String(s.found).padStart(6)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${pct(s.tp / (s.tp + s.fn))}  ${pct(s.tp / (s.tp + s.fp))}`)
    for (const k of Object.keys(total)) total[k] += s[k]
  }
  console.log(`  ${'all'.padEnd(14)} ${String(total.planted).padStart(8)} ${String(total.found).padStart(6)} ${String(total.tp).padStart(4)} ${String(total.fp).padStart(4)} ${String(total.fn).padStart(4)}  ${pct(total.tp / (total.tp + total.fn))}  ${pct(total.tp / (total.tp + total.fp))}`)
}

function memorySource(path, bytes) {
  return {
    path,
    size: bytes.length,
    async *stream(s, e) {
      for (let i = s; i < e; i += 1 << 20) yield bytes.subarray(i, Math.min(e, i + (1 << 20)))
    },
    async readRange(s, e) {
      return bytes.slice(s, e)
    },
  }
}

const defaults = pii.piiSettingsSchema.parse({ custom: [{ name: 'employee-id', pattern: 'EMP-\\d{6}' }] })
/** The format a file is scanned as: by name and content when the scanner can tell (dataFormatOf), else by name. */
const formatFor = (name, bytes) => (pii.dataFormatOf ? pii.dataFormatOf(name, bytes.subarray(0, 8192)) : pii.formatOf(name)) ?? 'text'
const allKinds = new Set(pii.PII_KINDS)

async function accuracyFixtures() {
  const dir = join(root, '__tests__/fixtures/pii')
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'))
  const stats = {}
  for (const [name, e] of Object.entries(expected)) {
    if (e.problem) continue
    const found = []
    const detector = pii.detectorFor(defaults, allKinds, new Date())
    await pii.scanFile(memorySource(name, new Uint8Array(readFileSync(join(dir, name)))), pii.formatOf(name) ?? 'text', {
      detector,
      maxBytes: 64 << 20,
      sampleWindows: 16,
      observe: (kind, value) => found.push(`${kind}\u0000${value}`),
    })
    const planted = e.values.map((v) => `${v.kind}\u0000${v.value}`)
    const left = new Map()
    for (const p of planted) left.set(p, (left.get(p) ?? 0) + 1)
    for (const p of planted) (stats[p.split('\u0000')[0]] ??= { planted: 0, found: 0, tp: 0, fp: 0, fn: 0 }).planted++
    for (const f of found) {
      const kind = f.split('\u0000')[0]
      const s = (stats[kind] ??= { planted: 0, found: 0, tp: 0, fp: 0, fn: 0 })
      s.found++
      if ((left.get(f) ?? 0) > 0) {
        left.set(f, left.get(f) - 1)
        s.tp++
      } else s.fp++
    }
    for (const [p, n] of left) if (n > 0) stats[p.split('\u0000')[0]].fn += n
  }
  table('Accuracy on the repository fixtures', stats, 'exact: each planted value matched by kind and value')
}

const CORPUS_KIND = { credit_card: 'credit-card', date_of_birth: 'date-of-birth', email: 'email', ipv4: 'ip-address', person_name: 'person-name', phone: 'phone', ssn: 'ssn', iban: 'iban' }

async function accuracyCorpus() {
  const dir = process.env.PII_CORPUS ?? join(root, '../shared/corpus/data')
  if (!existsSync(join(dir, 'EXPECTED.tsv'))) {
    console.log(`\n(shared corpus not found at ${dir}: set PII_CORPUS to measure on it)`)
    return
  }
  const [head, ...rows] = readFileSync(join(dir, 'EXPECTED.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'))
  const col = (r, name) => r[head.indexOf(name)]
  const stats = {}
  for (const r of rows) {
    const file = col(r, 'file')
    const want = {}
    const pc = col(r, 'pii_counts')
    if (pc && pc !== 'none') for (const part of pc.split(/;\s*/)) {
      const [k, v] = part.split('=')
      want[CORPUS_KIND[k] ?? k] = Number(v)
    }
    const got = {}
    const detector = pii.detectorFor(defaults, allKinds, new Date())
    const res = await pii.scanFile(memorySource(file, new Uint8Array(readFileSync(join(dir, file)))), pii.formatOf(file) ?? 'text', { detector, maxBytes: 64 << 20, sampleWindows: 16 })
    for (const g of res.groups) got[g.kind] = (got[g.kind] ?? 0) + g.count
    const line = []
    for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) {
      const w = want[k] ?? 0
      const g = got[k] ?? 0
      const s = (stats[k] ??= { planted: 0, found: 0, tp: 0, fp: 0, fn: 0 })
      s.planted += w
      s.found += g
      s.tp += Math.min(w, g)
      s.fp += Math.max(0, g - w)
      s.fn += Math.max(0, w - g)
      line.push(`${k} ${g}/${w}`)
    }
    console.log(`  ${file}: ${line.join(', ') || 'nothing found, nothing expected'}`)
  }
  table(`Accuracy on the shared corpus (${dir})`, stats, 'count-based per file and kind: TP = min(found, expected); look-alike files expect none')
}

const norm = (v) => v.replace(/\s+/g, ' ').trim()

/** Exact recall and precision on data written by gen_pii_real.mjs (values compared with whitespace collapsed). */
async function accuracyReal(dir) {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'))
  const stats = {}
  const perFile = []
  for (const [name, e] of Object.entries(expected)) {
    const found = []
    const bytes = new Uint8Array(readFileSync(join(dir, name)))
    const detector = pii.detectorFor(defaults, allKinds, new Date())
    await pii.scanFile(memorySource(name, bytes), formatFor(name, bytes), {
      detector,
      maxBytes: 64 << 20,
      sampleWindows: 16,
      observe: (kind, value) => found.push(`${kind}\u0000${norm(value)}`),
    })
    const left = new Map()
    for (const v of e.values) {
      const p = `${v.kind}\u0000${norm(v.value)}`
      left.set(p, (left.get(p) ?? 0) + 1)
      ;(stats[v.kind] ??= { planted: 0, found: 0, tp: 0, fp: 0, fn: 0 }).planted++
    }
    const fp = {}
    for (const f of found) {
      const kind = f.split('\u0000')[0]
      const s = (stats[kind] ??= { planted: 0, found: 0, tp: 0, fp: 0, fn: 0 })
      s.found++
      if ((left.get(f) ?? 0) > 0) {
        left.set(f, left.get(f) - 1)
        s.tp++
      } else {
        s.fp++
        fp[kind] = (fp[kind] ?? 0) + 1
      }
    }
    const fn = {}
    for (const [p, n] of left) if (n > 0) {
      const kind = p.split('\u0000')[0]
      stats[kind].fn += n
      fn[kind] = (fn[kind] ?? 0) + n
    }
    const parts = [...Object.entries(fn).map(([k, n]) => `${k} missed ${n}`), ...Object.entries(fp).map(([k, n]) => `${k} false ${n}`)]
    perFile.push(`  ${name} (${formatFor(name, bytes)}): ${parts.join(', ') || 'exact'}`)
  }
  console.log(`\nPer file (${dir}):\n${perFile.join('\n')}`)
  table(`Accuracy on generated real-shaped data (${dir})`, stats, 'exact: each planted value matched by kind and value')
}

await accuracyFixtures()
await accuracyCorpus()
if (argv.real) for (const d of String(argv.real).split(',')) await accuracyReal(d)
if (argv['accuracy-only']) {
  rmSync(work, { recursive: true, force: true })
  process.exit(0)
}

// ---------------------------------------------------------------------------------------------------------
// 3. Throughput: data.


function generate(path, bytes) {
  const rnd = rng(2026)
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1))
  const pick = (a) => a[Math.floor(rnd() * a.length)]
  const dig = (n) => {
    let s = ''
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + Math.floor(rnd() * 10))
    return s
  }
  const FIRST = ['Ada', 'Grace', 'Alan', 'Priya', 'Minh', 'Imani', 'William', 'Sarah', 'Chen', 'Fatima', 'Lars', 'Aoife', 'Omar', 'Lucia']
  const LAST = ['Lovelace', 'Hopper', 'Turing', 'Perez', 'Taylor', 'Smith', 'Patel', 'Garcia', 'Nakamura', 'Okafor', 'Novak', 'Silva']
  const AREAS = ['212', '415', '512', '617', '808', '907', '206', '303', '404', '702']
  const planted = {}
  const plant = (k) => (planted[k] = (planted[k] ?? 0) + 1)
  const fd = openSync(path, 'w')
  let written = 0
  let rows = 0
  let buf = 'id,first_name,last_name,email,phone,ssn,date_of_birth,card,iban,ip_address,order_number,order_ref,part_no,firmware,created_at,amount,notes\n'
  while (written + buf.length < bytes) {
    rows++
    const f = pick(FIRST)
    const l = pick(LAST)
    const r = [`R${rows}`]
    if (rnd() < 0.9) {
      r.push(f, l)
      plant('person-name')
    } else r.push('', '')
    const e = rnd()
    if (e < 0.8) {
      r.push(`${f.toLowerCase()}.${l.toLowerCase()}${int(1, 999)}@${pick(['example.com', 'mail.example.org', 'corp.example.net'])}`)
      plant('email')
    } else r.push(e < 0.9 ? pick(['logo@2x.png', 'lodash@4.17.21', 'icon@3x.jpg']) : '')
    const p = rnd()
    const area = pick(AREAS)
    const line = `01${dig(2)}`
    if (p < 0.7) {
      r.push(pick([`(${area}) 555-${line}`, `${area}-555-${line}`, `+1 ${area} 555 ${line}`, `1-${area}-555-${line}`, `${area}.555.${line}`, `+1${area}555${line}`]))
      plant('phone')
    } else r.push(p < 0.85 ? `ORD-${area}-555${line.slice(0, 3)}` : '')
    const s = rnd()
    if (s < 0.5) {
      let a
      do a = int(1, 899)
      while (a === 666)
      r.push(`${String(a).padStart(3, '0')}-${String(int(1, 99)).padStart(2, '0')}-${String(int(1, 9999)).padStart(4, '0')}`)
      plant('ssn')
    } else if (s < 0.9) r.push(pick([`000-${int(10, 99)}-${int(1000, 9999)}`, `666-${int(10, 99)}-${int(1000, 9999)}`, `9${int(10, 99)}-${int(10, 99)}-${int(1000, 9999)}`, '078-05-1120', `${int(100, 599)}-00-${int(1000, 9999)}`]))
    else r.push('')
    if (rnd() < 0.9) {
      r.push(`${int(1940, 2005)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`)
      plant('date-of-birth')
    } else r.push('')
    const c = rnd()
    const body = pick(['4', '51', '55', '6011']) + dig(0)
    const cardBody = body + dig(15 - body.length)
    const good = luhnDigit(cardBody)
    if (c < 0.45) {
      const num = cardBody + good
      r.push(pick([num, num.replace(/(\d{4})(?=\d)/g, '$1 '), num.replace(/(\d{4})(?=\d)/g, '$1-')]))
      plant('credit-card')
    } else r.push(c < 0.9 ? cardBody + String((Number(good) + int(1, 9)) % 10) : '')
    const ib = rnd()
    const bban = dig(18)
    const check = ibanCheck('DE', bban)
    if (ib < 0.4) {
      const iban = 'DE' + check + bban
      r.push(rnd() < 0.5 ? iban : iban.replace(/(.{4})(?=.)/g, '$1 '))
      plant('iban')
    } else r.push(ib < 0.8 ? 'DE' + String((Number(check) + int(1, 50)) % 97).padStart(2, '0').replace(check, '00') + bban : '')
    const ip = rnd()
    if (ip < 0.6) {
      r.push(`${pick([23, 45, 66, 81, 104, 151, 185, 212])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`)
      plant('ip-address')
    } else r.push(ip < 0.9 ? pick([`10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, `192.168.${int(0, 255)}.${int(1, 254)}`, `127.0.0.${int(1, 9)}`]) : '')
    r.push(`ORD-2024-${dig(6)}`)
    const refBody = '4' + dig(14)
    r.push(refBody + String((Number(luhnDigit(refBody)) + 1) % 10))
    r.push(`PN-${dig(3)}-${dig(2)}-${dig(4)}`)
    r.push(`${int(1, 9)}.${int(0, 20)}.${int(0, 9)}.${int(0, 99)}`)
    r.push(`2024-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}T${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00Z`)
    r.push(`${int(1, 9999)}.${String(int(0, 99)).padStart(2, '0')}`)
    const n = rnd()
    if (n < 0.15) {
      r.push(`"contact ${f.toLowerCase()}${int(1, 99)}@example.org, re ORD-2024-${dig(6)}"`)
      plant('email')
    } else if (n < 0.3) {
      r.push(`call (${pick(AREAS)}) 555-01${dig(2)} after 5pm`)
      plant('phone')
    } else r.push(pick(['no issues', 'vip', 'see v1.2.3.4 notes', 'batch 2024-555123 ok', 'ratio 1/2/3', 'churn risk']))
    buf += r.join(',') + '\n'
    if (buf.length > 4 << 20) {
      writeSync(fd, buf)
      written += buf.length
      buf = ''
    }
  }
  writeSync(fd, buf)
  written += buf.length
  closeSync(fd)
  return { rows, planted, bytes: written }
}

mkdirSync(join(DATA, '..'), { recursive: true })
const meta = DATA + '.json'
let info
if (!argv.fresh && existsSync(DATA) && existsSync(meta) && statSync(DATA).size >= SIZE_MIB * 1024 * 1024) {
  info = JSON.parse(readFileSync(meta, 'utf8'))
  console.log(`\ndata: ${DATA} (${(info.bytes / MB).toFixed(0)} MB, ${info.rows.toLocaleString('en')} rows; reused, --fresh regenerates)`)
} else {
  const t = performance.now()
  info = generate(DATA, SIZE_MIB * 1024 * 1024)
  writeFileSync(meta, JSON.stringify(info))
  console.log(`\ndata: ${DATA} (${(info.bytes / MB).toFixed(0)} MB, ${info.rows.toLocaleString('en')} rows; generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`)
}
const size = statSync(DATA).size
console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`)

// ---------------------------------------------------------------------------------------------------------
// Throughput: ripgrep.

/** Runs a command, returning wall time and peak RSS (GNU time when available, else /proc polling). */
function measure(cmd, args) {
  return new Promise((resolve) => {
    const useTime = existsSync('/usr/bin/time')
    const child = useTime ? spawn('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args]) : spawn(cmd, args)
    let out = ''
    let err = ''
    let peak = 0
    const poll = useTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
            if (m) peak = Math.max(peak, Number(m[1]))
          } catch {
            /* exited */
          }
        }, 20)
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    const t = performance.now()
    child.on('close', (code) => {
      const seconds = (performance.now() - t) / 1000
      if (poll) clearInterval(poll)
      let cpuSeconds
      if (useTime) {
        const m = /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(err.trim())
        peak = Number(m?.[1] ?? 0)
        if (m) cpuSeconds = Number(m[2]) + Number(m[3])
      }
      resolve({ code, out, err, seconds, cpuSeconds, peakKiB: peak })
    })
  })
}

const RG_PATTERNS = [
  String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`, // email
  String.raw`(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b`, // phone (NANP)
  String.raw`\b\d{3}[- ]\d{2}[- ]\d{4}\b`, // SSN
  String.raw`\b(?:\d[ -]?){12,18}\d\b`, // payment card
  String.raw`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b`, // IBAN
  String.raw`\b(?:\d{1,3}\.){3}\d{1,3}\b`, // IPv4
  String.raw`\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b`, // IPv6 (full form)
  String.raw`\b\d{4}-\d{2}-\d{2}\b`, // ISO date
  String.raw`\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}\b`, // international phone
  String.raw`\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b`, // day- or month-first date
  String.raw`\b(?:[0-9A-Fa-f]{1,4}:){1,7}:[0-9A-Fa-f:]*`, // compressed IPv6
]

let rg
if (!argv['no-rg']) {
  let have = spawnSync('rg', ['--version'], { encoding: 'utf8' })
  if (have.status !== 0 && existsSync('/usr/bin/apt-get') && process.getuid?.() === 0) {
    console.log('ripgrep not found: trying `apt-get install -y ripgrep` …')
    spawnSync('apt-get', ['install', '-y', '-q', 'ripgrep'], { stdio: 'ignore' })
    have = spawnSync('rg', ['--version'], { encoding: 'utf8' })
  }
  if (have.status !== 0) {
    console.log('ripgrep (rg) is not installed: install it with `apt-get install ripgrep` (or `brew install ripgrep`) to compare; continuing without it.')
  } else {
    const args = ['--count-matches', '--no-filename', ...RG_PATTERNS.flatMap((p) => ['-e', p]), DATA]
    await measure('rg', args) // warm the page cache
    const runs = [await measure('rg', args), await measure('rg', args)]
    const best = runs.sort((a, b) => a.seconds - b.seconds)[0]
    rg = { ...best, version: have.stdout.split('\n')[0], matches: Number(best.out.trim()) }
    console.log(
      `\nripgrep: ${rg.version}, --count-matches with ${RG_PATTERNS.length} patterns (email, NANP and international phone, SSN, card, IBAN, IPv4, IPv6, dates; no validation)\n` +
        `  ${rg.seconds.toFixed(2)} s, ${(size / MB / rg.seconds).toFixed(0)} MB/s${rg.cpuSeconds ? ` (CPU time ${rg.cpuSeconds.toFixed(2)} s: ${(size / MB / rg.cpuSeconds).toFixed(0)} MB/s)` : ''}, peak RSS ${(rg.peakKiB / 1024).toFixed(0)} MiB (ripgrep memory-maps the file), ${rg.matches.toLocaleString('en')} matches`,
    )
  }
}

// ---------------------------------------------------------------------------------------------------------
// Throughput: modelgate (a child process, so its peak RSS is its own).

const runs = []
for (let i = 0; i < 2; i++) {
  const r = await measure(process.execPath, [worker, DATA])
  if (r.code !== 0) {
    console.error(r.err)
    process.exit(1)
  }
  runs.push(JSON.parse(r.out))
}
const mg = runs.sort((a, b) => a.seconds - b.seconds)[0]
const mgRate = size / MB / mg.seconds
const steady = mg.samples.slice(Math.floor(mg.samples.length / 10))
const lo = Math.min(...steady) / (1 << 20)
const hi = Math.max(...steady) / (1 << 20)
console.log(
  `\nmodelgate scanner: every kind, validating (Luhn, mod 97, SSA rules, libphonenumber, IP scopes, column context), one pass\n` +
    `  ${mg.seconds.toFixed(2)} s, ${mgRate.toFixed(0)} MB/s (CPU time ${mg.cpuSeconds.toFixed(2)} s: ${(size / MB / mg.cpuSeconds).toFixed(0)} MB/s), peak RSS ${(mg.maxRssKiB / 1024).toFixed(0)} MiB; RSS over the scan ${lo.toFixed(0)}–${hi.toFixed(0)} MiB for a ${(size / (1 << 20)).toFixed(0)} MiB file (flat: bounded by the 1 MiB blocks, not the file)`,
)

const stats = {}
for (const k of new Set([...Object.keys(info.planted), ...Object.keys(mg.counts)])) {
  const w = info.planted[k] ?? 0
  const g = mg.counts[k] ?? 0
  stats[k] = { planted: w, found: g, tp: Math.min(w, g), fp: Math.max(0, g - w), fn: Math.max(0, w - g) }
}
table('Accuracy on the benchmark data', stats, 'count-based: the generator counts what it plants; look-alikes are planted in every row')

if (rg) {
  const ratio = mgRate / (size / MB / rg.seconds)
  const cpuRatio = rg.cpuSeconds ? rg.cpuSeconds / mg.cpuSeconds : undefined
  result({ figure: 'PII scan of the CSV', value: cpuRatio ?? ratio, unit: cpuRatio ? 'x rg (CPU)' : 'x rg (wall)', anchor: `rg -o, ${RG_PATTERNS.length} patterns`, target: '≥ 0.25', met: (cpuRatio ?? ratio) >= 0.25, rssMiB: mg.maxRssKiB / 1024 })
  console.log(
    `\nthroughput ratio modelgate / ripgrep: ${ratio.toFixed(2)} wall-clock${cpuRatio ? `, ${cpuRatio.toFixed(2)} CPU time (steadier on a busy machine)` : ''}; target ≥ 0.25 while validating: ${ratio >= 0.25 ? 'met' : 'NOT met'}`,
  )
}
rmSync(work, { recursive: true, force: true })
