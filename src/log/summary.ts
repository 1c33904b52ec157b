/**
 * The Decision summary both log formats print: route, upstream, upstream path, target, auth —
 * with credentials in query strings redacted (the request line is shown as received).
 */
import { redactQuery } from '../pipeline/auth/index.js';
import { faultSummary } from '../pipeline/fault/index.js';
import type { RouteTable } from '../pipeline/table.js';
import type { Decision } from '../pipeline/types.js';

/** `/orders?api_key=[redacted]`: a URL with credential query parameters redacted. */
export function redactUrl(url: string, table: RouteTable | undefined): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  return `${url.slice(0, q)}?${redactQuery(url.slice(q + 1), table?.authProviders)}`;
}

/** What the log says about a Decision. */
export interface DecisionSummary {
  readonly action: Decision['action'];
  readonly route: string | undefined;
  readonly upstream: string | undefined;
  readonly upstreamPath: string | undefined;
  readonly target: string | undefined;
  readonly auth:
    | { readonly result: string; readonly provider?: string; readonly identity?: string }
    | undefined;
  readonly transform: string | undefined;
  /** For a traffic split: the side and why (`orders-v2: pinned by header x-canary=orders-v2`). */
  readonly split?: string;
  /** For a mirrored request: the mirror upstream and target (`shadow 127.0.0.1:4911`). */
  readonly mirror?: string;
  /** For a redirect: the `Location` answered. */
  readonly location?: string;
  /** The problem's detail for rejections. */
  readonly reason: string | undefined;
  /** A fault was injected on purpose (`delay 500ms`, `abort 503`): nobody should debug it. */
  readonly injected?: true;
  readonly fault?: string;
  /** The request was over its route's rate limit (429). */
  readonly rateLimited?: true;
  /** The gateway's W3C `traceparent` (its trace-id finds the request in a tracing backend). */
  readonly traceparent: string | undefined;
}

/** Summarizes a Decision for the log (`target` is the one that answered, after retries). */
export function summarizeDecision(
  decision: Decision,
  target: string | undefined,
  table: RouteTable | undefined,
): DecisionSummary {
  const auth = decision.auth;
  const transform = decision.transform;
  return {
    action: decision.action,
    route: decision.route?.name,
    upstream: decision.upstream,
    upstreamPath: decision.upstreamPath === undefined ? undefined : redactUrl(decision.upstreamPath, table),
    target: target ?? decision.target?.id,
    auth:
      auth === undefined
        ? undefined
        : {
            result: auth.result,
            ...(auth.provider ? { provider: auth.provider } : {}),
            ...(auth.identity ? { identity: auth.identity.name } : {}),
          },
    transform:
      transform === undefined
        ? undefined
        : transform.kind === 'grpc'
          ? `grpc ${transform.method}`
          : `soap ${transform.operation}`,
    ...(decision.split && { split: `${decision.split.upstream}: ${decision.split.reason}` }),
    ...(decision.mirror && { mirror: `${decision.mirror.upstream} ${decision.mirror.target.id}` }),
    ...(decision.response?.headers.location !== undefined && {
      location: decision.response.headers.location,
    }),
    reason: decision.problem?.detail,
    ...(decision.fault?.injected && { injected: true, fault: faultSummary(decision.fault) }),
    ...(decision.rateLimit?.allowed === false && { rateLimited: true }),
    traceparent: decision.traceContext?.traceparent,
  };
}
