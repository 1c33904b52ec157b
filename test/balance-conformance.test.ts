/**
 * One suite, every balancer: each pick is one of the healthy candidates, every reason is
 * non-empty, targets already tried / unhealthy / ejected are never picked while others are up.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BalancerName } from '../src/config/schema/index.js';
import { balancers, createPools, selectTarget, type TargetState } from '../src/pipeline/balance/index.js';
import { request, seeded, upstream } from './balance-support.js';

const names = Object.keys(balancers) as BalancerName[];
const urls = [
  'http://127.0.0.1:4201',
  'http://127.0.0.1:4202',
  'http://127.0.0.1:4203',
  'http://127.0.0.1:4204',
];

function orders(type: BalancerName) {
  return upstream('orders', {
    targets: urls.map((url, i) => ({ url, weight: i + 1 })),
    balancer: { type, key: type === 'consistent-hash' ? { header: 'x-user' } : undefined },
    health: { active: { unhealthyThreshold: 1 }, passive: { consecutiveFailures: 2 } },
  });
}

// Requests vary so that hash balancers see many keys, some missing.
const varied = (i: number) => request({ headers: i % 7 === 0 ? {} : { 'x-user': `user-${i}` } });

test('the registry has every balancer name the config accepts', () => {
  assert.equal(names.sort(), [
    'consistent-hash',
    'least-connections',
    'power-of-two-choices',
    'random',
    'round-robin',
    'weighted-round-robin',
  ]);
  for (const name of names) assert.is(balancers[name].name, name);
});

for (const name of names) {
  test(`${name}: direct picks are always one of the candidates, with a reason`, () => {
    const balancer = balancers[name];
    const memory = balancer.createMemory();
    const random = seeded(7);
    const ctx = { random, upstream: orders(name) };
    for (let i = 0; i < 500; i++) {
      // A different subset of candidates each time, with arbitrary in-flight counts.
      const candidates: TargetState[] = urls
        .map((url, k) => ({
          id: url.slice(7),
          url,
          weight: k + 1,
          inFlight: Math.floor(random() * 4),
          healthy: true,
          ejectedUntil: undefined,
          ejections: 0,
          requests: 0,
          failures: 0,
        }))
        .filter(() => random() < 0.7);
      if (candidates.length === 0) continue;
      const pick = balancer.pick(candidates, varied(i), ctx, memory);
      assert.ok(candidates.includes(pick.target), `${name} picked outside the candidates`);
      assert.type(pick.reason, 'string');
      assert.ok(pick.reason.length > 0);
    }
  });

  test(`${name}: selectTarget never picks excluded, unhealthy or ejected targets`, () => {
    let now = 1_000_000;
    const pools = createPools(undefined, { now: () => now });
    const config = orders(name);
    pools.state(config);
    pools.probed('orders', '127.0.0.1:4202', { passed: false, detail: 'GET /healthz → 503' });
    pools.finished('orders', '127.0.0.1:4203', 'connect-error');
    pools.finished('orders', '127.0.0.1:4203', 'connect-error');
    const ctx = { now: () => now, random: seeded(3), exclude: ['127.0.0.1:4201'] };
    for (let i = 0; i < 200; i++) {
      const selection = selectTarget(config, pools, varied(i), ctx);
      assert.ok(selection.ok);
      if (!selection.ok) return;
      assert.is(selection.pick.id, '127.0.0.1:4204');
      assert.ok(selection.pick.reason.length > 0);
      assert.equal(selection.pick.skipped, [
        '127.0.0.1:4201: already tried',
        '127.0.0.1:4202: failing active health check (1 in a row: GET /healthz → 503)',
        '127.0.0.1:4203: ejected for 30s after 2 errors (30s left)',
      ]);
      now += 1; // time moves, but not enough to end the ejection
    }
  });

  test(`${name}: every target unhealthy → panic, still one of the targets`, () => {
    const pools = createPools(undefined, { now: () => 0 });
    const config = orders(name);
    pools.state(config);
    for (const url of urls)
      pools.probed('orders', url.slice(7), { passed: false, detail: 'GET /healthz → 503' });
    const selection = selectTarget(config, pools, varied(1), { now: () => 0, random: seeded(1) });
    assert.ok(selection.ok);
    if (!selection.ok) return;
    assert.ok(selection.pick.reason.startsWith('panic: all 4 targets unhealthy, trying anyway; '));
    assert.ok(urls.includes(selection.pick.url));
    assert.is(selection.pick.skipped.length, 4);
  });
}

test.run();
