/** Round-robin: each candidate in turn, ignoring weights (`weighted-round-robin` honours them). */
import { ordinal } from '../format.js';
import type { Balancer } from './types.js';

/** A cursor that only grows; the pick is `cursor % candidates`. */
export interface Cursor {
  next: number;
}

/** Advances `cursor` and returns the index it lands on among `count` candidates. */
export function turn(cursor: Cursor, count: number): number {
  const index = cursor.next % count;
  cursor.next = (cursor.next + 1) % Number.MAX_SAFE_INTEGER;
  return index;
}

export const roundRobin: Balancer<Cursor> = {
  name: 'round-robin',
  createMemory: () => ({ next: 0 }),
  pick(targets, _request, _ctx, cursor) {
    const index = turn(cursor, targets.length);
    return { target: targets[index]!, reason: `round-robin: ${ordinal(index + 1)} of ${targets.length}` };
  },
};
