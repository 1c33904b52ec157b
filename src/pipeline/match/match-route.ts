/**
 * `matchRoute`: the first route, in evaluation order, whose conditions accept the request.
 * `compact` asks the index for candidates; `full` tests every route and keeps every check,
 * marking the routes after the winner `reached: false` (first match stops there; they are
 * tested only to show which would also have matched). Both pick the same route
 * (test/router-property.test.ts holds them to it).
 */
import type { NormalizedRequest, RouteCheck } from '../types.js';
import type { MatchableRoute, MatchMode, MatchResult, RouteIndex } from './api.js';

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const NONE: readonly RouteCheck[] = Object.freeze([]);

/** How many routes a miss names in full mode (`nearest`): the closest and two runners-up. */
const NEAREST_COUNT = 3;

/**
 * @param routes in evaluation order (priority desc, then declared order): `routes[rank]`
 * @example
 * matchRoute(routes, index, request, 'compact')
 * // { route: { name: 'users', … }, params: { id: '42' }, checks: [{ route: 'users', index: 0, matched: true }],
 * //   closest: undefined, nearest: [], shadowed: [] }
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
      return {
        route,
        params: outcome.params,
        checks: [check],
        closest: undefined,
        nearest: NONE,
        shadowed: [],
      };
    }
    failures.push({ route: route.name, index: route.index, matched: false, failed: outcome.failed });
  }
  const closest = closestIndexed(routes, index, request, candidates, failures);
  return {
    route: undefined,
    params: NO_PARAMS,
    checks: [],
    closest,
    nearest: closest ? [closest] : NONE,
    shadowed: [],
  };
}

/**
 * The same answer as `rankClosest` over every route, without testing every route: only candidates
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
  if (pastPathChecks.length > 0) return rankClosest(pastPathRoutes, pastPathChecks, request, 1)[0];
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
    // First match stops at the winner: what comes after it is shown, never evaluated for real.
    const reached = winner === undefined ? {} : { reached: false as const };
    if (outcome.ok) {
      if (winner === undefined) {
        winner = route;
        params = outcome.params;
      } else {
        shadowed.push(route.name);
      }
      checks.push({ route: route.name, index: route.index, matched: true, ...reached });
    } else {
      checks.push({
        route: route.name,
        index: route.index,
        matched: false,
        failed: outcome.failed,
        ...reached,
      });
    }
  }
  const nearest = winner === undefined ? rankClosest(routes, checks, request, NEAREST_COUNT) : NONE;
  return { route: winner, params, checks, closest: nearest[0], nearest, shadowed };
}

const CONDITION_ORDER = { path: 0, method: 1, host: 2, header: 3, query: 4 } as const;

/**
 * The `count` routes that got furthest, closest first: the latest condition in the order
 * path → method → host → header → query; ties go to the longest common leading path, then to
 * evaluation order. `checks[i]` belongs to `routes[i]`; both in evaluation order.
 */
function rankClosest(
  routes: readonly MatchableRoute[],
  checks: readonly RouteCheck[],
  request: NormalizedRequest,
  count: number,
): RouteCheck[] {
  const segments = request.path.toLowerCase().split('/').slice(1);
  const ranked: { check: RouteCheck; stage: number; shared: number; order: number }[] = [];
  checks.forEach((check, order) => {
    if (check.failed === undefined) return;
    const stage = CONDITION_ORDER[check.failed.condition];
    const shared = sharedSegments(routes[order]!.match.staticPrefix, segments);
    ranked.push({ check, stage, shared, order });
  });
  ranked.sort((a, b) => b.stage - a.stage || b.shared - a.shared || a.order - b.order);
  return ranked.slice(0, count).map((entry) => entry.check);
}

function sharedSegments(prefix: readonly string[], segments: readonly string[]): number {
  let n = 0;
  while (n < prefix.length && n < segments.length && prefix[n]!.toLowerCase() === segments[n]) n++;
  return n;
}
