/**
 * `server.metrics`: `GET /__gateway/metrics` answered by the gateway itself, before any route, to
 * the allowed client addresses only (loopback by default) — metrics name every route and upstream.
 */
import type { ResolvedServer } from '../config/resolved.js';
import type { DecideContext } from './context.js';
import { isTrusted } from './normalize/client-ip.js';
import { problem } from './problem.js';
import type { RouteTable } from './table.js';
import type { Decision, NormalizedRequest, TraceStep } from './types.js';

/** The Prometheus text format's content type (version 0.0.4); src/metrics writes that format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The metrics Decision for `request`, or `undefined` when it is not a metrics scrape. */
export function answerMetrics(
  request: NormalizedRequest,
  summary: Decision['request'],
  table: RouteTable,
  ctx: DecideContext,
  trace: TraceStep[],
): Decision | undefined {
  const metrics: ResolvedServer['metrics'] = table.config.server.metrics;
  if (metrics === undefined || request.path !== metrics.path) return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  if (!isTrusted(request.clientIp, metrics.allow)) {
    const reason = `the metrics endpoint answers only ${metrics.allow.join(', ')} (server.metrics.allow), not ${request.clientIp}`;
    trace.push({ stage: 'respond', ok: false, summary: reason });
    return {
      request: summary,
      action: 'reject',
      status: 403,
      problem: problem('forbidden', 403, reason),
      trace,
    };
  }
  trace.push({ stage: 'respond', ok: true, summary: `metrics endpoint ${metrics.path} (server.metrics)` });
  const body = ctx.metrics?.render(ctx.pools, table) ?? '';
  return {
    request: summary,
    action: 'respond',
    status: 200,
    response: {
      status: 200,
      headers: { 'content-type': EXPOSITION_CONTENT_TYPE, 'cache-control': 'no-store' },
      body,
    },
    trace,
  };
}
