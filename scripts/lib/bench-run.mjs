// Running a command for a benchmark: CPU time (user + system) and peak RSS from /usr/bin/time when it is
// installed (Debian package `time`), wall-clock time always. Every benchmark that compares a command with an
// anchor measures both through here, so they are measured alike.
import { spawnSync } from 'node:child_process'

export const HAS_TIME = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0

/**
 * Runs `cmd args`: { wallMs, cpuMs, rssKb, status, stdout, stderr } (cpuMs and rssKb undefined without
 * /usr/bin/time). Throws when the exit status is not in `ok` (default: any status is returned).
 */
export function timed(cmd, args, { cwd, ok, maxBuffer = 1 << 28 } = {}) {
  const argv = HAS_TIME ? ['-f', 'MGTIME %U %S %M', cmd, ...args] : args
  const t = process.hrtime.bigint()
  const r = spawnSync(HAS_TIME ? '/usr/bin/time' : cmd, argv, { cwd, encoding: 'utf8', maxBuffer })
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6
  if (ok && !ok.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`)
  const m = /MGTIME ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr)
  const stderr = m ? r.stderr.slice(0, m.index) : r.stderr
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined, rssKb: m ? Number(m[3]) : undefined, status: r.status, stdout: r.stdout.trim(), stderr }
}

/** Of `n` runs of `f`, the one with the least `key` (CPU time on a shared machine); `rssKb` is the largest seen. */
export function least(n, f, key = 'cpuMs') {
  let b
  let rss
  for (let i = 0; i < n; i++) {
    const r = f()
    if (r.rssKb !== undefined) rss = Math.max(rss ?? 0, r.rssKb)
    if (!b || r[key] < b[key]) b = r
  }
  return rss === undefined ? b : { ...b, rssKb: rss }
}
