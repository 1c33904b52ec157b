/**
 * The upstreams panel's rows: each upstream of the serving table and its targets, with the live
 * state the balancer keeps (health, ejection, requests in flight) from the pools' snapshot, or
 * from the last health event when no snapshot is available.
 */
import type { GatewayEvents } from '../../events.js';
import type { PoolsSnapshot, TargetSnapshot } from '../../pipeline/balance/index.js';
import type { RouteTable } from '../../pipeline/table.js';
import { type Column, type PlacedColumn, rowSegments } from './columns.js';
import type { Segment, Tone } from './text.js';

export type UpstreamColumnKey =
  | 'upstream'
  | 'target'
  | 'health'
  | 'inFlight'
  | 'ejections'
  | 'requests'
  | 'failures';

export const UPSTREAM_COLUMNS: readonly Column<UpstreamColumnKey>[] = [
  { key: 'upstream', title: 'UPSTREAM', width: 10, priority: 3, flex: 1 },
  { key: 'target', title: 'TARGET', width: 15, priority: 1 },
  { key: 'health', title: 'HEALTH', width: 9, priority: 2 },
  { key: 'inFlight', title: 'INFL', width: 4, priority: 4, align: 'right' },
  { key: 'ejections', title: 'EJCT', width: 4, priority: 5, align: 'right' },
  { key: 'requests', title: 'REQS', width: 6, priority: 6, align: 'right' },
  { key: 'failures', title: 'FAIL', width: 4, priority: 7, align: 'right' },
];

/** One target as the panel shows it. */
export interface TargetRow {
  /** The upstream's name on its first target's row, `''` on the others. */
  readonly upstream: string;
  readonly target: string;
  readonly health: 'healthy' | 'unhealthy' | 'ejected';
  readonly inFlight: number;
  readonly ejections: number;
  readonly requests: number;
  readonly failures: number;
}

/** Health label colour. */
export function healthTone(health: TargetRow['health']): Tone {
  return health === 'healthy' ? 'ok' : 'error';
}

/** Every target of every upstream in the table, in config order. */
export function targetRows(
  table: RouteTable,
  pools: PoolsSnapshot | undefined,
  health: ReadonlyMap<string, GatewayEvents['target-health']>,
): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const upstream of Object.values(table.config.upstreams)) {
    // The pools list only upstreams that served a request so far.
    const live = pools?.upstreams.find((u) => u.name === upstream.name);
    upstream.targets.forEach((target, i) => {
      const snapshot = live?.targets.find((t) => t.id === target.id);
      rows.push({
        upstream: i === 0 ? upstream.name : '',
        target: target.id,
        health: healthOf(snapshot, health.get(`${upstream.name} ${target.id}`)),
        inFlight: snapshot?.inFlight ?? 0,
        ejections: snapshot?.ejections ?? 0,
        requests: snapshot?.requests ?? 0,
        failures: snapshot?.failures ?? 0,
      });
    });
  }
  return rows;
}

function healthOf(
  snapshot: TargetSnapshot | undefined,
  event: GatewayEvents['target-health'] | undefined,
): TargetRow['health'] {
  if (snapshot !== undefined)
    return snapshot.ejected ? 'ejected' : snapshot.healthy ? 'healthy' : 'unhealthy';
  if (event === undefined || event.healthy) return 'healthy';
  return event.kind === 'ejected' ? 'ejected' : 'unhealthy';
}

/** A target row's cells, fitted to the placed columns. */
export function targetSegments(
  row: TargetRow,
  columns: readonly PlacedColumn<UpstreamColumnKey>[],
): Segment[] {
  return rowSegments(row, columns, cellOf);
}

function cellOf(row: TargetRow, key: UpstreamColumnKey): Segment {
  switch (key) {
    case 'upstream':
      return { text: row.upstream, tone: 'accent' };
    case 'target':
      return { text: row.target };
    case 'health':
      return { text: row.health, tone: healthTone(row.health) };
    case 'inFlight':
      return { text: String(row.inFlight), tone: row.inFlight === 0 ? 'dim' : undefined };
    case 'ejections':
      return { text: String(row.ejections), tone: row.ejections > 0 ? 'warn' : 'dim' };
    case 'requests':
      return { text: String(row.requests), tone: 'dim' };
    case 'failures':
      return { text: String(row.failures), tone: row.failures > 0 ? 'error' : 'dim' };
  }
}
