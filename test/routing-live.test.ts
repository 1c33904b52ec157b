// The route-table features through the real proxy: real sockets, real fixture servers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho, startOrders } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import type { GatewayEvents } from '../src/events.js';
import { closedPort, send, startTestGateway, type TestGateway } from './proxy-harness.js';

let echo: RunningFixture;
let ordersV1: RunningFixture;
let ordersV2: RunningFixture;
let gw: TestGateway;

test.before(async () => {
  echo = await startEcho();
  ordersV1 = await startOrders({ instance: 'orders-1' });
  ordersV2 = await startOrders({ instance: 'orders-v2-1' });
  gw = await startTestGateway({
    upstreams: {
      echo: echo.url,
      'orders-v1': ordersV1.url,
      'orders-v2': ordersV2.url,
      nowhere: `http://127.0.0.1:${await closedPort()}`,
    },
    routes: [
      { name: 'upgrade', match: { path: '/secure/**' }, redirect: { scheme: 'https', status: 301 } },
      { name: 'moved', match: { prefix: '/v1' }, redirect: { prefix: '/v2', status: 308 } },
      { name: 'local-only', match: { prefix: '/internal', clientIp: ['10.0.0.0/8'] }, upstream: 'echo' },
      { name: 'grpc-only', match: { prefix: '/svc', grpc: true }, upstream: 'echo' },
      { name: 'bytes', match: { prefix: '/api' }, upstream: 'echo' },
      {
        name: 'edited',
        match: { path: '/edit/**' },
        upstream: 'echo',
        rewrite: {
          stripPrefix: '/edit',
          regex: { pattern: '-', replacement: '/', flags: 'g' },
          host: 'api.example.com',
        },
        responseHeaders: {
          set: { 'cache-control': 'no-store' },
          add: { vary: 'accept' },
          remove: ['x-powered-by'],
        },
      },
      {
        name: 'origin',
        match: { path: '/origin/**' },
        upstream: 'echo',
        rewrite: { host: { target: true } },
      },
      {
        name: 'moved-edited',
        match: { path: '/gone' },
        redirect: { path: '/here' },
        responseHeaders: { set: { 'cache-control': 'max-age=60' } },
      },
      {
        name: 'shadowed',
        match: { path: '/shadow/orders/**' },
        upstream: 'orders-v1',
        mirror: { upstream: 'orders-v2', maxBody: 1024 },
        rewrite: { stripPrefix: '/shadow' },
      },
      {
        name: 'mirror-down',
        match: { path: '/down/orders/**' },
        upstream: 'orders-v1',
        mirror: { upstream: 'nowhere' },
        rewrite: { stripPrefix: '/down' },
      },
      {
        name: 'canary',
        match: { path: '/orders/**' },
        upstream: [
          { name: 'orders-v1', weight: 1 },
          { name: 'orders-v2', weight: 1 },
        ],
        pin: { cookie: 'gw-canary' },
      },
      {
        name: 'canary-by-header',
        match: { path: '/h/orders/**' },
        upstream: [
          { name: 'orders-v1', weight: 1 },
          { name: 'orders-v2', weight: 0 },
        ],
        pin: { header: 'x-canary' },
        rewrite: { stripPrefix: '/h' },
      },
    ],
  });
});
test.after(async () => {
  await gw.close();
  await Promise.all([echo.close(), ordersV1.close(), ordersV2.close()]);
});

test('redirect: 301 with the Location built from the request, nothing forwarded', async () => {
  const res = await send(`${gw.url}/secure/cart?x=1`, { headers: { host: 'shop.local:8080' } });
  assert.is(res.status, 301);
  assert.is(res.headers.location, 'https://shop.local/secure/cart?x=1');
  assert.is(res.body, '');
  const moved = await send(`${gw.url}/v1beta/users?id=7`, { headers: { host: 'shop.local:8080' } });
  assert.is(moved.status, 308);
  assert.is(moved.headers.location, 'http://shop.local:8080/v2beta/users?id=7');
});

test('prefix is bytes: /apis and /api-v2 reach the upstream; clientIp and grpc gate their routes', async () => {
  for (const path of ['/api', '/apis/x', '/api-v2']) {
    const res = await send(`${gw.url}${path}`);
    assert.is(res.status, 200, path);
    assert.is(JSON.parse(res.body).path, path);
  }
  // 127.0.0.1 is not in 10.0.0.0/8, and a forged X-Forwarded-For does not change that.
  const internal = await send(`${gw.url}/internal/x`, { headers: { 'x-forwarded-for': '10.0.0.1' } });
  assert.is(internal.status, 404);
  assert.match(JSON.parse(internal.body).detail, 'clientIp: expected 10.0.0.0/8, got 127.0.0.1');
  const grpc = await send(`${gw.url}/svc/x`, {
    method: 'POST',
    headers: { 'content-type': 'application/grpc' },
  });
  assert.is(grpc.status, 200);
  assert.is((await send(`${gw.url}/svc/x`)).status, 404);
});

test('split: both real upstreams answer, a cookie pins the caller, a header pin overrides weight 0', async () => {
  const seen = new Set<string>();
  let cookie = '';
  for (let i = 0; i < 40 && seen.size < 2; i++) {
    const res = await send(`${gw.url}/orders/1`);
    assert.is(res.status, 200);
    const instance = JSON.parse(res.body).instance as string;
    seen.add(instance);
    const setCookie = [res.headers['set-cookie'] ?? []].flat();
    assert.is(setCookie.length, 1);
    assert.is(
      setCookie[0],
      `gw-canary=${instance === 'orders-1' ? 'orders-v1' : 'orders-v2'}; Path=/; HttpOnly; SameSite=Lax`,
    );
    cookie = setCookie[0]!.split(';')[0]!;
  }
  assert.equal([...seen].sort(), ['orders-1', 'orders-v2-1']);
  // With the cookie, every request stays on that side, and no new cookie is set.
  const side = cookie.endsWith('orders-v2') ? 'orders-v2-1' : 'orders-1';
  for (let i = 0; i < 10; i++) {
    const res = await send(`${gw.url}/orders/1`, { headers: { cookie } });
    assert.is(JSON.parse(res.body).instance, side);
    assert.is(res.headers['set-cookie'], undefined);
  }
  const pinned = await send(`${gw.url}/h/orders/1`, { headers: { 'x-canary': 'orders-v2' } });
  assert.is(JSON.parse(pinned.body).instance, 'orders-v2-1');
  assert.is(JSON.parse((await send(`${gw.url}/h/orders/1`)).body).instance, 'orders-1');
  const decided = gw.finished.at(-2)?.decision;
  assert.equal(decided?.split, { upstream: 'orders-v2', reason: 'pinned by header x-canary=orders-v2' });
});

test("rewrite: regex with g, a literal Host, the target's Host; response headers edited", async () => {
  const res = await send(`${gw.url}/edit/a-b-c`, { headers: { host: 'client.local' } });
  assert.is(res.status, 200);
  const seen = JSON.parse(res.body);
  assert.is(seen.path, '/a/b/c');
  assert.is(seen.headers.host, 'api.example.com');
  assert.is(seen.headers['x-forwarded-host'], 'client.local');
  assert.is(res.headers['cache-control'], 'no-store');
  assert.is(res.headers.vary, 'accept');
  const origin = JSON.parse((await send(`${gw.url}/origin/x`, { headers: { host: 'client.local' } })).body);
  assert.is(origin.headers.host, `127.0.0.1:${echo.port}`);
  const moved = await send(`${gw.url}/gone`, { headers: { host: 'h.local' } });
  assert.is(moved.status, 302);
  assert.is(moved.headers.location, `http://h.local/here`);
  assert.is(moved.headers['cache-control'], 'max-age=60');
});

/** Resolves with the next `mirror-finished` event. */
function nextMirror(): Promise<GatewayEvents['mirror-finished']> {
  return new Promise((resolve) => {
    const off = gw.events.on('mirror-finished', (event) => {
      off();
      resolve(event);
    });
  });
}

test("mirror: the copy, body included, reaches the second real upstream; the client gets the first one's answer", async () => {
  const mirrored = nextMirror();
  const res = await send(`${gw.url}/shadow/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'MIRROR-1', quantity: 3 }),
  });
  assert.is(res.status, 201);
  assert.is(JSON.parse(res.body).instance, 'orders-1');
  const event = await mirrored;
  assert.equal(
    { ...event, durationMs: 0 },
    {
      route: 'shadowed',
      upstream: 'orders-v2',
      target: `127.0.0.1:${ordersV2.port}`,
      ok: true,
      status: 201,
      durationMs: 0,
    },
  );
  // The mirror created the same order from the copied body.
  const copies = JSON.parse((await send(`${ordersV2.url}/orders`)).body).orders as {
    sku?: string;
    quantity?: number;
  }[];
  assert.ok(
    copies.some((o) => o.sku === 'MIRROR-1' && o.quantity === 3),
    JSON.stringify(copies),
  );
});

test('mirror: a body over maxBody is not copied, and that is reported, not failed', async () => {
  const mirrored = nextMirror();
  const res = await send(`${gw.url}/shadow/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'BIG', note: 'x'.repeat(2000) }),
  });
  assert.is(res.status, 201);
  const event = await mirrored;
  assert.is(event.ok, false);
  assert.match(event.error ?? '', 'over mirror.maxBody (1024 bytes)');
});

test('mirror: a dead mirror never touches the answer; its failures are counted', async () => {
  const failures: GatewayEvents['mirror-finished'][] = [];
  const off = gw.events.on('mirror-finished', (e) => failures.push(e));
  for (let i = 0; i < 3; i++) {
    const res = await send(`${gw.url}/down/orders/1`);
    assert.is(res.status, 200);
    assert.is(JSON.parse(res.body).instance, 'orders-1');
  }
  while (failures.length < 3) await new Promise((r) => setTimeout(r, 10));
  off();
  assert.ok(
    failures.every(
      (e) => !e.ok && e.upstream === 'nowhere' && e.status === 0 && /ECONNREFUSED/.test(e.error ?? ''),
    ),
    JSON.stringify(failures),
  );
  const snapshot = gw.gateway.server.current.pools.snapshot();
  const nowhere = snapshot.upstreams.find((u) => u.name === 'nowhere');
  assert.is(nowhere?.targets[0]?.failures, 3);
});

test.run();
