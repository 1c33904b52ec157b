/** `server`: where the gateway listens and the limits it enforces on every request. */
import { z } from 'zod';
import { durationSchema, sizeSchema } from './common.js';

/** Cross-origin resource sharing, answered by the gateway. */
export const corsSchema = z.strictObject({
  /**
   * Allowed origins: `'*'`, exact origins, or RegExps.
   * @example ['http://localhost:5173']
   */
  origins: z.union([z.literal('*'), z.array(z.union([z.string(), z.instanceof(RegExp)]))]),
  /** Allowed methods in preflight answers. @default ['GET','HEAD','PUT','PATCH','POST','DELETE'] */
  methods: z.array(z.string()).optional(),
  /** Allowed request headers; by default the ones the preflight asks for. */
  headers: z.array(z.string()).optional(),
  /** Response headers the browser may read. */
  exposeHeaders: z.array(z.string()).optional(),
  /** Send `Access-Control-Allow-Credentials: true`. Not allowed with `origins: '*'`. @default false */
  credentials: z.boolean().optional(),
  /** How long browsers may cache a preflight answer. @default '10m' */
  maxAge: durationSchema.optional(),
});
export type CorsConfig = z.input<typeof corsSchema>;

export const serverSchema = z.strictObject({
  /** Interface to listen on. `--host` overrides it. @default '127.0.0.1' */
  host: z.string().optional(),
  /** Port to listen on; 0 picks a free one. `--port` overrides it. @default 8080 */
  port: z.number().int().min(0).max(65535).optional(),
  /**
   * Serve HTTPS with this certificate and key (PEM file paths, relative to the config).
   * @example { cert: './certs/localhost.pem', key: './certs/localhost-key.pem' }
   */
  tls: z.strictObject({ cert: z.string(), key: z.string() }).optional(),
  /**
   * Addresses of proxies in front of the gateway whose `X-Forwarded-*` headers are kept
   * (exact IPs, or `'loopback'`). Everyone else's are replaced.
   * **Trusting a client that is not really a proxy lets it forge its address and scheme.**
   * @default []
   */
  trustedProxies: z.array(z.string()).optional(),
  /** Limits that protect the gateway and its upstreams. */
  limits: z
    .strictObject({
      /** Largest request head (request line and headers). @default '16kb' */
      headerSize: sizeSchema.optional(),
      /** Largest request body; larger ones get 413. @default '10mb' */
      bodySize: sizeSchema.optional(),
      /** A client must send its whole request head within this time, or 408. @default '10s' */
      headersTimeout: durationSchema.optional(),
      /** A client must send its whole request within this time, or 408. @default '60s' */
      requestTimeout: durationSchema.optional(),
      /** In-flight requests may finish for this long after SIGINT/SIGTERM. @default '5s' */
      shutdownGrace: durationSchema.optional(),
    })
    .optional(),
  /** CORS for every route (a route's own `cors` replaces it). Without it, preflights are forwarded untouched. */
  cors: corsSchema.optional(),
  /**
   * Serve Prometheus metrics (requests, durations, retries, upstream health, breakers) at `path`
   * for GET. `true`: `/__gateway/metrics`, answered to loopback clients only; others get 403.
   * **Allowing other addresses shows them your routes, upstreams and traffic.**
   * @default false
   * @example { path: '/__gateway/metrics', allow: ['loopback', '10.0.0.7'] }
   */
  metrics: z
    .union([
      z.boolean(),
      z.strictObject({
        /** Where the metrics are served. @default '/__gateway/metrics' */
        path: z.string().startsWith('/').optional(),
        /** Client addresses answered: exact IPs or `'loopback'`. @default ['loopback'] */
        allow: z.array(z.string()).optional(),
      }),
    ])
    .optional(),
});
export type ServerConfig = z.input<typeof serverSchema>;
