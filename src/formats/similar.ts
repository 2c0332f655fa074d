/** Closeness of strings, for "did you mean …?" suggestions across the policy, cards and reports. */

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions). */
export function osaDistance(a: string, b: string): number {
  const m = a.length
  const n = b.length
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
    }
  }
  return d[m]![n]!
}

/** The candidate closest to `key` (case-insensitive), if within `maxDistance`; ties go to the first. */
export function closest(key: string, candidates: readonly string[], maxDistance: number): string | undefined {
  let best: string | undefined
  let bestD = Infinity
  const k = key.toLowerCase()
  for (const c of candidates) {
    const d = osaDistance(k, c.toLowerCase())
    if (d < bestD) {
      bestD = d
      best = c
    }
  }
  return bestD <= maxDistance ? best : undefined
}
