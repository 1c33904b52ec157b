/**
 * Helpers for the fault, rate-limit and mock tests: a table from a user config, and `decide` with
 * a chosen random source and route state. Not a test file itself (no `.test.ts`).
 */
import { tmpdir } from 'node:os';
import { resolveConfig } from '../src/config/resolve.js';
import { createPools } from '../src/pipeline/balance/index.js';
import type { DecideContext } from '../src/pipeline/context.js';
import { decide } from '../src/pipeline/decide.js';
import type { RouteRuntime } from '../src/pipeline/route-state.js';
import { compileTable, type RouteTable } from '../src/pipeline/table.js';
import type { Decision } from '../src/pipeline/types.js';

/** Compiles a user config (throws on issues: the tests' configs are meant to be valid). */
export async function tableOf(config: unknown, dir = tmpdir()): Promise<RouteTable> {
  const resolved = resolveConfig(config, { dir });
  if (!resolved.ok) throw new Error(`bad test config: ${JSON.stringify(resolved.issues)}`);
  const compiled = await compileTable(resolved.config);
  if (!compiled.ok) throw new Error(`bad test config: ${JSON.stringify(compiled.issues)}`);
  return compiled.table;
}

export interface DecideOptions {
  readonly headers?: Record<string, string>;
  readonly method?: string;
  readonly random?: () => number;
  readonly now?: number;
  readonly routeState?: RouteRuntime;
  readonly remoteAddress?: string;
}

/** Decides `url` as explain does (pinned 0.5, no route state) unless told otherwise. */
export function decideUrl(table: RouteTable, url: string, options: DecideOptions = {}): Promise<Decision> {
  const ctx: DecideContext = {
    now: () => options.now ?? 1_700_000_000_000,
    random: options.random ?? (() => 0.5),
    pools: createPools(),
    fetch: globalThis.fetch,
    trace: 'full',
    ...(options.routeState && { routeState: options.routeState }),
  };
  return decide(
    {
      method: options.method ?? 'GET',
      url,
      headers: { host: 'localhost', ...options.headers },
      remoteAddress: options.remoteAddress ?? '127.0.0.1',
      scheme: 'http',
    },
    table,
    ctx,
  );
}
