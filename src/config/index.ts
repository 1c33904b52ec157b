/** The config layer: `defineConfig` for users; `loadConfig`/`resolveConfig` and the resolved types for the program. */
export { defineConfig } from './define.js';
export { referencedFiles } from './dependencies.js';
export { type ConfigIssue, formatKeyPath, parseKeyPath, type Result } from './issues.js';
export { CONFIG_SEARCH_PLACES, type LoadedConfig, type LoadOptions, loadConfig } from './load.js';
export { attachLocations, locateKeyPath, type SourceFormat } from './locate.js';
export { type ResolveOptions, resolveConfig } from './resolve.js';
export type * from './resolved.js';
export type * from './schema/index.js';
export { configSchema } from './schema/index.js';
export { toBytes, toMilliseconds } from './units.js';
