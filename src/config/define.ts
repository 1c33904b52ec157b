/** `defineConfig`: the typed entry point of `gateway.config.ts`. */
import type { UserConfig } from './schema/index.js';

/**
 * Returns its argument unchanged. It exists for the types: wrapping the config in it gives
 * type checking and editor completion for every key, as Vite's `defineConfig` does.
 * @example
 * import { defineConfig } from 'gateway';
 * export default defineConfig({
 *   upstreams: { users: 'http://127.0.0.1:4001' },
 *   routes: [{ name: 'users', match: { path: '/users/**' }, upstream: 'users' }],
 * });
 */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
