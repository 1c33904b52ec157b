/** `tests`: route test cases that `gateway test` checks (statically, or `--live`). */
import { z } from 'zod';

export const routeTestSchema = z.strictObject({
  /** Shown in reports. @default 'METHOD URL' */
  name: z.string().optional(),
  request: z.strictObject({
    method: z.string().min(1).optional(),
    /** A path with query, or an absolute URL (its host takes part in host matching). */
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    /** A JSON value (sent as JSON) or a string. */
    body: z.unknown().optional(),
  }),
  /** Requests sampled for `expect.split` (each decided with its own random roll). @default 1000 */
  samples: z.number().int().min(1).max(100_000).optional(),
  /** Only the fields given are compared. */
  expect: z.strictObject({
    /** Route name, or `null` for "no route matches". */
    route: z.union([z.string(), z.null()]).optional(),
    upstream: z.string().optional(),
    /** Upstream path and query after rewriting. */
    path: z.string().optional(),
    /** The target a fresh balancer picks (deterministic balancers only). */
    target: z.string().optional(),
    /** `'allow'`, `'deny'` (401/403) or `'public'`. */
    auth: z.enum(['allow', 'deny', 'public']).optional(),
    /** The status the gateway gives (its own answers), or, with `--live`, the status received. */
    status: z.number().int().optional(),
    /**
     * Headers on the upstream request, after rewrite and auth edits (checked from the Decision);
     * `null`: the header must not be sent (a stripped credential).
     * @example { 'x-user': 'alice', authorization: null }
     */
    headers: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
    /** With `--live`: headers on the response the client gets. */
    responseHeaders: z.record(z.string(), z.string()).optional(),
    /**
     * For a traffic split: the share of sampled requests each upstream gets, as `[min, max]` or an
     * exact share (`1` under a pin).
     * @example { 'orders-v2': [0.05, 0.15] }
     */
    split: z.record(z.string(), z.union([z.number().min(0).max(1), z.tuple([z.number(), z.number()])])).optional(),
    /** For redirects: the exact `Location` the gateway answers with. */
    location: z.string().optional(),
    grpcMethod: z.string().optional(),
    soapOperation: z.string().optional(),
    /** With `--live`: a subset the JSON response body must contain. */
    body: z.unknown().optional(),
  }),
});
export type RouteTestConfig = z.input<typeof routeTestSchema>;
