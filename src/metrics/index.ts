/** Prometheus metrics: counters fed by finished requests, gauges read from the pools, the text format. */
import type { GatewayEvents } from '../events.js';
import type { MetricsSource } from '../pipeline/context.js';
import type { Pools } from '../pipeline/balance/index.js';
import type { RouteTable } from '../pipeline/table.js';
import { writeExposition } from './exposition.js';
import { Counter, Histogram } from './registry.js';
import { REQUEST_COUNTERS, routeLabel, upstreamLabel } from './request-counters.js';
import { stateFamilies } from './state-gauges.js';

export { EXPOSITION_CONTENT_TYPE, type MetricFamily, writeExposition } from './exposition.js';
export { Counter, DEFAULT_BUCKETS, Histogram } from './registry.js';
export { REQUEST_COUNTERS, type RequestCounter } from './request-counters.js';

/** The gateway's metrics for one `gateway dev` run (kept across reloads). */
export class GatewayMetrics implements MetricsSource {
  readonly #counters = REQUEST_COUNTERS.map((c) => ({
    spec: c,
    counter: new Counter(c.name, c.help, c.labels),
  }));
  readonly #duration = new Histogram(
    'gateway_request_duration_seconds',
    "Time from the request's arrival to the end of its answer, by route and upstream.",
    ['route', 'upstream'],
  );

  /** Counts one finished request. */
  record(event: GatewayEvents['request-finished']): void {
    for (const { spec, counter } of this.#counters) {
      const sample = spec.count(event);
      if (sample !== undefined) counter.inc(sample.labels, sample.by ?? 1);
    }
    this.#duration.observe([routeLabel(event), upstreamLabel(event)], event.durationMs / 1000);
  }

  /** The exposition text: counters, the duration histogram, and the pools' gauges now. */
  render(pools: Pools, table: RouteTable): string {
    return writeExposition([
      ...this.#counters.map(({ counter }) => counter.family()),
      this.#duration.family(),
      ...stateFamilies(pools.snapshot(), table),
    ]);
  }
}
