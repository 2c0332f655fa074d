/**
 * A stand-in for the GitHub REST API, for end-to-end tests that run the bundled
 * action in a child process with GITHUB_API_URL pointed here.
 *
 * It listens on 127.0.0.1 (port 0) only, and it enforces the limits the real
 * API enforces, so a test that passes against it shows the action respects them:
 *   - 50 annotations per check-run request (more are added with PATCH, which appends);
 *   - check-run output title 255 characters, summary/text 65535 characters AND 65535 UTF-8 bytes;
 *   - annotation title 255 characters, message/raw_details 64 KB (65536 UTF-8 bytes);
 *   - issue comment body 65536 characters (code points);
 *   - per_page at most 100 (default 30), RFC 5988 Link headers that point at
 *     /repositories/{id}/... (as GitHub's do: follow them, don't rebuild them);
 *   - a pull request's file list stops at 3000 files;
 *   - compare returns at most 300 files, on the first page only (GitHub does not
 *     paginate a comparison's files, only its commits);
 *   - contents of a blob over 1 MB -> 403 too_large (unless a raw media type is asked for);
 *   - a fork-PR token (readOnly) cannot write; an installation token cannot call GET /user;
 *   - a primary rate limit (x-ratelimit-* headers; 403 once spent) and injectable faults
 *     (502, 500, secondary rate limit, a request never answered).
 */
import http from 'node:http'
import { createHash, randomUUID } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'

export interface StubFile {
  filename: string
  status: string
  previous_filename?: string
  additions?: number
  deletions?: number
  changes?: number
  sha?: string
  patch?: string
}

/** `hang`: the request is read and never answered (the connection stays open until the stub closes). */
export type FaultKind = '502' | '500' | 'secondary-rate-limit' | 'secondary-rate-limit-429' | 'hang'

export interface StubFault {
  method?: string
  /** Tested against the decoded request path, without the query string. */
  pathPattern: RegExp
  times: number
  kind: FaultKind
}

export interface StubOptions {
  owner?: string
  repo?: string
  /** Numeric repository id used in Link headers (/repositories/{id}/...). Default 424242. */
  repoId?: number
  token?: string
  readOnly?: boolean
  botLogin?: string
  pullFiles?: Record<number, StubFile[]>
  compareFiles?: Record<string, StubFile[]>
  /** ref -> path -> content (utf8 string, or bytes). */
  contents?: Record<string, Record<string, string | Uint8Array>>
  /** Ref used by GET contents when the request has no ?ref=. Default 'main'. */
  defaultRef?: string
  comments?: Record<number, Array<{ id?: number; body: string; user: { login: string; type?: string } }>>
  reviews?: Record<number, Array<{ id?: number; user: { login: string }; state: string; commit_id: string; submitted_at: string; body?: string }>>
  teamMembers?: Record<string, string[]>
  teamsForbidden?: boolean
  faults?: StubFault[]
  /** Primary rate limit (x-ratelimit-limit). Default 1000. Once spent, requests get 403. */
  rateLimit?: number
}

export interface RecordedCall {
  method: string
  /** Decoded path (each segment percent-decoded), without the query string. */
  path: string
  /** Path exactly as received. */
  rawPath: string
  query: Record<string, string>
  /** Parsed JSON body, the raw text when it did not parse, or undefined when empty. */
  body: unknown
  /** Status answered; 0 while the request is still in flight. */
  status: number
  headers: Record<string, string>
}

export interface StubAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: 'notice' | 'warning' | 'failure'
  message: string
  title?: string
  raw_details?: string
}

export interface StubCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion?: string
  details_url?: string
  external_id?: string
  started_at?: string
  completed_at?: string
  output: { title?: string; summary?: string; text?: string }
  annotations: StubAnnotation[]
  images: unknown[]
  actions: unknown[]
  /** Every request body that created or updated this run, in order. */
  updates: unknown[]
}

export interface StubComment {
  id: number
  body: string
  user: { login: string; type: string }
  html_url: string
  created_at: string
  updated_at: string
}

export interface StubSarifUpload {
  id: string
  commit_sha: string
  ref: string
  /** The decoded (gunzipped, parsed) SARIF document. */
  sarif: unknown
  /** Size of the gzip-compressed SARIF, in bytes. */
  compressedBytes: number
  checkout_uri?: string
  tool_name?: string
}

export interface GitHubStub {
  url: string
  calls: RecordedCall[]
  checkRuns: StubCheckRun[]
  comments: Map<number, StubComment[]>
  sarifUploads: StubSarifUpload[]
  /** Calls whose method matches (case-insensitive) and whose decoded path matches the pattern. */
  callsTo(method: string, pathPattern: RegExp | string): RecordedCall[]
  /** Requests counted against the primary rate limit so far. */
  rateLimitUsed(): number
  close(): Promise<void>
}

// ---------------------------------------------------------------------------
// Limits (GitHub's)

export const LIMITS = {
  annotationsPerRequest: 50,
  checkRunTitleChars: 255,
  checkRunSummaryChars: 65535,
  checkRunSummaryBytes: 65535,
  checkRunTextChars: 65535,
  checkRunTextBytes: 65535,
  annotationTitleChars: 255,
  annotationMessageBytes: 65536,
  annotationRawDetailsBytes: 65536,
  checkRunActions: 3,
  commentBodyChars: 65536,
  perPageMax: 100,
  perPageDefault: 30,
  pullFilesMax: 3000,
  compareFilesMax: 300,
  contentsMaxBytes: 1024 * 1024,
  sarifMaxCompressedBytes: 10_000_000,
} as const

const DOCS = {
  root: 'https://docs.github.com/rest',
  createCheckRun: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
  updateCheckRun: 'https://docs.github.com/rest/checks/runs#update-a-check-run',
  createComment: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  updateComment: 'https://docs.github.com/rest/issues/comments#update-an-issue-comment',
  contents: 'https://docs.github.com/rest/repos/contents#get-repository-content',
  user: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
  sarif: 'https://docs.github.com/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data',
  team: 'https://docs.github.com/rest/teams/members#get-team-membership-for-a-user',
  rateLimit: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
  secondary: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
} as const

// ---------------------------------------------------------------------------
// Small helpers

interface Reply {
  status: number
  json?: unknown
  text?: string | Buffer
  contentType?: string
  headers?: Record<string, string>
}

type Json = Record<string, unknown>

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function charLength(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** How Ruby's #inspect would print a JSON value (GitHub's schema errors use it). */
function inspect(v: unknown): string {
  if (v === null || v === undefined) return 'nil'
  if (typeof v === 'string') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(inspect).join(', ')}]`
  if (typeof v === 'object') {
    return `{${Object.entries(v as Json).map(([k, x]) => `${JSON.stringify(k)}=>${inspect(x)}`).join(', ')}}`
  }
  return String(v)
}

function matches(re: RegExp, s: string): boolean {
  re.lastIndex = 0
  return re.test(s)
}

function gitBlobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

/** Base64 wrapped at 60 characters with a trailing newline, like GitHub (Ruby's Base64.encode64). */
function base64Lines(bytes: Buffer): string {
  const b64 = bytes.toString('base64')
  let out = ''
  for (let i = 0; i < b64.length; i += 60) out += `${b64.slice(i, i + 60)}\n`
  return out
}

function error(status: number, message: string, documentation_url: string = DOCS.root, extra: Json = {}): Reply {
  return { status, json: { message, ...extra, documentation_url, status: String(status) } }
}

function notFound(documentation_url: string = DOCS.root): Reply {
  return error(404, 'Not Found', documentation_url)
}

function invalidRequest(lines: string[], doc: string): Reply {
  return error(422, `Invalid request.\n\n${lines.join('\n')}`, doc)
}

function validationFailed(errors: Json[], doc: string): Reply {
  return { status: 422, json: { message: 'Validation Failed', errors, documentation_url: doc, status: '422' } }
}

function requestId(): string {
  const h = (n: number) => Array.from({ length: n }, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]).join('')
  return `${h(4)}:${h(5)}:${h(7)}:${h(7)}:${h(8)}`
}

/** Collects JSON-schema style errors, worded as GitHub words them. */
class SchemaErrors {
  readonly lines: string[] = []

  missing(obj: Json, keys: string[]): void {
    const absent = keys.filter((k) => obj[k] === undefined).sort()
    if (absent.length === 0) return
    const list = absent.map((k) => `"${k}"`).join(', ')
    this.lines.push(`${list} ${absent.length === 1 ? "wasn't" : "weren't"} supplied.`)
  }

  /** Checks the type of obj[key] when present; returns true when present and of the type. */
  type(obj: Json, key: string, kind: 'string' | 'integer' | 'object' | 'array'): boolean {
    const v = obj[key]
    if (v === undefined) return false
    const ok =
      kind === 'string' ? typeof v === 'string'
        : kind === 'integer' ? typeof v === 'number' && Number.isInteger(v)
          : kind === 'object' ? isObject(v)
            : Array.isArray(v)
    if (!ok) this.lines.push(`For 'properties/${key}', ${inspect(v)} is not ${kind === 'integer' || kind === 'object' || kind === 'array' ? 'an' : 'a'} ${kind}.`)
    return ok
  }

  enumOf(obj: Json, key: string, allowed: readonly string[]): void {
    const v = obj[key]
    if (v === undefined) return
    if (typeof v !== 'string' || !allowed.includes(v)) {
      this.lines.push(`For 'properties/${key}', ${inspect(v)} is not a member of [${allowed.map((a) => JSON.stringify(a)).join(', ')}].`)
    }
  }

  maxChars(obj: Json, key: string, max: number): void {
    const v = obj[key]
    if (typeof v !== 'string') return
    const n = charLength(v)
    if (n > max) this.lines.push(`Only ${max} characters are allowed; ${n} were supplied.`)
  }

  maxItems(arr: unknown[], max: number): void {
    if (arr.length > max) this.lines.push(`No more than ${max} items are allowed; ${arr.length} were supplied.`)
  }
}

// ---------------------------------------------------------------------------
// Pagination

interface Page<T> {
  items: T[]
  link?: string
}

function pageParams(query: Record<string, string>): { perPage: number; page: number } {
  const pp = Number.parseInt(query.per_page ?? '', 10)
  const pg = Number.parseInt(query.page ?? '', 10)
  const perPage = Number.isFinite(pp) && pp > 0 ? Math.min(pp, LIMITS.perPageMax) : LIMITS.perPageDefault
  const page = Number.isFinite(pg) && pg > 0 ? pg : 1
  return { perPage, page }
}

function paginate<T>(all: T[], query: Record<string, string>, linkBase: string, cap = Infinity): Page<T> {
  const { perPage, page } = pageParams(query)
  const visible = all.length > cap ? all.slice(0, cap) : all
  const lastPage = Math.max(1, Math.ceil(visible.length / perPage))
  const items = visible.slice((page - 1) * perPage, page * perPage)
  if (visible.length <= perPage && page === 1) return { items }
  const href = (p: number) => {
    const params = new URLSearchParams(query)
    params.set('page', String(p))
    return `<${linkBase}?${params.toString()}>`
  }
  const rels: string[] = []
  if (page > 1) rels.push(`${href(Math.min(page - 1, lastPage))}; rel="prev"`)
  if (page < lastPage) rels.push(`${href(page + 1)}; rel="next"`, `${href(lastPage)}; rel="last"`)
  if (page > 1) rels.push(`${href(1)}; rel="first"`)
  return { items, link: rels.length > 0 ? rels.join(', ') : undefined }
}

function pageReply<T>(p: Page<T>, map: (t: T) => unknown = (t) => t): Reply {
  return { status: 200, json: p.items.map(map), headers: p.link ? { link: p.link } : {} }
}

// ---------------------------------------------------------------------------
// The server

const CHECK_STATUSES = ['queued', 'in_progress', 'completed'] as const
const CHECK_STATUSES_UPDATE = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'] as const
const CONCLUSIONS = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'stale', 'timed_out'] as const
const LEVELS = ['notice', 'warning', 'failure'] as const

export async function startGitHubStub(opts: StubOptions = {}): Promise<GitHubStub> {
  const owner = opts.owner ?? 'acme'
  const repo = opts.repo ?? 'models'
  const repoId = opts.repoId ?? 424242
  const token = opts.token ?? 'test-token'
  const botLogin = opts.botLogin ?? 'github-actions[bot]'
  const defaultRef = opts.defaultRef ?? 'main'
  const limit = opts.rateLimit ?? 1000
  const resetAt = Math.floor(Date.now() / 1000) + 3600
  const faults = (opts.faults ?? []).map((f) => ({ ...f, left: f.times }))

  let nextId = 1000
  const newId = () => ++nextId
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  let used = 0

  const calls: RecordedCall[] = []
  const checkRuns: StubCheckRun[] = []
  const sarifUploads: StubSarifUpload[] = []
  const comments = new Map<number, StubComment[]>()
  const commentUrl = (n: number, id: number) => `https://github.com/${owner}/${repo}/pull/${n}#issuecomment-${id}`
  for (const [n, list] of Object.entries(opts.comments ?? {})) {
    comments.set(Number(n), list.map((c) => {
      const id = c.id ?? newId()
      const t = now()
      return { id, body: c.body, user: { login: c.user.login, type: c.user.type ?? 'User' }, html_url: commentUrl(Number(n), id), created_at: t, updated_at: t }
    }))
  }
  const reviews = new Map<number, Json[]>()
  for (const [n, list] of Object.entries(opts.reviews ?? {})) {
    reviews.set(Number(n), list.map((r) => {
      const id = r.id ?? newId()
      return {
        id, user: { login: r.user.login, type: 'User' }, body: r.body ?? '', state: r.state, commit_id: r.commit_id,
        submitted_at: r.submitted_at, author_association: 'MEMBER',
        html_url: `https://github.com/${owner}/${repo}/pull/${n}#pullrequestreview-${id}`,
      }
    }))
  }

  let baseUrl = ''
  const linkBase = (sub: string) => `${baseUrl}/repositories/${repoId}${sub}`

  const fileJson = (f: StubFile) => {
    const sha = f.sha ?? createHash('sha1').update(`${f.status}:${f.filename}`).digest('hex')
    const additions = f.additions ?? (f.status === 'removed' ? 0 : 1)
    const deletions = f.deletions ?? (f.status === 'added' ? 0 : f.status === 'removed' ? 1 : 0)
    return {
      sha,
      filename: f.filename,
      status: f.status,
      additions,
      deletions,
      changes: f.changes ?? additions + deletions,
      blob_url: `https://github.com/${owner}/${repo}/blob/${sha}/${f.filename}`,
      raw_url: `https://github.com/${owner}/${repo}/raw/${sha}/${f.filename}`,
      contents_url: `${baseUrl}/repos/${owner}/${repo}/contents/${encodeURIComponent(f.filename)}?ref=${sha}`,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
      ...(f.previous_filename !== undefined ? { previous_filename: f.previous_filename } : {}),
    }
  }

  const checkRunJson = (r: StubCheckRun) => ({
    id: r.id,
    node_id: `CR_${r.id}`,
    head_sha: r.head_sha,
    external_id: r.external_id ?? '',
    url: `${baseUrl}/repos/${owner}/${repo}/check-runs/${r.id}`,
    html_url: `https://github.com/${owner}/${repo}/runs/${r.id}`,
    details_url: r.details_url ?? `https://github.com/${owner}/${repo}/runs/${r.id}`,
    status: r.status,
    conclusion: r.conclusion ?? null,
    started_at: r.started_at ?? null,
    completed_at: r.completed_at ?? null,
    output: {
      title: r.output.title ?? null,
      summary: r.output.summary ?? null,
      text: r.output.text ?? null,
      annotations_count: r.annotations.length,
      annotations_url: `${baseUrl}/repos/${owner}/${repo}/check-runs/${r.id}/annotations`,
    },
    name: r.name,
    check_suite: { id: 1 },
    app: { id: 15368, slug: 'github-actions', name: 'GitHub Actions' },
    pull_requests: [],
  })

  /** Validates a check-run create/update body; returns an error reply or undefined. */
  const validateCheckRun = (body: Json, create: boolean, existing?: StubCheckRun): Reply | undefined => {
    const doc = create ? DOCS.createCheckRun : DOCS.updateCheckRun
    const e = new SchemaErrors()
    if (create) e.missing(body, ['head_sha', 'name'])
    for (const k of ['name', 'head_sha', 'details_url', 'external_id', 'started_at', 'completed_at']) e.type(body, k, 'string')
    e.enumOf(body, 'status', create ? CHECK_STATUSES : CHECK_STATUSES_UPDATE)
    e.enumOf(body, 'conclusion', CONCLUSIONS)
    const modelErrors: Json[] = []
    if (e.type(body, 'output', 'object')) {
      const out = body.output as Json
      e.missing(out, ['summary', 'title'])
      for (const k of ['title', 'summary', 'text']) e.type(out, k, 'string')
      e.maxChars(out, 'title', LIMITS.checkRunTitleChars)
      e.maxChars(out, 'summary', LIMITS.checkRunSummaryChars)
      e.maxChars(out, 'text', LIMITS.checkRunTextChars)
      for (const [k, max] of [['summary', LIMITS.checkRunSummaryBytes], ['text', LIMITS.checkRunTextBytes]] as const) {
        const v = out[k]
        if (typeof v === 'string' && byteLength(v) > max) {
          modelErrors.push({ resource: 'CheckRun', code: 'custom', field: k, message: `${k} exceeds a maximum bytesize of ${max}` })
        }
      }
      if (e.type(out, 'annotations', 'array')) {
        const anns = out.annotations as unknown[]
        e.maxItems(anns, LIMITS.annotationsPerRequest)
        let invalid = false
        for (const a of anns) {
          if (!isObject(a)) {
            e.lines.push(`For 'items', ${inspect(a)} is not an object.`)
            continue
          }
          e.missing(a, ['annotation_level', 'end_line', 'message', 'path', 'start_line'])
          for (const k of ['path', 'message', 'title', 'raw_details']) e.type(a, k, 'string')
          for (const k of ['start_line', 'end_line', 'start_column', 'end_column']) e.type(a, k, 'integer')
          e.enumOf(a, 'annotation_level', LEVELS)
          e.maxChars(a, 'title', LIMITS.annotationTitleChars)
          for (const [k, max] of [['message', LIMITS.annotationMessageBytes], ['raw_details', LIMITS.annotationRawDetailsBytes]] as const) {
            const v = a[k]
            if (typeof v === 'string' && byteLength(v) > max) {
              modelErrors.push({ resource: 'CheckRun', code: 'custom', field: 'annotations', message: `${k} exceeds a maximum bytesize of ${max}` })
            }
          }
          const sl = a.start_line, el = a.end_line
          if (typeof sl === 'number' && typeof el === 'number') {
            const columns = a.start_column !== undefined || a.end_column !== undefined
            if (sl < 1 || el < sl || (columns && sl !== el)) invalid = true
          }
          if (a.path === '' || a.message === '') invalid = true
        }
        if (invalid) modelErrors.push({ resource: 'CheckRun', code: 'invalid', field: 'annotations' })
      }
      if (e.type(out, 'images', 'array')) {
        for (const img of out.images as unknown[]) {
          if (!isObject(img)) {
            e.lines.push(`For 'items', ${inspect(img)} is not an object.`)
            continue
          }
          e.missing(img, ['alt', 'image_url'])
        }
      }
    }
    if (e.type(body, 'actions', 'array')) {
      const actions = body.actions as unknown[]
      e.maxItems(actions, LIMITS.checkRunActions)
      for (const act of actions) {
        if (!isObject(act)) {
          e.lines.push(`For 'items', ${inspect(act)} is not an object.`)
          continue
        }
        e.missing(act, ['description', 'identifier', 'label'])
        e.maxChars(act, 'label', 20)
        e.maxChars(act, 'description', 40)
        e.maxChars(act, 'identifier', 20)
      }
    }
    const conclusion = body.conclusion ?? (body.status === 'completed' ? existing?.conclusion : undefined)
    if ((body.status === 'completed' || body.completed_at !== undefined) && conclusion === undefined) {
      e.lines.push(`"conclusion" wasn't supplied.`)
    }
    if (e.lines.length > 0) return invalidRequest(e.lines, doc)
    if (body.conclusion === 'stale') modelErrors.push({ resource: 'CheckRun', code: 'invalid', field: 'conclusion' })
    if (modelErrors.length > 0) return validationFailed(modelErrors, doc)
    if (create && !/^[0-9a-f]{40}$/i.test(body.head_sha as string)) {
      return error(422, `No commit found for SHA: ${String(body.head_sha)}`, doc)
    }
    return undefined
  }

  const applyCheckRun = (run: StubCheckRun, body: Json) => {
    if (typeof body.name === 'string') run.name = body.name
    if (typeof body.details_url === 'string') run.details_url = body.details_url
    if (typeof body.external_id === 'string') run.external_id = body.external_id
    if (typeof body.started_at === 'string') run.started_at = body.started_at
    if (typeof body.status === 'string') run.status = body.status
    if (typeof body.conclusion === 'string') {
      run.conclusion = body.conclusion
      run.status = 'completed'
    }
    if (typeof body.completed_at === 'string') run.completed_at = body.completed_at
    else if (run.status === 'completed' && run.completed_at === undefined) run.completed_at = now()
    if (isObject(body.output)) {
      const out = body.output
      if (typeof out.title === 'string') run.output.title = out.title
      if (typeof out.summary === 'string') run.output.summary = out.summary
      if (typeof out.text === 'string') run.output.text = out.text
      if (Array.isArray(out.annotations)) run.annotations.push(...(out.annotations as StubAnnotation[]))
      if (Array.isArray(out.images)) run.images.push(...out.images)
    }
    if (Array.isArray(body.actions)) run.actions = body.actions
    run.updates.push(body)
  }

  const validateCommentBody = (body: Json, doc: string): Reply | undefined => {
    const e = new SchemaErrors()
    e.missing(body, ['body'])
    e.type(body, 'body', 'string')
    if (e.lines.length > 0) return invalidRequest(e.lines, doc)
    const text = body.body as string
    if (text.trim() === '') {
      return validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }], doc)
    }
    if (charLength(text) > LIMITS.commentBodyChars) {
      return validationFailed([{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: `Body is too long (maximum is ${LIMITS.commentBodyChars} characters)` }], doc)
    }
    return undefined
  }

  const findComment = (id: number): [number, StubComment] | undefined => {
    for (const [n, list] of comments) {
      const c = list.find((x) => x.id === id)
      if (c) return [n, c]
    }
    return undefined
  }

  const getContents = (path: string, query: Record<string, string>, accept: string): Reply => {
    const ref = query.ref ?? defaultRef
    const tree = opts.contents?.[ref]
    if (!tree) return error(404, `No commit found for the ref ${ref}`, DOCS.contents)
    const clean = path.replace(/^\/+|\/+$/g, '')
    const entry = tree[clean]
    if (entry !== undefined && clean !== '') {
      const bytes = Buffer.from(entry)
      const sha = gitBlobSha(bytes)
      const name = clean.split('/').pop() ?? clean
      const meta = {
        name, path: clean, sha, size: bytes.length,
        url: `${baseUrl}/repos/${owner}/${repo}/contents/${clean}?ref=${ref}`,
        html_url: `https://github.com/${owner}/${repo}/blob/${ref}/${clean}`,
        git_url: `${baseUrl}/repos/${owner}/${repo}/git/blobs/${sha}`,
        download_url: `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${clean}`,
        type: 'file',
      }
      if (/application\/vnd\.github(\.v3)?\.raw/.test(accept)) {
        return { status: 200, text: bytes, contentType: 'application/vnd.github.raw; charset=utf-8' }
      }
      if (bytes.length > LIMITS.contentsMaxBytes) {
        if (/application\/vnd\.github(\.v3)?\.object/.test(accept)) {
          return { status: 200, json: { ...meta, content: '', encoding: 'none' } }
        }
        return error(403, 'This API returns blobs up to 1 MB in size. The requested blob is too large to fetch via the API, but you can use the Git Data API to request blobs up to 100 MB in size.', DOCS.contents, {
          errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }],
        })
      }
      return { status: 200, json: { ...meta, content: base64Lines(bytes), encoding: 'base64' } }
    }
    // A directory: list its direct children.
    const prefix = clean === '' ? '' : `${clean}/`
    const children = new Map<string, Json>()
    for (const [p, content] of Object.entries(tree)) {
      if (!p.startsWith(prefix)) continue
      const rest = p.slice(prefix.length)
      const [head, ...tail] = rest.split('/')
      if (!head) continue
      const childPath = prefix + head
      if (tail.length > 0) {
        children.set(childPath, { type: 'dir', name: head, path: childPath, sha: createHash('sha1').update(`tree:${ref}:${childPath}`).digest('hex'), size: 0 })
      } else {
        const bytes = Buffer.from(content)
        children.set(childPath, { type: 'file', name: head, path: childPath, sha: gitBlobSha(bytes), size: bytes.length })
      }
    }
    if (children.size === 0) return notFound(DOCS.contents)
    return { status: 200, json: [...children.values()].sort((a, b) => String(a.name).localeCompare(String(b.name))) }
  }

  const uploadSarif = (body: Json): Reply => {
    const e = new SchemaErrors()
    e.missing(body, ['commit_sha', 'ref', 'sarif'])
    for (const k of ['commit_sha', 'ref', 'sarif', 'checkout_uri', 'started_at', 'tool_name']) e.type(body, k, 'string')
    if (typeof body.commit_sha === 'string' && !/^[0-9a-fA-F]{40}$/.test(body.commit_sha)) {
      e.lines.push(`For 'properties/commit_sha', ${inspect(body.commit_sha)} does not match /^[0-9a-fA-F]+$/ or is not 40 characters long.`)
    }
    if (typeof body.ref === 'string' && !/^refs\/(heads|tags|pull)\/.+$/.test(body.ref)) {
      e.lines.push(`For 'properties/ref', ${inspect(body.ref)} does not match /^refs\\/(heads|tags|pull)\\/.*$/.`)
    }
    if (e.lines.length > 0) return invalidRequest(e.lines, DOCS.sarif)
    const gz = Buffer.from(body.sarif as string, 'base64')
    if (gz.length > LIMITS.sarifMaxCompressedBytes) {
      return error(413, `SARIF file is too large: ${gz.length} bytes gzip-compressed (maximum is ${LIMITS.sarifMaxCompressedBytes})`, DOCS.sarif)
    }
    let sarif: unknown
    try {
      sarif = JSON.parse(gunzipSync(gz).toString('utf8'))
    } catch {
      return error(400, 'Invalid SARIF: the sarif field must be a gzip-compressed, base64-encoded SARIF JSON document', DOCS.sarif)
    }
    const id = randomUUID()
    sarifUploads.push({
      id, commit_sha: body.commit_sha as string, ref: body.ref as string, sarif, compressedBytes: gz.length,
      ...(typeof body.checkout_uri === 'string' ? { checkout_uri: body.checkout_uri } : {}),
      ...(typeof body.tool_name === 'string' ? { tool_name: body.tool_name } : {}),
    })
    return { status: 202, json: { id, url: `${baseUrl}/repos/${owner}/${repo}/code-scanning/sarifs/${id}` } }
  }

  /** Routes an authenticated, rate-limited, fault-free request. `segs` are decoded path segments. */
  const route = (method: string, segs: string[], query: Record<string, string>, body: unknown, accept: string): Reply => {
    const [s0, s1, s2, s3, ...rest] = segs
    if (method === 'GET' && segs.length === 1 && s0 === 'user') {
      return error(403, 'Resource not accessible by integration', DOCS.user)
    }
    if (s0 === 'orgs' && segs.length === 6 && s2 === 'teams' && segs[4] === 'memberships') {
      if (method !== 'GET') return notFound()
      if (opts.teamsForbidden) return error(403, 'Resource not accessible by integration', DOCS.team)
      const members = opts.teamMembers?.[`${s1}/${s3}`.toLowerCase()] ?? opts.teamMembers?.[`${s1}/${s3}`]
      const user = (segs[5] ?? '').toLowerCase()
      if (!members || !members.some((m) => m.toLowerCase() === user)) return notFound(DOCS.team)
      return { status: 200, json: { url: `${baseUrl}/orgs/${s1}/teams/${s3}/memberships/${segs[5]}`, role: 'member', state: 'active' } }
    }
    if (s0 !== 'repos' || s1?.toLowerCase() !== owner.toLowerCase() || s2?.toLowerCase() !== repo.toLowerCase()) return notFound()
    const sub = [s3, ...rest].filter((s): s is string => s !== undefined)
    const json = (isObject(body) ? body : undefined)
    const notObject = () => invalidRequest([`For 'links/0/schema', ${inspect(body)} is not an object.`], DOCS.root)

    // GET /repos/{o}/{r}
    if (sub.length === 0) {
      if (method !== 'GET') return notFound()
      return {
        status: 200,
        json: {
          id: repoId, node_id: `R_${repoId}`, name: repo, full_name: `${owner}/${repo}`, private: true,
          owner: { login: owner, type: 'Organization' }, html_url: `https://github.com/${owner}/${repo}`, default_branch: defaultRef,
        },
      }
    }
    const [a, b, c] = sub
    // pulls/{n}/files, pulls/{n}/reviews
    if (a === 'pulls' && sub.length === 3 && method === 'GET' && /^\d+$/.test(b ?? '')) {
      const n = Number(b)
      if (c === 'files') {
        const files = opts.pullFiles?.[n]
        if (!files) return notFound()
        return pageReply(paginate(files, query, linkBase(`/pulls/${n}/files`), LIMITS.pullFilesMax), fileJson)
      }
      if (c === 'reviews') {
        return pageReply(paginate(reviews.get(n) ?? [], query, linkBase(`/pulls/${n}/reviews`)))
      }
    }
    // compare/{base}...{head}
    if (a === 'compare' && sub.length === 2 && method === 'GET') {
      const basehead = b ?? ''
      const files = opts.compareFiles?.[basehead]
      if (!files) return notFound()
      const head = basehead.split('...').pop() ?? basehead
      const commits = [{ sha: head, commit: { message: 'head' }, parents: [] }]
      const p = paginate(commits, query, linkBase(`/compare/${encodeURIComponent(basehead)}`))
      const { page } = pageParams(query)
      return {
        status: 200,
        json: {
          url: `${baseUrl}/repos/${owner}/${repo}/compare/${basehead}`,
          status: 'ahead', ahead_by: commits.length, behind_by: 0, total_commits: commits.length,
          commits: p.items,
          files: page === 1 ? files.slice(0, LIMITS.compareFilesMax).map(fileJson) : [],
        },
        headers: p.link ? { link: p.link } : {},
      }
    }
    // contents/{path}
    if (a === 'contents' && method === 'GET') {
      return getContents(sub.slice(1).join('/'), query, accept)
    }
    // check-runs
    if (a === 'check-runs') {
      if (sub.length === 1 && method === 'POST') {
        if (!json) return notObject()
        const bad = validateCheckRun(json, true)
        if (bad) return bad
        const run: StubCheckRun = {
          id: newId(), name: '', head_sha: json.head_sha as string, status: 'queued', output: {},
          annotations: [], images: [], actions: [], updates: [],
        }
        applyCheckRun(run, json)
        if (run.status !== 'queued' && run.started_at === undefined) run.started_at = now()
        checkRuns.push(run)
        return { status: 201, json: checkRunJson(run) }
      }
      if (sub.length === 2 && /^\d+$/.test(b ?? '')) {
        const run = checkRuns.find((r) => r.id === Number(b))
        if (method === 'GET') return run ? { status: 200, json: checkRunJson(run) } : notFound()
        if (method === 'PATCH') {
          if (!run) return notFound(DOCS.updateCheckRun)
          if (!json) return notObject()
          const bad = validateCheckRun(json, false, run)
          if (bad) return bad
          applyCheckRun(run, json)
          return { status: 200, json: checkRunJson(run) }
        }
      }
    }
    // issues/{n}/comments, issues/comments/{id}
    if (a === 'issues') {
      if (sub.length === 3 && /^\d+$/.test(b ?? '') && c === 'comments') {
        const n = Number(b)
        if (method === 'GET') return pageReply(paginate(comments.get(n) ?? [], query, linkBase(`/issues/${n}/comments`)))
        if (method === 'POST') {
          if (!json) return notObject()
          const bad = validateCommentBody(json, DOCS.createComment)
          if (bad) return bad
          const id = newId()
          const t = now()
          const comment: StubComment = { id, body: json.body as string, user: { login: botLogin, type: 'Bot' }, html_url: commentUrl(n, id), created_at: t, updated_at: t }
          const list = comments.get(n) ?? []
          list.push(comment)
          comments.set(n, list)
          return { status: 201, json: comment }
        }
      }
      if (sub.length === 3 && b === 'comments' && /^\d+$/.test(c ?? '')) {
        const found = findComment(Number(c))
        if (method === 'GET') return found ? { status: 200, json: found[1] } : notFound()
        if (method === 'PATCH') {
          if (!found) return notFound(DOCS.updateComment)
          if (!json) return notObject()
          const bad = validateCommentBody(json, DOCS.updateComment)
          if (bad) return bad
          found[1].body = json.body as string
          found[1].updated_at = now()
          return { status: 200, json: found[1] }
        }
        if (method === 'DELETE') {
          if (!found) return notFound()
          const list = comments.get(found[0]) ?? []
          list.splice(list.indexOf(found[1]), 1)
          return { status: 204 }
        }
      }
    }
    // code-scanning/sarifs
    if (a === 'code-scanning' && b === 'sarifs') {
      if (sub.length === 2 && method === 'POST') return json ? uploadSarif(json) : notObject()
      if (sub.length === 3 && method === 'GET') {
        const up = sarifUploads.find((s) => s.id === c)
        if (!up) return notFound(DOCS.sarif)
        return { status: 200, json: { processing_status: 'complete', analyses_url: `${baseUrl}/repos/${owner}/${repo}/code-scanning/analyses?sarif_id=${up.id}`, errors: null } }
      }
    }
    return notFound()
  }

  const handle = (req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1')
    const query: Record<string, string> = {}
    for (const [k, v] of parsed.searchParams) query[k] = v
    const rawSegs = parsed.pathname.split('/').filter((s) => s !== '')
    const segs = rawSegs.map((s) => {
      try {
        return decodeURIComponent(s)
      } catch {
        return s
      }
    })
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
    const text = raw.toString('utf8')
    let body: unknown = undefined
    let badJson = false
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text)
      } catch {
        body = text
        badJson = true
      }
    }
    const call: RecordedCall = { method, path: `/${segs.join('/')}`, rawPath: parsed.pathname, query, body, status: 0, headers }
    calls.push(call)

    const send = (r: Reply) => {
      call.status = r.status
      const h: Record<string, string> = {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - used)),
        'x-ratelimit-reset': String(resetAt),
        'x-ratelimit-used': String(used),
        'x-ratelimit-resource': 'core',
        'x-github-request-id': requestId(),
        'x-github-api-version-selected': '2022-11-28',
        'x-github-media-type': 'github.v3; format=json',
        ...(r.headers ?? {}),
      }
      let payload: string | Buffer | undefined
      if (r.json !== undefined) {
        h['content-type'] = 'application/json; charset=utf-8'
        payload = JSON.stringify(r.json)
      } else if (r.text !== undefined) {
        h['content-type'] = r.contentType ?? 'text/plain; charset=utf-8'
        payload = r.text
      }
      if (payload !== undefined) h['content-length'] = String(Buffer.byteLength(payload))
      res.writeHead(r.status, h)
      res.end(payload)
    }

    try {
      // Primary rate limit.
      if (used >= limit) {
        send(error(403, 'API rate limit exceeded for installation ID 1.', DOCS.rateLimit))
        return
      }
      used++
      // Faults.
      const fault = faults.find((f) => f.left > 0 && (!f.method || f.method.toUpperCase() === method) && matches(f.pathPattern, call.path))
      if (fault) {
        fault.left--
        if (fault.kind === 'hang') return
        if (fault.kind === '502') {
          send({ status: 502, text: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>We couldn\'t respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.</p></body></html>', contentType: 'text/html; charset=utf-8' })
        } else if (fault.kind === '500') {
          send(error(500, 'Server Error'))
        } else {
          const r = error(fault.kind === 'secondary-rate-limit' ? 403 : 429, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', DOCS.secondary)
          send({ ...r, headers: { 'retry-after': '1' } })
        }
        return
      }
      // Authentication.
      const auth = headers.authorization ?? ''
      const m = /^(token|bearer)\s+(\S+)$/i.exec(auth.trim())
      if (!m) {
        send(error(401, 'Requires authentication'))
        return
      }
      if (m[2] !== token) {
        send(error(401, 'Bad credentials'))
        return
      }
      const write = method === 'POST' || method === 'PATCH' || method === 'PUT' || method === 'DELETE'
      if (write && opts.readOnly) {
        send(error(403, 'Resource not accessible by integration'))
        return
      }
      if ((method === 'POST' || method === 'PATCH' || method === 'PUT') && badJson) {
        send(error(400, 'Problems parsing JSON'))
        return
      }
      // /repositories/{id}/... is the same repository (Link headers point there).
      let routed = segs
      if (segs[0] === 'repositories') {
        if (segs[1] !== String(repoId)) {
          send(notFound())
          return
        }
        routed = ['repos', owner, repo, ...segs.slice(2)]
      }
      send(route(method, routed, query, body ?? (write ? {} : undefined), headers.accept ?? ''))
    } catch (err) {
      send(error(500, `stub error: ${(err as Error).message}`))
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handle(req, Buffer.concat(chunks), res))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  baseUrl = `http://127.0.0.1:${port}`

  return {
    url: baseUrl,
    calls,
    checkRuns,
    comments,
    sarifUploads,
    callsTo(method: string, pathPattern: RegExp | string) {
      return calls.filter((c) => c.method === method.toUpperCase() && (typeof pathPattern === 'string' ? c.path === pathPattern : matches(pathPattern, c.path)))
    },
    rateLimitUsed: () => used,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()))
      server.closeAllConnections()
    }),
  }
}
