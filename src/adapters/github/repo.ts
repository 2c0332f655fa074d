/** Reading the repository through the REST API: pull request files, compares, file contents at a ref. */
import { normalizeStatus, type ChangedFile } from '../../core/changes.js'
import type { BaseView } from '../../core/files.js'
import { statusOf, type GitHubClient } from './client.js'

/** GitHub lists at most 3,000 files of a pull request. */
export const PR_FILES_CAP = 3000
/** The compare API returns at most 300 files for the whole comparison (first page only). */
export const COMPARE_FILES_CAP = 300

export interface FileList {
  files: ChangedFile[]
  /** True when GitHub's cap may have cut the list (the caller falls back to git). */
  capped: boolean
}

function toChanged(f: { filename: string; status: string; previous_filename?: string }): ChangedFile {
  const c: ChangedFile = { path: f.filename, status: normalizeStatus(f.status) }
  if (f.previous_filename) c.previousPath = f.previous_filename
  return c
}

export async function listPullRequestFiles(gh: GitHubClient, owner: string, repo: string, pull: number): Promise<FileList> {
  const files: ChangedFile[] = []
  for await (const page of gh.paginate.iterator(gh.rest.pulls.listFiles, { owner, repo, pull_number: pull, per_page: 100 })) {
    for (const f of page.data) files.push(toChanged(f))
  }
  return { files, capped: files.length >= PR_FILES_CAP }
}

export async function compareFiles(gh: GitHubClient, owner: string, repo: string, base: string, head: string): Promise<FileList> {
  const files: ChangedFile[] = []
  for await (const page of gh.paginate.iterator(gh.rest.repos.compareCommitsWithBasehead, { owner, repo, basehead: `${base}...${head}`, per_page: 100 })) {
    for (const f of (page.data as { files?: { filename: string; status: string; previous_filename?: string }[] }).files ?? []) files.push(toChanged(f))
  }
  return { files, capped: files.length >= COMPARE_FILES_CAP }
}

/** A file's text at a ref through the contents API (raw media type, so files over 1 MB work too). */
export async function getFileText(gh: GitHubClient, owner: string, repo: string, path: string, ref: string): Promise<string | undefined> {
  try {
    const res = await gh.rest.repos.getContent({ owner, repo, path, ref, mediaType: { format: 'raw' } })
    const data = res.data as unknown
    if (typeof data === 'string') return data
    const obj = data as { content?: string; encoding?: string; type?: string }
    if (obj && obj.type === 'file' && typeof obj.content === 'string') {
      return obj.encoding === 'base64' ? Buffer.from(obj.content, 'base64').toString('utf8') : obj.content
    }
    return undefined
  } catch (err) {
    if (statusOf(err) === 404) return undefined
    throw err
  }
}

export class ApiBaseView implements BaseView {
  constructor(
    private readonly gh: GitHubClient,
    private readonly owner: string,
    private readonly repo: string,
    readonly ref: string,
  ) {}

  readText(path: string): Promise<string | undefined> {
    return getFileText(this.gh, this.owner, this.repo, path, this.ref)
  }
}
