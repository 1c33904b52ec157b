/**
 * A fast 32-bit string hash for placing keys and virtual nodes on the hash ring: FNV-1a over the
 * string's UTF-16 code units, then murmur3's finalizer so that similar strings (`a#1`, `a#2`)
 * land far apart. Not cryptographic, and it doesn't need to be: it only spreads keys.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Unsigned 32-bit hash of `text`. */
export function hash32(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  // murmur3 fmix32: full avalanche of the FNV state.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
