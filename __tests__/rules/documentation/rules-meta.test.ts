import { describe, expect, it } from '@jest/globals'
import { documentation } from '../../../src/rules/documentation/index.js'
import { resolvePolicy } from '../../../src/core/policy/resolve.js'
import { ruleSet } from '../../../src/rules/index.js'

describe('documentation family', () => {
  it('has stable ids, one line descriptions, help that says how to fix, and examples for `modelgate explain`', () => {
    expect(documentation.rules.map((r) => [r.id, r.defaultSeverity])).toEqual([
      ['doc/model-card-required', 'error'],
      ['doc/card-unreadable', 'error'],
      ['doc/card-empty', 'error'],
      ['doc/front-matter-missing', 'warning'],
      ['doc/front-matter-invalid', 'error'],
      ['doc/misspelled-metadata-key', 'warning'],
      ['doc/required-fields', 'warning'],
      ['doc/license', 'warning'],
      ['doc/model-index', 'error'],
      ['doc/required-sections', 'warning'],
      ['doc/placeholder-text', 'notice'],
      ['doc/risk-tier-missing', 'off'],
      ['doc/risk-tier-invalid', 'error'],
      ['doc/risk-tier-unacceptable', 'error'],
      ['doc/risk-tier-lowered', 'warning'],
      ['doc/metadata-file', 'error'],
    ])
    for (const r of documentation.rules) {
      expect([r.id, r.category, r.description.includes('\n'), /How to fix/.test(r.help), (r.regulation ?? []).length > 0, r.examples !== undefined]).toEqual([
        r.id,
        'documentation',
        false,
        true,
        true,
        true,
      ])
    }
  })

  it('cites a regulation item for every rule under the EU preset', () => {
    const policy = resolvePolicy({ ruleSet, source: 'p', sha256: 'x', file: { version: 1, extends: 'eu-ai-act-high-risk' } })
    for (const r of documentation.rules) {
      const resolved = policy.rules[r.id]!
      const cites = (resolved.options as { cite?: string }).cite
      // required-fields and required-sections cite per requirement (each item of the EU lists carries one).
      const perRequirement = r.id === 'doc/required-fields' || r.id === 'doc/required-sections'
      expect([r.id, resolved.severity !== 'off', perRequirement || /^EU AI Act /.test(cites ?? '')]).toEqual([r.id, true, true])
    }
    const settings = policy.settings.documentation as { 'required-fields': unknown[]; 'required-sections': unknown[] }
    for (const req of [...settings['required-fields'], ...settings['required-sections']]) {
      expect(req).toEqual(expect.objectContaining({ regulation: expect.stringMatching(/^EU AI Act /) }))
    }
  })
})
