/**
 * Chaos mode: a fault policy the UI switches on for a route at run time. It is an overlay the
 * runtime passes to `decide` in its context, so a chaos fault goes through the same fault stage
 * (and the same trace, log and UI marks) as one written in the config.
 */
import type { ResolvedFault } from '../../config/resolved.js';

/** What chaos mode injects: 10% of requests answered 503, 10% delayed 500 ms. */
export const CHAOS_FAULT: ResolvedFault = Object.freeze({
  delay: Object.freeze({ min: 500, max: 500, percent: 10 }),
  abort: Object.freeze({ status: 503, percent: 10, grpcStatus: 14 }),
  bandwidth: undefined,
  headers: false,
});

/** Routes in chaos mode, by name (kept across reloads: the names stay meaningful). */
export interface ChaosOverlay {
  /** The chaos policy when `route` is in chaos mode. */
  get(route: string): ResolvedFault | undefined;
  /** Switches chaos mode on `route`; returns whether it is now on. */
  toggle(route: string): boolean;
  /** Routes in chaos mode, in the order they were switched on. */
  routes(): readonly string[];
}

/** An overlay with no route in chaos mode. */
export function createChaosOverlay(policy: ResolvedFault = CHAOS_FAULT): ChaosOverlay {
  const on = new Set<string>();
  return {
    get: (route) => (on.has(route) ? policy : undefined),
    toggle(route) {
      if (on.delete(route)) return false;
      on.add(route);
      return true;
    },
    routes: () => [...on],
  };
}
