/** `rateLimit`: token buckets per route, answered with 429 and the IETF RateLimit fields. */
import { z } from 'zod';
import { durationSchema } from './common.js';

/**
 * Whose bucket a request draws from. One of:
 * - `{ ip: true }`: the client address (the default)
 * - `{ header: 'x-tenant' }`: a request header's value
 * - `{ identity: true }`: the authenticated identity (JWT `sub`, api-key or basic user name)
 * - `{ apiKey: true }`: the name of the API key used
 * Requests without the key's value (no header, not authenticated) fall back to the client address.
 */
export const rateLimitKeySchema = z.union([
  z.strictObject({ ip: z.literal(true) }),
  z.strictObject({ header: z.string().min(1) }),
  z.strictObject({ identity: z.literal(true) }),
  z.strictObject({ apiKey: z.literal(true) }),
]);
export type RateLimitKeyConfig = z.input<typeof rateLimitKeySchema>;

/**
 * A token bucket: it holds `burst` tokens (default `requests`) and refills at `requests` per `per`.
 * Each request takes one; an empty bucket answers 429 with `Retry-After`.
 * @example { requests: 100, per: '1m', burst: 20, key: { identity: true } }
 */
export const rateLimitSchema = z.strictObject({
  /** Requests allowed per `per` (the refill rate, and `q` of `RateLimit-Policy`). */
  requests: z.number().int().min(1),
  /** The window: `'1s'`, `'1m'`, `'1h'` (`w` of `RateLimit-Policy`). */
  per: durationSchema,
  /** Most requests that may arrive at once (the bucket's size). @default requests */
  burst: z.number().int().min(1).optional(),
  /** Whose bucket a request draws from. @default { ip: true } */
  key: rateLimitKeySchema.optional(),
});
export type RateLimitConfig = z.input<typeof rateLimitSchema>;
