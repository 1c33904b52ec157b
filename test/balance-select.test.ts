/** selectTarget's own behaviour: reasons, sticky cookies, retries' exclusions, reloads, snapshots. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPools, selectTarget } from '../src/pipeline/balance/index.js';
import { request, seeded, upstream } from './balance-support.js';

const urls = ['http://127.0.0.1:4201', 'http://127.0.0.1:4202', 'http://127.0.0.1:4203'];
const ctx = { now: () => 0, random: seeded(5) };

function pickOf(selection: ReturnType<typeof selectTarget>) {
  if (!selection.ok) throw new Error(selection.reason);
  return selection.pick;
}

test('reasons, one per balancer (spec examples)', () => {
  const pools = createPools(undefined, { now: () => 0 });
  const rr = upstream('rr', { targets: urls });
  assert.equal(
    [1, 2, 3, 4].map(() => pickOf(selectTarget(rr, pools, request(), ctx)).reason),
    ['round-robin: 1st of 3', 'round-robin: 2nd of 3', 'round-robin: 3rd of 3', 'round-robin: 1st of 3'],
  );

  const wrr = upstream('wrr', {
    targets: [{ url: urls[0]! }, { url: urls[1]!, weight: 3 }, { url: urls[2]! }],
    balancer: 'weighted-round-robin',
  });
  assert.is(
    pickOf(selectTarget(wrr, pools, request(), ctx)).reason,
    'weighted-round-robin: 127.0.0.1:4202 (weight 3 of 5)',
  );

  const lc = upstream('lc', { targets: urls, balancer: 'least-connections' });
  pools.state(lc);
  pools.started('lc', '127.0.0.1:4201');
  pools.started('lc', '127.0.0.1:4201');
  for (let i = 0; i < 3; i++) pools.started('lc', '127.0.0.1:4203');
  const least = pickOf(selectTarget(lc, pools, request(), ctx));
  assert.is(least.id, '127.0.0.1:4202');
  assert.is(least.reason, 'least-connections: 0 in flight (others 2, 3)');

  const p2c = upstream('p2c', { targets: urls, balancer: 'power-of-two-choices' });
  pools.state(p2c);
  for (let i = 0; i < 4; i++) pools.started('p2c', '127.0.0.1:4203');
  // random() 0.99 picks the 3rd target, then 0.0 the 1st of the remaining two.
  const values = [0.99, 0];
  const p = pickOf(selectTarget(p2c, pools, request(), { now: () => 0, random: () => values.shift()! }));
  assert.is(p.reason, 'p2c: 127.0.0.1:4201 0 in flight vs 127.0.0.1:4203 4');

  const hash = upstream('hash', {
    targets: urls,
    balancer: { type: 'consistent-hash', key: { header: 'x-user' } },
  });
  const h = pickOf(selectTarget(hash, pools, request({ headers: { 'x-user': '42' } }), ctx));
  assert.is(h.reason, `hash(header x-user=42) → ${h.id}`);

  const cookieHash = upstream('ch', {
    targets: urls,
    balancer: { type: 'consistent-hash', key: { cookie: 'session' } },
  });
  const c = pickOf(
    selectTarget(cookieHash, pools, request({ headers: { cookie: 'session=s3cr3t-value' } }), ctx),
  );
  assert.match(c.reason, /^hash\(cookie session=#[0-9a-f]{8}\) → 127\.0\.0\.1:420\d$/);
  assert.not.match(c.reason, 's3cr3t');

  const ip = upstream('ip', { targets: urls, balancer: 'consistent-hash' });
  assert.match(
    pickOf(selectTarget(ip, pools, request({ clientIp: '10.1.2.3' }), ctx)).reason,
    /^hash\(ip=10\.1\.2\.3\) → /,
  );
});

test('sticky cookie: set when missing, honoured while healthy, replaced when its target is out', () => {
  const now = 0;
  const pools = createPools(undefined, { now: () => now });
  const config = upstream('users', {
    targets: urls,
    balancer: { type: 'round-robin', stickyCookie: 'lb' },
    health: { passive: { consecutiveFailures: 1 } },
  });
  const c = { now: () => now, random: Math.random };
  const first = pickOf(selectTarget(config, pools, request(), c));
  assert.is(first.id, '127.0.0.1:4201');
  assert.is(first.setCookie, 'lb=127.0.0.1%3A4201; Path=/; HttpOnly; SameSite=Lax');

  const cookie = { cookie: 'theme=dark; lb=127.0.0.1%3A4202' };
  for (let i = 0; i < 3; i++) {
    const again = pickOf(selectTarget(config, pools, request({ headers: cookie }), c));
    assert.is(again.id, '127.0.0.1:4202');
    assert.is(again.reason, 'sticky cookie → 127.0.0.1:4202');
    assert.is(again.setCookie, undefined);
  }

  pools.finished('users', '127.0.0.1:4202', 'http-5xx');
  const moved = pickOf(selectTarget(config, pools, request({ headers: cookie }), c));
  assert.is.not(moved.id, '127.0.0.1:4202');
  assert.match(moved.reason, /^sticky cookie names 127\.0\.0\.1:4202, not a candidate; round-robin: /);
  assert.is(moved.setCookie, `lb=${encodeURIComponent(moved.id)}; Path=/; HttpOnly; SameSite=Lax`);
  assert.equal(moved.skipped, ['127.0.0.1:4202: ejected for 30s after 1 error (30s left)']);

  const unknown = pickOf(selectTarget(config, pools, request({ headers: { cookie: 'lb=nonsense' } }), c));
  assert.ok(unknown.setCookie);
});

test('retries exclude targets already tried; when all were tried, they are tried again', () => {
  const pools = createPools();
  const config = upstream('orders', { targets: urls.slice(0, 2) });
  const second = pickOf(selectTarget(config, pools, request(), { ...ctx, exclude: ['127.0.0.1:4201'] }));
  assert.is(second.id, '127.0.0.1:4202');
  assert.equal(second.skipped, ['127.0.0.1:4201: already tried']);
  const all = pickOf(
    selectTarget(config, pools, request(), { ...ctx, exclude: ['127.0.0.1:4201', '127.0.0.1:4202'] }),
  );
  assert.match(all.reason, /^all 2 targets already tried, trying again; round-robin: /);
});

test('reload: targets with the same upstream and id keep their state; others start fresh', () => {
  let now = 0;
  const old = createPools(undefined, { now: () => now });
  const before = upstream('orders', { targets: urls, health: { passive: { consecutiveFailures: 1 } } });
  old.state(before);
  old.started('orders', '127.0.0.1:4201');
  old.finished('orders', '127.0.0.1:4203', 'connect-error');

  const after = upstream('orders', {
    targets: [urls[0]!, urls[2]!, 'http://127.0.0.1:4209'],
    health: { passive: { consecutiveFailures: 1 } },
  });
  const fresh = createPools(old);
  const state = fresh.state(after);
  assert.equal(
    state.map((t) => [t.id, t.inFlight, t.ejectedUntil]),
    [
      ['127.0.0.1:4201', 1, undefined],
      ['127.0.0.1:4203', 0, 30_000],
      ['127.0.0.1:4209', 0, undefined],
    ],
  );
  // A request that started before the reload finishes on the old pools; the new ones see it.
  old.finished('orders', '127.0.0.1:4201', 'success');
  assert.is(fresh.state(after)[0]!.inFlight, 0);
  // Another upstream with the same target ids shares nothing.
  const other = fresh.state(upstream('users', { targets: urls }));
  assert.ok(other.every((t) => t.requests === 0 && t.ejectedUntil === undefined));
  now = 1;
  assert.is(fresh.snapshot().upstreams.length, 2);
});

test('reload: an upstream unused for one table still carries over to the next', () => {
  const first = createPools();
  const config = upstream('orders', { targets: urls });
  first.state(config);
  first.started('orders', '127.0.0.1:4201');
  const second = createPools(first); // 'orders' never used while this table served
  const third = createPools(second);
  assert.is(third.state(config)[0]!.inFlight, 1);
  assert.equal(
    second.snapshot().upstreams.map((u) => u.name),
    [],
  );
});

test('snapshot: plain data per upstream and target', () => {
  let now = 1_000;
  const pools = createPools(undefined, { now: () => now });
  const config = upstream('orders', {
    targets: urls.slice(0, 2),
    health: { passive: { consecutiveFailures: 2, baseEjection: '10s' } },
  });
  pools.state(config);
  pools.started('orders', '127.0.0.1:4201');
  pools.started('orders', '127.0.0.1:4202');
  pools.finished('orders', '127.0.0.1:4202', 'http-5xx');
  pools.started('orders', '127.0.0.1:4202');
  pools.finished('orders', '127.0.0.1:4202', 'timeout');
  const snapshot = pools.snapshot();
  assert.equal(JSON.parse(JSON.stringify(snapshot)), {
    at: 1000,
    upstreams: [
      {
        name: 'orders',
        balancer: 'round-robin',
        active: 0,
        pending: 0,
        targets: [
          {
            id: '127.0.0.1:4201',
            url: urls[0],
            weight: 1,
            healthy: true,
            ejected: false,
            ejections: 0,
            inFlight: 1,
            requests: 1,
            failures: 0,
          },
          {
            id: '127.0.0.1:4202',
            url: urls[1],
            weight: 1,
            healthy: true,
            ejected: true,
            ejectedUntil: 11_000,
            ejections: 1,
            inFlight: 0,
            requests: 2,
            failures: 2,
          },
        ],
      },
    ],
  });
  now = 11_000;
  assert.is(pools.snapshot().upstreams[0]!.targets[1]!.ejected, false);
});

test.run();
