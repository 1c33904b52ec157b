/** Balance stage: live target state per upstream, and the pick of one target with its reason. */
import type { ResolvedUpstream } from '../../config/resolved.js';
import type { NormalizedRequest } from '../types.js';
import type { RequestResult, SelectContext, Selection } from './api.js';

export type { RequestResult, SelectContext, Selection } from './api.js';

/** One target's live state. */
export interface TargetState {
  readonly id: string;
  readonly url: string;
  readonly weight: number;
  inFlight: number;
  healthy: boolean;
}

/** Live state of every upstream's targets; carried across reloads for unchanged targets. */
export interface Pools {
  /** State of one upstream's targets, created on first use. */
  state(upstream: ResolvedUpstream): readonly TargetState[];
  /** A request to `targetId` started. */
  started(upstream: string, targetId: string): void;
  /** A request to `targetId` finished. */
  finished(upstream: string, targetId: string, result: RequestResult): void;
  /** Round-robin position per upstream. */
  readonly cursors: Map<string, number>;
}

/** Creates pools, keeping the state of targets that `previous` already knew. */
export function createPools(previous?: Pools): Pools {
  const states = new Map<string, TargetState[]>();
  const cursors = new Map<string, number>(previous?.cursors);
  return {
    cursors,
    state(upstream) {
      let list = states.get(upstream.name);
      if (!list || list.length !== upstream.targets.length || list.some((t, i) => t.id !== upstream.targets[i]?.id)) {
        const old = list ?? previous?.state(upstream) ?? [];
        list = upstream.targets.map(
          (t) => old.find((o) => o.id === t.id) ?? { id: t.id, url: t.url, weight: t.weight, inFlight: 0, healthy: true },
        );
        states.set(upstream.name, list);
      }
      return list;
    },
    started(upstream, targetId) {
      const t = states.get(upstream)?.find((s) => s.id === targetId);
      if (t) t.inFlight++;
    },
    finished(upstream, targetId) {
      const t = states.get(upstream)?.find((s) => s.id === targetId);
      if (t && t.inFlight > 0) t.inFlight--;
    },
  };
}

/** Picks a target of `upstream` for `request` (round-robin over healthy targets). */
export function selectTarget(
  upstream: ResolvedUpstream,
  pools: Pools,
  _request: NormalizedRequest,
  ctx: SelectContext,
): Selection {
  const all = pools.state(upstream);
  const candidates = all.filter((t) => t.healthy && !ctx.exclude?.includes(t.id));
  if (candidates.length === 0) return { ok: false, status: 503, reason: `no healthy target in "${upstream.name}"` };
  const cursor = pools.cursors.get(upstream.name) ?? 0;
  pools.cursors.set(upstream.name, cursor + 1);
  const target = candidates[cursor % candidates.length]!;
  const nth = (cursor % candidates.length) + 1;
  return {
    ok: true,
    pick: { id: target.id, url: target.url, reason: `round-robin: ${ordinal(nth)} of ${candidates.length}`, skipped: [] },
  };
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
