/**
 * The HTTP fixtures' shared behaviour and the echo service: what echo reports (path, query,
 * headers, a streamed 10 MB body's length and sha256), the control endpoint (forced status,
 * delay, health), `?delay=`, the WebSocket echo, and closing while a request is still waiting.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { type EchoReply, type RunningFixture, startEcho, startUsers } from '../fixtures/index.js';

let echo: RunningFixture;
let users: RunningFixture;
test.before(async () => {
  [echo, users] = await Promise.all([startEcho(), startUsers({ instance: 'users-1' })]);
});
test.after(async () => {
  await Promise.all([echo?.close(), users?.close()]);
});

async function control(fixture: RunningFixture, settings: object): Promise<unknown> {
  const response = await fetch(`${fixture.url}/__control`, {
    method: 'POST',
    body: JSON.stringify(settings),
  });
  assert.is(response.status, 200);
  return response.json();
}

/** Reads a JSON body as the shape a fixture documents (the assertions check it). */
async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

test('echo reports method, raw path, query and lower-case headers', async () => {
  // node:http sends the path untouched (fetch would resolve the dot segments first).
  const target = '/a/%2e%2e//b%20c?x=1&x=2&y=3&empty=';
  const reply = await new Promise<EchoReply>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: echo.port,
      path: target,
      method: 'PATCH',
      headers: { 'X-Demo': 'yes', 'Content-Type': 'text/plain' },
    });
    req.on('response', async (res) => {
      const parts: Buffer[] = [];
      for await (const part of res) parts.push(part as Buffer);
      resolve(JSON.parse(Buffer.concat(parts).toString()));
    });
    req.on('error', reject);
    req.end('hello');
  });
  assert.is(reply.instance, 'echo-1');
  assert.is(reply.method, 'PATCH');
  assert.is(reply.path, '/a/%2e%2e//b%20c');
  assert.is(reply.url, target);
  assert.equal(reply.query, { x: ['1', '2'], y: '3', empty: '' });
  assert.is(reply.headers['x-demo'], 'yes');
  assert.is(reply.headers['content-type'], 'text/plain');
  assert.equal(reply.body, { bytes: 5, sha256: createHash('sha256').update('hello').digest('hex') });
});

test('echo hashes a 10 MB streamed upload', async () => {
  const chunk = Buffer.alloc(1024 * 1024, 'gateway ');
  const expected = createHash('sha256');
  for (let i = 0; i < 10; i++) expected.update(chunk);
  const reply = await new Promise<EchoReply>((resolve, reject) => {
    const req = request(`${echo.url}/upload`, { method: 'POST' }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(parts).toString())));
    });
    req.on('error', reject);
    Readable.from(Array.from({ length: 10 }, () => chunk)).pipe(req); // chunked, no content-length
  });
  assert.is(reply.headers['transfer-encoding'], 'chunked');
  assert.equal(reply.body, { bytes: 10 * 1024 * 1024, sha256: expected.digest('hex') });
});

test('/healthz answers ok by default', async () => {
  const response = await fetch(`${users.url}/healthz`);
  assert.is(response.status, 200);
  assert.equal(await json(response), { status: 'ok', instance: 'users-1' });
});

test('control: a forced status answers normal requests but not /healthz', async () => {
  assert.equal(await control(users, { status: 503 }), { instance: 'users-1', control: { status: 503 } });
  const forced = await fetch(`${users.url}/users`);
  assert.is(forced.status, 503);
  assert.match(forced.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.is((await json(forced)).instance, 'users-1');
  assert.is((await fetch(`${users.url}/healthz`)).status, 200);
  await control(users, {});
  assert.is((await fetch(`${users.url}/users`)).status, 200);
});

test('control: healthy false makes /healthz 503 while normal requests still work', async () => {
  await control(users, { healthy: false });
  const health = await fetch(`${users.url}/healthz`);
  assert.is(health.status, 503);
  assert.equal(await json(health), { status: 'unhealthy', instance: 'users-1' });
  assert.is((await fetch(`${users.url}/users/1`)).status, 200);
  await control(users, {});
  assert.is((await fetch(`${users.url}/healthz`)).status, 200);
});

test('control: delayMs slows normal requests; GET /__control shows the settings', async () => {
  await control(users, { delayMs: 150 });
  assert.equal(await json(await fetch(`${users.url}/__control`)), {
    instance: 'users-1',
    control: { delayMs: 150 },
  });
  const slow = await timed(() => fetch(`${users.url}/users`));
  assert.ok(slow.ms >= 140, `took ${slow.ms} ms`);
  await control(users, {});
  const fast = await timed(() => fetch(`${users.url}/users`));
  assert.ok(fast.ms < 100, `took ${fast.ms} ms`);
});

test('control: invalid settings are a 400 problem and change nothing', async () => {
  const response = await fetch(`${users.url}/__control`, { method: 'POST', body: '{"status":42}' });
  assert.is(response.status, 400);
  assert.is((await json(response)).detail, 'status must be an integer from 200 to 599');
  assert.is((await fetch(`${users.url}/users`)).status, 200);
});

test('?delay=ms delays any request, echo included', async () => {
  const { ms, result } = await timed(() => fetch(`${echo.url}/anything?delay=120`));
  assert.ok(ms >= 110, `took ${ms} ms`);
  assert.equal((await json<EchoReply>(result)).query, { delay: '120' });
});

test('WebSocket echo returns text and binary messages verbatim', async () => {
  const socket = new WebSocket(`${echo.url.replace('http', 'ws')}/any/path?x=1`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const next = () =>
    new Promise<{ data: Buffer; isBinary: boolean }>((resolve) =>
      socket.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })),
    );
  const text = next();
  socket.send('hello gateway');
  assert.equal(await text, { data: Buffer.from('hello gateway'), isBinary: false });
  const bytes = Buffer.from([0, 1, 2, 255]);
  const binary = next();
  socket.send(bytes);
  assert.equal(await binary, { data: bytes, isBinary: true });
  socket.close();
  await new Promise((resolve) => socket.once('close', resolve));
});

test('close() ends waiting requests and open WebSockets at once', async () => {
  const [slow, other] = await Promise.all([startUsers({ instance: 'users-9' }), startEcho()]);
  const pending = fetch(`${slow.url}/users?delay=10000`).then(
    () => 'answered',
    () => 'failed',
  );
  const socket = new WebSocket(other.url.replace('http', 'ws'));
  await new Promise((resolve) => socket.once('open', resolve));
  const socketClosed = new Promise((resolve) => socket.once('close', resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const { ms } = await timed(() => Promise.all([slow.close(), other.close()]));
  assert.ok(ms < 1000, `close took ${ms} ms`);
  assert.is(await pending, 'failed');
  await socketClosed;
});

test.run();
