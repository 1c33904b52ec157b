/**
 * All fixtures together on random ports: every service answers as itself, a busy port fails with
 * an error naming the service and the port, and closing leaves no server behind.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type RunningFixtures, startAllFixtures, startUsers } from '../fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON replies; the assertions check their shape
type Dynamic = any;

let fixtures: RunningFixtures | undefined;
test.before(async () => {
  fixtures = await startAllFixtures({ ports: 'random' });
});
test.after(async () => {
  await fixtures?.close();
});

async function getJson(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: Dynamic; headers: Headers }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

test('starts every service once, each on its own port', () => {
  const { services, all } = fixtures!;
  assert.equal(
    all.map((fixture) => fixture.instance),
    [
      'users-1',
      'users-2',
      'orders-1',
      'orders-2',
      'orders-3',
      'orders-v2-1',
      'echo-1',
      'products-1',
      'inventory-1',
      'auth-1',
    ],
  );
  assert.is(new Set(all.map((fixture) => fixture.port)).size, all.length);
  assert.ok(all.every((fixture) => fixture.port > 0));
  assert.match(services.products.url, /^grpc:\/\/127\.0\.0\.1:\d+$/);
  assert.is(services.products.address, `127.0.0.1:${services.products.port}`);
  assert.is(services.inventory.wsdlUrl, `${services.inventory.url}?wsdl`);
});

test('each users instance answers with its own instance id', async () => {
  for (const [index, users] of fixtures!.services.users.entries()) {
    const list = await getJson(`${users.url}/users`);
    assert.is(list.body.instance, `users-${index + 1}`);
    assert.is(list.body.users.length, 3);
    const one = await getJson(`${users.url}/users/2`);
    assert.equal(one.body, {
      id: 2,
      name: 'Grace Hopper',
      email: 'grace@example.test',
      instance: users.instance,
    });
  }
});

test('an unknown user is a 404 problem that still names the instance', async () => {
  const { status, body, headers } = await getJson(`${fixtures!.services.users[0]!.url}/users/99`);
  assert.is(status, 404);
  assert.match(headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.is(body.instance, 'users-1');
  assert.is(body.detail, 'user 99 not found');
});

test('orders: list, get and create, each reply with its instance', async () => {
  const orders = fixtures!.services.orders[2]!;
  const list = await getJson(`${orders.url}/orders`);
  assert.is(list.body.instance, 'orders-3');
  assert.is(list.body.orders.length, 3);
  const created = await getJson(`${orders.url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'ABC-1', quantity: 2 }),
  });
  assert.is(created.status, 201);
  assert.equal(created.body, { sku: 'ABC-1', quantity: 2, id: 4, instance: 'orders-3' });
  assert.is(created.headers.get('location'), '/orders/4');
  assert.equal((await getJson(`${orders.url}/orders/4`)).body, created.body);
  const bad = await getJson(`${orders.url}/orders`, { method: 'POST', body: '{not json' });
  assert.is(bad.status, 400);
});

test('auth: the demo token passes with identity headers, anything else is a 401 challenge', async () => {
  const { url } = fixtures!.services.auth;
  const allowed = await getJson(`${url}/check`, { headers: { authorization: 'Bearer let-me-in' } });
  assert.is(allowed.status, 200);
  assert.is(allowed.headers.get('x-auth-user'), 'alice');
  assert.is(allowed.headers.get('x-auth-roles'), 'admin');
  for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
    const denied = await getJson(`${url}/orders/1`, { headers });
    assert.is(denied.status, 401);
    assert.is(denied.headers.get('www-authenticate'), 'Bearer realm="demo"');
    assert.is(denied.body.allowed, false);
  }
});

test('a busy port fails with an error naming the instance and the port', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as AddressInfo;
  try {
    await startUsers({ instance: 'users-7', port }).then(
      () => assert.unreachable('should not start on a busy port'),
      (error: Error) => {
        assert.is(
          error.message,
          `fixture users-7 cannot listen on 127.0.0.1:${port}: port ${port} is already in use (stop whatever holds it, or use random ports)`,
        );
      },
    );
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('close() stops every server', async () => {
  await fixtures!.close();
  const urls = fixtures!.services.users.map((users) => users.url);
  fixtures = undefined;
  // libuv releases a closed listener's handle a moment after the 'close' event.
  for (
    let waited = 0;
    waited < 500 && process.getActiveResourcesInfo().includes('TCPServerWrap');
    waited += 10
  ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.not.ok(process.getActiveResourcesInfo().includes('TCPServerWrap'), 'a server is still listening');
  for (const url of urls) {
    await fetch(`${url}/healthz`).then(
      () => assert.unreachable('the fixture still answers'),
      (error: Error) => assert.instance(error, TypeError),
    );
  }
});

test.run();
