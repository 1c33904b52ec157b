/**
 * Gauges read from the live pools at scrape time: target health, ejections, in-flight requests
 * and each upstream's circuit breaker. One entry per gauge, like the request counters.
 */
import type { PoolsSnapshot } from '../pipeline/balance/index.js';
import type { RouteTable } from '../pipeline/table.js';
import type { MetricFamily } from './exposition.js';

type UpstreamState = PoolsSnapshot['upstreams'][number];
type TargetState = UpstreamState['targets'][number];

interface TargetGauge {
  readonly name: string;
  readonly help: string;
  readonly value: (target: TargetState) => number;
}

interface UpstreamGauge {
  readonly name: string;
  readonly help: string;
  readonly value: (upstream: UpstreamState, table: RouteTable) => number;
}

const TARGET_GAUGES: readonly TargetGauge[] = [
  {
    name: 'gateway_upstream_target_healthy',
    help: '1 when the target takes requests (passing active checks and not ejected), else 0.',
    value: (t) => (t.healthy && !t.ejected ? 1 : 0),
  },
  {
    name: 'gateway_upstream_target_ejected',
    help: '1 while passive health checks keep the target out, else 0.',
    value: (t) => (t.ejected ? 1 : 0),
  },
  {
    name: 'gateway_upstream_target_in_flight',
    help: 'Requests to the target not yet finished.',
    value: (t) => t.inFlight,
  },
];

const UPSTREAM_GAUGES: readonly UpstreamGauge[] = [
  {
    name: 'gateway_upstream_breaker_active',
    help: 'Requests holding a circuit-breaker slot of the upstream (limits.maxConcurrent).',
    value: (u) => u.active,
  },
  {
    name: 'gateway_upstream_breaker_pending',
    help: 'Requests waiting for a circuit-breaker slot (limits.maxPending).',
    value: (u) => u.pending,
  },
  {
    name: 'gateway_upstream_breaker_open',
    help: '1 when the upstream refuses new requests (every slot taken and the queue full), else 0.',
    value: (u, table) => {
      const limits = table.config.upstreams[u.name]?.limits;
      return limits !== undefined && u.active >= limits.maxConcurrent && u.pending >= limits.maxPending
        ? 1
        : 0;
    },
  },
];

/** The gauges' families for `snapshot` (only upstreams the current table still has). */
export function stateFamilies(snapshot: PoolsSnapshot, table: RouteTable): MetricFamily[] {
  const upstreams = snapshot.upstreams.filter((u) => table.config.upstreams[u.name] !== undefined);
  return [
    ...TARGET_GAUGES.map((gauge) => ({
      name: gauge.name,
      help: gauge.help,
      type: 'gauge' as const,
      samples: upstreams.flatMap((u) =>
        u.targets.map((t) => ({
          name: gauge.name,
          labels: [
            ['upstream', u.name],
            ['target', t.id],
          ] as const,
          value: gauge.value(t),
        })),
      ),
    })),
    ...UPSTREAM_GAUGES.map((gauge) => ({
      name: gauge.name,
      help: gauge.help,
      type: 'gauge' as const,
      samples: upstreams.map((u) => ({
        name: gauge.name,
        labels: [['upstream', u.name]] as const,
        value: gauge.value(u, table),
      })),
    })),
  ];
}
