/**
 * Octokit with retries (5xx, network) and throttling (primary and secondary rate limits, honouring
 * retry-after and x-ratelimit-reset). GHES works through GITHUB_API_URL.
 */
import { Octokit } from '@octokit/rest'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

const GateOctokit = Octokit.plugin(retry, throttling)
export type GitHubClient = InstanceType<typeof GateOctokit>

export interface ClientOptions {
  token: string
  baseUrl: string
  /** Log function for warnings (retries, rate limits). */
  log?: (msg: string) => void
  /** Retries on rate limits before giving up. */
  rateLimitRetries?: number
}

export function createClient(o: ClientOptions): GitHubClient {
  const log = o.log ?? (() => {})
  const limit = o.rateLimitRetries ?? 2
  return new GateOctokit({
    auth: o.token,
    baseUrl: o.baseUrl.replace(/\/+$/, ''),
    userAgent: 'modelgate',
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    retry: { retries: 3 },
    throttle: {
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log(`GitHub rate limit hit on ${options.method} ${options.url}; retrying in ${retryAfter}s`)
        return retryCount < limit
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log(`GitHub secondary rate limit hit on ${options.method} ${options.url}; retrying in ${retryAfter}s`)
        return retryCount < limit
      },
    },
  })
}

/** The HTTP status of an Octokit error, if any. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown })?.status
  return typeof s === 'number' ? s : undefined
}

export function describeApiError(err: unknown): string {
  const status = statusOf(err)
  const msg = (err as { response?: { data?: { message?: string } } })?.response?.data?.message ?? (err as Error)?.message ?? String(err)
  return status ? `HTTP ${status}: ${msg}` : msg
}
