/**
 * `expect.split`: a traffic split checked statistically. The case's request is decided `samples`
 * times, each with its own roll from a seeded generator (so a run repeats exactly), and each
 * upstream's share is compared with the expected range. Under a pin every sample lands on one
 * side, so `{ 'orders-v2': 1 }` holds exactly.
 */
import { createPools } from '../pipeline/balance/index.js';
import { decide } from '../pipeline/decide.js';
import type { RouteTable } from '../pipeline/table.js';
import type { RequestInput } from '../pipeline/types.js';
import type { Mismatch, TestCase } from './types.js';

const DEFAULT_SAMPLES = 1000;

/** Each upstream's share of `samples` decisions of `input` (`(none)` for requests not forwarded). */
export async function measureSplit(
  table: RouteTable,
  input: RequestInput,
  samples: number,
  now: number,
): Promise<Record<string, number>> {
  const random = seeded(0x5eed);
  const ctx = {
    now: () => now,
    random,
    pools: createPools(),
    fetch: globalThis.fetch,
    trace: 'compact' as const,
  };
  const counts: Record<string, number> = {};
  for (let i = 0; i < samples; i++) {
    const decision = await decide(input, table, ctx);
    const side = decision.split?.upstream ?? decision.upstream ?? '(none)';
    counts[side] = (counts[side] ?? 0) + 1;
  }
  const shares: Record<string, number> = {};
  for (const [side, count] of Object.entries(counts)) shares[side] = count / samples;
  return shares;
}

/** Mismatches of `expect.split` against measured shares: `split.orders-v2: expected [0.05, 0.15], actual 0.21`. */
export async function compareSplit(
  table: RouteTable,
  testCase: TestCase,
  input: RequestInput,
  now: number,
): Promise<Mismatch[]> {
  const expected = testCase.expect.split;
  if (expected === undefined) return [];
  const shares = await measureSplit(table, input, testCase.samples ?? DEFAULT_SAMPLES, now);
  const out: Mismatch[] = [];
  for (const [side, range] of Object.entries(expected)) {
    const [min, max] = typeof range === 'number' ? [range, range] : range;
    const actual = shares[side] ?? 0;
    if (actual < min - 1e-9 || actual > max + 1e-9)
      out.push({ field: `split.${side}`, expected: range, actual });
  }
  return out;
}

/** mulberry32: a small seeded generator, so a split check gives the same shares every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
