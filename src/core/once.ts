/**
 * A value built on first use and memoized. Used for zod schemas: zod 4 builds a schema eagerly (its
 * constructors do real work), and building them all at module load costs every run's start-up, even runs that
 * never parse with them.
 */
export function once<T>(build: () => T): () => T {
  let built = false
  let value: T
  return () => {
    if (!built) {
      value = build()
      built = true
    }
    return value
  }
}

/**
 * Makes `obj[key]` a getter that builds its value on first read and then replaces itself with a plain
 * enumerable data property holding that value (so later reads, spreads and Object.keys see ordinary data).
 */
export function lazyProperty<T extends object, K extends keyof T>(obj: T, key: K, build: () => T[K]): T {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = build()
      Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true })
      return value
    },
  })
  return obj
}
