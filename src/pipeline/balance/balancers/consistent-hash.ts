/**
 * Consistent hashing on a key from the request (client ip by default): the same key goes to the
 * same target while it is a candidate, and losing one of N targets remaps only about 1/N of keys.
 * A request without the key is balanced round-robin, and the reason says so.
 */
import { ordinal } from '../format.js';
import { readHashKey } from '../hash-key.js';
import { buildRing, type HashRing, lookupRing } from './hash-ring.js';
import { hash32 } from './hash32.js';
import { type Cursor, turn } from './round-robin.js';
import type { Balancer } from './types.js';

/** Rings per candidate set (a few, since ejections change the set), and a cursor for keyless requests. */
export interface HashMemory {
  readonly rings: Map<string, HashRing>;
  readonly cursor: Cursor;
}

/** Rings kept per upstream; each distinct healthy subset needs its own. */
const MAX_RINGS = 8;

export const consistentHash: Balancer<HashMemory> = {
  name: 'consistent-hash',
  createMemory: () => ({ rings: new Map(), cursor: { next: 0 } }),
  pick(targets, request, ctx, memory) {
    const key = readHashKey(ctx.upstream.balancer.key ?? 'ip', request);
    if (key.value === undefined) {
      const index = turn(memory.cursor, targets.length);
      return {
        target: targets[index]!,
        reason: `hash(${key.source}) missing, round-robin: ${ordinal(index + 1)} of ${targets.length}`,
      };
    }
    const target = targets[lookupRing(ringFor(targets, memory), hash32(key.value))]!;
    return { target, reason: `hash(${key.shown}) → ${target.id}` };
  },
};

function ringFor(targets: Parameters<typeof buildRing>[0], memory: HashMemory): HashRing {
  const signature = targets.map((t) => `${t.id}*${t.weight}`).join(' ');
  let ring = memory.rings.get(signature);
  if (ring) {
    // Most recently used last, so the oldest is the one dropped.
    memory.rings.delete(signature);
  } else {
    ring = buildRing(targets);
    if (memory.rings.size >= MAX_RINGS) memory.rings.delete(memory.rings.keys().next().value!);
  }
  memory.rings.set(signature, ring);
  return ring;
}
