/**
 * Distribution on real fixture instances: every pick is sent to the fixture it names, and the
 * counts come from the `instance` the fixtures report, not from the balancer's own bookkeeping.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOrders } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import type { ResolvedUpstream } from '../src/config/resolved.js';
import { createPools, type Pools, selectTarget } from '../src/pipeline/balance/index.js';
import type { NormalizedRequest } from '../src/pipeline/types.js';
import { control, get, request, seeded, upstream } from './balance-support.js';

let fixtures: RunningFixture[] = [];

test.before(async () => {
  fixtures = await Promise.all([1, 2, 3, 4].map((n) => startOrders({ instance: `orders-${n}` })));
});
test.after(async () => {
  await Promise.all(fixtures.map((f) => f.close()));
});

/** Picks, sends the request to the picked fixture, reports the finish; returns the instance that answered. */
async function send(
  config: ResolvedUpstream,
  pools: Pools,
  random: () => number,
  req: NormalizedRequest = request(),
): Promise<string> {
  const selection = selectTarget(config, pools, req, { now: Date.now, random });
  if (!selection.ok) throw new Error(selection.reason);
  pools.started(config.name, selection.pick.id);
  try {
    const answer = await get(selection.pick.url);
    pools.finished(config.name, selection.pick.id, answer.status >= 500 ? 'http-5xx' : 'success');
    return answer.instance;
  } catch (error) {
    pools.finished(config.name, selection.pick.id, 'connect-error');
    throw error;
  }
}

function countOf(instances: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const instance of instances) counts[instance] = (counts[instance] ?? 0) + 1;
  return counts;
}

test('round-robin: exact over whole cycles, in a fixed order', async () => {
  const config = upstream('orders', { targets: fixtures.slice(0, 3).map((f) => f.url) });
  const pools = createPools();
  const seen: string[] = [];
  for (let i = 0; i < 30; i++) seen.push(await send(config, pools, Math.random));
  assert.equal(countOf(seen), { 'orders-1': 10, 'orders-2': 10, 'orders-3': 10 });
  for (let i = 3; i < seen.length; i++) assert.is(seen[i], seen[i - 3]);
});

for (const weights of [
  [3, 1, 1],
  [5, 1, 1],
  [4, 2, 1],
]) {
  test(`weighted-round-robin ${weights.join(':')}: within one of the weights per cycle, no bursts`, async () => {
    const config = upstream('orders', {
      targets: fixtures.slice(0, 3).map((f, i) => ({ url: f.url, weight: weights[i] })),
      balancer: 'weighted-round-robin',
    });
    const pools = createPools();
    const total = weights.reduce((a, b) => a + b, 0);
    const seen: string[] = [];
    for (let i = 0; i < total * 4; i++) seen.push(await send(config, pools, Math.random));
    for (let cycle = 0; cycle < 4; cycle++) {
      const counts = countOf(seen.slice(cycle * total, (cycle + 1) * total));
      weights.forEach((weight, i) => {
        const got = counts[`orders-${i + 1}`] ?? 0;
        assert.ok(
          Math.abs(got - weight) <= 1,
          `cycle ${cycle}: orders-${i + 1} got ${got}, weight ${weight}`,
        );
      });
    }
    weights.forEach((weight, i) => {
      const longest = longestRun(seen, `orders-${i + 1}`);
      const allowed = Math.ceil(weight / (total - weight)) + 1;
      assert.ok(longest <= allowed, `orders-${i + 1}: ${longest} in a row, at most ${allowed}`);
    });
  });
}

function longestRun(seen: readonly string[], instance: string): number {
  let longest = 0;
  let run = 0;
  for (const s of seen) {
    run = s === instance ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

test('consistent-hash: stable per key, and removing one of 4 targets remaps at most 1/4 + 10% of 10,000 keys', async () => {
  const four = upstream('orders', {
    targets: fixtures.map((f) => f.url),
    balancer: { type: 'consistent-hash', key: { header: 'x-user' } },
  });
  const pools = createPools();
  const byUser = (user: string) => request({ headers: { 'x-user': user } });
  const pickId = (config: ResolvedUpstream, p: Pools, user: string) => {
    const selection = selectTarget(config, p, byUser(user), { now: Date.now, random: Math.random });
    if (!selection.ok) throw new Error(selection.reason);
    return selection.pick;
  };

  // Stable, and the real fixture that answers is the one the reason names.
  for (const user of ['42', 'ada', 'grace', 'alan']) {
    const first = pickId(four, pools, user);
    assert.match(first.reason, `hash(header x-user=${user}) → ${first.id}`);
    const answered = new Set<string>();
    for (let i = 0; i < 5; i++) answered.add(await send(four, pools, Math.random, byUser(user)));
    assert.is(answered.size, 1);
    const fixture = fixtures.find((f) => f.instance === [...answered][0])!;
    assert.is(fixture.url, first.url);
  }

  const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
  const before = keys.map((k) => pickId(four, pools, k).id);
  const counts = countOf(before);
  for (const id of Object.keys(counts)) assert.ok(counts[id]! > 1500, `${id} owns only ${counts[id]} keys`);

  // Reload without the 3rd target: only its keys move.
  const three = upstream('orders', {
    targets: fixtures.filter((_, i) => i !== 2).map((f) => f.url),
    balancer: { type: 'consistent-hash', key: { header: 'x-user' } },
  });
  const reloaded = createPools(pools);
  const after = keys.map((k) => pickId(three, reloaded, k).id);
  const moved = keys.filter((_, i) => before[i] !== after[i]).length;
  assert.ok(moved <= 10_000 * (1 / 4 + 0.1), `${moved} of 10000 keys moved`);
  const removed = new URL(fixtures[2]!.url).host;
  assert.ok(
    keys.every((_, i) => before[i] === removed || before[i] === after[i]),
    'a key on a kept target moved',
  );
});

test('consistent-hash: a request without the key is balanced round-robin and says so', () => {
  const config = upstream('orders', {
    targets: fixtures.slice(0, 2).map((f) => f.url),
    balancer: { type: 'consistent-hash', key: { query: 'tenant' } },
  });
  const pools = createPools();
  const ctx = { now: Date.now, random: Math.random };
  const one = selectTarget(config, pools, request(), ctx);
  const two = selectTarget(config, pools, request(), ctx);
  assert.ok(one.ok && two.ok);
  if (!one.ok || !two.ok) return;
  assert.is(one.pick.reason, 'hash(query tenant) missing, round-robin: 1st of 2');
  assert.is(two.pick.reason, 'hash(query tenant) missing, round-robin: 2nd of 2');
  const keyed = selectTarget(config, pools, request({ query: 'tenant=acme' }), ctx);
  assert.ok(keyed.ok && keyed.pick.reason.startsWith('hash(query tenant=acme) → 127.0.0.1:'));
});

for (const balancer of ['power-of-two-choices', 'least-connections'] as const) {
  test(`${balancer}: a slow target gets fewer of concurrent real requests`, async () => {
    const three = fixtures.slice(0, 3);
    await control(three[1]!.url, { delayMs: 150 });
    try {
      const config = upstream('orders', { targets: three.map((f) => f.url), balancer });
      const pools = createPools();
      const random = seeded(11);
      const seen: string[] = [];
      let left = 150;
      const worker = async () => {
        while (left-- > 0) seen.push(await send(config, pools, random));
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      const counts = countOf(seen);
      const slow = counts['orders-2'] ?? 0;
      assert.ok(slow < (counts['orders-1'] ?? 0) / 2, `slow got ${slow}: ${JSON.stringify(counts)}`);
      assert.ok(slow < (counts['orders-3'] ?? 0) / 2, `slow got ${slow}: ${JSON.stringify(counts)}`);
      assert.ok(pools.state(config).every((t) => t.inFlight === 0));
    } finally {
      await control(three[1]!.url, {});
    }
  });
}

test.run();
