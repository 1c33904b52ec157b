/** `routes`: an ordered list; the first route whose `match` accepts a request handles it. */
import { z } from 'zod';
import { durationSchema, regexDataSchema, valueMatchSchema } from './common.js';
import { routeAuthSchema } from './auth.js';
import { faultSchema } from './fault.js';
import { mockSchema } from './mock.js';
import { rateLimitSchema } from './rate-limit.js';
import { corsSchema } from './server.js';

/**
 * A path pattern:
 * - exact: `'/health'`
 * - parameters: `'/users/:id'` (one segment each; `:id?` may be absent)
 * - globs, minimatch-style: `'/files/*.png'` (`*` stays within a segment), `'/files/**'` (any depth,
 *   including `/files` itself; the rest is captured as `**` for rewrites)
 * - a RegExp, or `{ regex: '^/v(\\d+)/' }` in JSON/YAML (named groups become parameters)
 */
export const pathPatternSchema = z.union([z.string().startsWith('/'), z.instanceof(RegExp), regexDataSchema]);

export const matchSchema = z.strictObject({
  path: pathPatternSchema,
  /** Methods accepted (any when omitted). @example ['GET', 'HEAD'] */
  methods: z.array(z.string().min(1)).optional(),
  /** Host (port ignored): exact, `'*.example.com'`, a RegExp, or a list of these. */
  host: z.union([z.string(), z.instanceof(RegExp), regexDataSchema, z.array(z.string())]).optional(),
  /** Headers that must match (names are case-insensitive). */
  headers: z.record(z.string(), valueMatchSchema).optional(),
  /** Query parameters that must match. */
  query: z.record(z.string(), valueMatchSchema).optional(),
  /** Match the path case-insensitively. @default false */
  caseInsensitive: z.boolean().optional(),
  /**
   * Accept `%2F` and `%5C` in this route's paths (kept encoded) instead of rejecting them with 400.
   * **Only for upstreams that expect encoded slashes; it reopens a class of path-confusion bugs.**
   * @default false
   */
  allowEncodedSlashes: z.boolean().optional(),
  /**
   * Accept dot segments that carry `;` path parameters (`/a/..;jsessionid=1/b`, `.;`), kept as
   * received, instead of rejecting them with 400. Tomcat, Jetty and Spring resolve `..;` as `..`,
   * so **the upstream may read a path outside this route's prefix.** Only for upstreams that need
   * `;` parameters on dot segments; `gateway lint` warns (`match/path-parameters`).
   * @default false
   */
  allowPathParameters: z.boolean().optional(),
});
export type MatchConfig = z.input<typeof matchSchema>;

/**
 * How the path, headers and query change before forwarding. Path steps apply in this order:
 * `stripPrefix`, `replacePrefix`, `regex`, `path`.
 */
export const rewriteSchema = z.strictObject({
  /** Remove this prefix (segment-aware: `/api` strips `/api/x` but not `/apix`). */
  stripPrefix: z.string().startsWith('/').optional(),
  /** Replace a prefix. @example { from: '/v1', to: '/api' } */
  replacePrefix: z.strictObject({ from: z.string().startsWith('/'), to: z.string().startsWith('/') }).optional(),
  /** Regex replace with groups (`$1`, `$<name>`). @example { pattern: '^/old/(.*)$', replacement: '/new/$1' } */
  regex: z.strictObject({ pattern: z.string().min(1), replacement: z.string() }).optional(),
  /**
   * A template filled with the route's captured parameters (`:id`) and glob rest (`**`).
   * @example '/api/products/:id'
   */
  path: z.string().startsWith('/').optional(),
  /** Header edits on the upstream request. `set` replaces, `remove` deletes. */
  headers: z
    .strictObject({
      set: z.record(z.string(), z.string()).optional(),
      remove: z.array(z.string()).optional(),
    })
    .optional(),
  /** Query edits on the upstream request. */
  query: z
    .strictObject({
      set: z.record(z.string(), z.string()).optional(),
      remove: z.array(z.string()).optional(),
    })
    .optional(),
});
export type RewriteConfig = z.input<typeof rewriteSchema>;

/** For gRPC upstreams: which method a route calls. */
export const routeGrpcSchema = z.strictObject({
  /**
   * `'package.Service/Method'`, or `'annotations'` to pick the method whose `google.api.http`
   * binding matches the (rewritten) request. @default 'annotations'
   */
  method: z.string().min(1).optional(),
});

/** For SOAP upstreams: which operation a route calls. */
export const routeSoapSchema = z.strictObject({
  /** Operation name from the WSDL. @example 'GetStock' */
  operation: z.string().min(1),
});

/** A response the gateway gives itself, without an upstream. */
export const respondSchema = z.union([
  /** `'health'`: the gateway's own health (status of every upstream). */
  z.literal('health'),
  z.strictObject({
    status: z.number().int().min(100).max(599),
    /** A JSON body. */
    json: z.unknown().optional(),
    /** A text body. */
    body: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
]);

/**
 * The route options that each select a route action (src/pipeline/actions/), with what they do
 * (for the "missing" message). A route gives exactly one.
 */
export const ROUTE_ACTION_KEYS = {
  upstream: 'the upstream that serves this route',
  respond: 'an answer from the gateway',
  mock: 'a made-up answer',
} as const;
export type RouteActionKey = keyof typeof ROUTE_ACTION_KEYS;

export const routeSchema = z.strictObject({
  /** Unique name, shown by `explain`, the UI, the log and `gateway test`. */
  name: z.string().min(1),
  match: matchSchema,
  /** Name of the upstream that serves this route (or give `respond`). */
  upstream: z.string().min(1).optional(),
  /** Answer directly instead of forwarding. */
  respond: respondSchema.optional(),
  /**
   * Answer with a mock instead of forwarding: inline (templates fill in path parameters, query and
   * headers), from a file, a sequence of answers, or every operation of an OpenAPI document.
   * @example { json: { id: '{params.id}', name: 'Ada' }, latency: '100ms' }
   * @example { openapi: './api.yaml' }
   */
  mock: mockSchema.optional(),
  rewrite: rewriteSchema.optional(),
  /** Who may call this route. Omitted: `defaults.auth`, else public. */
  auth: routeAuthSchema.optional(),
  /** Higher wins; equal priorities keep declared order. @default 0 */
  priority: z.number().int().optional(),
  /** Time to the first byte of the upstream's answer (overrides the upstream's). */
  timeout: durationSchema.optional(),
  /**
   * Accept WebSocket upgrades on this route (a different protocol reaching the upstream, so
   * opt-in). Other upgrades (`h2c`, …) are never proxied. @default false
   */
  websocket: z.boolean().optional(),
  /**
   * When this route's path (and host, headers, query) match but the method does not, answer
   * 405 with `Allow` listing its methods. `false` leaves the route out: such requests get 404
   * as if it did not exist. Only routes that list `match.methods` take part. @default true
   */
  methodNotAllowed: z.boolean().optional(),
  /** CORS for this route (replaces `server.cors`); `false` turns it off here. */
  cors: z.union([corsSchema, z.literal(false)]).optional(),
  grpc: routeGrpcSchema.optional(),
  soap: routeSoapSchema.optional(),
  /**
   * Faults injected on purpose: delays, aborts, slow answers (replaces `defaults.fault`; `false`
   * turns it off here). @example { abort: { status: 503, percent: 10 }, delay: { fixed: '500ms', percent: 10 } }
   */
  fault: z.union([faultSchema, z.literal(false)]).optional(),
  /**
   * A token bucket per client (replaces `defaults.rateLimit`; `false` turns it off here).
   * @example { requests: 100, per: '1m', burst: 20, key: { identity: true } }
   */
  rateLimit: z.union([rateLimitSchema, z.literal(false)]).optional(),
});
export type RouteConfig = z.input<typeof routeSchema>;
