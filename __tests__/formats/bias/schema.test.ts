import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { biasReportJsonSchema } from '../../../src/formats/bias/schema.js'
import { parseBiasReport } from '../../../src/formats/bias/parse.js'

const root = new URL('../../../', import.meta.url)

describe('bias report JSON Schema', () => {
  it('is current: regenerate with `node scripts/gen-bias-schema.mjs`', () => {
    const committed = readFileSync(new URL('schema/bias-report.schema.json', root), 'utf8')
    expect(committed).toBe(JSON.stringify(biasReportJsonSchema(), null, 2) + '\n')
  })

  it('describes the required fields and forbids unknown ones', () => {
    const s = biasReportJsonSchema() as { required: string[]; additionalProperties: boolean; $id: string }
    expect(s.required).toEqual(['version', 'model', 'dataset', 'date', 'author', 'attributes'])
    expect(s.additionalProperties).toBe(false)
    expect(s.$id).toMatch(/schema\/bias-report\.schema\.json$/)
  })
})

describe('docs/bias-report.md', () => {
  const doc = readFileSync(new URL('docs/bias-report.md', root), 'utf8')
  const blocks = [...doc.matchAll(/```(yaml|json)\n([\s\S]*?)```/g)]

  it('has a full example that is a valid report', () => {
    const example = blocks.find((b) => b[2]!.includes('version: 1') && b[2]!.includes('attributes:'))
    expect(example).toBeDefined()
    const r = parseBiasReport('bias_report.yaml', example![2]!)
    expect(r.ok ? [] : r.problems).toEqual([])
  })
})
