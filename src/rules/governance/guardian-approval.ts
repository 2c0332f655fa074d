import { defineRunRule } from '../../core/rule.js'

/**
 * Skeleton: the GitHub-integration work fills in the check (reviews API facts arrive in ctx.run.reviews
 * and ctx.run.teamMember).
 */
export default defineRunRule({
  id: 'governance/guardian-approval',
  category: 'governance',
  defaultSeverity: 'error',
  description: 'A pull request that changes a guarded model (or the policy) has an approving review from one of its guardians.',
  help: `The policy's \`guardians\` name who must approve changes to which model units (by glob or risk tier)
and to the policy file itself. Until one of them approves the pull request's latest commit, this finding
names who may approve.

How to fix: ask one of the named guardians for an approving review. Add \`on: pull_request_review\` to the
workflow so the gate re-runs when a review is submitted.`,
  check() {},
})
