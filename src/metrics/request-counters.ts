/**
 * The counters finished requests feed: one entry each, so a new count (faults, rate limits, …) is
 * one line here. Labels are route and upstream names and bounded values — never raw paths, which
 * would make a series per URL.
 */
import type { GatewayEvents } from '../events.js';

type Finished = GatewayEvents['request-finished'];

/** What one request adds to a counter: its label values (in `labels` order) and by how much. */
export interface CounterSample {
  readonly labels: readonly string[];
  /** @default 1 */
  readonly by?: number;
}

/**
 * A counter fed by `request-finished` events.
 * @example
 * // Requests over their rate limit, by route: one more entry in REQUEST_COUNTERS.
 * { name: 'gateway_rate_limited_total', help: 'Requests answered 429 …', labels: ['route'],
 *   count: (e) => (e.decision?.rateLimit?.allowed === false ? { labels: [routeLabel(e)] } : undefined) }
 */
export interface RequestCounter {
  readonly name: string;
  readonly help: string;
  readonly labels: readonly string[];
  /** What `event` adds, or `undefined` when it does not count here. */
  count(event: Finished): CounterSample | undefined;
}

/**
 * Route name; `(gateway)` for what the gateway answers before routing (the metrics endpoint),
 * `(no route)` when none matched, `(none)` when the pipeline never ran (a body over the limit).
 */
export function routeLabel(event: Finished): string {
  const decision = event.decision;
  if (decision === undefined) return '(none)';
  if (decision.route !== undefined) return decision.route.name;
  return decision.action === 'respond' ? '(gateway)' : '(no route)';
}

/** Upstream name, or `''` when the request was not for one. */
export function upstreamLabel(event: Finished): string {
  return event.decision?.upstream ?? '';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);

/** The method, or `other` (a client can send any token; each would be a new series). */
export function methodLabel(event: Finished): string {
  return METHODS.has(event.method) ? event.method : 'other';
}

/** Every counter the metrics endpoint serves. */
export const REQUEST_COUNTERS: readonly RequestCounter[] = [
  {
    name: 'gateway_requests_total',
    help: 'Requests answered, by route, upstream, method and status code (0: no answer was sent).',
    labels: ['route', 'upstream', 'method', 'code'],
    count: (e) => ({ labels: [routeLabel(e), upstreamLabel(e), methodLabel(e), String(e.status)] }),
  },
  {
    name: 'gateway_upstream_retries_total',
    help: 'Retries of a request on another target of its upstream.',
    labels: ['route', 'upstream'],
    count: (e) => (e.retries ? { labels: [routeLabel(e), upstreamLabel(e)], by: e.retries } : undefined),
  },
  {
    name: 'gateway_rejected_total',
    help: 'Requests the gateway refused itself, by route and problem type (no-route, unauthorized, forbidden, ...).',
    labels: ['route', 'problem'],
    count: (e) =>
      e.decision?.action === 'reject'
        ? { labels: [routeLabel(e), (e.decision.problem?.type ?? '').replace(/^urn:gateway:/, '')] }
        : undefined,
  },
  {
    name: 'gateway_rate_limited_total',
    help: 'Requests answered 429 because their rate-limit bucket was empty, by route.',
    labels: ['route'],
    count: (e) => (e.decision?.rateLimit?.allowed === false ? { labels: [routeLabel(e)] } : undefined),
  },
  {
    name: 'gateway_faults_injected_total',
    help: 'Requests with an injected fault, by route and what fired first (abort, delay, bandwidth) and why (config, headers, chaos).',
    labels: ['route', 'kind', 'source'],
    count: (e) => {
      const fault = e.decision?.fault;
      if (fault?.injected !== true) return undefined;
      const kind = fault.abort ? 'abort' : fault.delayMs !== undefined ? 'delay' : 'bandwidth';
      return { labels: [routeLabel(e), kind, fault.source] };
    },
  },
];
