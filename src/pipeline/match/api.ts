/**
 * The match stage's contract (implemented in this folder, re-exported by index.ts).
 * `compileRoute` turns one route's `match` into a tester once, at load; `buildRouteIndex`
 * builds the lookup structure; `matchRoute` finds the first route in evaluation order
 * that accepts a request — through the index on the hot path, by testing every route
 * when a full trace is asked for. Both must always pick the same route.
 */
import type { ConfigIssue } from '../../config/issues.js';
import type { ResolvedRoute } from '../../config/resolved.js';
import type { ConditionFailure, NormalizedRequest, RouteCheck } from '../types.js';

/** A route's compiled conditions. */
export interface CompiledMatch {
  /** Tests the conditions in a fixed order: path, method, host, headers, query. */
  test(request: NormalizedRequest): MatchOutcome;
  /** Parameter names the path pattern captures (`id`, `**`, regex named groups). */
  readonly params: readonly string[];
  /** Static leading path segments, for the index (`['v1', 'products']` for `/v1/products/:id`). */
  readonly staticPrefix: readonly string[];
  /** Human summary for explain and the UI: `GET,HEAD /users/:id host=api.local`. */
  readonly summary: string;
}

export type MatchOutcome =
  | { readonly ok: true; readonly params: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly failed: ConditionFailure };

/** What the index and `matchRoute` need of a route. */
export interface MatchableRoute {
  readonly name: string;
  /** Declared position. */
  readonly index: number;
  /** Evaluation position (priority, then declared order); `routes[rank]` is this route. */
  readonly rank: number;
  readonly match: CompiledMatch;
}

export interface MatchResult<R extends MatchableRoute = MatchableRoute> {
  readonly route: R | undefined;
  readonly params: Readonly<Record<string, string>>;
  /**
   * `full`: every route in evaluation order, each tested. Routes after the winner carry
   * `reached: false` (first match never gets to them); they are tested only so that one whose
   * conditions also accept the request shows `matched: true` and is listed in `shadowed`.
   * `compact`: only the winner.
   */
  readonly checks: readonly RouteCheck[];
  /** When nothing matched: the route that came closest and what failed, for the 404 hint. */
  readonly closest: RouteCheck | undefined;
  /**
   * When nothing matched: up to 3 routes that came closest, closest first (`full`); `compact`
   * names only `closest`. `[]` when a route matched.
   */
  readonly nearest: readonly RouteCheck[];
  /** `full` only: names of routes after the winner that would also have matched (`[]` in `compact`). */
  readonly shadowed: readonly string[];
}

/** `full`: test every route and record each check; `compact`: use the index, keep only the winner. */
export type MatchMode = 'full' | 'compact';

/** The lookup structure `buildRouteIndex` builds once per table. */
export interface RouteIndex {
  /** Number of routes indexed. */
  readonly size: number;
  /**
   * Ranks of the routes that could match `path` (normalized), ascending: routes whose static
   * prefix is a prefix of the path, plus routes without one (RegExps, leading params or globs).
   */
  candidates(path: string): readonly number[];
  /**
   * Rank of the first route (in evaluation order) among those sharing the most leading static
   * segments with `path`; `undefined` for an empty table. Names the closest route on a miss
   * when no candidate got past the path condition.
   */
  nearest(path: string): number | undefined;
}

export type CompileRouteResult =
  | { readonly ok: true; readonly match: CompiledMatch }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

export type CompileRoute = (route: ResolvedRoute) => CompileRouteResult;
