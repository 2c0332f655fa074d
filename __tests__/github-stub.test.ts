import { afterEach, describe, expect, it } from '@jest/globals'
import { gzipSync } from 'node:zlib'
import { startGitHubStub, type GitHubStub, type StubFile, type StubOptions } from './support/github-stub.js'

const SHA = 'a'.repeat(40)
const REPO = '/repos/acme/models'
const ROOT_DOC = 'https://docs.github.com/rest'
const CREATE_DOC = 'https://docs.github.com/rest/checks/runs#create-a-check-run'
const UPDATE_DOC = 'https://docs.github.com/rest/checks/runs#update-a-check-run'
const COMMENT_DOC = 'https://docs.github.com/rest/issues/comments#create-an-issue-comment'

let stub: GitHubStub | undefined

afterEach(async () => {
  await stub?.close()
  stub = undefined
})

async function start(opts: StubOptions = {}): Promise<GitHubStub> {
  stub = await startGitHubStub(opts)
  return stub
}

interface Answer {
  status: number
  headers: Headers
  body: unknown
  text: string
}

async function api(
  s: GitHubStub,
  method: string,
  path: string,
  body?: unknown,
  init: { token?: string | null; raw?: string; accept?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/vnd.github.v3+json' }
  const token = init.token === undefined ? 'test-token' : init.token
  if (token !== null) headers.authorization = `token ${token}`
  let payload: string | undefined
  if (init.raw !== undefined) payload = init.raw
  else if (body !== undefined) payload = JSON.stringify(body)
  if (payload !== undefined) headers['content-type'] = 'application/json; charset=utf-8'
  const url = path.startsWith('http') ? path : `${s.url}${path}`
  const res = await fetch(url, { method, headers, body: payload })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON (e.g. the 502 page or a raw blob)
  }
  return { status: res.status, headers: res.headers, body: parsed, text }
}

function files(n: number, prefix = 'models/m'): StubFile[] {
  return Array.from({ length: n }, (_, i) => ({ filename: `${prefix}${i}.bin`, status: 'added' }))
}

function annotations(n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    path: 'models/card.md', start_line: i + 1, end_line: i + 1, annotation_level: 'warning', message: `issue ${i}`,
  }))
}

function nextLink(link: string | null): string | undefined {
  return link?.split(', ').map((p) => /^<([^>]+)>; rel="next"$/.exec(p)?.[1]).find((u) => u !== undefined)
}

describe('GitHub stub: transport', () => {
  it('listens on loopback only and stamps GitHub headers, with a decreasing rate limit', async () => {
    const s = await start({ pullFiles: { 1: files(1) } })
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const a = await api(s, 'GET', `${REPO}/pulls/1/files`)
    const b = await api(s, 'GET', `${REPO}/pulls/1/files`)
    expect(a.status).toBe(200)
    expect(a.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(a.headers.get('x-ratelimit-limit')).toBe('1000')
    expect(a.headers.get('x-ratelimit-remaining')).toBe('999')
    expect(a.headers.get('x-ratelimit-used')).toBe('1')
    expect(b.headers.get('x-ratelimit-remaining')).toBe('998')
    expect(b.headers.get('x-ratelimit-used')).toBe('2')
    expect(Number(a.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
    expect(a.headers.get('x-github-request-id')).toMatch(/^[0-9A-F:]+$/)
    expect(a.headers.get('link')).toBeNull()
  })

  it('answers 401 without a token or with a wrong one, and accepts Bearer', async () => {
    const s = await start({ pullFiles: { 1: files(1) } })
    const none = await api(s, 'GET', `${REPO}/pulls/1/files`, undefined, { token: null })
    expect(none.status).toBe(401)
    expect(none.body).toEqual({ message: 'Requires authentication', documentation_url: ROOT_DOC, status: '401' })
    const wrong = await api(s, 'GET', `${REPO}/pulls/1/files`, undefined, { token: 'nope' })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual({ message: 'Bad credentials', documentation_url: ROOT_DOC, status: '401' })
    const bearer = await fetch(`${s.url}${REPO}/pulls/1/files`, { headers: { authorization: 'Bearer test-token' } })
    expect(bearer.status).toBe(200)
    expect(s.calls.map((c) => c.status)).toEqual([401, 401, 200])
  })

  it('spends the primary rate limit and then answers 403', async () => {
    const s = await start({ rateLimit: 2, pullFiles: { 1: files(1) } })
    expect((await api(s, 'GET', `${REPO}/pulls/1/files`)).status).toBe(200)
    expect((await api(s, 'GET', `${REPO}/pulls/1/files`)).status).toBe(200)
    const over = await api(s, 'GET', `${REPO}/pulls/1/files`)
    expect(over.status).toBe(403)
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0')
    expect((over.body as { message: string }).message).toBe('API rate limit exceeded for installation ID 1.')
  })

  it('answers 404 for unknown routes and records them; 400 for invalid JSON', async () => {
    const s = await start()
    const unknown = await api(s, 'GET', `${REPO}/branches/main/protection?x=1`)
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ message: 'Not Found', documentation_url: ROOT_DOC, status: '404' })
    const otherRepo = await api(s, 'GET', '/repos/evil/other/pulls/1/files')
    expect(otherRepo.status).toBe(404)
    expect(s.calls[0]).toMatchObject({ method: 'GET', path: `${REPO}/branches/main/protection`, query: { x: '1' }, status: 404 })

    const bad = await api(s, 'POST', `${REPO}/check-runs`, undefined, { raw: '{"name": "x",' })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ message: 'Problems parsing JSON', documentation_url: ROOT_DOC, status: '400' })
    expect(s.calls[2]).toMatchObject({ method: 'POST', body: '{"name": "x",', status: 400 })
  })

  it('GET /user is forbidden to an installation token', async () => {
    const s = await start()
    const r = await api(s, 'GET', '/user')
    expect(r.status).toBe(403)
    expect((r.body as { message: string }).message).toBe('Resource not accessible by integration')
  })
})

describe('GitHub stub: check runs', () => {
  it('rejects 51 annotations with 422 and accepts 50', async () => {
    const s = await start()
    const output = { title: 'modelgate', summary: 'ok' }
    const tooMany = await api(s, 'POST', `${REPO}/check-runs`, { name: 'modelgate', head_sha: SHA, output: { ...output, annotations: annotations(51) } })
    expect(tooMany.status).toBe(422)
    expect(tooMany.body).toEqual({
      message: 'Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.',
      documentation_url: CREATE_DOC,
      status: '422',
    })
    expect(s.checkRuns).toHaveLength(0)

    const ok = await api(s, 'POST', `${REPO}/check-runs`, { name: 'modelgate', head_sha: SHA, status: 'in_progress', output: { ...output, annotations: annotations(50) } })
    expect(ok.status).toBe(201)
    const run = ok.body as { id: number; html_url: string; status: string; output: { annotations_count: number } }
    expect(run.html_url).toBe(`https://github.com/acme/models/runs/${run.id}`)
    expect(run.status).toBe('in_progress')
    expect(run.output.annotations_count).toBe(50)
    expect(s.checkRuns).toHaveLength(1)
    expect(s.checkRuns[0]?.annotations).toHaveLength(50)
  })

  it('PATCH appends annotations, replaces other fields, and enforces the same limits', async () => {
    const s = await start()
    const created = await api(s, 'POST', `${REPO}/check-runs`, { name: 'modelgate', head_sha: SHA, output: { title: 'first', summary: 's1', annotations: annotations(50) } })
    const id = (created.body as { id: number }).id
    const second = annotations(30).map((a) => ({ ...a, annotation_level: 'failure', path: 'models/other.md' }))
    const patched = await api(s, 'PATCH', `${REPO}/check-runs/${id}`, { conclusion: 'failure', output: { title: 'second', summary: 's2', annotations: second } })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ id, status: 'completed', conclusion: 'failure', output: { title: 'second', summary: 's2', annotations_count: 80 } })
    const run = s.checkRuns[0]
    expect(run?.annotations).toHaveLength(80)
    expect(run?.annotations[0]?.path).toBe('models/card.md')
    expect(run?.annotations[79]?.path).toBe('models/other.md')
    expect(run?.output).toEqual({ title: 'second', summary: 's2' })

    const tooMany = await api(s, 'PATCH', `${REPO}/check-runs/${id}`, { output: { title: 't', summary: 's', annotations: annotations(120) } })
    expect(tooMany.status).toBe(422)
    expect(tooMany.body).toEqual({ message: 'Invalid request.\n\nNo more than 50 items are allowed; 120 were supplied.', documentation_url: UPDATE_DOC, status: '422' })
    expect(run?.annotations).toHaveLength(80)

    const missing = await api(s, 'PATCH', `${REPO}/check-runs/999999`, { status: 'in_progress' })
    expect(missing.status).toBe(404)
    expect((missing.body as { message: string }).message).toBe('Not Found')
  })

  it('limits summary and text to 65535 characters and 65535 bytes, and title to 255', async () => {
    const s = await start()
    const post = (output: Record<string, unknown>) => api(s, 'POST', `${REPO}/check-runs`, { name: 'modelgate', head_sha: SHA, output })
    const longSummary = await post({ title: 't', summary: 'x'.repeat(65536) })
    expect(longSummary.status).toBe(422)
    expect(longSummary.body).toEqual({ message: 'Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.', documentation_url: CREATE_DOC, status: '422' })
    expect((await post({ title: 't', summary: 'x'.repeat(65535) })).status).toBe(201)

    const longText = await post({ title: 't', summary: 's', text: 'y'.repeat(70000) })
    expect(longText.status).toBe(422)
    expect((longText.body as { message: string }).message).toBe('Invalid request.\n\nOnly 65535 characters are allowed; 70000 were supplied.')

    // 30000 characters but 90000 UTF-8 bytes: GitHub also checks the byte size.
    const wide = await post({ title: 't', summary: '€'.repeat(30000) })
    expect(wide.status).toBe(422)
    expect(wide.body).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'CheckRun', code: 'custom', field: 'summary', message: 'summary exceeds a maximum bytesize of 65535' }],
      documentation_url: CREATE_DOC,
      status: '422',
    })

    const longTitle = await post({ title: 'T'.repeat(256), summary: 's' })
    expect(longTitle.status).toBe(422)
    expect((longTitle.body as { message: string }).message).toBe('Invalid request.\n\nOnly 255 characters are allowed; 256 were supplied.')
    expect(s.checkRuns).toHaveLength(1)
  })

  it('requires name, head_sha, output title/summary and well-formed annotations', async () => {
    const s = await start()
    const noName = await api(s, 'POST', `${REPO}/check-runs`, { status: 'queued' })
    expect(noName.status).toBe(422)
    expect((noName.body as { message: string }).message).toBe('Invalid request.\n\n"head_sha", "name" weren\'t supplied.')

    const noTitle = await api(s, 'POST', `${REPO}/check-runs`, { name: 'n', head_sha: SHA, output: { summary: 's' } })
    expect((noTitle.body as { message: string }).message).toBe('Invalid request.\n\n"title" wasn\'t supplied.')

    const badAnn = await api(s, 'POST', `${REPO}/check-runs`, {
      name: 'n', head_sha: SHA,
      output: { title: 't', summary: 's', annotations: [{ path: 'a', start_line: 1, end_line: 1, annotation_level: 'error', message: 'm' }, { message: 'm' }] },
    })
    expect(badAnn.status).toBe(422)
    expect((badAnn.body as { message: string }).message).toBe(
      'Invalid request.\n\nFor \'properties/annotation_level\', "error" is not a member of ["notice", "warning", "failure"].\n' +
        '"annotation_level", "end_line", "path", "start_line" weren\'t supplied.',
    )

    const columns = await api(s, 'POST', `${REPO}/check-runs`, {
      name: 'n', head_sha: SHA,
      output: { title: 't', summary: 's', annotations: [{ path: 'a', start_line: 1, end_line: 2, start_column: 1, end_column: 3, annotation_level: 'notice', message: 'm' }] },
    })
    expect(columns.body).toEqual({ message: 'Validation Failed', errors: [{ resource: 'CheckRun', code: 'invalid', field: 'annotations' }], documentation_url: CREATE_DOC, status: '422' })

    const bigMessage = await api(s, 'POST', `${REPO}/check-runs`, {
      name: 'n', head_sha: SHA,
      output: { title: 't', summary: 's', annotations: [{ path: 'a', start_line: 1, end_line: 1, annotation_level: 'notice', message: 'm'.repeat(65537) }] },
    })
    expect(bigMessage.status).toBe(422)

    const completedNoConclusion = await api(s, 'POST', `${REPO}/check-runs`, { name: 'n', head_sha: SHA, status: 'completed' })
    expect((completedNoConclusion.body as { message: string }).message).toBe('Invalid request.\n\n"conclusion" wasn\'t supplied.')

    const badSha = await api(s, 'POST', `${REPO}/check-runs`, { name: 'n', head_sha: 'HEAD' })
    expect(badSha.status).toBe(422)
    expect((badSha.body as { message: string }).message).toBe('No commit found for SHA: HEAD')
    expect(s.checkRuns).toHaveLength(0)
  })
})

describe('GitHub stub: issue comments', () => {
  it('accepts a 65536-character body and rejects 65537 with GitHub\'s error', async () => {
    const s = await start()
    const ok = await api(s, 'POST', `${REPO}/issues/7/comments`, { body: 'x'.repeat(65536) })
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ body: 'x'.repeat(65536), user: { login: 'github-actions[bot]', type: 'Bot' } })

    const tooLong = await api(s, 'POST', `${REPO}/issues/7/comments`, { body: 'x'.repeat(65537) })
    expect(tooLong.status).toBe(422)
    expect(tooLong.body).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: 'Body is too long (maximum is 65536 characters)' }],
      documentation_url: COMMENT_DOC,
      status: '422',
    })
    // Characters are code points: 65536 emoji (131072 UTF-16 units) still fit.
    expect((await api(s, 'POST', `${REPO}/issues/7/comments`, { body: '🌈'.repeat(65536) })).status).toBe(201)
    expect(s.comments.get(7)).toHaveLength(2)
  })

  it('lists with pagination, edits with the same limit, and 404s unknown ids', async () => {
    const s = await start({
      botLogin: 'modelgate[bot]',
      comments: { 3: Array.from({ length: 35 }, (_, i) => ({ body: `old ${i}`, user: { login: 'alice' } })) },
    })
    const first = await api(s, 'GET', `${REPO}/issues/3/comments`)
    expect(first.status).toBe(200)
    expect(first.body).toHaveLength(30)
    expect(first.headers.get('link')).toBe(`<${s.url}/repositories/424242/issues/3/comments?page=2>; rel="next", <${s.url}/repositories/424242/issues/3/comments?page=2>; rel="last"`)
    const second = await api(s, 'GET', nextLink(first.headers.get('link')) ?? '')
    expect(second.body).toHaveLength(5)
    const c0 = (first.body as Array<{ id: number; user: { login: string; type: string } }>)[0]
    expect(c0?.user).toEqual({ login: 'alice', type: 'User' })

    const created = await api(s, 'POST', `${REPO}/issues/3/comments`, { body: 'hello' })
    const id = (created.body as { id: number; user: { login: string } }).id
    expect((created.body as { user: { login: string } }).user.login).toBe('modelgate[bot]')
    const edited = await api(s, 'PATCH', `${REPO}/issues/comments/${id}`, { body: 'edited' })
    expect(edited.status).toBe(200)
    expect(s.comments.get(3)?.at(-1)?.body).toBe('edited')
    const tooLong = await api(s, 'PATCH', `${REPO}/issues/comments/${id}`, { body: 'z'.repeat(65537) })
    expect(tooLong.status).toBe(422)
    expect((tooLong.body as { errors: unknown[] }).errors).toEqual([
      { resource: 'IssueComment', code: 'unprocessable', field: 'data', message: 'Body is too long (maximum is 65536 characters)' },
    ])
    expect(s.comments.get(3)?.at(-1)?.body).toBe('edited')
    expect((await api(s, 'PATCH', `${REPO}/issues/comments/1`, { body: 'x' })).status).toBe(404)
    const noBody = await api(s, 'POST', `${REPO}/issues/3/comments`, {})
    expect((noBody.body as { message: string }).message).toBe('Invalid request.\n\n"body" wasn\'t supplied.')
  })
})

describe('GitHub stub: fork-PR (read-only) token', () => {
  it('answers every write with 403 "Resource not accessible by integration" and still serves reads', async () => {
    const s = await start({ readOnly: true, pullFiles: { 1: files(2) }, comments: { 1: [{ id: 55, body: 'x', user: { login: 'bob' } }] } })
    const forbidden = { message: 'Resource not accessible by integration', documentation_url: ROOT_DOC, status: '403' }
    const writes: Array<[string, string, unknown]> = [
      ['POST', `${REPO}/check-runs`, { name: 'n', head_sha: SHA }],
      ['PATCH', `${REPO}/check-runs/1`, { status: 'completed', conclusion: 'success' }],
      ['POST', `${REPO}/issues/1/comments`, { body: 'hi' }],
      ['PATCH', `${REPO}/issues/comments/55`, { body: 'hi' }],
      ['DELETE', `${REPO}/issues/comments/55`, undefined],
      ['POST', `${REPO}/code-scanning/sarifs`, { commit_sha: SHA, ref: 'refs/heads/main', sarif: 'x' }],
    ]
    for (const [method, path, body] of writes) {
      const r = await api(s, method, path, body)
      expect([method, path, r.status]).toEqual([method, path, 403])
      expect(r.body).toEqual(forbidden)
    }
    expect(s.checkRuns).toHaveLength(0)
    expect(s.comments.get(1)?.map((c) => c.body)).toEqual(['x'])
    expect((await api(s, 'GET', `${REPO}/pulls/1/files`)).status).toBe(200)
  })
})

describe('GitHub stub: pagination and the file caps', () => {
  it('paginates 250 PR files at per_page=100 over 3 pages with RFC 5988 Link headers', async () => {
    const s = await start({ pullFiles: { 7: files(250) } })
    const base = `${s.url}/repositories/424242/pulls/7/files`
    const p1 = await api(s, 'GET', `${REPO}/pulls/7/files?per_page=100`)
    const p2 = await api(s, 'GET', `${REPO}/pulls/7/files?per_page=100&page=2`)
    const p3 = await api(s, 'GET', `${REPO}/pulls/7/files?per_page=100&page=3`)
    expect([p1.body, p2.body, p3.body].map((b) => (b as unknown[]).length)).toEqual([100, 100, 50])
    expect(p1.headers.get('link')).toBe(`<${base}?per_page=100&page=2>; rel="next", <${base}?per_page=100&page=3>; rel="last"`)
    expect(p2.headers.get('link')).toBe(
      `<${base}?per_page=100&page=1>; rel="prev", <${base}?per_page=100&page=3>; rel="next", <${base}?per_page=100&page=3>; rel="last", <${base}?per_page=100&page=1>; rel="first"`,
    )
    expect(p3.headers.get('link')).toBe(`<${base}?per_page=100&page=2>; rel="prev", <${base}?per_page=100&page=1>; rel="first"`)
    const f0 = (p1.body as Array<Record<string, unknown>>)[0]
    expect(f0).toMatchObject({ filename: 'models/m0.bin', status: 'added', additions: 1, deletions: 0, changes: 1 })
    expect(f0?.sha).toMatch(/^[0-9a-f]{40}$/)
    const last = (p3.body as Array<{ filename: string }>).at(-1)
    expect(last?.filename).toBe('models/m249.bin')

    // Following rel="next" (through /repositories/{id}/...) visits every file once.
    const seen: string[] = []
    let url: string | undefined = `${REPO}/pulls/7/files?per_page=100`
    while (url) {
      const r = await api(s, 'GET', url)
      seen.push(...(r.body as Array<{ filename: string }>).map((f) => f.filename))
      url = nextLink(r.headers.get('link'))
    }
    expect(new Set(seen).size).toBe(250)
  })

  it('caps per_page at 100 and defaults to 30', async () => {
    const s = await start({ pullFiles: { 7: files(250) } })
    expect(((await api(s, 'GET', `${REPO}/pulls/7/files?per_page=500`)).body as unknown[]).length).toBe(100)
    const dflt = await api(s, 'GET', `${REPO}/pulls/7/files`)
    expect((dflt.body as unknown[]).length).toBe(30)
    expect(dflt.headers.get('link')).toContain(`/repositories/424242/pulls/7/files?page=9>; rel="last"`)
  })

  it('never returns more than 3000 files for a pull request', async () => {
    const s = await start({ pullFiles: { 9: files(3500) } })
    const first = await api(s, 'GET', `${REPO}/pulls/9/files?per_page=100`)
    expect(first.headers.get('link')).toContain('page=30>; rel="last"')
    const seen: string[] = []
    let url: string | undefined = `${REPO}/pulls/9/files?per_page=100`
    let pages = 0
    while (url) {
      const r = await api(s, 'GET', url)
      expect(r.status).toBe(200)
      seen.push(...(r.body as Array<{ filename: string }>).map((f) => f.filename))
      url = nextLink(r.headers.get('link'))
      pages++
    }
    expect(pages).toBe(30)
    expect(seen).toHaveLength(3000)
    expect(seen.at(-1)).toBe('models/m2999.bin')
    const past = await api(s, 'GET', `${REPO}/pulls/9/files?per_page=100&page=31`)
    expect(past.status).toBe(200)
    expect(past.body).toEqual([])
  })

  it('compare returns at most 300 files, on the first page only', async () => {
    const renamed: StubFile = { filename: 'models/new.md', status: 'renamed', previous_filename: 'models/old.md' }
    const s = await start({ compareFiles: { [`${SHA}...feature/x`]: [renamed, ...files(349)] } })
    const r = await api(s, 'GET', `${REPO}/compare/${SHA}...${encodeURIComponent('feature/x')}?per_page=100`)
    expect(r.status).toBe(200)
    const body = r.body as { status: string; files: Array<Record<string, unknown>>; commits: unknown[]; ahead_by: number; behind_by: number }
    expect(body.status).toBe('ahead')
    expect(body.behind_by).toBe(0)
    expect(body.files).toHaveLength(300)
    expect(body.files[0]).toMatchObject({ filename: 'models/new.md', status: 'renamed', previous_filename: 'models/old.md' })
    const p2 = await api(s, 'GET', `${REPO}/compare/${SHA}...${encodeURIComponent('feature/x')}?per_page=100&page=2`)
    expect((p2.body as { files: unknown[] }).files).toEqual([])
    expect((await api(s, 'GET', `${REPO}/compare/${SHA}...main`)).status).toBe(404)
  })

  it('paginates reviews', async () => {
    const reviews = Array.from({ length: 3 }, (_, i) => ({ user: { login: `u${i}` }, state: 'APPROVED', commit_id: SHA, submitted_at: '2024-01-01T00:00:00Z' }))
    const s = await start({ reviews: { 4: reviews } })
    const r = await api(s, 'GET', `${REPO}/pulls/4/reviews?per_page=2`)
    expect((r.body as Array<{ user: { login: string }; state: string }>).map((x) => [x.user.login, x.state])).toEqual([['u0', 'APPROVED'], ['u1', 'APPROVED']])
    expect(r.headers.get('link')).toContain('rel="next"')
  })
})

describe('GitHub stub: faults', () => {
  it('fires each fault the given number of times, then answers normally', async () => {
    const s = await start({
      pullFiles: { 1: files(1) },
      faults: [
        { pathPattern: /\/pulls\/1\/files$/, times: 2, kind: '502' },
        { method: 'POST', pathPattern: /\/check-runs$/, times: 1, kind: 'secondary-rate-limit' },
        { method: 'POST', pathPattern: /\/issues\/\d+\/comments$/, times: 1, kind: '500' },
      ],
    })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await api(s, 'GET', `${REPO}/pulls/1/files`)).status)
    expect(statuses).toEqual([502, 502, 200])
    const bad = s.calls[0]
    expect(bad?.status).toBe(502)

    const limited = await api(s, 'POST', `${REPO}/check-runs`, { name: 'n', head_sha: SHA })
    expect(limited.status).toBe(403)
    expect(limited.headers.get('retry-after')).toBe('1')
    expect((limited.body as { message: string }).message).toBe('You have exceeded a secondary rate limit. Please wait a few minutes before you try again.')
    expect(Number(limited.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0)
    expect((await api(s, 'POST', `${REPO}/check-runs`, { name: 'n', head_sha: SHA })).status).toBe(201)

    // The method filter: a GET on the comments path does not consume the POST fault.
    expect((await api(s, 'GET', `${REPO}/issues/2/comments`)).status).toBe(200)
    const err = await api(s, 'POST', `${REPO}/issues/2/comments`, { body: 'x' })
    expect(err.status).toBe(500)
    expect((await api(s, 'POST', `${REPO}/issues/2/comments`, { body: 'x' })).status).toBe(201)
    expect(s.comments.get(2)).toHaveLength(1)
  })
})

describe('GitHub stub: contents', () => {
  it('round-trips content through base64 wrapped at 60 characters, with the git blob sha', async () => {
    const card = '# Model card\n\nLicense: MIT — ünïcödé ✓\n'.repeat(10)
    const s = await start({ contents: { [SHA]: { 'models/my model/README.md': card, 'hello.txt': 'hello\n' } } })
    const r = await api(s, 'GET', `${REPO}/contents/${encodeURIComponent('models/my model/README.md')}?ref=${SHA}`)
    expect(r.status).toBe(200)
    const body = r.body as { type: string; encoding: string; content: string; path: string; name: string; size: number; sha: string }
    expect(body).toMatchObject({ type: 'file', encoding: 'base64', path: 'models/my model/README.md', name: 'README.md', size: Buffer.byteLength(card) })
    const lines = body.content.split('\n')
    expect(lines.at(-1)).toBe('')
    expect(lines.slice(0, -1).every((l) => l.length <= 60)).toBe(true)
    expect(lines[0]).toHaveLength(60)
    expect(Buffer.from(body.content, 'base64').toString('utf8')).toBe(card)

    // Literal slashes work too; the sha is git's blob sha (`git hash-object` of "hello\n").
    const hello = await api(s, 'GET', `${REPO}/contents/hello.txt?ref=${SHA}`)
    expect((hello.body as { sha: string }).sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
    const slashes = await api(s, 'GET', `${REPO}/contents/models/my%20model/README.md?ref=${SHA}`)
    expect(Buffer.from((slashes.body as { content: string }).content, 'base64').toString('utf8')).toBe(card)

    const missing = await api(s, 'GET', `${REPO}/contents/models/nope.md?ref=${SHA}`)
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content', status: '404' })
    const badRef = await api(s, 'GET', `${REPO}/contents/hello.txt?ref=${'b'.repeat(40)}`)
    expect(badRef.status).toBe(404)

    const dir = await api(s, 'GET', `${REPO}/contents/models?ref=${SHA}`)
    expect((dir.body as Array<{ type: string; name: string }>).map((e) => [e.type, e.name])).toEqual([['dir', 'my model']])
  })

  it('refuses blobs over 1 MB unless the raw media type is asked for', async () => {
    const big = 'a'.repeat(1024 * 1024 + 1)
    const s = await start({ contents: { [SHA]: { 'weights.bin': big } } })
    const r = await api(s, 'GET', `${REPO}/contents/weights.bin?ref=${SHA}`)
    expect(r.status).toBe(403)
    expect((r.body as { errors: unknown[] }).errors).toEqual([{ resource: 'Blob', field: 'data', code: 'too_large' }])
    const raw = await api(s, 'GET', `${REPO}/contents/weights.bin?ref=${SHA}`, undefined, { accept: 'application/vnd.github.v3.raw' })
    expect(raw.status).toBe(200)
    expect(raw.text).toHaveLength(big.length)
  })
})

describe('GitHub stub: teams and SARIF', () => {
  it('answers team membership: member, non-member, forbidden', async () => {
    const s = await start({ teamMembers: { 'acme/ml-leads': ['Alice'] } })
    const yes = await api(s, 'GET', '/orgs/acme/teams/ml-leads/memberships/alice')
    expect(yes.status).toBe(200)
    expect(yes.body).toMatchObject({ state: 'active', role: 'member' })
    expect((await api(s, 'GET', '/orgs/acme/teams/ml-leads/memberships/bob')).status).toBe(404)
    expect((await api(s, 'GET', '/orgs/acme/teams/other/memberships/alice')).status).toBe(404)
    await s.close()
    stub = undefined
    const f = await start({ teamsForbidden: true, teamMembers: { 'acme/ml-leads': ['alice'] } })
    const no = await api(f, 'GET', '/orgs/acme/teams/ml-leads/memberships/alice')
    expect(no.status).toBe(403)
    expect((no.body as { message: string }).message).toBe('Resource not accessible by integration')
  })

  it('accepts gzip+base64 SARIF with 202 and validates ref, sha and encoding', async () => {
    const s = await start()
    const doc = { version: '2.1.0', runs: [{ tool: { driver: { name: 'modelgate' } }, results: [] }] }
    const sarif = gzipSync(Buffer.from(JSON.stringify(doc))).toString('base64')
    const ok = await api(s, 'POST', `${REPO}/code-scanning/sarifs`, { commit_sha: SHA, ref: 'refs/pull/7/merge', sarif })
    expect(ok.status).toBe(202)
    expect(typeof (ok.body as { id: string }).id).toBe('string')
    expect(s.sarifUploads[0]?.sarif).toEqual(doc)
    const badRef = await api(s, 'POST', `${REPO}/code-scanning/sarifs`, { commit_sha: SHA, ref: 'main', sarif })
    expect(badRef.status).toBe(422)
    const notGzip = await api(s, 'POST', `${REPO}/code-scanning/sarifs`, { commit_sha: SHA, ref: 'refs/heads/main', sarif: Buffer.from('{}').toString('base64') })
    expect(notGzip.status).toBe(400)
    expect(s.sarifUploads).toHaveLength(1)
  })
})
