/**
 * Rule option schemas and settings schemas are built on first use, not when the registry is imported: zod 4
 * schema construction at module load costs every run's start-up (src/core/once.ts). Nothing in this file may
 * read a rule's `options` or a section's `schema` before the first test.
 */
import { describe, expect, it, jest } from '@jest/globals'
import * as z from 'zod'
import { lazyProperty, once } from '../../src/core/once.js'
import { defineRunRule, defineSettings, defineUnitRule } from '../../src/core/rule.js'
import { ruleSet } from '../../src/rules/index.js'
import { piiSettings, piiSettingsSchema } from '../../src/rules/pii/settings.js'

const descriptor = (o: object, key: string) => Object.getOwnPropertyDescriptor(o, key)

describe('lazy schemas', () => {
  it('builds no rule option schema and no settings schema when the registry is imported', () => {
    const lazyRules = ruleSet.rules.filter((r) => descriptor(r, 'options') !== undefined)
    // Most documentation rules take `cite`; several other rules have options of their own.
    expect(lazyRules.length).toBeGreaterThan(20)
    for (const r of lazyRules) {
      const d = descriptor(r, 'options')!
      expect([r.id, typeof d.get, 'value' in d, d.enumerable]).toEqual([r.id, 'function', false, true])
    }
    expect(ruleSet.settings.map((s) => s.key)).toEqual(expect.arrayContaining(['documentation', 'pii', 'bias', 'artifact', 'evaluation']))
    for (const s of ruleSet.settings) {
      const d = descriptor(s, 'schema')!
      expect([s.key, typeof d.get, 'value' in d, d.enumerable]).toEqual([s.key, 'function', false, true])
    }
  })

  it('builds a rule’s options on first read, then keeps them as a plain data property', () => {
    const rule = ruleSet.rules.find((r) => r.id === 'artifact/format-policy')!
    expect(typeof descriptor(rule, 'options')!.get).toBe('function')
    const first = rule.options
    expect(first).toBeInstanceOf(z.ZodObject)
    const d = descriptor(rule, 'options')!
    expect([d.get, d.value, d.enumerable, d.writable]).toEqual([undefined, first, true, true])
    expect(rule.options).toBe(first)
    // Every other rule's options build too (and shared ones, like `cite`, are one instance).
    for (const r of ruleSet.rules) if (descriptor(r, 'options')) expect([r.id, r.options instanceof z.ZodType]).toEqual([r.id, true])
    const cite = ruleSet.rules.filter((r) => r.id.startsWith('doc/') && r.options).map((r) => r.options)
    expect(new Set(cite).size).toBe(1)
  })

  it('builds a settings section’s schema on first read: the family’s schema, the same instance every time', () => {
    expect(typeof descriptor(piiSettings, 'schema')!.get).toBe('function')
    const first = piiSettings.schema
    expect(first).toBe(piiSettingsSchema())
    expect('value' in descriptor(piiSettings, 'schema')!).toBe(true)
    expect(piiSettings.schema).toBe(first)
    for (const s of ruleSet.settings) expect([s.key, s.schema instanceof z.ZodType]).toEqual([s.key, true])
  })

  it('defineUnitRule, defineRunRule and defineSettings call the builder only when the schema is read, once', () => {
    const build = jest.fn(() => z.strictObject({ n: z.number().default(1) }))
    const unit = defineUnitRule({ id: 'x/unit', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', options: build, check() {} })
    const run = defineRunRule({ id: 'x/run', category: 'governance', defaultSeverity: 'error', description: 'd', help: 'h', options: build, check() {} })
    const section = defineSettings({ key: 'x', schema: build, presets: { strict: { n: 2 } } })
    expect(build).not.toHaveBeenCalled()
    // The keys (and their order) are those of the object passed in.
    expect(Object.keys(unit)).toEqual(['id', 'category', 'defaultSeverity', 'description', 'help', 'options', 'check', 'scope'])
    expect(Object.keys(section)).toEqual(['key', 'schema', 'presets'])
    expect(unit.options).toBe(unit.options)
    expect(build).toHaveBeenCalledTimes(1)
    expect(run.options).not.toBe(unit.options)
    expect(section.schema.parse({})).toEqual({ n: 1 })
    expect(build).toHaveBeenCalledTimes(3)
    expect({ ...unit }.options).toBe(unit.options)
    expect(build).toHaveBeenCalledTimes(3)
    // A rule without options has no `options` property at all, as before.
    const plain = defineUnitRule({ id: 'x/plain', category: 'pii', defaultSeverity: 'error', description: 'd', help: 'h', check() {} })
    expect('options' in plain).toBe(false)
  })

  it('once() builds on the first call only; lazyProperty() replaces its getter with the value', () => {
    const build = jest.fn(() => ({ built: true }))
    const get = once(build)
    expect(build).not.toHaveBeenCalled()
    expect(get()).toBe(get())
    expect(build).toHaveBeenCalledTimes(1)
    const undef = jest.fn(() => undefined)
    const getUndefined = once(undef)
    getUndefined()
    getUndefined()
    expect(undef).toHaveBeenCalledTimes(1)
    const o = lazyProperty({ a: 1, b: 0 }, 'b', () => 2)
    expect(typeof descriptor(o, 'b')!.get).toBe('function')
    expect(o.b).toBe(2)
    expect(descriptor(o, 'b')).toEqual({ value: 2, writable: true, enumerable: true, configurable: true })
    expect(Object.keys(o)).toEqual(['a', 'b'])
  })
})
