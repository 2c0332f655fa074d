/** Waivers: accountable, expiring exceptions from the (base) policy. Pure. */
import { globMatcher } from './glob.js'
import type { Finding } from './findings.js'
import type { PositionedWaiver } from './policy/resolve.js'

/** The UTC calendar day of a date, as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10)
}

/** A waiver applies through the whole of its `expires` day (UTC). */
export function isLive(w: PositionedWaiver, now: Date): boolean {
  return isoDay(now) <= w.expires
}

/** Days from today (UTC) until the waiver's last day; negative once it has lapsed. */
export function daysLeft(w: PositionedWaiver, now: Date): number {
  const end = Date.parse(`${w.expires}T00:00:00Z`)
  const today = Date.parse(`${isoDay(now)}T00:00:00Z`)
  return Math.round((end - today) / 86_400_000)
}

export function waiverMatches(w: PositionedWaiver, f: Finding): boolean {
  if (w.rule !== f.ruleId && w.rule !== f.category) return false
  if (w.paths?.length && !globMatcher(w.paths)(f.path)) return false
  if (w.models?.length && (f.model === undefined || !globMatcher(w.models)(f.model))) return false
  return true
}

/** Marks findings matched by a live waiver. Governance findings about waivers themselves are never waived. */
export function applyWaivers(findings: Finding[], waivers: PositionedWaiver[], now: Date): Finding[] {
  const live = waivers.filter((w) => isLive(w, now))
  return findings.map((f) => {
    if (f.ruleId.startsWith('governance/waiver')) return f
    const w = live.find((x) => waiverMatches(x, f))
    return w ? { ...f, waived: { index: w.index, reason: w.reason, approvedBy: w['approved-by'], expires: w.expires } } : f
  })
}
