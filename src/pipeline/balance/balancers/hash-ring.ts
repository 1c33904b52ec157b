/**
 * A ring hash (consistent hashing with virtual nodes). Each target owns `160 × weight` points on a
 * 32-bit ring; a key goes to the owner of the first point at or after its hash. Removing one of N
 * targets only moves the keys that target owned (about 1/N), because nobody else's points move.
 */
import { hash32 } from './hash32.js';

/** Virtual nodes per unit of weight (ketama uses 160 too). */
export const POINTS_PER_WEIGHT = 160;
/** Cap on the ring's size, so weights of 1000 don't build a million points. */
const MAX_POINTS = 65_536;

/** A built ring: sorted point hashes and, for each, the index of the target that owns it. */
export interface HashRing {
  readonly points: Uint32Array;
  readonly owners: Uint32Array;
}

/** Builds the ring for targets given as ids and weights, in their order. */
export function buildRing(targets: readonly { readonly id: string; readonly weight: number }[]): HashRing {
  let totalWeight = 0;
  for (const target of targets) totalWeight += target.weight;
  const scale = Math.min(1, MAX_POINTS / (POINTS_PER_WEIGHT * totalWeight));
  const entries: { hash: number; owner: number }[] = [];
  targets.forEach((target, owner) => {
    const count = Math.max(1, Math.round(POINTS_PER_WEIGHT * target.weight * scale));
    for (let i = 0; i < count; i++) entries.push({ hash: hash32(`${target.id}#${i}`), owner });
  });
  // Ties (two points with one hash) are broken by id, so the ring doesn't depend on target order.
  entries.sort((a, b) => a.hash - b.hash || (targets[a.owner]!.id < targets[b.owner]!.id ? -1 : 1));
  return {
    points: Uint32Array.from(entries, (e) => e.hash),
    owners: Uint32Array.from(entries, (e) => e.owner),
  };
}

/** Index of the target that owns `keyHash`. */
export function lookupRing(ring: HashRing, keyHash: number): number {
  const { points } = ring;
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (points[mid]! < keyHash) low = mid + 1;
    else high = mid;
  }
  return ring.owners[low === points.length ? 0 : low]!;
}
