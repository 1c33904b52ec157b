/**
 * `gateway dev --seed <n>`: a seeded source for every random choice the pipeline makes (fault
 * draws, random and power-of-two balancers). The same seed and the same sequence of requests
 * give the same choices, so a run that failed can be replayed.
 */

/**
 * mulberry32: a small, fast 32-bit generator, plenty for picking faults (not for anything secret).
 * @example const random = seededRandom(42); random(); // 0.6011037519201636, every time
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
