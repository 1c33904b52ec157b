/** Plain-data views of the pools for the UI, `--json` and tests. */
import type { BalancerName } from '../../config/schema/index.js';
import type { Breaker } from './breaker.js';
import { isEjected, type LiveTarget } from './target-state.js';

/** One target as the UI shows it. */
export interface TargetSnapshot {
  readonly id: string;
  readonly url: string;
  readonly weight: number;
  /** Passing active health checks (always `true` without them). */
  readonly healthy: boolean;
  /** Taken out by passive ejection right now. */
  readonly ejected: boolean;
  /** Ms since the epoch; `undefined` when not ejected. */
  readonly ejectedUntil: number | undefined;
  readonly ejections: number;
  readonly inFlight: number;
  readonly requests: number;
  readonly failures: number;
}

/** One upstream as the UI shows it. */
export interface UpstreamSnapshot {
  readonly name: string;
  readonly balancer: BalancerName;
  /** Requests holding a circuit-breaker slot. */
  readonly active: number;
  /** Requests waiting for one. */
  readonly pending: number;
  readonly targets: readonly TargetSnapshot[];
}

/**
 * Every upstream the pools have seen, in first-use order.
 * @example { upstreams: [{ name: 'orders', balancer: 'least-connections', active: 1, pending: 0,
 *   targets: [{ id: '127.0.0.1:4201', healthy: true, ejected: false, inFlight: 1, … }] }] }
 */
export interface PoolsSnapshot {
  readonly at: number;
  readonly upstreams: readonly UpstreamSnapshot[];
}

/** Snapshot of one upstream's state at `now`. */
export function snapshotUpstream(
  name: string,
  balancer: BalancerName,
  targets: readonly LiveTarget[],
  breaker: Breaker,
  now: number,
): UpstreamSnapshot {
  return {
    name,
    balancer,
    active: breaker.active,
    pending: breaker.pending,
    targets: targets.map((t) => ({
      id: t.id,
      url: t.url,
      weight: t.weight,
      healthy: t.healthy,
      ejected: isEjected(t, now),
      ejectedUntil: isEjected(t, now) ? t.ejectedUntil : undefined,
      ejections: t.ejections,
      inFlight: t.inFlight,
      requests: t.requests,
      failures: t.failures,
    })),
  };
}
