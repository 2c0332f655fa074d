/**
 * Gathers a unit's metrics at the head and at the base revision: the card's `model-index`, the metrics
 * files the policy names, and the metrics files a DVC pipeline declares for the unit. Computed once per
 * unit and run, shared by the evaluation rules and the metrics table.
 */
import { globMatcher } from '../../core/glob.js'
import { CARD_MAX_BYTES, CARD_NAMES } from '../../core/facts.js'
import { dirname, isWithin, joinPath, normalizePath } from '../../core/files.js'
import type { UnitContext } from '../../core/rule.js'
import { parseCard, type ParsedCard } from '../../formats/card/index.js'
import {
  modelIndexOfCard,
  parseDvcYaml,
  parseMetricsFile,
  type MetricProblem,
  type MetricSet,
} from '../../formats/metrics/index.js'
import { evaluationSettingsOf, type EvaluationSettings, type MetricsFileSetting } from './settings.js'

/** Metrics files larger than this are not read (a problem says so). */
export const METRICS_FILE_MAX_BYTES = 1024 * 1024

export type NoBaseline = 'no-base' | 'new-unit' | 'unreadable'

export interface UnitMetrics {
  head: MetricSet
  /** Base metrics; undefined when there is no baseline (`missing` says why). */
  base?: MetricSet
  missing?: NoBaseline
  /** The base revision, when there is one. */
  baseRef?: string
  /** Why the base could not be read. */
  baseError?: string
  /** Where findings about the unit's metrics as a whole go: the card's `model-index` line, or the card. */
  anchor: { path: string; line: number }
}

interface FileSource {
  path: string
  key?: string
  task?: string
  dataset?: string
  split?: string
}

export function unitMetrics(ctx: UnitContext<unknown>): Promise<UnitMetrics> {
  return ctx.facts.shared('evaluation:metrics', () => collect(ctx))
}

const GLOB_CHARS = /[*?[\]{}()!]/

function fileEntries(settings: EvaluationSettings): { glob: string; opts: Omit<FileSource, 'path'> }[] {
  return settings['metrics-files'].map((e: MetricsFileSetting) => {
    if (typeof e === 'string') return { glob: e, opts: {} }
    const { path, ...opts } = e
    return { glob: path, opts }
  })
}

/** Unit-relative glob → matcher on repository paths inside the unit. */
function unitMatcher(unitPath: string, glob: string): (p: string) => boolean {
  const m = globMatcher(glob.replace(/^\.?\//, ''), { nocase: true })
  const prefix = unitPath === '.' ? '' : unitPath + '/'
  return (p) => isWithin(p, unitPath) && p.startsWith(prefix) && m(p.slice(prefix.length))
}

async function collect(ctx: UnitContext<unknown>): Promise<UnitMetrics> {
  const settings = evaluationSettingsOf(ctx.policy)
  const unit = ctx.unit
  const problems: MetricProblem[] = []
  const head: MetricSet = { records: [], problems }
  const add = (s: MetricSet) => {
    head.records.push(...s.records)
    problems.push(...s.problems)
  }

  // The card.
  const cardPath = ctx.facts.cardPath()
  let card: ParsedCard | undefined
  if (cardPath) {
    try {
      card = await ctx.facts.card()
    } catch (err) {
      problems.push({ path: cardPath, line: 1, column: 1, message: `the model card could not be read (${(err as Error).message}): its metrics cannot be checked` })
    }
  }
  let anchor = { path: cardPath ?? unit.artifacts[0] ?? unit.files[0] ?? joinPath(unit.path, 'README.md'), line: 1 }
  if (card) {
    const fm = card.frontMatter
    if (fm?.data && 'model-index' in fm.data) anchor = { path: card.path, line: fm.locate(['model-index'], { key: true }).line }
    if (fm && fm.errors.length) {
      // Broken front matter: say so only when it carries a model-index (the documentation rules report the rest).
      const { text } = await ctx.files.readText(card.path, { maxBytes: CARD_MAX_BYTES })
      const yaml = text.split(/\r\n|\r|\n/).slice(fm.startLine, fm.endLine - 1)
      const at = yaml.findIndex((l) => /^model-index\s*:/.test(l))
      if (at >= 0) {
        const e = fm.errors[0]!
        anchor = { path: card.path, line: fm.startLine + 1 + at }
        problems.push({ path: card.path, line: e.line, column: e.column, message: `the card's front matter cannot be parsed (${e.message}): its \`model-index\` metrics cannot be checked` })
      }
    } else add(modelIndexOfCard(card))
  }

  // Metrics files named by the policy.
  const headFiles: FileSource[] = []
  for (const { glob, opts } of fileEntries(settings)) {
    const match = unitMatcher(unit.path, glob)
    for (const f of unit.files) if (match(f) && !headFiles.some((h) => h.path === f)) headFiles.push({ path: f, ...opts })
  }
  // Metrics files a DVC pipeline declares for this unit.
  const dvcCandidates = settings.dvc ? dvcPaths(unit.path) : []
  const dvcMetrics = async (read: (p: string) => Promise<string | undefined>, atHead: boolean): Promise<string[]> => {
    const out: string[] = []
    for (const p of dvcCandidates) {
      const text = await read(p)
      if (text === undefined) continue
      const pipe = parseDvcYaml(p, text)
      const owns = isWithin(dirname(p), unit.path) || pipe.outputs.some((o) => isWithin(o, unit.path) && o !== '.')
      if (!owns) continue
      if (pipe.problem && atHead) problems.push({ path: p, ...pipe.problem, message: `${pipe.problem.message}: the metrics it declares cannot be checked` })
      for (const m of pipe.metrics) if (!out.includes(m)) out.push(m)
    }
    return out
  }
  const headDvc = new Map<string, string | undefined>()
  const headRead = async (p: string) => {
    const text = (await ctx.files.stat(p)) ? (await ctx.files.readText(p, { maxBytes: CARD_MAX_BYTES })).text : undefined
    headDvc.set(p, text)
    return text
  }
  for (const m of await dvcMetrics(headRead, true)) if (!headFiles.some((h) => h.path === m) && (await ctx.files.stat(m))) headFiles.push({ path: m })

  for (const f of headFiles) {
    const read = await ctx.files.readText(f.path, { maxBytes: METRICS_FILE_MAX_BYTES })
    if (read.truncated) {
      problems.push({ path: f.path, line: 1, column: 1, message: `metrics file \`${f.path}\` is larger than ${METRICS_FILE_MAX_BYTES} bytes: its metrics are not checked` })
      continue
    }
    add(parseMetricsFile(read.text, { ...f, ignore: settings.ignore }))
  }

  const result: UnitMetrics = { head, anchor }
  const base = ctx.base
  if (!base) {
    result.missing = 'no-base'
    return result
  }
  result.baseRef = base.ref
  if (unit.status === 'added') {
    result.missing = 'new-unit'
    return result
  }

  // The base: the same sources, following renames and deletions recorded in the change. A file the
  // change did not touch is the same at the base: its head metrics are reused instead of reading it again
  // (on GitHub, every base read is an API call).
  const before = (p: string) => unit.changes.find((c) => c.path === p && c.previousPath)?.previousPath ?? p
  const changed = ctx.run.changes ? new Set(ctx.run.changes.flatMap((c) => (c.previousPath ? [c.path, c.previousPath] : [c.path]))) : undefined
  const untouched = (p: string) => changed !== undefined && !changed.has(p)
  const headOf = (source: string) => head.records.filter((r) => r.source === source)
  try {
    const baseSet: MetricSet = { records: [], problems: [] }
    if (cardPath && untouched(cardPath)) baseSet.records.push(...headOf('card'))
    else {
      const cardCandidates = [...(cardPath ? [before(cardPath)] : []), ...CARD_NAMES.map((n) => joinPath(unit.path, n))].filter((p) => !untouched(p))
      for (const p of [...new Set(cardCandidates)]) {
        const text = await base.readText(p)
        if (text === undefined) continue
        const s = modelIndexOfCard(parseCard(p, text.length > CARD_MAX_BYTES ? text.slice(0, CARD_MAX_BYTES) : text))
        baseSet.records.push(...s.records)
        break
      }
    }
    const baseFiles: FileSource[] = []
    for (const { glob, opts } of fileEntries(settings)) {
      const match = unitMatcher(unit.path, glob)
      const paths = new Set<string>()
      for (const h of headFiles) if (match(h.path)) paths.add(before(h.path))
      for (const c of unit.changes) if (c.status === 'removed' && match(c.path)) paths.add(c.path)
      if (!GLOB_CHARS.test(glob)) paths.add(normalizePath(joinPath(unit.path, glob.replace(/^\.?\//, ''))))
      for (const p of paths) if (!baseFiles.some((b) => b.path === p)) baseFiles.push({ path: p, ...opts })
    }
    const baseDvcRead = (p: string) => (untouched(p) ? Promise.resolve(headDvc.get(p)) : base.readText(p))
    for (const m of await dvcMetrics(baseDvcRead, false)) if (!baseFiles.some((b) => b.path === m)) baseFiles.push({ path: m })
    for (const f of baseFiles) {
      if (untouched(f.path)) {
        // Not in the change: the same as at the head (absent there means absent at the base too).
        baseSet.records.push(...headOf(f.path))
        continue
      }
      const text = await base.readText(f.path)
      if (text === undefined || text.length > METRICS_FILE_MAX_BYTES) continue
      // Keyed by the head path, so a renamed metrics file still compares.
      const headPath = headFiles.find((h) => before(h.path) === f.path)?.path ?? f.path
      const s = parseMetricsFile(text, { ...f, path: headPath, ignore: settings.ignore })
      baseSet.records.push(...s.records)
    }
    result.base = baseSet
  } catch (err) {
    result.missing = 'unreadable'
    result.baseError = (err as Error).message.slice(0, 200)
  }
  return result
}

/** `dvc.yaml` in the unit's directory and each directory above it. */
function dvcPaths(unitPath: string): string[] {
  const out: string[] = []
  let d = unitPath
  for (;;) {
    out.push(joinPath(d, 'dvc.yaml'))
    if (d === '.') break
    d = dirname(d)
  }
  return out
}

