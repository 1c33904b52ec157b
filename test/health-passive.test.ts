/**
 * Passive ejection on real traffic to real fixtures, with a pinned clock: consecutive 5xx answers
 * eject a target, the ejection doubles on repeat up to maxEjection, time re-admits it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOrders } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import { createPools, type PoolEvent, selectTarget } from '../src/pipeline/balance/index.js';
import { control, get, request, upstream } from './balance-support.js';

let fixtures: RunningFixture[] = [];
test.before(async () => {
  fixtures = await Promise.all([1, 2].map((n) => startOrders({ instance: `orders-${n}` })));
});
test.after(async () => {
  await Promise.all(fixtures.map((f) => f.close()));
});

test('5 errors in a row eject for 30s, then 60s, capped at maxEjection; time re-admits', async () => {
  let now = 1_000_000;
  const pools = createPools(undefined, { now: () => now });
  const events: PoolEvent[] = [];
  pools.onEvent((event) => events.push(event));
  const config = upstream('orders', {
    targets: fixtures.map((f) => f.url),
    health: { passive: { consecutiveFailures: 5, baseEjection: '30s', maxEjection: '45s' } },
  });
  const [bad, good] = fixtures as [RunningFixture, RunningFixture];
  const badId = new URL(bad.url).host;
  await control(bad.url, { status: 503 });

  /** Sends real requests until `count` of them reached the failing fixture. */
  const failOn = async (count: number) => {
    let failed = 0;
    while (failed < count) {
      const selection = selectTarget(config, pools, request(), { now: () => now, random: Math.random });
      assert.ok(selection.ok);
      if (!selection.ok) return;
      pools.started('orders', selection.pick.id);
      const answer = await get(selection.pick.url);
      pools.finished('orders', selection.pick.id, answer.status >= 500 ? 'http-5xx' : 'success');
      if (answer.status >= 500) failed++;
    }
  };

  // A success between failures resets the count: 4 failures, a success, 4 more → still in.
  await failOn(4);
  pools.finished('orders', badId, 'success');
  await failOn(4);
  assert.equal(events, []);
  await failOn(1);
  assert.equal(events, [
    {
      type: 'target-ejected',
      upstream: 'orders',
      target: badId,
      at: now,
      until: now + 30_000,
      reason: '5 errors in a row (last: http-5xx), out for 30s',
    },
  ]);

  // While ejected, every pick goes to the good fixture and names why.
  for (let i = 0; i < 4; i++) {
    const selection = selectTarget(config, pools, request(), { now: () => now, random: Math.random });
    assert.ok(selection.ok && selection.pick.url === good.url);
    if (selection.ok)
      assert.equal(selection.pick.skipped, [`${badId}: ejected for 30s after 5 errors (30s left)`]);
    if (selection.ok) assert.is((await get(selection.pick.url)).instance, 'orders-2');
  }
  now += 20_000;
  const later = selectTarget(config, pools, request(), { now: () => now, random: Math.random });
  assert.ok(later.ok && later.pick.skipped[0] === `${badId}: ejected for 30s after 5 errors (10s left)`);

  // Time is up: re-admitted on the next pick, with an event.
  now += 10_000;
  const back = [0, 1].map(() =>
    selectTarget(config, pools, request(), { now: () => now, random: Math.random }),
  );
  assert.ok(back.some((s) => s.ok && s.pick.id === badId));
  assert.equal(events.at(-1), {
    type: 'target-readmitted',
    upstream: 'orders',
    target: badId,
    at: now,
    reason: 'ejection of 30s is over',
  });

  // Still failing: the second ejection is 60s, capped at maxEjection (45s).
  await failOn(5);
  const second = events.at(-1);
  assert.is(second?.type, 'target-ejected');
  assert.is((second as { until: number }).until, now + 45_000);
  assert.is(
    (second as { reason: string }).reason,
    '5 errors in a row (last: http-5xx), out for 45s, ejection 2 in a row',
  );

  // A target that then stays in for maxEjection starts the back-off over.
  now += 45_000 + 45_000;
  pools.refresh('orders', now);
  await failOn(5);
  assert.is((events.at(-1) as { until: number }).until, now + 30_000);
  assert.is(pools.snapshot().upstreams[0]!.targets[0]!.ejections, 3);
  await control(bad.url, {});
});

test('aborted requests count neither way; failures while ejected do not extend the ejection', () => {
  let now = 0;
  const pools = createPools(undefined, { now: () => now });
  const config = upstream('orders', {
    targets: fixtures.map((f) => f.url),
    health: { passive: { consecutiveFailures: 2 } },
  });
  const id = pools.state(config)[0]!.id;
  pools.finished('orders', id, 'connect-error');
  pools.finished('orders', id, 'aborted');
  pools.finished('orders', id, 'timeout');
  const until = pools.state(config)[0]!.ejectedUntil;
  assert.is(until, 30_000);
  now = 10_000;
  pools.finished('orders', id, 'timeout');
  pools.finished('orders', id, 'timeout');
  assert.is(pools.state(config)[0]!.ejectedUntil, until);
});

test('without health.passive nothing is ejected', () => {
  const pools = createPools();
  const config = upstream('orders', { targets: fixtures.map((f) => f.url) });
  const id = pools.state(config)[0]!.id;
  for (let i = 0; i < 50; i++) pools.finished('orders', id, 'connect-error');
  assert.is(pools.state(config)[0]!.ejectedUntil, undefined);
  assert.is(pools.state(config)[0]!.failures, 50);
});

test.run();
