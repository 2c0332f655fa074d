declare const __MODELGATE_VERSION__: string | undefined

/** The tool version, injected at build time (esbuild `define`); '0.0.0-dev' when running from source. */
export const VERSION: string = typeof __MODELGATE_VERSION__ === 'string' ? __MODELGATE_VERSION__ : '0.0.0-dev'

export const TOOL = { name: 'modelgate', version: VERSION }
