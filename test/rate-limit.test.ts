/** The rate-limit stage: token buckets, their keys, the IETF RateLimit fields and the 429 problem. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sfString } from '../src/pipeline/rate-limit/index.js';
import { createRouteRuntime } from '../src/pipeline/route-state.js';
import { decideUrl, tableOf } from './policy-support.js';

const upstreams = { echo: 'http://127.0.0.1:9' };
const T0 = 1_700_000_000_000;

test('a bucket of 2 allows two requests, then 429 quota-exceeded with Retry-After and RateLimit fields', async () => {
  const table = await tableOf({
    upstreams,
    routes: [
      {
        name: 'api',
        match: { path: '/api/**' },
        upstream: 'echo',
        rateLimit: { requests: 6, per: '1m', burst: 2 },
      },
    ],
  });
  const state = createRouteRuntime({ consume: true });
  const first = await decideUrl(table, '/api/a', { routeState: state, now: T0 });
  assert.is(first.action, 'forward');
  assert.equal(first.responseHeaders, {
    'ratelimit-policy': '"api";q=6;w=60',
    ratelimit: '"api";r=1;t=10',
  });
  const second = await decideUrl(table, '/api/a', { routeState: state, now: T0 });
  assert.is(second.responseHeaders?.ratelimit, '"api";r=0;t=20');
  const third = await decideUrl(table, '/api/a', { routeState: state, now: T0 + 1000 });
  assert.is(third.action, 'reject');
  assert.is(third.status, 429);
  assert.is(third.problem?.type, 'urn:gateway:quota-exceeded');
  assert.is(third.problem?.retryAfter, 9);
  assert.equal(third.responseHeaders, {
    'ratelimit-policy': '"api";q=6;w=60',
    ratelimit: '"api";r=0;t=19',
    'retry-after': '9',
  });
  assert.is(
    third.trace.find((s) => s.stage === 'rateLimit')?.summary,
    'ip 127.0.0.1: over the limit, retry in 9s (6/60s, burst 2)',
  );
  // One token comes back every 10 s.
  const later = await decideUrl(table, '/api/a', { routeState: state, now: T0 + 10_000 });
  assert.is(later.action, 'forward');
  assert.is(later.rateLimit?.remaining, 0);
});

test("explain's context looks at a full bucket and never takes from it", async () => {
  const table = await tableOf({
    upstreams,
    routes: [
      { name: 'api', match: { path: '/api' }, upstream: 'echo', rateLimit: { requests: 1, per: '1h' } },
    ],
  });
  for (let i = 0; i < 3; i++) {
    const decision = await decideUrl(table, '/api');
    assert.is(decision.action, 'forward');
    assert.is(decision.rateLimit?.remaining, 0);
    assert.is(decision.rateLimit?.key, 'ip 127.0.0.1');
  }
  const look = createRouteRuntime({ consume: false });
  for (let i = 0; i < 3; i++)
    assert.is((await decideUrl(table, '/api', { routeState: look })).action, 'forward');
  assert.equal(look.buckets.snapshot(T0), []);
});

test('keys: client address, a header, the identity, the API key name; missing values fall back to the address', async () => {
  const table = await tableOf({
    upstreams,
    auth: { keys: { type: 'api-key', header: 'x-api-key', keys: [{ name: 'ci', key: 'k-123' }] } },
    routes: [
      {
        name: 'tenant',
        match: { path: '/t' },
        upstream: 'echo',
        rateLimit: { requests: 5, per: '1m', key: { header: 'X-Tenant' } },
      },
      {
        name: 'who',
        match: { path: '/w' },
        upstream: 'echo',
        auth: 'keys',
        rateLimit: { requests: 5, per: '1m', key: { identity: true } },
      },
      {
        name: 'key',
        match: { path: '/k' },
        upstream: 'echo',
        auth: 'keys',
        rateLimit: { requests: 5, per: '1m', key: { apiKey: true } },
      },
      {
        name: 'anon',
        match: { path: '/a' },
        upstream: 'echo',
        rateLimit: { requests: 5, per: '1m', key: { identity: true } },
      },
    ],
  });
  const key = async (url: string, headers: Record<string, string> = {}) =>
    (await decideUrl(table, url, { headers, remoteAddress: '10.0.0.7' })).rateLimit?.key;
  assert.is(await key('/t', { 'x-tenant': 'acme' }), 'header x-tenant=acme');
  assert.is(await key('/t'), 'ip 10.0.0.7');
  assert.is(await key('/w', { 'x-api-key': 'k-123' }), 'identity ci');
  assert.is(await key('/k', { 'x-api-key': 'k-123' }), 'api-key ci');
  assert.is(await key('/a'), 'ip 10.0.0.7');
});

test('separate keys have separate buckets; a denied auth takes no token', async () => {
  const table = await tableOf({
    upstreams,
    auth: { keys: { type: 'api-key', header: 'x-api-key', keys: [{ name: 'ci', key: 'k-123' }] } },
    routes: [
      {
        name: 'who',
        match: { path: '/w' },
        upstream: 'echo',
        auth: 'keys',
        rateLimit: { requests: 1, per: '1m', key: { header: 'x-user' } },
      },
    ],
  });
  const state = createRouteRuntime({ consume: true });
  const send = (user: string, apiKey = 'k-123') =>
    decideUrl(table, '/w', { routeState: state, now: T0, headers: { 'x-user': user, 'x-api-key': apiKey } });
  assert.is((await send('a', 'wrong')).status, 401);
  assert.is((await send('a')).action, 'forward');
  assert.is((await send('b')).action, 'forward');
  assert.is((await send('a')).status, 429);
  const fills = state.buckets.snapshot(T0).map((b) => `${b.key} ${b.tokens}/${b.burst} limited ${b.limited}`);
  assert.equal(fills, ['header x-user=a 0/1 limited 1', 'header x-user=b 0/1 limited 0']);
});

test('defaults.rateLimit applies to every route; rateLimit: false turns it off on one', async () => {
  const table = await tableOf({
    upstreams,
    defaults: { rateLimit: { requests: 100, per: '1s' } },
    routes: [
      { name: 'a', match: { path: '/a' }, upstream: 'echo' },
      { name: 'b', match: { path: '/b' }, upstream: 'echo', rateLimit: false },
    ],
  });
  assert.is((await decideUrl(table, '/a')).responseHeaders?.['ratelimit-policy'], '"a";q=100;w=1');
  assert.is((await decideUrl(table, '/b')).rateLimit, undefined);
});

test('policy names are Structured Field strings', () => {
  assert.is(sfString('users'), '"users"');
  assert.is(sfString('a"b\\c'), '"a\\"b\\\\c"');
  assert.is(sfString('café'), '"caf_"');
});

test.run();
