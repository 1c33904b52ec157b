/**
 * Runtime state that routes keep across requests, which `decide` reads through its context:
 * rate-limit buckets and the UI's chaos overlay. The proxy keeps one for its whole run (reloads
 * keep it); `explain` and `test` pass none and get a fresh state that only looks (`consume: false`).
 */
import { type ChaosOverlay, createChaosOverlay } from './fault/index.js';
import { createBuckets, type RateLimitBuckets } from './rate-limit/index.js';

export interface RouteRuntime {
  readonly buckets: RateLimitBuckets;
  readonly chaos: ChaosOverlay;
  /** `true`: requests take tokens (the proxy). `false`: `decide` shows what would happen and changes nothing. */
  readonly consume: boolean;
}

/** A fresh state: full buckets, no chaos. */
export function createRouteRuntime(options: { consume: boolean }): RouteRuntime {
  return { buckets: createBuckets(), chaos: createChaosOverlay(), consume: options.consume };
}
