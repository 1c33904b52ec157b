/**
 * `matchRoute`: the first route, in evaluation order, whose conditions accept the request.
 * `compact` asks the index for candidates; `full` tests every route and keeps every check.
 * Both pick the same route (test/router-property.test.ts holds them to it).
 */
import type { NormalizedRequest, RouteCheck } from '../types.js';
import type { MatchableRoute, MatchMode, MatchResult, RouteIndex } from './api.js';

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * @param routes in evaluation order (priority desc, then declared order): `routes[rank]`
 * @example
 * matchRoute(routes, index, request, 'compact')
 * // { route: { name: 'users', … }, params: { id: '42' }, checks: [{ route: 'users', index: 0, matched: true }],
 * //   closest: undefined, shadowed: [] }
 */
export function matchRoute<R extends MatchableRoute>(
  routes: readonly R[],
  index: RouteIndex,
  request: NormalizedRequest,
  mode: MatchMode,
): MatchResult<R> {
  return mode === 'full' ? matchAll(routes, request) : matchIndexed(routes, index, request);
}

function matchIndexed<R extends MatchableRoute>(
  routes: readonly R[],
  index: RouteIndex,
  request: NormalizedRequest,
): MatchResult<R> {
  const candidates = index.candidates(request.path);
  const failures: RouteCheck[] = [];
  for (const rank of candidates) {
    const route = routes[rank]!;
    const outcome = route.match.test(request);
    if (outcome.ok) {
      const check: RouteCheck = { route: route.name, index: route.index, matched: true };
      return { route, params: outcome.params, checks: [check], closest: undefined, shadowed: [] };
    }
    failures.push({ route: route.name, index: route.index, matched: false, failed: outcome.failed });
  }
  return {
    route: undefined,
    params: NO_PARAMS,
    checks: [],
    closest: closestIndexed(routes, index, request, candidates, failures),
    shadowed: [],
  };
}

/**
 * The same answer as `pickClosest` over every route, without testing every route: only candidates
 * can get past the path condition; when none did, the closest path failure is the first route
 * sharing the most leading segments with the request, which the index knows (`nearest`).
 */
function closestIndexed(
  routes: readonly MatchableRoute[],
  index: RouteIndex,
  request: NormalizedRequest,
  candidates: readonly number[],
  failures: readonly RouteCheck[],
): RouteCheck | undefined {
  const pastPathRoutes: MatchableRoute[] = [];
  const pastPathChecks: RouteCheck[] = [];
  failures.forEach((check, i) => {
    if (check.failed?.condition === 'path') return;
    pastPathRoutes.push(routes[candidates[i]!]!);
    pastPathChecks.push(check);
  });
  if (pastPathChecks.length > 0) return pickClosest(pastPathRoutes, pastPathChecks, request);
  const rank = index.nearest(request.path);
  if (rank === undefined) return undefined;
  const route = routes[rank]!;
  const outcome = route.match.test(request);
  return outcome.ok
    ? undefined
    : { route: route.name, index: route.index, matched: false, failed: outcome.failed };
}

function matchAll<R extends MatchableRoute>(
  routes: readonly R[],
  request: NormalizedRequest,
): MatchResult<R> {
  let winner: R | undefined;
  let params = NO_PARAMS;
  const checks: RouteCheck[] = [];
  const shadowed: string[] = [];
  for (const route of routes) {
    const outcome = route.match.test(request);
    if (outcome.ok) {
      if (winner === undefined) {
        winner = route;
        params = outcome.params;
      } else {
        shadowed.push(route.name);
      }
      checks.push({ route: route.name, index: route.index, matched: true });
    } else {
      checks.push({ route: route.name, index: route.index, matched: false, failed: outcome.failed });
    }
  }
  const closest = winner === undefined ? pickClosest(routes, checks, request) : undefined;
  return { route: winner, params, checks, closest, shadowed };
}

const CONDITION_ORDER = {
  path: 0,
  method: 1,
  host: 2,
  header: 3,
  query: 4,
  clientIp: 5,
  sample: 6,
  grpc: 7,
} as const;

/**
 * The route that got furthest: the latest condition in the order path → method → host →
 * header → query → clientIp → sample → grpc; ties go to the longest common leading path, then to evaluation order.
 * `checks[i]` belongs to `routes[i]`; both in evaluation order.
 */
function pickClosest(
  routes: readonly MatchableRoute[],
  checks: readonly RouteCheck[],
  request: NormalizedRequest,
) {
  let best: RouteCheck | undefined;
  let bestStage = -1;
  let bestShared = -1;
  const segments = request.path.toLowerCase().split('/').slice(1);
  checks.forEach((check, i) => {
    if (check.failed === undefined) return;
    const stage = CONDITION_ORDER[check.failed.condition];
    if (stage < bestStage) return;
    const shared = sharedSegments(routes[i]!.match.staticPrefix, segments);
    if (stage > bestStage || shared > bestShared) {
      best = check;
      bestStage = stage;
      bestShared = shared;
    }
  });
  return best;
}

function sharedSegments(prefix: readonly string[], segments: readonly string[]): number {
  let n = 0;
  while (n < prefix.length && n < segments.length && prefix[n]!.toLowerCase() === segments[n]) n++;
  return n;
}
