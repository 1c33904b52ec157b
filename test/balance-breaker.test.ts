/** Circuit breaking: maxConcurrent slots, a FIFO line of maxPending, refusals that name the limit. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPools } from '../src/pipeline/balance/index.js';
import { upstream } from './balance-support.js';

const targets = ['http://127.0.0.1:4201'];

test('no limits configured: every request is admitted', async () => {
  const pools = createPools();
  const config = upstream('users', { targets });
  const admissions = await Promise.all(Array.from({ length: 100 }, () => pools.admit(config)));
  assert.ok(admissions.every((a) => a.ok));
  assert.is(pools.snapshot().upstreams[0]!.active, 100);
});

test('maxConcurrent without a line: refused at once, naming the limit', async () => {
  const pools = createPools();
  const config = upstream('orders', { targets, limits: { maxConcurrent: 2 } });
  const one = await pools.admit(config);
  const two = await pools.admit(config);
  const three = await pools.admit(config);
  assert.ok(one.ok && two.ok);
  assert.equal(three, {
    ok: false,
    reason: 'upstream "orders" is at its limit of 2 concurrent requests (maxConcurrent)',
  });
  if (one.ok) {
    one.release();
    one.release(); // a second release is ignored
  }
  assert.ok((await pools.admit(config)).ok);
  assert.is(((await pools.admit(config)) as { ok: boolean }).ok, false);
});

test('maxPending: waits first come, first served; beyond the line, refused', async () => {
  const pools = createPools();
  const config = upstream('orders', { targets, limits: { maxConcurrent: 1, maxPending: 2 } });
  const holder = await pools.admit(config);
  const order: string[] = [];
  const line = (name: string) =>
    pools.admit(config).then((admission) => {
      order.push(name);
      return admission;
    });
  const a = line('a');
  const b = line('b');
  const refused = await pools.admit(config);
  assert.equal(refused, {
    ok: false,
    reason:
      'upstream "orders" is at its limit of 1 concurrent request (maxConcurrent) and 2 waiting (maxPending 2)',
  });
  assert.equal(pools.snapshot().upstreams[0]!.pending, 2);
  if (holder.ok) holder.release();
  const first = await a;
  assert.ok(first.ok);
  assert.equal(order, ['a']);
  if (first.ok) first.release();
  const second = await b;
  assert.ok(second.ok);
  assert.equal(order, ['a', 'b']);
});

test('an abandoned wait leaves the line', async () => {
  const pools = createPools();
  const config = upstream('orders', { targets, limits: { maxConcurrent: 1, maxPending: 1 } });
  const holder = await pools.admit(config);
  const controller = new AbortController();
  const waiting = pools.admit(config, controller.signal);
  controller.abort();
  const gaveUp = await waiting;
  assert.is(gaveUp.ok, false);
  assert.match((gaveUp as { reason: string }).reason, /^gave up waiting for a free slot: upstream "orders"/);
  assert.is(pools.snapshot().upstreams[0]!.pending, 0);
  // The line has room again.
  const next = pools.admit(config);
  if (holder.ok) holder.release();
  assert.ok((await next).ok);
});

test('raising the limit on reload lets waiting requests in; slots carry over', async () => {
  const old = createPools();
  const small = upstream('orders', { targets, limits: { maxConcurrent: 1, maxPending: 5 } });
  const holder = await old.admit(small);
  const waiting = old.admit(small);
  const reloaded = createPools(old);
  const bigger = upstream('orders', { targets, limits: { maxConcurrent: 2, maxPending: 5 } });
  reloaded.state(bigger);
  assert.ok((await waiting).ok);
  assert.is(reloaded.snapshot().upstreams[0]!.active, 2);
  assert.ok(holder.ok);
});

test.run();
