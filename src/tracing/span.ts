/**
 * One finished request as the gateway's span: the ids the pipeline decided (the same the upstream
 * got in `traceparent`), OpenTelemetry HTTP semantic-convention attributes, and the Decision's
 * route, upstream and target. Plain data, so it is tested without the SDK.
 */
import type { GatewayEvents } from '../events.js';

/** Attribute values the gateway sets. */
export type SpanAttributes = Record<string, string | number>;

/** The gateway's span for one request. */
export interface GatewaySpan {
  /** `GET users` (method and route name), or `GET` when no route matched. */
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  /** The caller's span, when the request continued a trace. */
  readonly parentId: string | undefined;
  /** Trace flags as a number (`1`: sampled). */
  readonly flags: number;
  /** Milliseconds since the epoch. */
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: SpanAttributes;
  /** Server errors (5xx) and exchanges that ended without an answer. */
  readonly error: string | undefined;
}

/** The span for `event`, or `undefined` when the request never reached the pipeline (no trace ids). */
export function gatewaySpan(event: GatewayEvents['request-finished']): GatewaySpan | undefined {
  const decision = event.decision;
  const context = decision?.traceContext;
  if (decision === undefined || context === undefined) return undefined;
  const route = decision.route?.name;
  const attributes: SpanAttributes = {
    'http.request.method': event.method,
    'url.path': decision.request.path,
    'http.response.status_code': event.status,
    'gateway.action': decision.action,
    'gateway.request.id': event.id,
  };
  if (decision.request.host) attributes['server.address'] = decision.request.host;
  if (route !== undefined) attributes['gateway.route'] = route;
  if (decision.upstream !== undefined) attributes['gateway.upstream'] = decision.upstream;
  const target = event.target ?? decision.target?.id;
  if (target !== undefined && decision.action === 'forward') attributes['gateway.target'] = target;
  if (decision.upstreamPath !== undefined)
    attributes['gateway.upstream_path'] = decision.upstreamPath.split('?')[0]!;
  if (event.retries) attributes['gateway.retries'] = event.retries;
  const error =
    event.status === 0
      ? (event.error ?? 'no answer')
      : event.status >= 500
        ? (event.error ?? String(event.status))
        : undefined;
  if (error !== undefined) attributes['error.type'] = event.status === 0 ? 'aborted' : String(event.status);
  return {
    name: route === undefined ? event.method : `${event.method} ${route}`,
    traceId: context.traceId,
    spanId: context.spanId,
    parentId: context.parentId,
    flags: Number.parseInt(context.flags, 16),
    startMs: event.at,
    endMs: event.at + event.durationMs,
    attributes,
    error,
  };
}
