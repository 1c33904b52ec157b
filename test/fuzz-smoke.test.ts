/**
 * A 10-second, seeded smoke run of the fuzzer (`npm run fuzz` runs a million): random and
 * mutated requests through `decide` against the example config and a generated 1,000-route
 * config — no exception, every Decision definite, the indexed matcher and the full scan agree,
 * the same input gives the same Decision. FUZZ_SEED=<n> changes the seed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTargets, runFuzz } from '../bench/fuzz/run.js';

const seed = Number(process.env.FUZZ_SEED ?? 20261203);

test(`fuzz smoke (seed ${seed}, 10 s): no failure`, async () => {
  const targets = await loadTargets(seed);
  assert.is(targets[1]!.table.routes.length, 1000);
  const stats = await runFuzz(targets, { seed, seconds: 10 });
  assert.equal(stats.failures, [], `failures: ${JSON.stringify(stats.failures.slice(0, 3), null, 2)}`);
  assert.ok(stats.requests > 500, `only ${stats.requests} requests in 10 s`);
  // The run exercised every kind of outcome, not only refusals.
  for (const action of ['forward', 'respond', 'reject']) assert.ok(stats.actions[action], `no ${action}`);
  console.log(`fuzz smoke: ${stats.requests} requests in ${(stats.elapsedMs / 1000).toFixed(1)} s`);
});

test.run();
