/**
 * Shared helpers for the balance and health tests: upstreams built by the real resolver from the
 * user's config shape, normalized requests, a seeded random, and waiting on pool events.
 */
import { resolveUpstream } from '../src/config/resolve-upstream.js';
import type { ResolvedUpstream } from '../src/config/resolved.js';
import type { UpstreamConfig } from '../src/config/schema/index.js';
import type { PoolEvent, Pools } from '../src/pipeline/balance/index.js';
import type { Headers, NormalizedRequest } from '../src/pipeline/types.js';
import { seededRandom } from '../src/proxy/seeded-random.js';

/** Resolves one upstream exactly as the config loader does. */
export function upstream(name: string, config: Exclude<UpstreamConfig, string>): ResolvedUpstream {
  return resolveUpstream(name, config as never, process.cwd());
}

/** A normalized GET request with optional headers, query and client ip. */
export function request(
  options: { path?: string; query?: string; headers?: Headers; clientIp?: string; method?: string } = {},
): NormalizedRequest {
  const path = options.path ?? '/';
  return {
    method: options.method ?? 'GET',
    path,
    rawPath: path,
    query: options.query ?? '',
    host: 'localhost',
    headers: options.headers ?? {},
    clientIp: options.clientIp ?? '127.0.0.1',
    scheme: 'http',
    readBody: undefined,
  };
}

/** A seeded PRNG (the proxy's own mulberry32), so random picks repeat from run to run. */
export const seeded = seededRandom;

/**
 * Resolves with the first event matching `predicate`. The safety timeout only keeps a broken
 * test from hanging; it is not a timing assertion.
 */
export function nextEvent(
  pools: Pools,
  predicate: (event: PoolEvent) => boolean,
  safetyMs = 10_000,
): Promise<PoolEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no matching pool event'));
    }, safetyMs);
    const off = pools.onEvent((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** Sends `GET path` to `url` and returns the status and the `instance` the fixture reported. */
export async function get(url: string, path = '/orders'): Promise<{ status: number; instance: string }> {
  const res = await fetch(new URL(path, url), { headers: { connection: 'close' } });
  const body = (await res.json()) as { instance?: string };
  return { status: res.status, instance: String(body.instance) };
}

/** Changes how a fixture answers (`POST /__control`). */
export async function control(
  url: string,
  state: { status?: number; delayMs?: number; healthy?: boolean },
): Promise<void> {
  const res = await fetch(new URL('/__control', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify(state),
  });
  await res.arrayBuffer();
}
