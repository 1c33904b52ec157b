/**
 * `--log json`: one JSON object per line. Every line has `type` (`request`, `reload`,
 * `reload-failed`, `health`) and `time` (ISO 8601); request lines carry the Decision summary.
 *
 *   {"type":"request","time":"…","id":1,"method":"GET","url":"/users/1","status":200,"durationMs":3.1,
 *    "bytes":71,"action":"forward","route":"users","upstream":"users","upstreamPath":"/users/1",
 *    "target":"127.0.0.1:4101","auth":{"result":"public"},
 *    "traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-8000000080000000-01"}
 */
import type { GatewayEvents } from '../events.js';
import type { RouteTable } from '../pipeline/table.js';
import { redactUrl, summarizeDecision } from './summary.js';

/** A request line. */
export function jsonRequestLine(
  event: GatewayEvents['request-finished'],
  table: RouteTable | undefined,
): string {
  const summary =
    event.decision === undefined ? undefined : summarizeDecision(event.decision, event.target, table);
  return JSON.stringify({
    type: 'request',
    time: new Date(event.at).toISOString(),
    id: event.id,
    method: event.method,
    url: redactUrl(event.url, table),
    status: event.status,
    durationMs: Math.round(event.durationMs * 100) / 100,
    bytes: event.bytes,
    ...summary,
    ...(event.retries ? { retries: event.retries } : {}),
    ...(event.error ? { error: event.error } : {}),
  });
}

/** A successful reload. */
export function jsonReloadLine(event: GatewayEvents['reload-succeeded']): string {
  return JSON.stringify({
    type: 'reload',
    time: new Date().toISOString(),
    ok: true,
    ...event,
    durationMs: Math.round(event.durationMs * 100) / 100,
  });
}

/** A failed reload. */
export function jsonReloadFailure(event: GatewayEvents['reload-failed']): string {
  return JSON.stringify({ type: 'reload-failed', time: new Date().toISOString(), ok: false, ...event });
}

/** A health change. */
export function jsonHealthLine(event: GatewayEvents['target-health']): string {
  return JSON.stringify({ type: 'health', time: new Date().toISOString(), ...event });
}
