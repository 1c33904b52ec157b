// Mirroring at the pipeline level: the copy is decided with the pinned random and shown in the
// trace; config refuses mirrors that could not work. Through the real proxy: see routing-live.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideOn, issuesOf, tableOf } from './routing-support.js';

const upstreams = {
  orders: 'http://127.0.0.1:4901',
  shadow: { targets: ['http://127.0.0.1:4911', 'http://127.0.0.1:4912'] },
};
const route = (mirror: Record<string, unknown>) =>
  tableOf({
    upstreams,
    routes: [{ name: 'orders', match: { path: '/orders/**' }, upstream: 'orders', mirror }],
  });

test('a copy below the percent goes to a target of the mirror upstream, and the trace says so', async () => {
  const table = await route({ upstream: 'shadow', percent: 60 });
  const copied = await decideOn(table, '/orders/1', { random: () => 0.5 });
  assert.is(copied.action, 'forward');
  assert.is(copied.upstream, 'orders');
  assert.is(copied.mirror?.upstream, 'shadow');
  assert.is(copied.mirror?.maxBody, 65536);
  assert.is(copied.mirror?.target.id, '127.0.0.1:4911');
  assert.is(
    copied.trace.find((s) => s.stage === 'mirror')?.summary,
    'copy to shadow 127.0.0.1:4911 (roll 50.0 < 60%), not waited for',
  );
  const skipped = await decideOn(table, '/orders/1', { random: () => 0.7 });
  assert.is(skipped.mirror, undefined);
  assert.is(skipped.trace.find((s) => s.stage === 'mirror')?.summary, 'not copied: roll 70.0 ≥ 60%');
});

test('percent defaults to 100; maxBody takes a size', async () => {
  const table = await route({ upstream: 'shadow', maxBody: '1kb' });
  const decision = await decideOn(table, '/orders/1', { random: () => 0.999 });
  assert.is(decision.mirror?.maxBody, 1024);
});

test('a request the route rejects is not mirrored', async () => {
  const table = await tableOf({
    upstreams,
    auth: { key: { type: 'api-key', header: 'x-api-key', keys: [{ name: 'a', key: 'k-123456789012345' }] } },
    routes: [
      { name: 'r', match: { path: '/**' }, upstream: 'orders', mirror: { upstream: 'shadow' }, auth: 'key' },
    ],
  });
  const decision = await decideOn(table, '/x');
  assert.is(decision.status, 401);
  assert.is(decision.mirror, undefined);
  assert.not.ok(decision.trace.some((s) => s.stage === 'mirror'));
});

test('mirror shapes the config refuses', () => {
  const config = (routeExtra: Record<string, unknown>) => ({
    upstreams,
    routes: [{ name: 'r', match: { path: '/' }, ...routeExtra }],
  });
  assert.equal(issuesOf(config({ upstream: 'orders', mirror: { upstream: 'shadw' } })), [
    'routes[0].mirror.upstream: "shadw" is not defined — did you mean "shadow"?',
  ]);
  assert.equal(issuesOf(config({ respond: { status: 200 }, mirror: { upstream: 'shadow' } })), [
    'routes[0].mirror.upstream: only forwarded requests are mirrored — this route answers itself',
  ]);
  assert.ok(
    issuesOf(config({ upstream: 'orders', mirror: { upstream: 'shadow', percent: 101 } }))[0]?.startsWith(
      'routes[0].mirror.percent',
    ),
  );
});

test.run();
