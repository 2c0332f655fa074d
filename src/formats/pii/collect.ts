/**
 * Aggregation of detections into groups: one per kind × column (or kind × detector for custom patterns,
 * or kind alone for free text). A group keeps the count, the first occurrence's position and the
 * redacted shape of the first value; raw values are dropped as soon as they are redacted.
 */
import type { PiiKind } from './kinds.js'
import { redact } from './redact.js'

export interface Group {
  kind: PiiKind
  /** Column (CSV/TSV/Parquet header) or key (JSON/YAML) holding the values, when the data is tabular or keyed. */
  column?: string
  /** Where in a structured document (e.g. `the output of cell 3`), for notebooks. */
  where?: string
  /** Custom detector name. */
  detector?: string
  /** Phone numbers: what made values count (`international prefix`, `country column`, `configured region`, `column name`). */
  evidence?: string[]
  count: number
  /** 1-based line and column of the first occurrence (text formats). */
  firstLine?: number
  firstColumn?: number
  /** 1-based row of the first occurrence (Parquet). */
  firstRow?: number
  /** Byte offset of the sampled region holding the first occurrence, when it was past the file's head. */
  firstRegionByte?: number
  redacted: string
}

export interface Position {
  line?: number
  column?: number
  row?: number
  regionByte?: number
}

const MAX_GROUPS = 2000

/** A value, or something that slices it out of its text on demand (a detector's Hit). */
export type ValueRef = string | { readonly value: string }

const valueOf = (v: ValueRef) => (typeof v === 'string' ? v : v.value)

/** Labels of a group; callers may reuse one object (it is copied). */
export interface Labels {
  column?: string
  where?: string
  detector?: string
  evidence?: string
}

/** Sees every detection with its raw value: for measuring recall and precision only (never wired to findings). */
export type Observer = (kind: PiiKind, value: string, pos: Position) => void

export class Collector {
  constructor(private readonly observe?: Observer) {}

  private readonly groups = new Map<string, Group>()
  /** Fast path: kind → column label → group (no where/detector labels). */
  private readonly byColumn = new Map<PiiKind, Map<string | undefined, Group>>()
  /** Occurrences that did not fit in MAX_GROUPS distinct groups (counted per kind). */
  readonly overflow = new Map<PiiKind, number>()

  /** Kinds not counted in this file (a published contact point's e-mails, phones and names). */
  skip: ReadonlySet<PiiKind> | undefined
  /** Where every group of this collector is (a zip member), unless the scanner says more precisely. */
  within: string | undefined

  /** Counts one occurrence. `pos` and `labels` may be reused by the caller: they are copied. */
  add(kind: PiiKind, value: ValueRef, pos: Position, labels: Labels = {}): void {
    if (this.skip?.has(kind)) return
    if (this.within !== undefined && labels.where === undefined) labels = { ...labels, where: this.within }
    if (this.observe) this.observe(kind, valueOf(value), pos)
    const simple = labels.where === undefined && labels.detector === undefined
    let cols = simple ? this.byColumn.get(kind) : undefined
    const g = simple ? cols?.get(labels.column) : this.groups.get(keyOf(kind, labels))
    if (g) {
      g.count++
      if (labels.evidence !== undefined && !g.evidence?.includes(labels.evidence)) (g.evidence ??= []).push(labels.evidence)
      // Fast path: a later line of the same region is never earlier.
      if (pos.line !== undefined && g.firstLine !== undefined && pos.line > g.firstLine && (pos.regionByte ?? 0) === (g.firstRegionByte ?? 0)) return
      if (earlier(pos, g)) {
        setFirst(g, pos)
        g.redacted = redact(kind, valueOf(value))
      }
      return
    }
    if (this.groups.size >= MAX_GROUPS) {
      this.overflow.set(kind, (this.overflow.get(kind) ?? 0) + 1)
      return
    }
    const n: Group = { kind, count: 1, redacted: redact(kind, valueOf(value)) }
    if (labels.column !== undefined) n.column = labels.column
    if (labels.where !== undefined) n.where = labels.where
    if (labels.detector !== undefined) n.detector = labels.detector
    if (labels.evidence !== undefined) n.evidence = [labels.evidence]
    setFirst(n, pos)
    this.groups.set(keyOf(kind, labels), n)
    if (simple) {
      if (!cols) this.byColumn.set(kind, (cols = new Map()))
      cols.set(labels.column, n)
    }
  }

  /** Groups in order of first occurrence. */
  list(): Group[] {
    return [...this.groups.values()].sort(
      (a, b) =>
        (a.firstRegionByte ?? 0) - (b.firstRegionByte ?? 0) ||
        (a.firstLine ?? 0) - (b.firstLine ?? 0) ||
        (a.firstRow ?? 0) - (b.firstRow ?? 0) ||
        (a.firstColumn ?? 0) - (b.firstColumn ?? 0) ||
        (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
    )
  }
}

function keyOf(kind: PiiKind, labels: Labels): string {
  return `${kind}\u0000${labels.column ?? ''}\u0000${labels.where ?? ''}\u0000${labels.detector ?? ''}`
}

function earlier(p: Position, g: Group): boolean {
  const pr = p.regionByte ?? 0
  const gr = g.firstRegionByte ?? 0
  if (pr !== gr) return pr < gr
  if (p.line !== undefined && g.firstLine !== undefined && p.line !== g.firstLine) return p.line < g.firstLine
  if (p.row !== undefined && g.firstRow !== undefined && p.row !== g.firstRow) return p.row < g.firstRow
  if (p.line !== undefined && p.line === g.firstLine) return (p.column ?? 0) < (g.firstColumn ?? 0)
  return false
}

function setFirst(g: Group, p: Position) {
  if (p.line !== undefined) g.firstLine = p.line
  else delete g.firstLine
  if (p.column !== undefined) g.firstColumn = p.column
  else delete g.firstColumn
  if (p.row !== undefined) g.firstRow = p.row
  else delete g.firstRow
  if (p.regionByte !== undefined && p.regionByte > 0) g.firstRegionByte = p.regionByte
  else delete g.firstRegionByte
}
