/** What `decide` receives besides the request and the table: time, randomness and runtime state. */
import type { Pools } from './balance/index.js';
import type { RouteRuntime } from './route-state.js';
import type { RouteTable } from './table.js';

/** The running gateway's metrics, as the metrics endpoint reads them (src/metrics implements it). */
export interface MetricsSource {
  /** Prometheus exposition text for the counters so far and the pools' state now. */
  render(pools: Pools, table: RouteTable): string;
}

export interface DecideContext {
  /** Milliseconds since the epoch. `explain` and `test` pin it. */
  readonly now: () => number;
  /** A number in [0, 1). `explain` and `test` pin it so random picks repeat. */
  readonly random: () => number;
  /** Live balancer and health state (a fresh one for `explain`: "what a fresh balancer picks"). */
  readonly pools: Pools;
  /** For providers that ask another service (forward auth, JWKS URLs). */
  readonly fetch: typeof fetch;
  /**
   * `full`: every route's check is kept in the match trace (explain, test, the UI's detail view).
   * `compact`: only the winner (the proxy's hot path). The decision is the same either way.
   */
  readonly trace: 'full' | 'compact';
  /**
   * Rate-limit buckets, mock sequences and the UI's chaos overlay (the proxy's, kept across
   * requests). Absent (explain, test): fresh state that is looked at, never advanced, and no chaos.
   */
  readonly routeState?: RouteRuntime;
  /** What `server.metrics` serves; absent in `explain` and `test` (an empty exposition). */
  readonly metrics?: MetricsSource;
}
