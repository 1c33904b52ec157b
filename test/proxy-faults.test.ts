/**
 * Faults and rate limits through the real proxy: injected aborts, delays and slow answers carried
 * out on real sockets, header-asked faults, 429s with the RateLimit fields, and `gateway dev --seed`
 * replaying the same faults on a second run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import { dev } from '../src/commands/dev.js';
import { send, startTestGateway, type TestGateway } from './proxy-harness.js';

/** parse-prometheus-text-format ships no types: the part of its documented shape used here. */
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => { name: string; metrics: { labels?: Record<string, string>; value?: string }[] }[];

let echo: RunningFixture;
let gw: TestGateway;
const bigBody = 'x'.repeat(3000);

test.before(async () => {
  echo = await startEcho();
  gw = await startTestGateway({
    upstreams: { echo: echo.url },
    routes: [
      { name: 'down', match: { path: '/down' }, upstream: 'echo', fault: { abort: { status: 503 } } },
      { name: 'late', match: { path: '/late' }, upstream: 'echo', fault: { delay: { fixed: '300ms' } } },
      {
        name: 'thin',
        match: { path: '/thin' },
        respond: { status: 200, body: bigBody },
        fault: { bandwidth: '16kbps' },
      },
      { name: 'ask', match: { path: '/ask/**' }, upstream: 'echo', fault: { headers: true } },
      { name: 'plain', match: { path: '/plain/**' }, upstream: 'echo' },
      {
        name: 'limited',
        match: { path: '/limited' },
        upstream: 'echo',
        rateLimit: { requests: 2, per: '1h' },
      },
    ],
  });
});
test.after(async () => {
  await gw.close();
  await echo.close();
});

test('an injected abort is a 503 problem marked injected, and the finished event says so', async () => {
  const res = await send(`${gw.url}/down`);
  assert.is(res.status, 503);
  assert.is(res.headers['content-type'], 'application/problem+json');
  const body = JSON.parse(res.body);
  assert.is(body.type, 'urn:gateway:fault-injected');
  assert.is(body.injected, true);
  const event = gw.finished.at(-1)!;
  assert.is(event.status, 503);
  assert.is(event.decision?.fault?.injected, true);
});

test('an injected delay holds the request before it is forwarded', async () => {
  const started = performance.now();
  const res = await send(`${gw.url}/late`);
  assert.is(res.status, 200);
  assert.ok(performance.now() - started >= 290, 'answered before the 300 ms delay');
  assert.is(JSON.parse(res.body).path, '/late');
});

test('a bandwidth limit sends the whole answer, no faster than asked', async () => {
  // 16 kbps = 2000 bytes a second: 3000 bytes need at least a second after the first tick's 200.
  const started = performance.now();
  const res = await send(`${gw.url}/thin`);
  assert.is(res.status, 200);
  assert.is(res.body, bigBody);
  assert.ok(performance.now() - started >= 1000, `took only ${performance.now() - started}ms`);
});

test('header-asked faults work on routes that allow them, and reach no other route', async () => {
  const headers = { 'x-gateway-fault-abort': '418' };
  const asked = await send(`${gw.url}/ask/x`, { headers });
  assert.is(asked.status, 418);
  assert.is(JSON.parse(asked.body).source, 'headers');
  const plain = await send(`${gw.url}/plain/x`, { headers });
  assert.is(plain.status, 200);
});

test('rate limit: allowed answers carry the RateLimit fields; the third is a 429 with Retry-After', async () => {
  const first = await send(`${gw.url}/limited`);
  assert.is(first.status, 200);
  assert.is(first.headers['ratelimit-policy'], '"limited";q=2;w=3600');
  assert.is(first.headers.ratelimit, '"limited";r=1;t=1800');
  assert.is((await send(`${gw.url}/limited`)).status, 200);
  const third = await send(`${gw.url}/limited`);
  assert.is(third.status, 429);
  assert.is(third.headers['retry-after'], '1800');
  assert.is(third.headers.ratelimit, '"limited";r=0;t=3600');
  const body = JSON.parse(third.body);
  assert.is(body.type, 'urn:gateway:quota-exceeded');
  assert.is(body.status, 429);
  const fills = gw.gateway.server.routeState.buckets.snapshot(Date.now());
  assert.equal(
    fills.map((b) => [b.route, b.key, Math.floor(b.tokens), b.limited]),
    [['limited', 'ip 127.0.0.1', 0, 1]],
  );
});

test('the metrics endpoint counts injected faults and rate-limited requests, by route', async () => {
  const metered = await startTestGateway({
    server: { metrics: true },
    upstreams: { echo: echo.url },
    routes: [
      { name: 'down', match: { path: '/down' }, upstream: 'echo', fault: { abort: { status: 503 } } },
      { name: 'ask', match: { path: '/ask' }, upstream: 'echo', fault: { headers: true } },
      { name: 'once', match: { path: '/once' }, upstream: 'echo', rateLimit: { requests: 1, per: '1h' } },
    ],
  });
  try {
    for (const path of ['/down', '/down', '/once', '/once', '/once']) await send(`${metered.url}${path}`);
    await send(`${metered.url}/ask`, { headers: { 'x-gateway-fault-delay': '1' } });
    const body = (await send(`${metered.url}/__gateway/metrics`)).body;
    const families = new Map(parsePrometheus(body).map((f) => [f.name, f]));
    const series = (name: string) =>
      (families.get(name)?.metrics ?? []).map((m) => `${JSON.stringify(m.labels)} ${m.value}`);
    assert.equal(series('gateway_faults_injected_total'), [
      '{"route":"down","kind":"abort","source":"config"} 2',
      '{"route":"ask","kind":"delay","source":"headers"} 1',
    ]);
    assert.equal(series('gateway_rate_limited_total'), ['{"route":"once"} 2']);
  } finally {
    await metered.close();
  }
});

test('gateway dev --seed replays the same faults for the same requests', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-seed-'));
  await writeFile(
    join(dir, 'gateway.config.json'),
    JSON.stringify({
      upstreams: { echo: echo.url },
      routes: [
        {
          name: 'coin',
          match: { path: '/coin' },
          upstream: 'echo',
          fault: { abort: { status: 503, percent: 50 } },
        },
      ],
    }),
  );
  const run = async (seed: number) => {
    const stop = new AbortController();
    const out: string[] = [];
    let exited!: Promise<unknown>;
    const url = await new Promise<string>((resolve) => {
      exited = dev({
        cwd: dir,
        stdout: { write: (t: string) => out.push(t) },
        stderr: { write: (t: string) => out.push(t) },
        env: { ...process.env, NO_COLOR: '1' },
        color: false,
        ui: false,
        log: 'json',
        demo: false,
        port: 0,
        seed,
        signal: stop.signal,
        handleSignals: false,
        onListening: resolve,
      });
    });
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await send(`${url}/coin`)).status);
    stop.abort();
    await exited;
    const injected = out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{"type":"request"'))
      .map((l) => JSON.parse(l))
      .filter((l) => l.injected === true);
    return { statuses, injected };
  };
  const first = await run(42);
  const second = await run(42);
  assert.equal(second.statuses, first.statuses);
  assert.ok(first.statuses.includes(503) && first.statuses.includes(200), first.statuses.join(','));
  // The JSON access log marks every injected abort.
  assert.is(first.injected.length, first.statuses.filter((s) => s === 503).length);
  assert.is(first.injected[0].fault, 'injected abort 503');
  await rm(dir, { recursive: true });
});

test.run();
