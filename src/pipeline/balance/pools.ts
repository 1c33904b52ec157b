/**
 * Pools: the live state of every upstream's targets (in-flight counts, health, ejections),
 * each balancer's memory, and each upstream's circuit breaker. Created lazily per upstream, and
 * carried over a reload for targets whose upstream name and id are unchanged, so a config save
 * neither resets an ejection nor forgets requests in flight.
 */
import type { ResolvedUpstream } from '../../config/resolved.js';
import type { RequestResult } from './api.js';
import { type Admission, type Breaker, createBreaker } from './breaker.js';
import { formatDuration } from './format.js';
import { createEmitter, type PoolEventListener } from './events.js';
import { type ProbeOutcome, recordProbe } from './health-thresholds.js';
import { isFailure, readmitIfDue, readmitNow, recordPassiveResult } from './passive-health.js';
import { type PoolsSnapshot, snapshotUpstream } from './snapshot.js';
import { createLiveTarget, type LiveTarget, type TargetState } from './target-state.js';

/** One upstream's live state. Internal to the balance stage and health checks. */
export interface UpstreamPool {
  readonly name: string;
  upstream: ResolvedUpstream;
  targets: LiveTarget[];
  /** Balancer memory by balancer name (a cursor, current weights, hash rings). */
  readonly memory: Map<string, unknown>;
  readonly breaker: Breaker;
}

/** Live state of every upstream's targets. One per route table; see `createPools`. */
export interface Pools {
  /** The clock passive ejection uses (`createPools`'s `now`, default `Date.now`). */
  readonly now: () => number;
  /** State of one upstream's targets, created on first use. */
  state(upstream: ResolvedUpstream): readonly TargetState[];
  /** The upstream's pool, created on first use (for the balance stage and health checks). */
  pool(upstream: ResolvedUpstream): UpstreamPool;
  /** Every upstream's pool these pools know, used or inherited (what the next pools carry over). */
  carried(): ReadonlyMap<string, UpstreamPool>;
  /** A try of a request to `targetId` started (call once per try, retries included). */
  started(upstream: string, targetId: string): void;
  /** That try finished: feeds least-connections, p2c and passive ejection. */
  finished(upstream: string, targetId: string, result: RequestResult): void;
  /** An active health probe of `targetId` finished. */
  probed(upstream: string, targetId: string, outcome: ProbeOutcome): void;
  /** Re-admits the upstream's targets whose ejection is over at `now` (emits `target-readmitted`). */
  refresh(upstream: string, now: number): void;
  /**
   * Circuit breaking: takes one of the upstream's `maxConcurrent` slots, waits in a FIFO line of
   * `maxPending` for one, or refuses with the limit named. Hold the slot across retries; release
   * it once when the response is done. `signal` abandons the wait (client gone, timeout).
   */
  admit(upstream: ResolvedUpstream, signal?: AbortSignal): Promise<Admission>;
  /** Subscribes to health events; returns the unsubscribe function. */
  onEvent(listener: PoolEventListener): () => void;
  /** Plain data for the UI: every upstream used so far and its targets. */
  snapshot(): PoolsSnapshot;
}

/** Options for `createPools`. */
export interface PoolsOptions {
  /** Clock for passive ejection and snapshots. @default Date.now */
  readonly now?: () => number;
}

/**
 * Creates pools. Pass the previous table's pools on reload: targets with the same upstream name
 * and id share their state (in-flight counts, health, ejection) and each upstream keeps its
 * breaker and balancer memory. Event listeners are not carried over.
 */
export function createPools(previous?: Pools, options: PoolsOptions = {}): Pools {
  const now = options.now ?? previous?.now ?? Date.now;
  const pools = new Map<string, UpstreamPool>();
  // Copied rather than keeping `previous` itself, so a long session of reloads doesn't chain
  // every old table's pools together.
  const inherited = new Map(previous?.carried());
  const events = createEmitter();

  function pool(upstream: ResolvedUpstream): UpstreamPool {
    const found = pools.get(upstream.name);
    if (found && found.upstream === upstream) return found;
    const prior = found ?? inherited.get(upstream.name);
    inherited.delete(upstream.name);
    const known = new Map(prior?.targets.map((t) => [t.id, t]));
    const targets = upstream.targets.map((t) => {
      const live = known.get(t.id) ?? createLiveTarget(t);
      // Same object as before the reload, so requests still in flight on the old table
      // decrement the count this table reads.
      live.url = t.url;
      live.weight = t.weight;
      return live;
    });
    const breaker = prior?.breaker ?? createBreaker(upstream.name, upstream.limits);
    breaker.setLimits(upstream.limits);
    const created: UpstreamPool = {
      name: upstream.name,
      upstream,
      targets,
      memory: prior?.memory ?? new Map(),
      breaker,
    };
    pools.set(upstream.name, created);
    return created;
  }

  const target = (upstream: string, id: string) => pools.get(upstream)?.targets.find((t) => t.id === id);

  function refresh(upstream: string, at: number): void {
    for (const live of pools.get(upstream)?.targets ?? []) {
      if (!readmitIfDue(live, at)) continue;
      events.emit({
        type: 'target-readmitted',
        upstream,
        target: live.id,
        at,
        reason: `ejection of ${formatDuration(live.ejectionLength)} is over`,
      });
    }
  }

  return {
    now,
    pool,
    carried: () => new Map([...inherited, ...pools]),
    state: (upstream) => pool(upstream).targets,
    started(upstream, id) {
      const live = target(upstream, id);
      if (!live) return;
      live.inFlight++;
      live.requests++;
    },
    finished(upstream, id, result) {
      const live = target(upstream, id);
      if (!live) return;
      if (live.inFlight > 0) live.inFlight--;
      if (isFailure(result)) live.failures++;
      const at = now();
      refresh(upstream, at);
      const ejection = recordPassiveResult(live, result, pools.get(upstream)?.upstream.health.passive, at);
      if (ejection) events.emit({ type: 'target-ejected', upstream, target: id, at, ...ejection });
    },
    probed(upstream, id, outcome) {
      const live = target(upstream, id);
      const settings = pools.get(upstream)?.upstream.health.active;
      if (!live || !settings) return;
      const at = now();
      refresh(upstream, at);
      const change = recordProbe(live, outcome, settings);
      if (!change) return;
      events.emit({ type: 'target-health', upstream, target: id, at, ...change });
      // A target that was down and now passes its probes is back, ejected or not: the probe is
      // fresher evidence than the failures that ejected it while it was down.
      if (change.healthy && readmitNow(live, at)) {
        events.emit({ type: 'target-readmitted', upstream, target: id, at, reason: change.reason });
      }
    },
    refresh,
    admit: (upstream, signal) => pool(upstream).breaker.admit(signal),
    onEvent: (listener) => events.on(listener),
    snapshot() {
      const at = now();
      const upstreams = [...pools.values()].map((p) => {
        refresh(p.name, at);
        return snapshotUpstream(p.name, p.upstream.balancer.type, p.targets, p.breaker, at);
      });
      return { at, upstreams };
    },
  };
}
