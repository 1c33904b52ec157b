/** `routes`: an ordered list; the first route whose `match` accepts a request handles it. */
import { z } from 'zod';
import { durationSchema, regexDataSchema, sizeSchema, valueMatchSchema } from './common.js';
import { hashKeySchema } from './upstream.js';
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

/**
 * A host entry: exact (`'api.local'`), a wildcard (`'*.example.com'`, one or more labels), either
 * with an optional port (`'api.local:8080'` compares the port, `'api.local:*'` any port; no port:
 * any port), or a RegExp tested against the host without its port.
 */
const hostEntrySchema = z.union([z.string().min(1), z.instanceof(RegExp), regexDataSchema]);

/**
 * A query condition that looks at one occurrence only: `{ value: 'acme', occurrence: 'first' }`
 * accepts `?tenant=acme&tenant=evil` but not `?tenant=evil&tenant=acme`.
 */
export const queryMatchSchema = z.union([
  valueMatchSchema,
  z.strictObject({
    /** What the parameter must be: as in the short forms (`true`, a string, a RegExp). */
    value: valueMatchSchema,
    /** `'any'`: some occurrence matches; `'first'`: the first one does. @default 'any' */
    occurrence: z.enum(['any', 'first']).optional(),
  }),
]);
export type QueryMatch = z.input<typeof queryMatchSchema>;

/**
 * Route the same caller the same way: a share of callers, chosen by a hash of a key.
 * `0.1` is `{ rate: 0.1, key: 'ip' }`.
 */
export const sampleSchema = z.union([
  z.number().min(0).max(1),
  z.strictObject({
    /** Share of keys accepted, 0–1. */
    rate: z.number().min(0).max(1),
    /** What identifies a caller: `'ip'` (the client address), `{ header }`, `{ cookie }`, `{ query }`. Missing: the client address. @default 'ip' */
    key: hashKeySchema.optional(),
  }),
]);

export const matchSchema = z.strictObject({
  /** Path pattern (segments, params, globs, RegExp). Give `path` or `prefix`. */
  path: pathPatternSchema.optional(),
  /**
   * Byte prefix, as Envoy's `prefix`: `'/api'` matches `/api`, `/api/x`, `/apis` and `/api-v2`.
   * For whole segments use `path: '/api/**'`.
   */
  prefix: z.string().startsWith('/').optional(),
  /** Methods accepted (any when omitted). @example ['GET', 'HEAD'] */
  methods: z.array(z.string().min(1)).optional(),
  /**
   * Host: exact, `'*.example.com'`, with an optional port (`'api.local:8080'`, `'api.local:*'`),
   * a RegExp, or a list mixing these. A request without a port has its scheme's (80 or 443).
   * @example ['api.local:8080', '*.api.local', /^[a-z]+-bar\.baz\.com$/]
   */
  host: z.union([hostEntrySchema, z.array(hostEntrySchema)]).optional(),
  /** Headers that must match (names are case-insensitive). */
  headers: z.record(z.string(), valueMatchSchema).optional(),
  /** Query parameters that must match (any occurrence unless `occurrence: 'first'`). */
  query: z.record(z.string(), queryMatchSchema).optional(),
  /**
   * Client addresses (CIDR ranges or single addresses). The client address is the peer, or with
   * `server.trustedProxies` the first untrusted `X-Forwarded-For` hop.
   * @example ['10.0.0.0/8', '::1']
   */
  clientIp: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  /** Accept only a share of callers, deterministically by a key (canary by caller). @example 0.1 */
  sample: sampleSchema.optional(),
  /** `true`: only gRPC requests (content-type `application/grpc*`); `false`: only others. */
  grpc: z.boolean().optional(),
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

/** A regex replace: every match with `g`, case-insensitive with `i` (`$1`, `$<name>` in the replacement). */
export const regexReplaceSchema = z.strictObject({
  pattern: z.string().min(1),
  replacement: z.string(),
  /** RegExp flags: `g` (every match, as Envoy's regex_rewrite), `i`, `m`, `s`, `u`. @default '' (first match) */
  flags: z.string().regex(/^[gimsu]*$/, 'only the flags g, i, m, s and u').optional(),
});

/**
 * How the path, headers and query change before forwarding. Path steps apply in this order:
 * `stripPrefix`, `replacePrefix`, `regex`, `path`.
 */
export const rewriteSchema = z.strictObject({
  /** Remove this prefix (segment-aware: `/api` strips `/api/x` but not `/apix`). */
  stripPrefix: z.string().startsWith('/').optional(),
  /** Replace a prefix. @example { from: '/v1', to: '/api' } */
  replacePrefix: z.strictObject({ from: z.string().startsWith('/'), to: z.string().startsWith('/') }).optional(),
  /**
   * Regex replace with groups (`$1`, `$<name>`); the first match unless `flags` has `g`.
   * @example { pattern: '^/old/(.*)$', replacement: '/new/$1' }
   * @example { pattern: '-', replacement: '_', flags: 'g' }
   */
  regex: regexReplaceSchema.optional(),
  /**
   * A template filled with the route's captured parameters (`:id`) and glob rest (`**`).
   * @example '/api/products/:id'
   */
  path: z.string().startsWith('/').optional(),
  /**
   * The upstream request's `Host`: a literal (`'api.example.com'`), or `{ target: true }` for the
   * picked target's host and port (as the upstream's `changeOrigin` does, for this route only).
   * Wins over `changeOrigin`. Omitted: the client's Host (or the target's with `changeOrigin`).
   */
  host: z.union([z.string().min(1), z.strictObject({ target: z.literal(true) })]).optional(),
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
  /**
   * For a declared `method`: where the JSON body goes, as `body` in `google.api.http` — `'*'` (the
   * whole request message) or the path of one field (`'location'`, `'note.location'`); the query
   * then fills the other fields. Ignored for `'annotations'`, whose bindings say it. @default '*'
   */
  body: z.string().min(1).optional(),
  /**
   * For a declared `method`: answer with this field of the response message only (a field path),
   * as `response_body` in `google.api.http`. @default the whole message
   */
  responseBody: z.string().min(1).optional(),
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
 * Answer with a redirect whose `Location` is built from the request (as Gateway API's
 * `RequestRedirect`): each part not given stays as the request had it. With no `port`, a given
 * `scheme` brings its well-known port; `:80` on http and `:443` on https are left out.
 * @example { scheme: 'https', status: 301 }                  // upgrade to https, same host and path
 * @example { host: 'new.example.com', prefix: '/v2' }        // `/v1/users/7` (route prefix /v1) → `/v2/users/7`
 */
export const redirectSchema = z.strictObject({
  scheme: z.enum(['http', 'https']).optional(),
  /** Host name (no port; see `port`). */
  host: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** The whole path, a template with the route's parameters (`:id`, `**`). @example '/users/:id' */
  path: z.string().startsWith('/').optional(),
  /** Replace what the route's `prefix` (or the literal part before a final `/**`) matched. */
  prefix: z.string().startsWith('/').optional(),
  /** Regex replace on the path. @example { pattern: '^/old/(.*)$', replacement: '/new/$1' } */
  regex: regexReplaceSchema.optional(),
  /** Drop the query string. @default false */
  stripQuery: z.boolean().optional(),
  /** 301, 302, 303, 307 or 308. @default 302 */
  status: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]).optional(),
});
export type RedirectConfig = z.input<typeof redirectSchema>;

/**
 * Send a copy of each forwarded request to another upstream, without waiting for it: its answer
 * is dropped and its failure never reaches the client (failures are counted in the UI).
 * @example { upstream: 'orders-shadow', percent: 10 }
 */
export const mirrorSchema = z.strictObject({
  /** The upstream that gets the copies (HTTP). */
  upstream: z.string().min(1),
  /** Share of requests copied, 0–100. @default 100 */
  percent: z.number().min(0).max(100).optional(),
  /**
   * Bodies up to this size are copied (read whole before forwarding); a request with a larger
   * body, or chunked without a length, is not mirrored. @default '64kb'
   */
  maxBody: sizeSchema.optional(),
});

/** One side of a traffic split. */
export const splitEntrySchema = z.strictObject({
  /** An upstream's name. */
  name: z.string().min(1),
  /** Share of the traffic: weight / sum of weights. @default 1 */
  weight: z.number().int().nonnegative().optional(),
});

/** Every upstream a route's `upstream` names (one, or each side of a split). */
export function upstreamNamesOf(upstream: string | readonly { name: string }[] | undefined): string[] {
  if (upstream === undefined) return [];
  return typeof upstream === 'string' ? [upstream] : upstream.map((entry) => entry.name);
}

/**
 * Edits to the response headers the client gets (from the upstream, or a `respond`/`redirect`
 * answer). Names are case-insensitive; applied in the order `remove`, `set`, `add`.
 * @example { set: { 'cache-control': 'no-store' }, add: { vary: 'accept' }, remove: ['server'] }
 */
export const responseHeadersSchema = z.strictObject({
  /** Replace (or add) these headers. */
  set: z.record(z.string(), z.string()).optional(),
  /** Append: joined with `, ` onto an existing value (`set-cookie` gets another header). */
  add: z.record(z.string(), z.string()).optional(),
  /** Remove these headers. */
  remove: z.array(z.string()).optional(),
});
export type ResponseHeadersConfig = z.input<typeof responseHeadersSchema>;

/**
 * The route options that each select a route action (src/pipeline/actions/), with what they do
 * (for the "missing" message). A route gives exactly one.
 */
export const ROUTE_ACTION_KEYS = {
  upstream: 'the upstream that serves this route',
  respond: 'an answer from the gateway',
  redirect: 'a redirect the gateway answers with',
  mock: 'a made-up answer',
} as const;
export type RouteActionKey = keyof typeof ROUTE_ACTION_KEYS;

export const routeSchema = z.strictObject({
  /** Unique name, shown by `explain`, the UI, the log and `gateway test`. */
  name: z.string().min(1),
  match: matchSchema,
  /**
   * Name of the upstream that serves this route (or give `respond` or `redirect`), or a traffic
   * split: several upstreams with weights (shares of weight/sum; default 1, 0 = no traffic), each
   * keeping its own balancer, health and timeouts. Split upstreams speak HTTP.
   * @example 'orders'
   * @example [{ name: 'orders-v1', weight: 90 }, { name: 'orders-v2', weight: 10 }]
   */
  upstream: z.union([z.string().min(1), z.array(splitEntrySchema).min(1)]).optional(),
  /**
   * For a split: keep callers on one side. `{ header }`: a request whose header names one of the
   * split's upstreams goes there. `{ cookie }`: likewise, and a caller without the cookie gets it
   * naming the side it was given, so it stays there.
   * @example { cookie: 'gw-canary' }
   */
  pin: z.union([z.strictObject({ header: z.string().min(1) }), z.strictObject({ cookie: z.string().min(1) })]).optional(),
  /** Copy requests to another upstream (never waited for). */
  mirror: mirrorSchema.optional(),
  /** Answer directly instead of forwarding. */
  respond: respondSchema.optional(),
  /** Answer with a redirect (`Location` built from the request). */
  redirect: redirectSchema.optional(),
  /**
   * Answer with a mock instead of forwarding: inline (templates fill in path parameters, query and
   * headers), from a file, a sequence of answers, or every operation of an OpenAPI document.
   * @example { json: { id: '{params.id}', name: 'Ada' }, latency: '100ms' }
   * @example { openapi: './api.yaml' }
   */
  mock: mockSchema.optional(),
  rewrite: rewriteSchema.optional(),
  /** Edits to the client's response headers. Omitted: `defaults.responseHeaders`. */
  responseHeaders: responseHeadersSchema.optional(),
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
  /**
   * For a gRPC upstream: also accept gRPC-Web from browsers (`application/grpc-web`,
   * `application/grpc-web+proto`, `application/grpc-web-text`) on this route; the rewritten path
   * names the RPC (`/shop.v1.ProductService/GetProduct`). Unary and server-streaming calls. Browsers
   * on another origin also need `cors` (the gRPC status headers are exposed automatically).
   * **Any method of the upstream's protos becomes callable through this route unless `grpc.method` names one.**
   * @default false
   */
  grpcWeb: z.boolean().optional(),
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
