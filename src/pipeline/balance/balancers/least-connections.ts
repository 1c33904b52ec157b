/** Least-connections: the candidate with the fewest requests in flight; ties are taken in turn. */
import { type Cursor, turn } from './round-robin.js';
import type { Balancer } from './types.js';

export const leastConnections: Balancer<Cursor> = {
  name: 'least-connections',
  createMemory: () => ({ next: 0 }),
  pick(targets, _request, _ctx, cursor) {
    let fewest = Number.POSITIVE_INFINITY;
    for (const target of targets) fewest = Math.min(fewest, target.inFlight);
    const tied = targets.filter((t) => t.inFlight === fewest);
    // Round-robin among the tied, so an idle pool still spreads its requests.
    const target = tied[turn(cursor, tied.length)]!;
    const others = targets.filter((t) => t !== target).map((t) => t.inFlight);
    const rest = others.length === 0 ? 'only candidate' : `others ${others.join(', ')}`;
    return { target, reason: `least-connections: ${target.inFlight} in flight (${rest})` };
  },
};
