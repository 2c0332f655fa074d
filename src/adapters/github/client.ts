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
import { Octokit } from '@octokit/rest'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

const GateOctokit = Octokit.plugin(retry, throttling)
export type GitHubClient = InstanceType<typeof GateOctokit>

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

/** Completing (or creating completed) a check run: the one request a run must still make. */
function completesCheckRun(options: { method?: string; url?: string; status?: unknown }): boolean {
  return /\/check-runs(?:\/\{check_run_id\}|\/\d+)?$/.test(options.url ?? '') && options.status === 'completed'
}

export function createClient(o: ClientOptions): GitHubClient {
  const log = o.log ?? (() => {})
  const limit = o.rateLimitRetries ?? 2
  const maxWait = o.maxRateLimitWait ?? 90
  const debug = o.debug ?? (() => {})
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const state: { remaining?: number; timedOut?: string } = {}
  const timedFetch = async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const timer = AbortSignal.timeout(timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, timer]) : timer
    try {
      return await fetch(url, { ...init, signal })
    } catch (err) {
      if (timer.aborted) {
        // Named AbortError: the retry plugin does not retry it.
        const e = new Error(`no answer from the GitHub API within ${Math.round(timeoutMs / 1000)} s (${init?.method ?? 'GET'} ${String(url).replace(/\?.*$/, '')})`)
        e.name = 'AbortError'
        state.timedOut = e.message
        throw e
      }
      throw err
    }
  }
  const gh = new GateOctokit({
    request: { fetch: timedFetch },
    auth: o.token,
    baseUrl: o.baseUrl.replace(/\/+$/, ''),
    userAgent: 'modelgate',
    log: { debug: () => {}, info: () => {}, warn: debug, error: debug },
    // 429 is left to the throttling plugin (it honours retry-after); retrying it here too multiplies requests.
    retry: { retries: o.retries ?? 3, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        const retry = retryCount < limit && retryAfter <= maxWait
        log(`GitHub rate limit hit on ${options.method} ${options.url}; ${retry ? `retrying in ${retryAfter}s` : `it resets in ${retryAfter}s: giving up`}`)
        return retry
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        const retry = retryCount < limit && retryAfter <= maxWait
        log(`GitHub secondary rate limit hit on ${options.method} ${options.url}; ${retry ? `retrying in ${retryAfter}s (retry-after)` : 'giving up'}`)
        return retry
      },
    },
  })
  // The retry and throttling plugins count attempts on `options.request`, an object Octokit shares between
  // every call made with the same defaults: one call's used-up retries would stretch the next call's
  // back-off (25 s instead of 1 s). Every hook of a call sees the same options object, and this wrap is the
  // outermost (registered last), so giving the call its own `request` object here isolates it.
  gh.hook.wrap('request', async (request, options) => {
    const own = { ...(options.request ?? {}) } as Record<string, unknown>
    delete own.retryCount
    delete own.retries
    delete own.retryAfter
    ;(options as { request: unknown }).request = own
    const essential = completesCheckRun(options as { url?: string; status?: unknown })
    if (!essential && state.timedOut) throw new RequestSkipped(`skipped: an earlier request got ${state.timedOut.replace(/^no answer/, 'no answer')}`)
    if (!essential && state.remaining !== undefined && state.remaining <= RATE_LIMIT_RESERVE) {
      throw new RequestSkipped(`skipped: the GitHub API rate limit is nearly spent (${state.remaining} requests left), kept for completing the check run`)
    }
    const note = (headers: Record<string, unknown> | undefined) => {
      const r = Number(headers?.['x-ratelimit-remaining'])
      if (headers?.['x-ratelimit-remaining'] !== undefined && Number.isFinite(r)) state.remaining = r
    }
    try {
      const res = await request(options)
      note(res.headers as Record<string, unknown>)
      return res
    } catch (err) {
      note((err as { response?: { headers?: Record<string, unknown> } }).response?.headers)
      // Octokit wraps the timeout as a 500; it is no answer at all, so say just that.
      if (state.timedOut && (err as Error).message === state.timedOut) throw new ApiTimeout(state.timedOut)
      throw err
    }
  })
  return gh
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
