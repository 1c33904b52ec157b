/** Answers the gateway gives itself: `respond: 'health'`. */
import type { Pools } from '../balance/index.js';
import type { RouteTable } from '../table.js';

/**
 * The gateway's own health: `ok` while every upstream has a target in service (healthy by its
 * probes and not ejected), else `degraded`. Always 200: the gateway itself is up.
 */
export function healthReport(table: RouteTable, pools: Pools, now: number) {
  const upstreams: Record<string, { healthy: number; targets: number }> = {};
  let degraded = false;
  for (const upstream of Object.values(table.config.upstreams)) {
    const states = pools.state(upstream);
    const healthy = states.filter(
      (t) => t.healthy && (t.ejectedUntil === undefined || t.ejectedUntil <= now),
    ).length;
    if (healthy === 0) degraded = true;
    upstreams[upstream.name] = { healthy, targets: states.length };
  }
  const body = { status: degraded ? 'degraded' : 'ok', routes: table.routes.length, upstreams };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
