/**
 * Importing modelgate's modules builds no zod schema (each is built on first use, src/core/once.ts): zod 4 builds
 * schemas eagerly, and building them all at module load cost every run's start-up. scripts/check-lazy-zod.mjs
 * bundles the entries and every module of src/ with a counting stand-in for zod and fails on any call at import.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as path from 'node:path'
import { ROOT } from '../support/run-dist.js'

describe('zod schemas at import', () => {
  it('none is built when the action, the CLI or any module of src/ is imported; reading them builds them', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-lazy-zod.mjs')], { cwd: ROOT, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^action: 0 zod call\(s\) on import$/m)
    expect(r.stdout).toMatch(/^cli: 0 zod call\(s\) on import$/m)
    expect(r.stdout).toMatch(/^all: 0 zod call\(s\) on import$/m)
    // The counter counts: reading every rule's options and settings schema makes calls.
    expect(Number(/made (\d+) zod call/.exec(r.stdout)?.[1])).toBeGreaterThan(100)
  })
})
