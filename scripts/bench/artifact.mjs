#!/usr/bin/env node
/**
 * Artifact scanning and hashing throughput, measured in one run against baselines on the same files:
 *
 *   - a ≥ 1 GB PyTorch-style zip (data.pkl + large stored tensor members): modelgate's sha256 (streamed
 *     through the workspace FileView, as the hash-mismatch rule does) next to `sha256sum`, and modelgate's
 *     scan of the archive;
 *   - a multi-hundred-MB plain pickle with tens of millions of opcodes: modelgate's pickle scan next to
 *     `python3 -c` running `pickletools.genops` over it (the loop picklescan and modelscan use);
 *   - peak RSS of each child process (via /usr/bin/time -v when present, else process.resourceUsage),
 *     also on small versions of the same files, to show memory does not grow with the file size.
 *
 *   node scripts/bench/artifact.mjs            (also run by `npm run bench`)
 *
 * Environment: BENCH_ZIP_MB (default 1100), BENCH_PICKLE_MB (300), BENCH_DIR (parent of the temporary
 * directory, default /tmp), BENCH_KEEP=1 to keep the generated files. The TypeScript sources are bundled
 * on the fly with esbuild's JS API; the files are generated with python3's standard library.
 */
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PY_BIG_PICKLE, scanChildImports } from '../lib/bench-fixtures.mjs'
import { HAS_TIME, least, timed } from '../lib/bench-run.mjs'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const ZIP_MB = Number(process.env.BENCH_ZIP_MB ?? 1100)
const PICKLE_MB = Number(process.env.BENCH_PICKLE_MB ?? 300)
const SMALL_ZIP_MB = 64
const SMALL_PICKLE_MB = 30
const work = mkdtempSync(join(process.env.BENCH_DIR ?? '/tmp', 'modelgate-bench-artifact-'))

const CHILD = `
import { createHash } from 'node:crypto'
${scanChildImports(root)}
const [mode, file] = process.argv.slice(2)
const { view, path, st } = await openFile(file)
const t = performance.now()
let out
if (mode === 'hash') {
  // As UnitFacts.sha256 does: the FileView's stream into node:crypto.
  const h = createHash('sha256')
  let bytes = 0
  for await (const chunk of view.stream(path)) {
    h.update(chunk)
    bytes += chunk.length
  }
  out = { bytes, sha256: h.digest('hex') }
} else {
  const s = await scanArtifact(viewSource(view, path, st.size), { path, classify: makeClassifier() })
  out = { bytes: st.size, format: s.format, pickleBytes: s.stats.pickleBytes, opcodes: s.stats.opcodes, issues: s.issues.length, dangerous: s.globals.filter((g) => g.safety === 'dangerous').length }
}
out.ms = performance.now() - t
out.maxRssKb = process.resourceUsage().maxRSS
console.log(JSON.stringify(out))
`

const GEN = `
import collections, io, os, pickle, struct, sys, types, zipfile

def fake(name, **attrs):
    m = types.ModuleType(name); m.__dict__.update(attrs); sys.modules[name] = m; return m

class FloatStorage: pass
def _rebuild_tensor_v2(*a): raise RuntimeError('never called')
fake('torch', FloatStorage=FloatStorage); fake('torch._utils', _rebuild_tensor_v2=_rebuild_tensor_v2)
FloatStorage.__module__ = 'torch'; _rebuild_tensor_v2.__module__ = 'torch._utils'

class Ref:
    def __init__(self, key, n): self.key, self.n = key, n
class Tensor:
    def __init__(self, key, n): self.key, self.n = key, n
    def __reduce__(self): return (_rebuild_tensor_v2, (Ref(self.key, self.n), 0, (self.n,), (1,), False, collections.OrderedDict()))
class P(pickle.Pickler):
    def persistent_id(self, obj):
        return ('storage', FloatStorage, obj.key, 'cpu', obj.n) if isinstance(obj, Ref) else None

def torch_zip(path, mb, tensors=64):
    per = (mb << 20) // tensors // 4 * 4
    state = collections.OrderedDict((f'layers.{i}.weight', Tensor(str(i), per // 4)) for i in range(tensors))
    buf = io.BytesIO(); P(buf, protocol=2).dump(state)
    block = os.urandom(1 << 20)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED, allowZip64=True) as z:
        z.writestr('archive/data.pkl', buf.getvalue())
        for i in range(tensors):
            with z.open(f'archive/data/{i}', 'w', force_zip64=True) as f:
                left = per
                while left > 0:
                    n = min(left, len(block)); f.write(block[:n]); left -= n
        z.writestr('archive/version', '3\\n')

${PY_BIG_PICKLE}
d = sys.argv[1]
torch_zip(os.path.join(d, 'big.pt'), int(sys.argv[2]))
torch_zip(os.path.join(d, 'small.pt'), int(sys.argv[3]))
big_pickle(os.path.join(d, 'big.pkl'), int(sys.argv[4]))
big_pickle(os.path.join(d, 'small.pkl'), int(sys.argv[5]))
`

const GENOPS = 'import pickletools, sys, time\nf = open(sys.argv[1], "rb", buffering=1 << 20)\nt = time.perf_counter()\nn = 0\nfor _ in pickletools.genops(f):\n    n += 1\nprint(n, (time.perf_counter() - t) * 1000)\n'

const mbps = (bytes, ms) => bytes / 1048576 / (ms / 1000)
const mb = (kb) => (kb === undefined ? '?' : `${(kb / 1024).toFixed(0)} MB`)
const fmt = (x) => x.toFixed(x >= 100 ? 0 : 1)

try {
  const child = join(work, 'child.mjs')
  const entry = join(work, 'child.ts')
  writeFileSync(entry, CHILD)
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: child, logLevel: 'error', absWorkingDir: root, nodePaths: [join(root, 'node_modules')], banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } })
  writeFileSync(join(work, 'gen.py'), GEN)
  writeFileSync(join(work, 'genops.py'), GENOPS)

  console.log(`generating ${ZIP_MB} MB torch-style zip and ${PICKLE_MB} MB pickle in ${work} …`)
  const g = timed('python3', [join(work, 'gen.py'), work, String(ZIP_MB), String(SMALL_ZIP_MB), String(PICKLE_MB), String(SMALL_PICKLE_MB)], { ok: [0] })
  console.log(`  generated in ${(g.wallMs / 1000).toFixed(1)} s`)
  const files = Object.fromEntries(['big.pt', 'small.pt', 'big.pkl', 'small.pkl'].map((f) => [f, { path: join(work, f), bytes: statSync(join(work, f)).size }]))

  const node = (mode, f) => {
    const r = timed(process.execPath, [child, mode, files[f].path], { ok: [0] })
    const out = JSON.parse(r.stdout)
    return { ...out, wallMs: r.wallMs, rssKb: r.rssKb ?? out.maxRssKb }
  }
  const sha256sum = (f) => {
    const r = timed('sha256sum', [files[f].path], { ok: [0] })
    return { ms: r.wallMs, rssKb: r.rssKb, sha256: r.stdout.split(/\s+/)[0] }
  }

  // Warm the page cache once so every contender reads from memory.
  for (const f of Object.values(files)) spawnSync('cat', [f.path], { stdio: ['ignore', 'ignore', 'inherit'] })

  const shaZip = least(2, () => sha256sum('big.pt'), 'ms')
  const mgZip = least(2, () => node('hash', 'big.pt'), 'ms')
  if (mgZip.sha256 !== shaZip.sha256) throw new Error(`hash mismatch: modelgate ${mgZip.sha256} vs sha256sum ${shaZip.sha256}`)
  const scanZip = least(2, () => node('scan', 'big.pt'), 'ms')
  const scanSmallZip = node('scan', 'small.pt')
  const hashSmallZip = node('hash', 'small.pt')
  const scanPkl = least(2, () => node('scan', 'big.pkl'), 'ms')
  const scanSmallPkl = node('scan', 'small.pkl')
  console.log('running pickletools.genops over the pickle (slow) …')
  const py = timed('python3', [join(work, 'genops.py'), files['big.pkl'].path], { ok: [0] })
  const [pyOps, pyMs] = py.stdout.split(/\s+/).map(Number)

  const Z = files['big.pt'].bytes
  const K = files['big.pkl'].bytes
  const hashRatio = mbps(Z, mgZip.ms) / mbps(Z, shaZip.ms)
  const hashRatioWall = mbps(Z, mgZip.wallMs) / mbps(Z, shaZip.ms)
  const scanRatio = mbps(K, scanPkl.ms) / mbps(K, pyMs)
  const maxRss = Math.max(mgZip.rssKb, scanZip.rssKb, scanPkl.rssKb, hashSmallZip.rssKb, scanSmallZip.rssKb, scanSmallPkl.rssKb)

  console.log(`\nnode ${process.version}, ${HAS_TIME ? 'RSS from /usr/bin/time' : 'RSS from process.resourceUsage()'}; best of 2 runs, warm page cache`)
  console.log(`\nhashing ${(Z / 1e9).toFixed(2)} GB torch zip (sha256, identical digests)`)
  console.log(`  sha256sum                       ${fmt(mbps(Z, shaZip.ms)).padStart(7)} MB/s  (${fmt(shaZip.ms)} ms wall, RSS ${mb(shaZip.rssKb)})`)
  console.log(`  modelgate (FileView → crypto)   ${fmt(mbps(Z, mgZip.ms)).padStart(7)} MB/s  (${fmt(mgZip.ms)} ms in process, ${fmt(mgZip.wallMs)} ms wall incl. node start, RSS ${mb(mgZip.rssKb)})`)
  console.log(`  ratio modelgate / sha256sum     ${hashRatio.toFixed(2)}x in process, ${hashRatioWall.toFixed(2)}x wall   (target ≥ 0.8x: ${hashRatio >= 0.8 ? 'met' : 'MISSED'})`)
  console.log(`\nscanning the ${(Z / 1e9).toFixed(2)} GB torch zip: ${fmt(scanZip.ms)} ms (${scanZip.format}, ${scanZip.pickleBytes} pickle bytes, ${scanZip.opcodes} opcodes; tensor members skipped), RSS ${mb(scanZip.rssKb)}`)
  console.log(`\nscanning a ${(K / 1e6).toFixed(0)} MB pickle (${pyOps} opcodes)`)
  console.log(`  python3 pickletools.genops      ${fmt(mbps(K, pyMs)).padStart(7)} MB/s  (${fmt(pyMs)} ms in process, RSS ${mb(py.rssKb)})`)
  console.log(`  modelgate pickle scan           ${fmt(mbps(K, scanPkl.ms)).padStart(7)} MB/s  (${fmt(scanPkl.ms)} ms in process, ${scanPkl.opcodes} opcodes, ${(scanPkl.opcodes / (scanPkl.ms / 1000) / 1e6).toFixed(1)} M opcodes/s, RSS ${mb(scanPkl.rssKb)})`)
  console.log(`  ratio modelgate / pickletools   ${scanRatio.toFixed(1)}x wall   (CPU time in process and through the CLI, against the 40x target of issue #15: scripts/bench/pickle.mjs)`)
  console.log(`\npeak RSS by file size (target < 200 MB, flat):`)
  console.log(`  hash  ${SMALL_ZIP_MB} MB zip ${mb(hashSmallZip.rssKb).padStart(7)}   vs ${ZIP_MB} MB zip ${mb(mgZip.rssKb).padStart(7)}`)
  console.log(`  scan  ${SMALL_ZIP_MB} MB zip ${mb(scanSmallZip.rssKb).padStart(7)}   vs ${ZIP_MB} MB zip ${mb(scanZip.rssKb).padStart(7)}`)
  console.log(`  scan  ${SMALL_PICKLE_MB} MB pickle ${mb(scanSmallPkl.rssKb).padStart(7)} vs ${PICKLE_MB} MB pickle ${mb(scanPkl.rssKb).padStart(7)}`)
  console.log(`  largest: ${mb(maxRss)} (${maxRss < 200 * 1024 ? 'met' : 'MISSED'})`)
} finally {
  if (process.env.BENCH_KEEP) console.log(`\nfiles kept in ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
