/** `defineConfig`: the typed entry point of `gateway.config.ts`. */
import type { UserConfig } from './schema/index.js';
import type { RouteNames, TypedConfig, TypedRoute, TypedRouteTest } from './typed.js';

/**
 * Returns its argument unchanged. It exists for the types: wrapping the config in it gives
 * type checking and editor completion for every key, as Vite's `defineConfig` does — and it
 * checks the names: a route's `upstream` and `auth`, `defaults.auth`, and a test's
 * `expect.route`/`expect.upstream` must name what the config declares, and a template
 * `rewrite.path` may only use parameters its `match.path` captures (typed.ts).
 * @example
 * import { defineConfig } from 'gateway';
 * export default defineConfig({
 *   upstreams: { users: 'http://127.0.0.1:4001' },
 *   routes: [{ name: 'users', match: { path: '/users/:id' }, upstream: 'users', rewrite: { path: '/v2/users/:id' } }],
 * });
 */
export function defineConfig<
  const U extends string = never,
  const A extends string = never,
  const Routes extends readonly TypedRoute<NoInfer<U>, NoInfer<A>>[] = readonly TypedRoute<
    NoInfer<U>,
    NoInfer<A>
  >[],
  const Tests extends readonly TypedRouteTest<NoInfer<RouteNames<Routes>>, NoInfer<U>>[] = readonly [],
>(config: TypedConfig<U, A, Routes, Tests>): UserConfig {
  return config as unknown as UserConfig;
}
