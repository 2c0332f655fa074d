/** The action's inputs (action.yml), validated. Policy-level defaults live in the policy schema. */
import * as core from '@actions/core'
import { FAIL_ON, type FailOn } from '../core/policy/schema.js'
import { DEFAULT_POLICY_PATH } from '../app/policy.js'

export interface ActionInputs {
  policy: string
  policyExplicit: boolean
  token: string
  failOn?: FailOn
  report: string
  sarif?: string
  workingDirectory: string
  checkAll: boolean
}

export class InputError extends Error {}

export function readInputs(): ActionInputs {
  const failOnRaw = core.getInput('fail-on').trim()
  if (failOnRaw && !FAIL_ON.includes(failOnRaw as FailOn)) {
    throw new InputError(`input fail-on: expected one of ${FAIL_ON.join(', ')}, got "${failOnRaw}"`)
  }
  const checkAllRaw = core.getInput('check-all').trim().toLowerCase()
  if (checkAllRaw && !['true', 'false'].includes(checkAllRaw)) throw new InputError(`input check-all: expected true or false, got "${checkAllRaw}"`)
  const policy = core.getInput('policy').trim()
  return {
    policy: policy || DEFAULT_POLICY_PATH,
    policyExplicit: policy !== '' && policy !== DEFAULT_POLICY_PATH,
    token: core.getInput('token'),
    failOn: (failOnRaw || undefined) as FailOn | undefined,
    report: core.getInput('report').trim() || 'modelgate-report.json',
    sarif: core.getInput('sarif').trim() || undefined,
    workingDirectory: core.getInput('working-directory').trim() || '.',
    checkAll: checkAllRaw === 'true',
  }
}
