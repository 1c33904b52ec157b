/**
 * The rate-limit stage: which bucket a request draws from (client address, a header, the
 * authenticated identity or the API key's name) and whether it has a token left. The bucket store
 * comes through the context, so `explain` shows the bucket a request would use without taking.
 */
import type { ResolvedRateLimit } from '../../config/resolved.js';
import type { AuthProvider } from '../auth/api.js';
import type { AuthOutcome, NormalizedRequest } from '../types.js';
import type { RateLimitBuckets } from './buckets.js';
import { rateLimitFields } from './fields.js';

/** What the rate-limit stage decided; on the Decision as `rateLimit`. */
export interface RateLimitOutcome {
  readonly allowed: boolean;
  /** The policy's name in the RateLimit fields: the route's name. */
  readonly policy: string;
  /** Whose bucket: `ip 127.0.0.1`, `header x-tenant=acme`, `identity alice`, `api-key ci`. */
  readonly key: string;
  readonly requests: number;
  readonly windowSeconds: number;
  readonly burst: number;
  /** Tokens left after this request. */
  readonly remaining: number;
  readonly resetSeconds: number;
  readonly retryAfterSeconds?: number;
  /** `RateLimit-Policy` and `RateLimit` (and `Retry-After` when limited), sent with the answer. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Draws (or, with `consume: false`, looks) for one request. */
export function decideRateLimit(
  policy: ResolvedRateLimit,
  route: string,
  request: NormalizedRequest,
  auth: AuthOutcome,
  providers: ReadonlyMap<string, AuthProvider>,
  buckets: RateLimitBuckets,
  now: number,
  consume: boolean,
): RateLimitOutcome {
  const key = bucketKey(policy, request, auth, providers);
  const draw = buckets.draw(route, key, policy, now, consume);
  const windowSeconds = Math.max(1, Math.round(policy.per / 1000));
  const headers = rateLimitFields(route, { requests: policy.requests, windowSeconds }, draw);
  return {
    allowed: draw.allowed,
    policy: route,
    key,
    requests: policy.requests,
    windowSeconds,
    burst: policy.burst,
    remaining: draw.remaining,
    resetSeconds: draw.resetSeconds,
    ...(draw.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: draw.retryAfterSeconds }),
    headers:
      draw.retryAfterSeconds === undefined
        ? headers
        : { ...headers, 'retry-after': String(draw.retryAfterSeconds) },
  };
}

/** The bucket's key; requests without the configured value fall back to the client address. */
function bucketKey(
  policy: ResolvedRateLimit,
  request: NormalizedRequest,
  auth: AuthOutcome,
  providers: ReadonlyMap<string, AuthProvider>,
): string {
  const key = policy.key;
  if (key.kind === 'header') {
    const raw = request.headers[key.name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value !== '') return `header ${key.name}=${value}`;
  } else if (key.kind === 'identity' && auth.identity !== undefined) {
    return `identity ${auth.identity.name}`;
  } else if (key.kind === 'apiKey' && auth.identity !== undefined && auth.provider !== undefined) {
    if (providers.get(auth.provider)?.type === 'api-key') return `api-key ${auth.identity.name}`;
  }
  return `ip ${request.clientIp}`;
}

/** One line for the trace. */
export function rateLimitSummary(outcome: RateLimitOutcome): string {
  const quota = `${outcome.requests}/${outcome.windowSeconds}s, burst ${outcome.burst}`;
  return outcome.allowed
    ? `${outcome.key}: ${outcome.remaining} of ${outcome.burst} left (${quota})`
    : `${outcome.key}: over the limit, retry in ${outcome.retryAfterSeconds}s (${quota})`;
}
