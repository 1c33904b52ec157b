/**
 * The route table: a `ResolvedConfig` compiled once (matchers, index, auth providers,
 * gRPC/SOAP transforms) and frozen. A reload builds a new table and swaps it in whole.
 */
import type { ConfigIssue, Result } from '../config/issues.js';
import type { ResolvedConfig, ResolvedRoute } from '../config/resolved.js';
import type { AuthProvider } from './auth/api.js';
import { compileAuthProviders, identityHeaderNames } from './auth/index.js';
import type { MatchableRoute } from './match/api.js';
import { buildRouteIndex, compileRoute, type RouteIndex } from './match/index.js';
import type { CompiledMock } from './mock/api.js';
import type { CompiledTransform } from './transform/api.js';

/** A route ready for requests. */
export interface CompiledRoute extends MatchableRoute {
  readonly config: ResolvedRoute;
  /** For gRPC and SOAP upstreams. */
  readonly transform: CompiledTransform | undefined;
  /** For `mock` routes: file bodies read, OpenAPI operations. */
  readonly mock?: CompiledMock;
}

export interface RouteTable {
  readonly config: ResolvedConfig;
  /** In evaluation order: `priority` (higher first), then declared order. */
  readonly routes: readonly CompiledRoute[];
  readonly index: RouteIndex;
  readonly authProviders: ReadonlyMap<string, AuthProvider>;
  /** Files the table was built from besides the config (protos, WSDLs, keys): live reload watches them. */
  readonly files: readonly string[];
  /** Every header that carries identity upstream (routes' identityHeaders, forward auth's responseHeaders): client-sent copies are removed from every request. */
  readonly identityHeaders: readonly string[];
}

export interface CompileOptions {
  readonly env?: NodeJS.ProcessEnv;
  /**
   * `lazy`: gRPC/SOAP transforms are built on their first `plan` and what the protos and WSDLs
   * contain comes from the description cache — for one-shot commands (explain) that plan one
   * request. The proxy builds everything up front. @default false
   */
  readonly lazyTransforms?: boolean;
}

/** Compiles a resolved config into a frozen table, or returns every issue found. */
export async function compileTable(
  config: ResolvedConfig,
  options: CompileOptions = {},
): Promise<Result<{ table: RouteTable }>> {
  const issues: ConfigIssue[] = [];
  const order = [...config.routes].sort((a, b) => b.priority - a.priority || a.index - b.index);

  const auth = await compileAuthProviders(config.auth, { env: options.env ?? process.env, dir: config.dir });
  if (!auth.ok) issues.push(...auth.issues);

  let transforms: ReadonlyMap<string, CompiledTransform> = new Map();
  let transformFiles: readonly string[] = [];
  const needsTransforms = Object.values(config.upstreams).some((u) => u.protocol !== 'http');
  if (needsTransforms) {
    // Loaded only when a config has gRPC or SOAP upstreams, so plain configs never pay for protobuf or XML.
    const { compileTransforms } = await import('./transform/index.js');
    const compiled = await compileTransforms(
      config,
      options.lazyTransforms ? { mode: 'lazy', cache: { env: options.env ?? process.env } } : {},
    );
    if (compiled.ok) {
      transforms = compiled.transforms;
      transformFiles = compiled.files;
    } else issues.push(...compiled.issues);
  }

  let mocks: ReadonlyMap<string, CompiledMock> = new Map();
  let mockFiles: readonly string[] = [];
  if (config.routes.some((route) => route.mock !== undefined)) {
    // Loaded only for configs with mocks (the OpenAPI parser only for OpenAPI mocks).
    const { compileMocks } = await import('./mock/compile.js');
    const compiled = await compileMocks(config);
    mocks = compiled.mocks;
    mockFiles = compiled.files;
    issues.push(...compiled.issues);
  }

  const routes: CompiledRoute[] = [];
  order.forEach((route, rank) => {
    const compiled = compileRoute(route);
    if (!compiled.ok) {
      issues.push(...compiled.issues);
      return;
    }
    routes.push(
      Object.freeze({
        name: route.name,
        index: route.index,
        rank,
        match: compiled.match,
        config: route,
        transform: transforms.get(route.name),
        ...(mocks.has(route.name) && { mock: mocks.get(route.name) }),
      }),
    );
  });
  if (issues.length > 0) return { ok: false, issues };

  const table: RouteTable = Object.freeze({
    config,
    routes: Object.freeze(routes),
    index: buildRouteIndex(routes),
    authProviders: auth.ok ? auth.providers : new Map(),
    files: Object.freeze([...(auth.ok ? auth.files : []), ...transformFiles, ...mockFiles]),
    identityHeaders: Object.freeze(identityHeaderNames(config.routes, auth.ok ? auth.providers : new Map())),
  });
  return { ok: true, table };
}
