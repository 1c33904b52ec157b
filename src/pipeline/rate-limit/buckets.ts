/**
 * Token buckets, the runtime state of `rateLimit`: one per route and key, refilled continuously
 * at `requests / per` up to `burst`. The proxy keeps one store for its whole run (reloads keep the
 * fill of buckets whose route is still there); `explain` and `test` look without taking.
 */
import type { ResolvedRateLimit } from '../../config/resolved.js';

/** A bucket after a draw (or a look). */
export interface BucketDraw {
  readonly allowed: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Seconds until the bucket is full again. */
  readonly resetSeconds: number;
  /** Seconds until the next token, for `Retry-After` (only when not allowed). */
  readonly retryAfterSeconds?: number;
}

/** One bucket as the UI shows it. */
export interface BucketFill {
  readonly route: string;
  /** `ip 127.0.0.1`, `identity alice`. */
  readonly key: string;
  readonly tokens: number;
  readonly burst: number;
  /** Requests this bucket turned away since it was created. */
  readonly limited: number;
}

export interface RateLimitBuckets {
  /** Takes a token from the bucket of `route`+`key` (`consume: false`: only computes what taking would give). */
  draw(route: string, key: string, policy: ResolvedRateLimit, now: number, consume: boolean): BucketDraw;
  /** Every bucket's fill at `now`, most recently used first (at most `limit`). */
  snapshot(now: number, limit?: number): BucketFill[];
}

/** Buckets kept at most: the least recently used go first (a full bucket is the same as none). */
const MAX_BUCKETS = 10_000;

interface Bucket {
  readonly route: string;
  readonly key: string;
  tokens: number;
  at: number;
  limited: number;
  policy: ResolvedRateLimit;
}

/** An empty store. */
export function createBuckets(): RateLimitBuckets {
  const buckets = new Map<string, Bucket>();
  return {
    draw(route, key, policy, now, consume) {
      const id = `${route}\u0000${key}`;
      const bucket = buckets.get(id);
      const rate = policy.requests / policy.per; // tokens per ms
      const tokens =
        bucket === undefined
          ? policy.burst
          : Math.min(policy.burst, bucket.tokens + Math.max(0, now - bucket.at) * rate);
      const allowed = tokens >= 1;
      const left = allowed ? tokens - 1 : tokens;
      if (consume) {
        const next = bucket ?? { route, key, tokens: 0, at: now, limited: 0, policy };
        next.tokens = left;
        next.at = now;
        next.policy = policy;
        if (!allowed) next.limited++;
        // Re-inserted so that Map order is least recently used first.
        buckets.delete(id);
        buckets.set(id, next);
        if (buckets.size > MAX_BUCKETS) buckets.delete(buckets.keys().next().value!);
      }
      return {
        allowed,
        remaining: Math.floor(left),
        resetSeconds: seconds((policy.burst - left) / rate),
        ...(allowed ? {} : { retryAfterSeconds: Math.max(1, seconds((1 - left) / rate)) }),
      };
    },
    snapshot(now, limit = 50) {
      const out: BucketFill[] = [];
      for (const bucket of [...buckets.values()].reverse().slice(0, limit)) {
        const { policy } = bucket;
        const tokens = Math.min(
          policy.burst,
          bucket.tokens + Math.max(0, now - bucket.at) * (policy.requests / policy.per),
        );
        out.push({
          route: bucket.route,
          key: bucket.key,
          tokens,
          burst: policy.burst,
          limited: bucket.limited,
        });
      }
      return out;
    },
  };
}

/** Whole seconds, rounded up, without float noise (1800.0000000002 is 1800). */
function seconds(ms: number): number {
  return Math.ceil(Math.round(ms) / 1000);
}
