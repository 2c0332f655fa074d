/** The Octokit behind `createClient` (client.ts), in its own module so that it is loaded only when a run has a token. */
import { Octokit } from '@octokit/rest'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { ApiTimeout, DEFAULT_TIMEOUT_MS, RATE_LIMIT_RESERVE, RequestSkipped, type ClientOptions } from './client.js'

const GateOctokit = Octokit.plugin(retry, throttling)
export type GitHubClient = InstanceType<typeof GateOctokit>

/** Completing (or creating completed) a check run: the one request a run must still make. */
function completesCheckRun(options: { method?: string; url?: string; status?: unknown }): boolean {
  return /\/check-runs(?:\/\{check_run_id\}|\/\d+)?$/.test(options.url ?? '') && options.status === 'completed'
}

export function createOctokit(o: ClientOptions): GitHubClient {
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
