/**
 * The fault test, driven through the balance API the way the proxy uses it (admit →
 * selectTarget → started → real HTTP → finished → retryPolicy → release): one of three real
 * instances is killed under steady load. GETs in flight during the kill succeed on retry; once the
 * instance is out, no request even needs a retry; after it comes back and passes its probes it is
 * re-admitted and serves again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOrders } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import type { ResolvedUpstream } from '../src/config/resolved.js';
import { startHealthChecks } from '../src/health/index.js';
import {
  createPools,
  type Pools,
  perTryTimeout,
  type RequestResult,
  retryPolicy,
  selectTarget,
} from '../src/pipeline/balance/index.js';
import { control, nextEvent, request, upstream } from './balance-support.js';

interface Outcome {
  readonly status: number;
  readonly instance?: string;
  readonly tries: readonly string[];
}

/** What the proxy does for one GET, reduced to the calls into the balance stage. */
async function forward(config: ResolvedUpstream, pools: Pools): Promise<Outcome> {
  const admission = await pools.admit(config);
  if (!admission.ok) return { status: 503, tries: [] };
  const tries: string[] = [];
  try {
    for (let attempt = 1; ; attempt++) {
      const selection = selectTarget(config, pools, request(), {
        now: Date.now,
        random: Math.random,
        exclude: tries,
      });
      if (!selection.ok) return { status: 503, tries };
      const { id, url } = selection.pick;
      tries.push(id);
      pools.started(config.name, id);
      let outcome: RequestResult | number;
      try {
        const res = await fetch(new URL('/orders', url), {
          signal: AbortSignal.timeout(perTryTimeout(config)),
        });
        const body = (await res.json()) as { instance: string };
        pools.finished(config.name, id, res.status >= 500 ? 'http-5xx' : 'success');
        if (res.status < 500) return { status: res.status, instance: body.instance, tries };
        outcome = res.status;
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code;
        // Refused: nothing was sent. Anything else after sending is what the gateway answers 502 for.
        const result: RequestResult = code === 'ECONNREFUSED' ? 'connect-error' : 'timeout';
        pools.finished(config.name, id, result);
        outcome = code === 'ECONNREFUSED' ? 'connect-error' : 502;
      }
      const retry = retryPolicy(config, 'GET', attempt, outcome, true);
      if (!retry.retry) return { status: 502, tries };
      await sleep(retry.delayMs);
    }
  } finally {
    admission.release();
  }
}

let fixtures: RunningFixture[] = [];
test.before(async () => {
  fixtures = await Promise.all([1, 2, 3].map((n) => startOrders({ instance: `orders-${n}` })));
  // Requests take a little while, so some are in flight when an instance dies.
  await Promise.all(fixtures.map((f) => control(f.url, { delayMs: 20 })));
});
test.after(async () => {
  await Promise.all(fixtures.map((f) => f.close()));
});

test('kill one of three under load, then bring it back', async () => {
  const config = upstream('orders', {
    targets: fixtures.map((f) => f.url),
    health: {
      active: { interval: '50ms', timeout: '500ms', unhealthyThreshold: 2, healthyThreshold: 2 },
      passive: { consecutiveFailures: 3, baseEjection: '30s' },
    },
    retries: { attempts: 2, backoff: '5ms', perTryTimeout: '2s' },
  });
  const pools = createPools();
  const checks = startHealthChecks([config], pools);
  const victim = fixtures[1]!;
  const victimId = new URL(victim.url).host;
  const results: Outcome[] = [];
  let phase = 'warm-up';
  const byPhase = new Map<string, Outcome[]>();
  let running = true;
  const worker = async () => {
    while (running) {
      const startedIn = phase; // a request belongs to the phase it started in
      const outcome = await forward(config, pools);
      results.push(outcome);
      byPhase.set(startedIn, [...(byPhase.get(startedIn) ?? []), outcome]);
    }
  };
  const workers = Array.from({ length: 6 }, worker);
  try {
    while (results.length < 30) await sleep(5);
    assert.ok(results.every((r) => r.status === 200));

    phase = 'kill';
    const out = nextEvent(
      pools,
      (e) => e.target === victimId && (e.type === 'target-ejected' || e.type === 'target-health'),
    );
    await victim.close();
    await out;

    phase = 'out';
    while ((byPhase.get('out')?.length ?? 0) < 60) await sleep(5);

    phase = 'back';
    const healthy = nextEvent(pools, (e) => e.type === 'target-health' && e.target === victimId && e.healthy);
    const restarted = await startOrders({ instance: 'orders-2', port: victim.port });
    fixtures[1] = restarted;
    await control(restarted.url, { delayMs: 20 });
    await healthy;
    const again = results.length;
    while (!results.slice(again).some((r) => r.instance === 'orders-2')) await sleep(5);
  } finally {
    running = false;
    await Promise.all(workers);
    checks.stop();
  }

  const failed = results.filter((r) => r.status !== 200);
  assert.equal(failed, [], 'no request failed, before, during or after the kill');
  const kill = byPhase.get('kill') ?? [];
  assert.ok(
    kill.some((r) => r.tries.length > 1 && r.tries[0] === victimId),
    'some GETs to the killed instance were retried elsewhere',
  );
  const out = byPhase.get('out') ?? [];
  assert.ok(out.length >= 60);
  assert.ok(
    out.every((r) => r.tries.length === 1 && r.tries[0] !== victimId),
    'once it was out, nobody tried it',
  );
  const state = pools.state(config).find((t) => t.id === victimId)!;
  assert.ok(state.healthy && state.ejectedUntil === undefined, 're-admitted');
  assert.ok(pools.state(config).every((t) => t.inFlight === 0));
});

test.run();
