/**
 * The routes panel's rows: every route of the serving table in evaluation order, with what it
 * matches and its counters (hits, errors, median latency of recent requests).
 */
import type { ResolvedRoute } from '../../config/resolved.js';
import { formatDuration } from '../../log/index.js';
import type { RouteTable } from '../../pipeline/table.js';
import { medianDuration, type RouteStats } from '../store/route-stats.js';
import { NO_ROUTE } from '../store/store.js';
import { type Column, type PlacedColumn, rowSegments } from './columns.js';
import type { Segment } from './text.js';

export type RouteColumnKey = 'name' | 'match' | 'hits' | 'errors' | 'p50';

export const ROUTE_COLUMNS: readonly Column<RouteColumnKey>[] = [
  { key: 'name', title: 'ROUTE', width: 16, priority: 1 },
  { key: 'match', title: 'MATCH', width: 10, priority: 5, flex: 1 },
  { key: 'hits', title: 'HITS', width: 5, priority: 2, align: 'right' },
  { key: 'errors', title: 'ERR', width: 4, priority: 3, align: 'right' },
  { key: 'p50', title: 'P50', width: 6, priority: 4, align: 'right' },
];

/** One route as the panel shows it. */
export interface RouteRow {
  readonly name: string;
  readonly match: string;
  readonly hits: number;
  readonly errors: number;
  readonly p50: number | undefined;
  /** In chaos mode (the UI's `f` key). */
  readonly chaos?: boolean;
}

/**
 * `GET,HEAD /users/**`, `* /v1/products/**`, `GET /flags ?beta`, `* /users/** [x-tenant]`,
 * `* /admin/users/:id @localhost` — a display of the route's config, nothing evaluated.
 */
export function matchSummary(route: ResolvedRoute): string {
  const m = route.match;
  const parts = [m.methods ? m.methods.join(',') : '*', String(m.path)];
  if (m.host) parts.push(`@${m.host.map(String).join(',')}`);
  const headers = Object.keys(m.headers);
  if (headers.length > 0) parts.push(`[${headers.join(',')}]`);
  const query = Object.keys(m.query);
  if (query.length > 0) parts.push(`?${query.join('&')}`);
  return parts.join(' ');
}

/** The table's routes in evaluation order, then `(no route)` once something did not match. */
export function routeRows(
  table: RouteTable,
  stats: ReadonlyMap<string, RouteStats>,
  chaos: readonly string[] = [],
): RouteRow[] {
  const rows = table.routes.map((route) => ({
    ...row(route.name, matchSummary(route.config), stats.get(route.name)),
    ...(chaos.includes(route.name) && { chaos: true }),
  }));
  const unmatched = stats.get(NO_ROUTE);
  if (unmatched !== undefined) rows.push(row(NO_ROUTE, '', unmatched));
  return rows;
}

function row(name: string, match: string, stats: RouteStats | undefined): RouteRow {
  return {
    name,
    match,
    hits: stats?.hits ?? 0,
    errors: stats?.errors ?? 0,
    p50: stats === undefined ? undefined : medianDuration(stats),
  };
}

/** A route row's cells, fitted to the placed columns. */
export function routeSegments(row: RouteRow, columns: readonly PlacedColumn<RouteColumnKey>[]): Segment[] {
  return rowSegments(row, columns, cellOf);
}

function cellOf(row: RouteRow, key: RouteColumnKey): Segment {
  switch (key) {
    case 'name':
      if (row.chaos) return { text: `↯${row.name}`, tone: 'warn' };
      return { text: row.name, tone: row.name === NO_ROUTE ? 'warn' : 'accent' };
    case 'match':
      return { text: row.match, tone: 'dim' };
    case 'hits':
      return { text: String(row.hits), tone: row.hits === 0 ? 'dim' : undefined };
    case 'errors':
      return { text: String(row.errors), tone: row.errors > 0 ? 'error' : 'dim' };
    case 'p50':
      return { text: row.p50 === undefined ? '—' : formatDuration(row.p50), tone: 'dim' };
  }
}
