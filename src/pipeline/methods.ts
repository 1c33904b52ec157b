/**
 * Honest answers about methods. `CONNECT` and `TRACE` are never proxied (a tunnel and a
 * reflection of the request's headers, cookies included), so they get 405 before matching.
 * A request whose path some routes serve with other methods gets 405 with `Allow` listing
 * them (RFC 9110 §15.5.6) instead of 404 — unless those routes opt out
 * (`methodNotAllowed: false`).
 */
import type { MatchableRoute, RouteIndex } from './match/index.js';
import type { NormalizedRequest } from './types.js';

/** Methods the gateway never forwards, whatever the route says. */
export const NEVER_PROXIED: ReadonlySet<string> = new Set(['CONNECT', 'TRACE']);

/** What `Allow` says for a never-proxied method: the methods a route may be given. */
export const PROXIED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** A route as this check sees it: compiled match plus the two settings it reads. */
interface MethodRoute extends MatchableRoute {
  readonly config: {
    readonly match: { readonly methods: readonly string[] | undefined };
    readonly methodNotAllowed: boolean;
  };
}

/** The routes that would take the request with another method, and those methods. */
export interface AllowedMethods {
  readonly methods: readonly string[];
  readonly routes: readonly string[];
}

/**
 * Methods of the routes whose every condition but the method accepts `request`, in evaluation
 * order; `undefined` when there are none (a plain 404). Only called when nothing matched.
 * @example allowedMethods(routes, index, { method: 'PUT', path: '/users/1', … })
 * // { methods: ['GET', 'HEAD'], routes: ['users'] }
 */
export function allowedMethods(
  routes: readonly MethodRoute[],
  index: RouteIndex,
  request: NormalizedRequest,
): AllowedMethods | undefined {
  const methods = new Set<string>();
  const names: string[] = [];
  for (const rank of index.candidates(request.path)) {
    const route = routes[rank]!;
    const declared = route.config.match.methods;
    if (!route.config.methodNotAllowed || declared === undefined || declared.length === 0) continue;
    const outcome = route.match.test(request);
    if (outcome.ok || outcome.failed.condition !== 'method') continue;
    // Would the route take it with one of its own methods? Then only the method was wrong.
    if (!route.match.test({ ...request, method: declared[0]! }).ok) continue;
    for (const method of declared) methods.add(method);
    if (methods.has('GET')) methods.add('HEAD');
    names.push(route.name);
  }
  return names.length === 0 ? undefined : { methods: [...methods], routes: names };
}
