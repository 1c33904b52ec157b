/** `upstreams`: named pools of targets, how to pick one, and how to treat them when they fail. */
import { z } from 'zod';
import { durationSchema } from './common.js';

/** One target: a URL string, or a URL with a weight. */
export const targetSchema = z.union([
  z.string().min(1),
  z.strictObject({
    /** Base URL of the instance: `http://`, `https://`, or `grpc://` for gRPC upstreams. */
    url: z.string().min(1),
    /** Relative share of requests for weighted balancers. @default 1 */
    weight: z.number().int().min(1).max(1000).optional(),
  }),
]);
export type TargetConfig = z.input<typeof targetSchema>;

/** What a consistent-hash balancer hashes: the client IP, a header, a cookie or a query parameter. */
export const hashKeySchema = z.union([
  z.literal('ip'),
  z.strictObject({ header: z.string().min(1) }),
  z.strictObject({ cookie: z.string().min(1) }),
  z.strictObject({ query: z.string().min(1) }),
]);
export type HashKey = z.input<typeof hashKeySchema>;

export const balancerNames = [
  'round-robin',
  'weighted-round-robin',
  'least-connections',
  'power-of-two-choices',
  'random',
  'consistent-hash',
] as const;
export type BalancerName = (typeof balancerNames)[number];

/**
 * How a target is chosen.
 * - `'round-robin'` — each target in turn
 * - `'weighted-round-robin'` — smooth weighted round-robin (nginx's; no bursts)
 * - `'least-connections'` — fewest requests in flight
 * - `'power-of-two-choices'` — two random targets, the one with fewer in flight
 * - `'random'`
 * - `{ type: 'consistent-hash', key: { header: 'x-user' } }` — the same key goes to the same target,
 *   and removing one of N targets remaps only about 1/N of keys
 * @default 'round-robin'
 */
export const balancerSchema = z.union([
  z.enum(balancerNames),
  z.strictObject({
    type: z.enum(balancerNames),
    /** For `consistent-hash`: what to hash. @default 'ip' */
    key: hashKeySchema.optional(),
    /**
     * Sticky sessions: the first answer sets this cookie naming the target, and later requests
     * carrying it go back to that target while it is healthy.
     */
    stickyCookie: z.string().min(1).optional(),
  }),
]);
export type BalancerConfig = z.input<typeof balancerSchema>;

export const healthSchema = z.strictObject({
  /** Active probes: the gateway asks each target itself. */
  active: z
    .strictObject({
      /** Path to probe. @default '/healthz' */
      path: z.string().startsWith('/').optional(),
      /** Time between probes of one target. @default '5s' */
      interval: durationSchema.optional(),
      /** A probe slower than this fails. @default '2s' */
      timeout: durationSchema.optional(),
      /** Consecutive passes that make an unhealthy target healthy. @default 2 */
      healthyThreshold: z.number().int().min(1).optional(),
      /** Consecutive failures that make a healthy target unhealthy. @default 3 */
      unhealthyThreshold: z.number().int().min(1).optional(),
      /** Statuses that count as healthy. @default any 2xx */
      expectedStatus: z.array(z.number().int().min(100).max(599)).optional(),
    })
    .optional(),
  /** Passive outlier ejection: real traffic that fails takes a target out for a while. */
  passive: z
    .strictObject({
      /** Consecutive 5xx answers or connection errors that eject a target. @default 5 */
      consecutiveFailures: z.number().int().min(1).optional(),
      /** First ejection time; it doubles on each repeat ejection, up to `maxEjection`. @default '30s' */
      baseEjection: durationSchema.optional(),
      /** Longest ejection. @default '5m' */
      maxEjection: durationSchema.optional(),
    })
    .optional(),
});
export type HealthConfig = z.input<typeof healthSchema>;

export const retriesSchema = z.strictObject({
  /** Further tries after the first, each to a different target when there is one. @default 0 */
  attempts: z.number().int().min(0).max(10),
  /** Methods that may be retried. @default ['GET','HEAD','OPTIONS','PUT','DELETE'] (idempotent ones) */
  methods: z.array(z.string()).optional(),
  /** What is retried: connection errors, timeouts, and these statuses. @default [502, 503, 504] */
  statuses: z.array(z.number().int().min(500).max(599)).optional(),
  /** Wait before the first retry; doubles each time. @default '25ms' */
  backoff: durationSchema.optional(),
  /** Timeout for each try. @default the upstream's `timeouts.response` */
  perTryTimeout: durationSchema.optional(),
  /**
   * Buffer request bodies up to this many bytes so non-idempotent or body-carrying requests can be
   * replayed. A body that was streamed is never retried. @default 0
   */
  bufferBodyUpTo: z.number().int().min(0).optional(),
});
export type RetriesConfig = z.input<typeof retriesSchema>;

export const upstreamObjectSchema = z.strictObject({
  /**
   * Instances of this service.
   * @example ['http://127.0.0.1:4001', { url: 'http://127.0.0.1:4002', weight: 3 }]
   */
  targets: z.array(targetSchema).min(1),
  balancer: balancerSchema.optional(),
  /** Health checks. Without them a multi-target pool keeps sending to dead targets (`health/missing`). */
  health: healthSchema.optional(),
  timeouts: z
    .strictObject({
      /** Time to open a connection; then 502. @default '5s' */
      connect: durationSchema.optional(),
      /** Time to the first byte of the answer; then 504. @default '30s' */
      response: durationSchema.optional(),
    })
    .optional(),
  retries: retriesSchema.optional(),
  /** Circuit breaking: over these limits the gateway answers 503 at once, naming the limit. */
  limits: z
    .strictObject({
      /** Requests in flight to this upstream at once. @default Infinity */
      maxConcurrent: z.number().int().min(1).optional(),
      /** Requests waiting for a free slot beyond `maxConcurrent`. @default 0 */
      maxPending: z.number().int().min(0).optional(),
    })
    .optional(),
  /** Set the `Host` header to the target's host instead of the client's. @default true */
  changeOrigin: z.boolean().optional(),
  /** TLS to `https://` targets. */
  tls: z
    .strictObject({
      /**
       * Accept self-signed or otherwise unverifiable certificates.
       * **Turns off certificate verification: only for local development targets.**
       * @default false
       */
      insecure: z.boolean().optional(),
    })
    .optional(),
  /** What the targets speak. @default 'http' */
  protocol: z.enum(['http', 'grpc', 'soap']).optional(),
  /** For `protocol: 'grpc'`: the service definitions. */
  grpc: z
    .strictObject({
      /** `.proto` files, relative to the config. */
      protos: z.array(z.string()).min(1),
      /** Import paths for those protos (google/api protos are always available). */
      includeDirs: z.array(z.string()).optional(),
      /** Request headers passed on as gRPC metadata. @default [] */
      forwardHeaders: z.array(z.string()).optional(),
      /** Response metadata keys returned as HTTP headers (`grpc-metadata-` prefixed). @default [] */
      returnMetadata: z.array(z.string()).optional(),
      /**
       * Show fields that hold their default value (`0`, `""`, `false`, empty lists) in JSON answers.
       * On by default, as grpc-gateway does: REST clients then see every field of the message, always
       * in the same shape, instead of keys that come and go with the values. `false` leaves them out,
       * as proto3 JSON printers do by default (fields with explicit presence are shown when set either way).
       * @default true
       */
      emitDefaults: z.boolean().optional(),
    })
    .optional(),
  /** For `protocol: 'soap'`: the service description. */
  soap: z
    .strictObject({
      /** WSDL file (relative to the config) or URL. */
      wsdl: z.string().min(1),
      /** SOAP version to speak. @default '1.1' */
      version: z.enum(['1.1', '1.2']).optional(),
    })
    .optional(),
});

/** An upstream: one URL as shorthand, or the full form. */
export const upstreamSchema = z.union([z.string().min(1), upstreamObjectSchema]);
export type UpstreamConfig = z.input<typeof upstreamSchema>;
