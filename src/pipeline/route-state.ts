/**
 * Runtime state that routes keep across requests, which `decide` reads through its context:
 * rate-limit buckets, mock sequences and the UI's chaos overlay. The proxy keeps one for its whole run (reloads
 * keep it); `explain` and `test` pass none and get a fresh state that only looks (`consume: false`).
 */
import { type ChaosOverlay, createChaosOverlay } from './fault/index.js';
import { createMockSequences, type MockSequences } from './mock/sequences.js';
import { createBuckets, type RateLimitBuckets } from './rate-limit/index.js';

export interface RouteRuntime {
  readonly buckets: RateLimitBuckets;
  readonly chaos: ChaosOverlay;
  /** Where each route's `mock.sequence` stands. */
  readonly sequences: MockSequences;
  /** `true`: requests take tokens (the proxy). `false`: `decide` shows what would happen and changes nothing. */
  readonly consume: boolean;
}

/** A fresh state: full buckets, no chaos. */
export function createRouteRuntime(options: { consume: boolean }): RouteRuntime {
  return {
    buckets: createBuckets(),
    chaos: createChaosOverlay(),
    sequences: createMockSequences(),
    consume: options.consume,
  };
}

/** For explain and test: fresh buckets and sequences that are only looked at, and no chaos. */
export const LOOK_ONLY: RouteRuntime = createRouteRuntime({ consume: false });
