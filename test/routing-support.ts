// Helpers for the routing tests: a table from a user config, and `decide` with pinned randomness.
import { tmpdir } from 'node:os';
import { resolveConfig } from '../src/config/resolve.js';
import { createPools } from '../src/pipeline/balance/index.js';
import { decide } from '../src/pipeline/decide.js';
import { compileTable, type RouteTable } from '../src/pipeline/table.js';
import type { Decision, RequestInput } from '../src/pipeline/types.js';

/** Compiles a user config (throws with the issues when it does not load). */
export async function tableOf(config: unknown): Promise<RouteTable> {
  const resolved = resolveConfig(config, { dir: tmpdir() });
  if (!resolved.ok) throw new Error(`bad config: ${JSON.stringify(resolved.issues)}`);
  const compiled = await compileTable(resolved.config);
  if (!compiled.ok) throw new Error(`bad config: ${JSON.stringify(compiled.issues)}`);
  return compiled.table;
}

/** The issues resolveConfig reports for a config (`[]` when it loads). */
export function issuesOf(config: unknown): string[] {
  const resolved = resolveConfig(config, { dir: tmpdir() });
  return resolved.ok ? [] : resolved.issues.map((i) => `${i.path}: ${i.message}`);
}

export interface DecideOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly remoteAddress?: string;
  readonly scheme?: 'http' | 'https';
  /** @default () => 0.5 */
  readonly random?: () => number;
}

/** Decides one request against `table`, with a fresh balancer and full trace. */
export function decideOn(table: RouteTable, url: string, options: DecideOptions = {}): Promise<Decision> {
  const input: RequestInput = {
    method: options.method ?? 'GET',
    url,
    headers: { host: 'localhost', ...options.headers },
    remoteAddress: options.remoteAddress ?? '127.0.0.1',
    scheme: options.scheme ?? 'http',
  };
  return decide(input, table, {
    now: () => 1_700_000_000_000,
    random: options.random ?? (() => 0.5),
    pools: createPools(),
    fetch: globalThis.fetch,
    trace: 'full',
  });
}

/** The first failed condition of a route in a Decision's match trace. */
export function failureOf(decision: Decision, route: string): unknown {
  const step = decision.trace.find((s) => s.stage === 'match');
  const details = step?.details as { checks?: { route: string; failed?: unknown }[] } | undefined;
  return details?.checks?.find((c) => c.route === route)?.failed;
}
