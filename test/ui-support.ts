/**
 * Recorded events for the UI tests: real Decisions from `decide` over the demo config (compact
 * traces, as `gateway dev` emits them), with pinned times and durations so frames compare whole.
 */
import { fileURLToPath } from 'node:url';
import type { GatewayEvents } from '../src/events.js';
import { loadTable } from '../src/commands/load-table.js';
import { createPools, type Pools } from '../src/pipeline/balance/index.js';
import { decide } from '../src/pipeline/decide.js';
import type { RouteTable } from '../src/pipeline/table.js';

/** 12:04:31.000 local time on a fixed day: the clock column always reads the same. */
export const T0 = new Date(2025, 0, 15, 12, 4, 31, 0).getTime();

/** The demo config (`gateway dev --demo` serves it). */
const DEMO_CONFIG = fileURLToPath(new URL('../gateway.config.example.ts', import.meta.url));

export async function demoTable(): Promise<RouteTable> {
  const loaded = await loadTable({ cwd: process.cwd(), configPath: DEMO_CONFIG, env: {} });
  if (!loaded.ok) throw new Error(`demo config: ${JSON.stringify(loaded.issues)}`);
  return loaded.table;
}

export interface Exchange {
  readonly method?: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly durationMs: number;
  readonly bytes?: number;
  readonly error?: string;
}

/** A `request-finished` event for `exchange`, decided by the real pipeline. */
export async function finished(
  table: RouteTable,
  pools: Pools,
  id: number,
  exchange: Exchange,
): Promise<GatewayEvents['request-finished']> {
  const method = exchange.method ?? 'GET';
  const decision = await decide(
    {
      method,
      url: exchange.url,
      headers: { host: '127.0.0.1:8080', ...exchange.headers },
      remoteAddress: '127.0.0.1',
      scheme: 'http',
    },
    table,
    { now: () => T0, random: () => 0.5, pools, fetch: globalThis.fetch, trace: 'compact' },
  );
  return {
    id,
    method,
    url: exchange.url,
    at: T0 + id * 250,
    status: exchange.status,
    durationMs: exchange.durationMs,
    bytes: exchange.bytes ?? 120,
    decision,
    target: decision.target?.id,
    ...(exchange.error ? { error: exchange.error } : {}),
  };
}

/** A small session against the demo: users (twice, round-robin), products (gRPC), orders (401), a 404, an upstream error. */
export const SESSION: readonly Exchange[] = [
  { url: '/users/1', status: 200, durationMs: 3.1 },
  { url: '/users/2', status: 200, durationMs: 2.4 },
  { url: '/v1/products/42', status: 200, durationMs: 12.6 },
  { url: '/orders/1', status: 401, durationMs: 0.6 },
  { url: '/nope', status: 404, durationMs: 0.3 },
  { url: '/echo/hello?x=1', status: 502, durationMs: 4.2, error: 'connect ECONNREFUSED 127.0.0.1:4301' },
];

/** The session's events, in order. */
export async function recordSession(table: RouteTable): Promise<GatewayEvents['request-finished'][]> {
  const pools = createPools();
  const events: GatewayEvents['request-finished'][] = [];
  for (const [i, exchange] of SESSION.entries()) events.push(await finished(table, pools, i + 1, exchange));
  return events;
}
