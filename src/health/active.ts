/**
 * Active health checks: every target of every upstream with `health.active` is probed at once
 * and then every `interval`; outcomes go to `pools.probed`, which flips health after the
 * thresholds and emits `target-health` events. Timers are unref'd (checks never keep the process
 * alive) and `stop()` cancels the timers and any probe in flight.
 */
import type { ResolvedUpstream } from '../config/resolved.js';
import type { Pools } from '../pipeline/balance/pools.js';
import { probeTarget } from './probe.js';

/** Schedules `callback` after `ms`; returns the cancel function. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

export interface HealthCheckOptions {
  /** Replaces the unref'd `setTimeout` scheduling (tests, or a host that owns its timers). */
  readonly setTimer?: SetTimer;
}

/** Running health checks. */
export interface HealthChecks {
  /** Stops every probe: timers cleared, in-flight probes cancelled, no further `pools.probed` calls. */
  stop(): void;
}

const defaultSetTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Starts probing the targets of `upstreams` that configure `health.active`. On reload: stop the
 * old checks and start new ones with the new pools (health state carries over in the pools).
 */
export function startHealthChecks(
  upstreams: Iterable<ResolvedUpstream> | Readonly<Record<string, ResolvedUpstream>>,
  pools: Pools,
  options: HealthCheckOptions = {},
): HealthChecks {
  const setTimer = options.setTimer ?? defaultSetTimer;
  const list = Symbol.iterator in upstreams ? [...upstreams] : Object.values(upstreams);
  const cancels = new Set<() => void>();
  let stopped = false;

  for (const upstream of list) {
    const settings = upstream.health.active;
    if (!settings) continue;
    pools.pool(upstream);
    for (const target of upstream.targets) {
      const probeOnce = async () => {
        const controller = new AbortController();
        const cancel = () => controller.abort();
        cancels.add(cancel);
        const outcome = await probeTarget(
          { url: target.url, tlsInsecure: upstream.tlsInsecure },
          settings,
          controller.signal,
        );
        cancels.delete(cancel);
        if (stopped) return;
        pools.probed(upstream.name, target.id, outcome);
        schedule(settings.interval);
      };
      const schedule = (ms: number) => {
        const cancel = setTimer(() => {
          cancels.delete(cancel);
          void probeOnce();
        }, ms);
        cancels.add(cancel);
      };
      schedule(0);
    }
  }

  return {
    stop() {
      stopped = true;
      for (const cancel of cancels) cancel();
      cancels.clear();
    },
  };
}
