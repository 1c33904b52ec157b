/**
 * Honest answers about methods. `CONNECT` and `TRACE` are never proxied (a tunnel and a
 * reflection of the request's headers, cookies included), so they get 405 before matching.
 * A request whose path some routes serve with other methods gets 405 with `Allow` listing
 * them (RFC 9110 §15.5.6) instead of 404 — unless those routes opt out
 * (`methodNotAllowed: false`).
 */
import type { MatchableRoute, RouteIndex } from './match/index.js';
import { problem } from './problem.js';
import type { Decision, NormalizedRequest, Problem, RequestInput } from './types.js';

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

/** A 405: the problem document and the `Allow` header value. */
export interface MethodRefusal {
  readonly problem: Problem & { readonly detail: string };
  readonly allow: string;
}

/**
 * `CONNECT` (a tunnel) and `TRACE` (a reflection of the request, cookies included) are refused
 * for every route, before the target is even parsed (`CONNECT host:443` has no path).
 */
export function refuseNeverProxied(
  input: RequestInput,
): (MethodRefusal & { readonly request: Decision['request'] }) | undefined {
  const method = input.method.toUpperCase();
  if (!NEVER_PROXIED.has(method)) return undefined;
  const detail = `${method} is never proxied by the gateway`;
  // Only the part before any query is shown: a query may carry a credential.
  const request = { method, path: input.url.split('?', 1)[0]!.slice(0, 200), query: '', host: '' };
  const body = problem('method-not-allowed', 405, detail, { allow: PROXIED_METHODS.split(', ') });
  return { request, problem: { ...body, detail }, allow: PROXIED_METHODS };
}

/** The 405 for a request no route took because only its method was wrong, or `undefined`. */
export function refuseMethod(
  routes: readonly MethodRoute[],
  index: RouteIndex,
  request: NormalizedRequest,
): MethodRefusal | undefined {
  const allowed = allowedMethods(routes, index, request);
  if (allowed === undefined) return undefined;
  const allow = allowed.methods.join(', ');
  const names = allowed.routes.map((name) => `"${name}"`).join(', ');
  const detail = `${request.method} is not allowed on ${request.path}: ${names} accept${allowed.routes.length === 1 ? 's' : ''} ${allow}`;
  const body = problem('method-not-allowed', 405, detail, { allow: allowed.methods });
  return { problem: { ...body, detail }, allow };
}
