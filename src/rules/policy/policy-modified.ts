import { defineRunRule } from '../../core/rule.js'

export default defineRunRule({
  id: 'policy/policy-modified',
  category: 'policy',
  defaultSeverity: 'warning',
  description: 'The change modifies the governance policy file itself.',
  help: `The pull request changes the governance policy (\`.github/modelgate.yml\` by default).

Why: on pull requests modelgate always evaluates the policy from the **base** commit, so a pull request cannot
weaken its own gate; but the new policy takes effect once merged, so the guardians of the policy should
review it deliberately.

How to fix: nothing is wrong by itself; ask a policy guardian to review. Raise the severity to \`error\`
to force policy changes through a separate, reviewed pull request.`,
  examples: {
    pass: 'a pull request that changes only files under models/',
    fail: 'a pull request that edits `.github/modelgate.yml`',
  },
  check(ctx) {
    const changed = ctx.run.changes?.find((c) => c.path === ctx.run.policyPath || c.previousPath === ctx.run.policyPath)
    if (!changed) return
    const line = 1
    ctx.report({
      path: ctx.run.policyPath,
      line,
      message:
        changed.status === 'removed'
          ? 'this change deletes the governance policy; it will take effect after merge (this run used the base policy)'
          : `this change ${changed.status === 'added' ? 'adds' : 'modifies'} the governance policy; it takes effect after merge (this run used the ${ctx.run.pullRequest ? 'base' : 'current'} policy)`,
      details: { status: changed.status },
    })
  },
})
