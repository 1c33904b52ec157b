/**
 * Active probes against real fixtures with short intervals: /healthz answering 503 marks a target
 * unhealthy after the threshold; recovering marks it healthy again. Waits on events, not sleeps.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOrders } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import { startHealthChecks } from '../src/health/index.js';
import { createPools, type PoolEvent, selectTarget } from '../src/pipeline/balance/index.js';
import { control, nextEvent, request, upstream } from './balance-support.js';

let fixtures: RunningFixture[] = [];
test.before(async () => {
  fixtures = await Promise.all([1, 2].map((n) => startOrders({ instance: `orders-${n}` })));
});
test.after(async () => {
  await Promise.all(fixtures.map((f) => f.close()));
});

test('a /healthz that says 503 makes the target unhealthy; recovery makes it healthy', async () => {
  const pools = createPools();
  const config = upstream('orders', {
    targets: fixtures.map((f) => f.url),
    health: { active: { interval: '50ms', timeout: '1s', unhealthyThreshold: 2, healthyThreshold: 2 } },
  });
  const [sick] = fixtures as [RunningFixture];
  const sickId = new URL(sick.url).host;
  const events: PoolEvent[] = [];
  pools.onEvent((event) => events.push(event));
  const checks = startHealthChecks([config], pools);
  try {
    await control(sick.url, { healthy: false });
    const down = await nextEvent(pools, (e) => e.type === 'target-health' && !e.healthy);
    assert.equal(
      { ...down, at: 0 },
      {
        type: 'target-health',
        upstream: 'orders',
        target: sickId,
        at: 0,
        healthy: false,
        reason: 'failing active health check (2 in a row: GET /healthz → 503)',
      },
    );
    const selection = selectTarget(config, pools, request(), { now: Date.now, random: Math.random });
    assert.ok(selection.ok && selection.pick.id !== sickId);
    if (selection.ok) assert.match(selection.pick.skipped[0]!, `${sickId}: failing active health check (`);

    await control(sick.url, {});
    const up = await nextEvent(pools, (e) => e.type === 'target-health' && e.healthy);
    assert.is(up.target, sickId);
    assert.is((up as { reason: string }).reason, 'passed active health check (2 in a row)');
    assert.ok(pools.state(config).every((t) => t.healthy));
    assert.ok(
      events.every((e) => e.target === sickId),
      'the healthy fixture never changed',
    );
  } finally {
    checks.stop();
  }
});

test('expectedStatus, connection refused and probe timeouts', async () => {
  // A target that answers /healthz slowly, one with a custom status, one that is not listening.
  const slow = createServer((_req, res) => {
    setTimeout(() => res.end('late'), 400).unref();
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const slowPort = (slow.address() as AddressInfo).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));

  const pools = createPools();
  const settings = { interval: '50ms', timeout: '100ms', unhealthyThreshold: 1 } as const;
  const strict = upstream('strict', {
    targets: [fixtures[1]!.url],
    health: { active: { ...settings, expectedStatus: [204] } },
  });
  const others = upstream('others', {
    targets: [`http://127.0.0.1:${slowPort}`, `http://127.0.0.1:${closedPort}`],
    health: { active: settings },
  });
  const seen = new Map<string, string>();
  const all = new Promise<void>((resolve) => {
    pools.onEvent((event) => {
      if (event.type === 'target-health' && !event.healthy) seen.set(event.target, event.reason);
      if (seen.size === 3) resolve();
    });
  });
  const checks = startHealthChecks({ strict, others }, pools);
  try {
    await all;
  } finally {
    checks.stop();
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  }
  assert.equal(Object.fromEntries(seen), {
    [new URL(fixtures[1]!.url).host]: 'failing active health check (1 in a row: GET /healthz → 200)',
    [`127.0.0.1:${slowPort}`]:
      'failing active health check (1 in a row: GET /healthz: timed out after 100ms)',
    [`127.0.0.1:${closedPort}`]: 'failing active health check (1 in a row: GET /healthz: connection refused)',
  });
});

test('stop() leaves nothing scheduled and no probe reports afterwards', async () => {
  const pools = createPools();
  const config = upstream('orders', {
    targets: fixtures.map((f) => f.url),
    health: { active: { interval: '10ms', unhealthyThreshold: 1 } },
  });
  const timers = new Set<number>();
  let nextId = 0;
  const checks = startHealthChecks([config], pools, {
    setTimer(callback, ms) {
      const id = nextId++;
      timers.add(id);
      const timer = setTimeout(() => {
        timers.delete(id);
        callback();
      }, ms);
      return () => {
        timers.delete(id);
        clearTimeout(timer);
      };
    },
  });
  let probes = 0;
  const original = pools.probed.bind(pools);
  pools.probed = (...args) => {
    probes++;
    original(...args);
  };
  while (probes < 4) await new Promise((resolve) => setImmediate(resolve));
  checks.stop();
  assert.is(timers.size, 0);
  const after = probes;
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.is(probes, after);
});

test.run();
