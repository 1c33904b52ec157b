/**
 * Mirroring: whether a forwarded request is also copied to the route's `mirror` upstream, and to
 * which of its targets. Decided here, with the pipeline's `random()` (so `explain` shows the same
 * roll), and executed by the proxy without waiting: the copy never changes the client's answer.
 */
import type { ResolvedRoute } from '../config/resolved.js';
import { selectTarget } from './balance/index.js';
import type { DecideContext } from './context.js';
import type { RouteTable } from './table.js';
import type { Decision, NormalizedRequest, TraceStep } from './types.js';

/** The mirror part of a Decision (when a copy is sent) and the trace step that explains it. */
export function planMirror(
  mirror: NonNullable<ResolvedRoute['mirror']>,
  request: NormalizedRequest,
  table: RouteTable,
  ctx: DecideContext,
): { mirror: Decision['mirror']; step: TraceStep } {
  const roll = ctx.random() * 100;
  if (roll >= mirror.percent) {
    const summary = `not copied: roll ${roll.toFixed(1)} ≥ ${mirror.percent}%`;
    return { mirror: undefined, step: { stage: 'mirror', ok: true, summary } };
  }
  const upstream = table.config.upstreams[mirror.upstream]!;
  const selection = selectTarget(upstream, ctx.pools, request, ctx);
  if (!selection.ok) {
    const summary = `not copied: ${mirror.upstream} — ${selection.reason}`;
    return { mirror: undefined, step: { stage: 'mirror', ok: false, summary } };
  }
  const pick = selection.pick;
  const summary = `copy to ${mirror.upstream} ${pick.id} (roll ${roll.toFixed(1)} < ${mirror.percent}%), not waited for`;
  return {
    mirror: { upstream: mirror.upstream, target: pick, maxBody: mirror.maxBody },
    step: { stage: 'mirror', ok: true, summary, details: pick },
  };
}
