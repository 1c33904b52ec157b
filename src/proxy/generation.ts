/**
 * A generation: one route table with everything a request needs to run on it — the pools, the
 * `DecideContext` and the per-target forwarding routes. A reload builds the next generation and
 * swaps it in with one assignment; a request keeps the generation it started with, so in-flight
 * requests finish on the table they started on.
 */
import { createPools, type Pools } from '../pipeline/balance/index.js';
import type { DecideContext, MetricsSource } from '../pipeline/context.js';
import type { RouteRuntime } from '../pipeline/route-state.js';
import type { RouteTable } from '../pipeline/table.js';
import type { TargetRoutes, UpstreamAgents } from './targets.js';

export interface Generation {
  readonly table: RouteTable;
  readonly pools: Pools;
  /** What `decide` gets on the hot path (compact trace). */
  readonly ctx: DecideContext;
  readonly routes: TargetRoutes;
}

/** Time, randomness and fetch for the pipeline; tests may pin them. */
export interface Clock {
  readonly now: () => number;
  readonly random: () => number;
  readonly fetch: typeof fetch;
}

/**
 * Builds the generation for `table`. Pass the previous generation on reload: pools carry over the
 * state of unchanged targets, and `agents` keeps their warm connections. `routeState` (rate-limit
 * buckets, chaos mode) is the server's, the same for every generation.
 */
export function createGeneration(
  table: RouteTable,
  agents: UpstreamAgents,
  clock: Clock,
  previous?: Generation,
  metrics?: MetricsSource,
  routeState?: RouteRuntime,
): Generation {
  const pools = createPools(previous?.pools, { now: clock.now });
  return {
    table,
    pools,
    ctx: {
      now: clock.now,
      random: clock.random,
      pools,
      fetch: clock.fetch,
      trace: 'compact',
      metrics,
      routeState,
    },
    routes: agents.routesFor(table),
  };
}
