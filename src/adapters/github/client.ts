/**
 * Octokit with retries (5xx, network) and throttling (primary and secondary rate limits, honouring
 * retry-after and x-ratelimit-reset). GHES works through GITHUB_API_URL.
 *
 * A run must always be able to complete its check run (issue #17): every HTTP attempt has a timeout
 * (`timeoutMs`, default 30 s; a request the API never answers fails instead of hanging the job, and is
 * not retried); after one such timeout only check-run completions are still tried; and once the primary
 * rate limit is down to RATE_LIMIT_RESERVE requests, everything but completing the check run is refused
 * locally, so a spent limit cannot leave the check run `in_progress`.
 */
import type { GitHubClient } from './octokit.js'

export type { GitHubClient }

export interface ClientOptions {
  token: string
  baseUrl: string
  /** Log function for warnings (rate limits). */
  log?: (msg: string) => void
  /** Log function for Octokit's own request failure lines (each failed attempt). */
  debug?: (msg: string) => void
  /** Retries on rate limits before giving up. */
  rateLimitRetries?: number
  /** Longest wait (seconds) for a rate limit to reset before giving up; a run should not hang for an hour. */
  maxRateLimitWait?: number
  /** Retries of 5xx and network errors (delays grow 1 s, 4 s, 9 s…). */
  retries?: number
  /** Timeout of each HTTP attempt, in milliseconds (default 30 s). */
  timeoutMs?: number
}

/** Requests of the primary rate limit kept for completing the check run. */
export const RATE_LIMIT_RESERVE = 3

export const DEFAULT_TIMEOUT_MS = 30_000

/** A request refused locally to keep the rate limit (or a dead connection) for completing the check run. */
export class RequestSkipped extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RequestSkipped'
  }
}

/** An HTTP attempt the API did not answer within the timeout. */
export class ApiTimeout extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ApiTimeout'
  }
}

/**
 * Octokit with the plugins, configured for a run. Octokit is loaded here, on the first client, and not at start:
 * a run without a token makes no API call and does not pay for it (cold start, issue #15).
 */
export async function createClient(o: ClientOptions): Promise<GitHubClient> {
  const { createOctokit } = await import('./octokit.js')
  return createOctokit(o)
}

/** The HTTP status of an Octokit error, if any. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown })?.status
  return typeof s === 'number' ? s : undefined
}

/** A 401/403 that is about permissions, not about rate limits. */
export function isPermissionError(err: unknown): boolean {
  const status = statusOf(err)
  if (status === 401) return true
  if (status !== 403) return false
  return !/rate limit/i.test(describeApiError(err))
}

export function describeApiError(err: unknown): string {
  const status = statusOf(err)
  const data = (err as { response?: { data?: unknown } })?.response?.data
  let msg: string
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    msg = (data as { message: string }).message
    const errors = (data as { errors?: unknown }).errors
    if (Array.isArray(errors)) {
      const details = errors.map((e) => (e && typeof e === 'object' ? ((e as { message?: string }).message ?? (e as { code?: string }).code) : String(e))).filter(Boolean)
      if (details.length) msg += ` (${details.join('; ')})`
    }
  } else if (typeof data === 'string' && /<title>([^<]*)<\/title>/i.test(data)) {
    // An HTML error page (a proxy's 502): its title says it.
    msg = /<title>([^<]*)<\/title>/i.exec(data)![1]!.replace(/^\s*\d{3}\s*/, '')
  } else {
    msg = (err as Error)?.message ?? String(err)
  }
  // HTML error pages and multi-line messages: one short line.
  msg = msg.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()
  if (msg.length > 300) msg = msg.slice(0, 297) + '...'
  return status ? `HTTP ${status}: ${msg}` : msg
}
