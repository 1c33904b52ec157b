/**
 * Smooth weighted round-robin, as nginx does it: every pick adds each candidate's weight to its
 * current weight, takes the largest, and subtracts the total from the winner. Weights 5:1:1 give
 * `a a b a c a a` rather than `a a a a a b c` — no bursts.
 */
import type { Balancer } from './types.js';

/** Current weight per target id. Ids that left the candidates are dropped on the next pick. */
export type CurrentWeights = Map<string, number>;

export const weightedRoundRobin: Balancer<CurrentWeights> = {
  name: 'weighted-round-robin',
  createMemory: () => new Map(),
  pick(targets, _request, _ctx, current) {
    let total = 0;
    let best = targets[0]!;
    let bestWeight = Number.NEGATIVE_INFINITY;
    for (const target of targets) {
      const weight = (current.get(target.id) ?? 0) + target.weight;
      current.set(target.id, weight);
      total += target.weight;
      if (weight > bestWeight) {
        best = target;
        bestWeight = weight;
      }
    }
    current.set(best.id, bestWeight - total);
    // Forget targets that are no longer candidates, so a re-admitted one starts from zero
    // instead of a stale (possibly huge) current weight.
    if (current.size > targets.length) {
      const ids = new Set(targets.map((t) => t.id));
      for (const id of current.keys()) if (!ids.has(id)) current.delete(id);
    }
    return { target: best, reason: `weighted-round-robin: ${best.id} (weight ${best.weight} of ${total})` };
  },
};
