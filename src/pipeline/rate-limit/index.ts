/** Rate limiting: token buckets per route and key, and the IETF RateLimit fields. */
export { type BucketDraw, type BucketFill, createBuckets, type RateLimitBuckets } from './buckets.js';
export { decideRateLimit, type RateLimitOutcome, rateLimitSummary } from './decide-rate-limit.js';
export { rateLimitFields, sfString } from './fields.js';
