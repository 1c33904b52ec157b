/** The fault stage: config faults drawn from ctx.random, header-asked faults, defaults, chaos mode. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../src/config/resolve.js';
import { createRouteRuntime } from '../src/pipeline/route-state.js';
import { seededRandom } from '../src/proxy/seeded-random.js';
import { decideUrl, tableOf } from './policy-support.js';

const upstreams = { echo: 'http://127.0.0.1:9' };

test('an abort at 100% answers with an injected problem document, and the trace says so', async () => {
  const table = await tableOf({
    upstreams,
    routes: [
      { name: 'flaky', match: { path: '/flaky/**' }, upstream: 'echo', fault: { abort: { status: 503 } } },
    ],
  });
  const decision = await decideUrl(table, '/flaky/1');
  assert.is(decision.action, 'reject');
  assert.is(decision.status, 503);
  assert.is(decision.problem?.type, 'urn:gateway:fault-injected');
  assert.is(decision.problem?.injected, true);
  assert.is(decision.problem?.route, 'flaky');
  assert.is(decision.fault?.injected, true);
  assert.is(decision.fault?.source, 'config');
  const step = decision.trace.find((s) => s.stage === 'fault');
  assert.equal({ ok: step?.ok, summary: step?.summary }, { ok: false, summary: 'injected abort 503' });
  assert.equal(decision.fault?.reasons, ['abort 503 drawn (100%, drew 0.50)']);
});

test("explain's pinned 0.5 does not draw a 10% fault, and says what it drew", async () => {
  const table = await tableOf({
    upstreams,
    routes: [
      {
        name: 'r',
        match: { path: '/r' },
        upstream: 'echo',
        fault: { abort: { status: 500, percent: 10 }, delay: { fixed: '500ms', percent: 10 } },
      },
    ],
  });
  const decision = await decideUrl(table, '/r');
  assert.is(decision.action, 'forward');
  assert.is(decision.fault?.injected, false);
  assert.equal(decision.fault?.reasons, [
    'delay 500ms not drawn (10%, drew 0.50)',
    'abort 500 not drawn (10%, drew 0.50)',
  ]);
  assert.is(decision.trace.find((s) => s.stage === 'fault')?.summary, 'no fault this time');
});

test('a seed replays the same faults for the same sequence of requests', async () => {
  const table = await tableOf({
    upstreams,
    routes: [
      {
        name: 'r',
        match: { path: '/r' },
        upstream: 'echo',
        fault: { abort: { status: 503, percent: 20 }, delay: { range: ['100ms', '300ms'], percent: 30 } },
      },
    ],
  });
  const run = async (seed: number) => {
    const random = seededRandom(seed);
    const out: string[] = [];
    for (let i = 0; i < 200; i++) {
      const d = await decideUrl(table, '/r', { random });
      out.push(`${d.status ?? 'fwd'}/${d.fault?.delayMs ?? 0}`);
    }
    return out;
  };
  const first = await run(42);
  assert.equal(await run(42), first);
  assert.not.equal(await run(43), first);
  const aborted = first.filter((s) => s.startsWith('503')).length;
  const delays = first.map((s) => Number(s.split('/')[1])).filter((ms) => ms > 0);
  // 20% of 200 aborts and 30% delays, within a wide margin (the sequence is fixed by the seed).
  assert.ok(aborted > 20 && aborted < 60, `aborted ${aborted}`);
  assert.ok(delays.length > 35 && delays.length < 85, `delayed ${delays.length}`);
  assert.ok(
    delays.every((ms) => ms >= 100 && ms <= 300),
    'delays stay within the range',
  );
});

test('header-asked faults only on routes that allow them; bad values are ignored and said so', async () => {
  const table = await tableOf({
    upstreams,
    routes: [
      { name: 'open', match: { path: '/open' }, upstream: 'echo', fault: { headers: true } },
      { name: 'closed', match: { path: '/closed' }, upstream: 'echo' },
    ],
  });
  const headers = { 'x-gateway-fault-abort': '502', 'x-gateway-fault-delay': '2s' };
  const open = await decideUrl(table, '/open', { headers });
  assert.is(open.status, 502);
  assert.is(open.fault?.source, 'headers');
  assert.is(open.fault?.delayMs, 2000);
  assert.is(open.problem?.injected, true);
  const closed = await decideUrl(table, '/closed', { headers });
  assert.is(closed.action, 'forward');
  assert.is(closed.fault, undefined);
  const quiet = await decideUrl(table, '/open');
  assert.is(quiet.fault?.injected, false);
  const bad = await decideUrl(table, '/open', {
    headers: { 'x-gateway-fault-abort': 'soon', 'x-gateway-fault-bandwidth': '64kbps' },
  });
  assert.is(bad.action, 'forward');
  assert.is(bad.fault?.bandwidth, 8000);
  assert.equal(bad.fault?.reasons, [
    'bandwidth 64kbps asked by x-gateway-fault-bandwidth',
    'x-gateway-fault-abort: "soon" ignored (expected a status 200–599)',
  ]);
  const long = await decideUrl(table, '/open', { headers: { 'x-gateway-fault-delay': '10m' } });
  assert.is(long.fault?.delayMs, 60_000, 'a header delay is capped at 60 s');
});

test('defaults.fault applies to every route; fault: false turns it off on one', async () => {
  const table = await tableOf({
    upstreams,
    defaults: { fault: { bandwidth: '1mbps' } },
    routes: [
      { name: 'slow', match: { path: '/slow' }, upstream: 'echo' },
      { name: 'fast', match: { path: '/fast' }, upstream: 'echo', fault: false },
    ],
  });
  const slow = await decideUrl(table, '/slow');
  assert.is(slow.fault?.bandwidth, 125_000);
  assert.is(slow.trace.find((s) => s.stage === 'fault')?.summary, 'injected bandwidth 1mbps');
  assert.is((await decideUrl(table, '/fast')).fault, undefined);
});

test('chaos mode is an overlay in the context: the same stage, marked as chaos', async () => {
  const table = await tableOf({
    upstreams,
    routes: [{ name: 'r', match: { path: '/r' }, upstream: 'echo' }],
  });
  const state = createRouteRuntime({ consume: true });
  assert.is((await decideUrl(table, '/r', { routeState: state })).fault, undefined);
  assert.is(state.chaos.toggle('r'), true);
  const low = await decideUrl(table, '/r', { routeState: state, random: () => 0.05 });
  assert.is(low.status, 503);
  assert.is(low.fault?.source, 'chaos');
  assert.is(low.fault?.delayMs, 500);
  assert.is(low.problem?.source, 'chaos');
  assert.is(low.responseHeaders?.['grpc-status'], '14');
  const high = await decideUrl(table, '/r', { routeState: state, random: () => 0.5 });
  assert.is(high.action, 'forward');
  assert.is(state.chaos.toggle('r'), false);
  assert.is((await decideUrl(table, '/r', { routeState: state, random: () => 0.05 })).fault, undefined);
});

test('config errors: a delay needs fixed or range, and a range runs from shortest to longest', () => {
  const check = (fault: unknown) => {
    const result = resolveConfig(
      { upstreams, routes: [{ name: 'r', match: { path: '/r' }, upstream: 'echo', fault }] },
      { dir: '/srv' },
    );
    return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
  };
  assert.equal(check({ delay: { percent: 5 } }), [
    "routes[0].fault.delay: give either fixed (e.g. fixed: '500ms') or range (e.g. range: ['100ms', '2s'])",
  ]);
  assert.equal(check({ delay: { range: ['2s', '1s'] } }), [
    'routes[0].fault.delay.range: the first duration is the shortest: write [shortest, longest]',
  ]);
  assert.is(check({ abort: { status: 99 } }).length, 1);
  assert.is(check({ bandwidth: '64 furlongs' }).length, 1);
  assert.equal(check({ delay: { fixed: 250 }, abort: { status: 503, percent: 1, grpcStatus: 14 } }), []);
});

test.run();
