/**
 * Reading a JSON report written by another workflow run (the fork-safe `workflow_run` pattern). The file
 * is untrusted: a pull request from a fork controls the run that wrote it. It is parsed as data only,
 * validated and bounded with zod (unknown keys dropped, enums checked, sizes capped), and its counts and
 * conclusion are recomputed from its findings. Everything it holds is escaped again by the reporters.
 */
import { lstat, readFile, stat } from 'node:fs/promises'
import * as z from 'zod'
import { once } from '../core/once.js'
import { CATEGORIES, SEVERITIES } from '../core/findings.js'
import { FAIL_ON } from '../core/policy/schema.js'
import { REPORT_VERSION, type GateReport } from '../core/report.js'
import { PRESET_NAMES } from '../core/rule.js'
import { decide } from '../core/verdict.js'
import { safeValue } from '../core/text.js'
import { MAX_SHARDS, type NamedReport } from '../core/shard.js'

/** Larger report files are refused unread. */
export const REPORT_MAX_BYTES = 32 * 1024 * 1024

const str = (max: number) => z.string().max(max)
const sha = once(() => z.string().regex(/^[0-9a-f]{7,64}$/i))
const line = once(() => z.number().int().min(0).max(100_000_000))

const findingSchema = once(() =>
  z.object({
    ruleId: z.string().regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/).max(200),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    path: str(4096),
    line: line().optional(),
    column: line().optional(),
    endLine: line().optional(),
    endColumn: line().optional(),
    model: str(4096).optional(),
    message: str(20_000),
    help: str(20_000).optional(),
    waived: z
      .object({ index: z.number().int().min(0).max(100_000), reason: str(2_000), approvedBy: str(500), expires: str(40) })
      .optional(),
    baselined: z.boolean().optional(),
    // Rule data (a merge fingerprints findings for the baseline with it); escaped like the rest below.
    details: z.record(z.string().max(200), z.unknown()).optional(),
  }),
)

const reportSchema = once(() =>
  z.object({
    version: z.literal(REPORT_VERSION),
    tool: z.object({ name: str(100), version: str(100) }),
    conclusion: z.enum(['success', 'failure', 'neutral']),
    failOn: z.enum(FAIL_ON),
    policy: z.object({ source: str(4096), ref: sha().optional(), sha256: str(128), extends: z.array(z.enum(PRESET_NAMES)).max(10) }),
    run: z.object({ event: str(100), baseSha: sha().optional(), headSha: sha().optional() }).optional(),
    models: z
      .array(
        z.object({
          path: str(4096),
          changed: z.boolean(),
          files: z.array(str(4096)).max(100_000),
          status: z.enum(['added', 'modified', 'unchanged']).optional(),
        }),
      )
      .max(100_000),
    findings: z.array(findingSchema()).max(200_000),
    tables: z
      .array(
        z.object({
          id: str(200),
          title: str(500),
          model: str(4096).optional(),
          columns: z.array(str(500)).max(50),
          rows: z.array(z.array(str(2_000)).max(50)).max(2_000),
        }),
      )
      // One or a few per unit (the artifact inventory is one per unit): a shard of a model zoo holds hundreds.
      // The file's size cap bounds the total.
      .max(500_000)
      .optional(),
    notes: z.array(str(4_000)).max(100).optional(),
    shard: z
      .object({ index: z.number().int().min(1).max(MAX_SHARDS), count: z.number().int().min(1).max(MAX_SHARDS) })
      .refine((s) => s.index <= s.count, { message: 'shard index above the shard count' })
      .optional(),
  }),
)

export type ReportRead = { ok: true; report: GateReport } | { ok: false; problem: string }

/** Validates report JSON text; never throws. */
export function parseReportText(text: string): ReportRead {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    return { ok: false, problem: `not JSON (${(err as Error).message.slice(0, 200)})` }
  }
  const parsed = reportSchema().safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    return { ok: false, problem: `not a modelgate report (version ${REPORT_VERSION}): ${issues.join('; ')}${parsed.error.issues.length > 5 ? '; …' : ''}` }
  }
  // A report written by another run (a fork's workflow) is untrusted text: the same safe path as a finding
  // made here (PII redacted, control characters and bidi controls escaped) before anything renders it.
  const r = safeValue(parsed.data)
  // The verdict follows from the findings and fail-on, whatever the file says.
  const verdict = decide(r.findings as GateReport['findings'], r.failOn, r.models.length)
  const report: GateReport = {
    version: REPORT_VERSION,
    tool: r.tool,
    conclusion: verdict.conclusion,
    failOn: r.failOn,
    policy: r.policy,
    models: r.models,
    findings: r.findings as GateReport['findings'],
    summary: verdict.summary,
  }
  if (r.run) report.run = r.run
  if (r.tables?.length) report.tables = r.tables
  if (r.notes?.length) report.notes = r.notes
  if (r.shard) report.shard = r.shard
  return { ok: true, report }
}

/** Reads and validates a report file (bounded: larger files are refused unread); never throws. */
export async function readReportFile(file: string): Promise<{ ok: true; report: GateReport } | { ok: false; problem: string }> {
  try {
    const st = await stat(file)
    if (!st.isFile()) return { ok: false, problem: 'not a file' }
    if (st.size > REPORT_MAX_BYTES) return { ok: false, problem: `${st.size} bytes: larger than the ${REPORT_MAX_BYTES}-byte limit` }
    return parseReportText(await readFile(file, 'utf8'))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return { ok: false, problem: code === 'ENOENT' ? 'no such file (did the artifact download?)' : (err as Error).message }
  }
}

/**
 * Reads shard reports (`mode: merge`, `modelgate merge`): each validated like any untrusted report. Only
 * regular files are read (a symbolic link in a checked-out workspace is the change's, not a report). The
 * first unreadable or invalid file is the problem, named.
 */
export async function readShardReports(files: { name: string; path: string }[]): Promise<{ ok: true; reports: NamedReport[] } | { ok: false; problem: string }> {
  const reports: NamedReport[] = []
  for (const f of files) {
    const st = await lstat(f.path).catch(() => undefined)
    if (st?.isSymbolicLink()) return { ok: false, problem: `${f.name}: a symbolic link, not a report file` }
    const read = await readReportFile(f.path)
    if (!read.ok) return { ok: false, problem: `${f.name}: ${read.problem}` }
    reports.push({ name: f.name, report: read.report })
  }
  return { ok: true, reports }
}
