/**
 * `selectTarget`: the balance stage. Sorts the upstream's targets into candidates and skipped ones
 * (with why), honours a sticky cookie, falls into panic mode when nobody is healthy, and asks the
 * upstream's balancer for the pick.
 *
 * Panic mode (as Envoy's, with a threshold of 0%): when no target is healthy, the stage balances
 * over all of them anyway rather than answer 503. A wrong health-check path or a single flapping
 * instance then degrades to "requests may fail" instead of "every request fails", and the trace
 * says `panic: all 3 targets unhealthy, trying anyway; …`.
 */
import type { ResolvedUpstream } from '../../config/resolved.js';
import type { NormalizedRequest, TargetPick } from '../types.js';
import type { SelectContext, Selection } from './api.js';
import { balancers } from './balancers/registry.js';
import type { Pools, UpstreamPool } from './pools.js';
import { readCookie, stickyCookieHeader } from './sticky.js';
import { type LiveTarget, unavailableReason } from './target-state.js';

/**
 * Picks a target of `upstream` for `request` and says why.
 * @example
 * { ok: true, pick: { id: '127.0.0.1:4202', url: 'http://127.0.0.1:4202',
 *   reason: 'least-connections: 0 in flight (others 2, 3)',
 *   skipped: ['127.0.0.1:4203: ejected for 30s after 5 errors (12s left)'] } }
 */
export function selectTarget(
  upstream: ResolvedUpstream,
  pools: Pools,
  request: NormalizedRequest,
  ctx: SelectContext,
): Selection {
  const pool = pools.pool(upstream);
  if (pool.targets.length === 0)
    return { ok: false, status: 503, reason: `upstream "${upstream.name}" has no targets` };
  const now = ctx.now();
  pools.refresh(upstream.name, now);

  const { candidates, skipped, note } = sortTargets(pool.targets, ctx.exclude ?? [], now);
  const sticky = upstream.balancer.stickyCookie;
  const cookie = sticky === undefined ? undefined : readCookie(request.headers, sticky);
  const pinned = cookie === undefined ? undefined : candidates.find((t) => t.id === cookie);

  let chosen: LiveTarget;
  let reason: string;
  if (pinned) {
    chosen = pinned;
    reason = `sticky cookie → ${pinned.id}`;
  } else {
    const picked = pickWithBalancer(pool, candidates, request, ctx);
    chosen = picked.target;
    reason =
      cookie === undefined
        ? picked.reason
        : `sticky cookie names ${cookie}, not a candidate; ${picked.reason}`;
  }
  const pick: TargetPick = {
    id: chosen.id,
    url: chosen.url,
    reason: note ? `${note}; ${reason}` : reason,
    skipped,
    ...(sticky !== undefined && cookie !== chosen.id
      ? { setCookie: stickyCookieHeader(sticky, chosen.id) }
      : {}),
  };
  return { ok: true, pick };
}

/**
 * Candidates are the targets not already tried that are healthy and not ejected. If that leaves
 * none, panic: every target not already tried is a candidate. If every target was already tried
 * (a retry on a small pool), they all are.
 */
function sortTargets(
  targets: readonly LiveTarget[],
  exclude: readonly string[],
  now: number,
): { candidates: LiveTarget[]; skipped: string[]; note: string | undefined } {
  const skipped: string[] = [];
  const untried = targets.filter((t) => !exclude.includes(t.id));
  for (const t of targets) if (exclude.includes(t.id)) skipped.push(`${t.id}: already tried`);
  let note: string | undefined;
  let pool = untried;
  if (untried.length === 0) {
    pool = [...targets];
    skipped.length = 0;
    note = `all ${targets.length} targets already tried, trying again`;
  }
  const candidates: LiveTarget[] = [];
  const down: LiveTarget[] = [];
  for (const t of pool) {
    const why = unavailableReason(t, now);
    if (why === undefined) candidates.push(t);
    else {
      skipped.push(why);
      down.push(t);
    }
  }
  if (candidates.length > 0) return { candidates, skipped, note };
  const panic = `panic: all ${pool.length} ${pool.length === 1 ? 'target' : 'targets'} unhealthy, trying anyway`;
  return { candidates: down, skipped, note: note ? `${note}; ${panic}` : panic };
}

function pickWithBalancer(
  pool: UpstreamPool,
  candidates: readonly LiveTarget[],
  request: NormalizedRequest,
  ctx: SelectContext,
): { target: LiveTarget; reason: string } {
  const balancer = balancers[pool.upstream.balancer.type];
  let memory = pool.memory.get(balancer.name);
  if (memory === undefined) {
    memory = balancer.createMemory();
    pool.memory.set(balancer.name, memory);
  }
  const picked = balancer.pick(candidates, request, { random: ctx.random, upstream: pool.upstream }, memory);
  // Balancers only ever return one of the candidates they were given.
  return { target: picked.target as LiveTarget, reason: picked.reason };
}
