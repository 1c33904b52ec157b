// Traffic splits at the pipeline level: weighted picks with pinned randomness, header and cookie
// pins, weight 0, each side keeping its own balancer; `gateway test`'s expect.split.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCases } from '../src/testing/run.js';
import type { TestCase } from '../src/testing/types.js';
import { decideOn, issuesOf, tableOf } from './routing-support.js';

const upstreams = {
  'orders-v1': { targets: ['http://127.0.0.1:4901', 'http://127.0.0.1:4902'], balancer: 'round-robin' },
  'orders-v2': { targets: ['http://127.0.0.1:4911'], timeouts: { response: '2s' } },
};
const canary = (extra: Record<string, unknown> = {}, weights = [90, 10]) =>
  tableOf({
    upstreams,
    routes: [
      {
        name: 'orders',
        match: { path: '/orders/**' },
        upstream: [
          { name: 'orders-v1', weight: weights[0] },
          { name: 'orders-v2', weight: weights[1] },
        ],
        ...extra,
      },
    ],
  });

test('weighted pick by the pinned random: the roll falls in a side, and the trace says so', async () => {
  const table = await canary();
  const low = await decideOn(table, '/orders/1', { random: () => 0.5 });
  assert.is(low.upstream, 'orders-v1');
  assert.equal(low.split, { upstream: 'orders-v1', reason: 'weight 90 of 100 (roll 50.0)' });
  const high = await decideOn(table, '/orders/1', { random: () => 0.95 });
  assert.is(high.upstream, 'orders-v2');
  assert.is(high.target?.id, '127.0.0.1:4911');
  assert.is(high.trace.find((s) => s.stage === 'split')?.summary, 'orders-v2 — weight 10 of 100 (roll 95.0)');
  assert.is(high.trace.find((s) => s.stage === 'balance')?.ok, true);
  // Edges: a roll of exactly 90 is the second side; weight 1 is the default.
  assert.is((await decideOn(table, '/', { random: () => 0.9 })).route, undefined);
  assert.is((await decideOn(table, '/orders', { random: () => 0.9 })).upstream, 'orders-v2');
});

test('each side keeps its own balancer: round-robin on v1 across a shared pool', async () => {
  const table = await canary({}, [1, 0]);
  const decision = await decideOn(table, '/orders/1');
  assert.is(decision.upstream, 'orders-v1');
  assert.match(decision.target?.reason ?? '', /round-robin/);
});

test('weight 0 gets nothing; all weights 0 is a 503 that says why', async () => {
  const table = await canary({}, [0, 5]);
  for (const roll of [0, 0.3, 0.99])
    assert.is((await decideOn(table, '/orders/1', { random: () => roll })).upstream, 'orders-v2');
  const none = await decideOn(await canary({}, [0, 0]), '/orders/1');
  assert.is(none.status, 503);
  assert.is(none.problem?.detail, 'every upstream of the split has weight 0');
});

test('a header pin naming a side wins over the roll; another value falls back to the weights', async () => {
  const table = await canary({ pin: { header: 'X-Canary' } });
  const pinned = await decideOn(table, '/orders/1', {
    headers: { 'x-canary': 'orders-v2' },
    random: () => 0,
  });
  assert.equal(pinned.split, { upstream: 'orders-v2', reason: 'pinned by header x-canary=orders-v2' });
  const other = await decideOn(table, '/orders/1', { headers: { 'x-canary': 'yes' }, random: () => 0 });
  assert.equal(other.split, {
    upstream: 'orders-v1',
    reason: 'weight 90 of 100 (roll 0.0), header x-canary=yes names no side',
  });
  assert.is(other.split?.setCookie, undefined);
});

test('a cookie pin: a caller without it gets one naming its side; with it, it stays there', async () => {
  const table = await canary({ pin: { cookie: 'gw-canary' } });
  const first = await decideOn(table, '/orders/1', { random: () => 0.95 });
  assert.is(first.split?.setCookie, 'gw-canary=orders-v2; Path=/; HttpOnly; SameSite=Lax');
  const again = await decideOn(table, '/orders/1', {
    headers: { cookie: 'a=1; gw-canary=orders-v2' },
    random: () => 0,
  });
  assert.equal(again.split, { upstream: 'orders-v2', reason: 'pinned by cookie gw-canary=orders-v2' });
});

test('split shapes the config refuses', () => {
  const grpc = { targets: ['grpc://127.0.0.1:4921'], protocol: 'grpc', grpc: { protos: ['x.proto'] } };
  const route = (upstream: unknown, extra = {}) => ({
    upstreams: { ...upstreams, grpc },
    routes: [{ name: 'r', match: { path: '/' }, upstream, ...extra }],
  });
  assert.equal(issuesOf(route([{ name: 'orders-v1' }, { name: 'orders-v3' }])), [
    'routes[0].upstream[1].name: "orders-v3" is not defined — did you mean "orders-v1"?',
  ]);
  assert.equal(issuesOf(route([{ name: 'orders-v1' }, { name: 'grpc' }])), [
    'routes[0].upstream[1].name: "grpc" speaks grpc; a traffic split is between HTTP upstreams',
  ]);
  assert.equal(issuesOf(route([{ name: 'orders-v1' }, { name: 'orders-v1' }])), [
    'routes[0].upstream[1].name: "orders-v1" is already in this split',
  ]);
  assert.equal(issuesOf(route('orders-v1', { pin: { header: 'x' } })), [
    'routes[0].pin: only used by a traffic split — give "upstream" as a list of { name, weight }',
  ]);
});

test('gateway test: expect.split holds over sampled requests, exactly under a pin, and fails like a diff', async () => {
  const table = await canary({ pin: { header: 'x-canary' } });
  const make = (expect: TestCase['expect'], headers: Record<string, string> = {}): TestCase => ({
    name: 'split',
    file: undefined,
    path: 'tests[0]',
    request: { url: '/orders/1', headers },
    expect,
  });
  const run = await runCases(table, [
    make({ split: { 'orders-v2': [0.05, 0.15], 'orders-v1': [0.85, 0.95] } }),
    make({ split: { 'orders-v2': 1 } }, { 'x-canary': 'orders-v2' }),
    make({ split: { 'orders-v2': [0.4, 0.6] } }),
  ]);
  assert.equal(
    run.results.map((r) => r.ok),
    [true, true, false],
  );
  const [mismatch] = run.results[2]!.mismatches;
  assert.is(mismatch?.field, 'split.orders-v2');
  assert.equal(mismatch?.expected, [0.4, 0.6]);
  assert.ok(typeof mismatch?.actual === 'number' && mismatch.actual > 0.05 && mismatch.actual < 0.15);
});

test.run();
