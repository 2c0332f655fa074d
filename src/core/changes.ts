/** What a change touched: the input that selects which model units are evaluated. */

export type ChangeStatus = 'added' | 'modified' | 'removed' | 'renamed'

export interface ChangedFile {
  path: string
  status: ChangeStatus
  /** For renames: the path before. */
  previousPath?: string
}

/** Maps GitHub's file statuses (and git's letters) to ours. */
export function normalizeStatus(s: string): ChangeStatus {
  switch (s) {
    case 'added':
    case 'A':
    case 'C':
    case 'copied':
      return 'added'
    case 'removed':
    case 'D':
      return 'removed'
    case 'renamed':
    case 'R':
      return 'renamed'
    default:
      return 'modified'
  }
}
