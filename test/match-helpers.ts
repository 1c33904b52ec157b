// Builders shared by the match/router tests: resolved routes, a ranked table, normalized requests.
import type { ResolvedRoute } from '../src/config/resolved.js';
import { normalize } from '../src/pipeline/normalize.js';
import {
  buildRouteIndex,
  compileRoute,
  type MatchableRoute,
  type RouteIndex,
} from '../src/pipeline/match/index.js';
import type { NormalizedRequest } from '../src/pipeline/types.js';

type MatchInput = Partial<ResolvedRoute['match']> & Pick<ResolvedRoute['match'], 'path'>;

/** A resolved route with every field but `match` (and `priority`) at its default. */
export function route(name: string, match: MatchInput, priority = 0, index = 0): ResolvedRoute {
  return {
    name,
    index,
    match: {
      methods: undefined,
      host: undefined,
      headers: {},
      query: {},
      caseInsensitive: false,
      allowEncodedSlashes: false,
      allowPathParameters: false,
      ...match,
    },
    upstream: 'up',
    respond: undefined,
    rewrite: undefined,
    auth: null,
    authSource: 'none',
    priority,
    timeout: undefined,
    websocket: true,
    methodNotAllowed: true,
    cors: undefined,
    grpc: undefined,
    soap: undefined,
  };
}

export interface Table {
  /** In evaluation order: `routes[rank]`. */
  readonly routes: readonly MatchableRoute[];
  readonly index: RouteIndex;
}

/** Compiles and ranks routes like the table builder: priority desc, then declared order. */
export function table(declared: readonly ResolvedRoute[]): Table {
  const compiled = declared.map((r, index) => {
    const result = compileRoute({ ...r, index });
    if (!result.ok) throw new Error(`${r.name}: ${result.issues[0]?.message}`);
    return { name: r.name, index, priority: r.priority, match: result.match };
  });
  const ranked = [...compiled].sort((a, b) => b.priority - a.priority || a.index - b.index);
  const routes = ranked.map((r, rank) => ({ name: r.name, index: r.index, rank, match: r.match }));
  return { routes, index: buildRouteIndex(routes) };
}

/** A normalized request; throws when normalization rejects it. */
export function request(
  method: string,
  url: string,
  headers: Record<string, string | string[]> = {},
): NormalizedRequest {
  const result = normalize(
    { method, url, headers: { host: 'localhost', ...headers }, remoteAddress: '127.0.0.1', scheme: 'http' },
    { trustedProxies: [] },
  );
  if (!result.ok) throw new Error(`${url}: ${result.reason}`);
  return result.request;
}
