/** End to end through the proxy: real sockets, the real echo fixture, requests as clients send them. */
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocket } from 'ws';
import { startEcho } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import { send, startTestGateway, type TestGateway } from './proxy-harness.js';

let echo: RunningFixture;
let gw: TestGateway;

test.before(async () => {
  echo = await startEcho();
  gw = await startTestGateway({
    upstreams: { echo: echo.url, 'echo-as-is': { targets: [echo.url], changeOrigin: false } },
    routes: [
      {
        name: 'echo',
        match: { path: '/echo/**' },
        upstream: 'echo',
        rewrite: { stripPrefix: '/echo', headers: { set: { 'x-gateway': 'test' }, remove: ['x-debug'] } },
        websocket: true,
      },
      { name: 'plain', match: { path: '/plain/**' }, upstream: 'echo', websocket: false },
      { name: 'as-is', match: { path: '/as-is/**' }, upstream: 'echo-as-is' },
    ],
  });
});
test.after(async () => {
  await gw.close();
  await echo.close();
});

test('forwards to the rewritten path with header edits and X-Forwarded-*', async () => {
  const res = await send(`${gw.url}/echo/hello?x=1`, {
    headers: {
      connection: 'keep-alive, x-secret',
      'x-secret': 'hop-by-hop by Connection',
      'keep-alive': 'timeout=5',
      'x-debug': '1',
      'x-forwarded-for': '6.6.6.6',
      'x-forwarded-host': 'evil.example',
      'x-http-method-override': 'DELETE',
      'x-original-url': '/admin',
      'x-kept': 'yes',
    },
  });
  assert.is(res.status, 200);
  const seen = JSON.parse(res.body);
  assert.is(seen.path, '/hello');
  assert.is(seen.url, '/hello?x=1');
  assert.is(seen.method, 'GET');
  assert.is(seen.headers['x-gateway'], 'test');
  assert.is(seen.headers['x-kept'], 'yes');
  for (const gone of ['x-secret', 'keep-alive', 'x-debug', 'x-http-method-override', 'x-original-url']) {
    assert.is(seen.headers[gone], undefined, `${gone} must not reach the upstream`);
  }
  // An untrusted client's X-Forwarded-* are replaced, not appended to.
  assert.is(seen.headers['x-forwarded-for'], '127.0.0.1');
  assert.is(seen.headers['x-forwarded-proto'], 'http');
  assert.is(seen.headers['x-forwarded-host'], `127.0.0.1:${gw.port}`);
  // changeOrigin (the default) sends the target's host.
  assert.is(seen.headers.host, new URL(echo.url).host);
});

test("changeOrigin: false keeps the client's Host", async () => {
  const seen = JSON.parse((await send(`${gw.url}/as-is/x`, { headers: { host: 'app.local:8080' } })).body);
  assert.is(seen.headers.host, 'app.local:8080');
  assert.is(seen.headers['x-forwarded-host'], 'app.local:8080');
});

test('the response comes back without hop-by-hop headers', async () => {
  const res = await send(`${gw.url}/plain/x`);
  assert.is(res.status, 200);
  assert.is(res.headers['keep-alive'], undefined);
  assert.is(res.headers['content-type'], 'application/json; charset=utf-8');
});

test('a 10 MB POST streams through intact', async () => {
  const body = randomBytes(10 * 1024 * 1024);
  const res = await send(`${gw.url}/plain/upload`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/octet-stream' },
  });
  assert.is(res.status, 200);
  const seen = JSON.parse(res.body);
  assert.is(seen.body.bytes, body.length);
  assert.is(seen.body.sha256, createHash('sha256').update(body).digest('hex'));
});

test('a chunked POST (no Content-Length) streams through intact', async () => {
  const { request } = await import('node:http');
  const parts = [randomBytes(100_000), randomBytes(50_000)];
  const reply = await new Promise<string>((resolve, reject) => {
    const req = request(`${gw.url}/plain/chunked`, { method: 'POST', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.write(parts[0]);
    setTimeout(() => req.end(parts[1]), 20);
  });
  const seen = JSON.parse(reply);
  assert.is(seen.headers['transfer-encoding'], 'chunked');
  assert.is(seen.body.sha256, createHash('sha256').update(Buffer.concat(parts)).digest('hex'));
});

test('a WebSocket echoes through the proxy on a route with websocket: true', async () => {
  const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/echo/socket`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
  ws.send('hello through the gateway');
  assert.is(await reply, 'hello through the gateway');
  ws.close();
  await new Promise((resolve) => ws.once('close', resolve));
});

test('a WebSocket upgrade on a route without websocket: true is refused with a problem', async () => {
  const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/plain/socket`);
  const status = await new Promise<number>((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
  assert.is(status, 400);
});

test('HEAD and other methods pass through unchanged', async () => {
  const res = await send(`${gw.url}/plain/thing`, { method: 'DELETE' });
  assert.is(JSON.parse(res.body).method, 'DELETE');
  const head = await send(`${gw.url}/plain/thing`, { method: 'HEAD' });
  assert.is(head.status, 200);
  assert.is(head.body, '');
});

test('every request emits a request-finished event with the Decision', async () => {
  const before = gw.finished.length;
  await send(`${gw.url}/echo/evt`);
  await new Promise((r) => setImmediate(r));
  const event = gw.finished.slice(before).find((e) => e.url === '/echo/evt');
  assert.ok(event);
  assert.is(event.status, 200);
  assert.is(event.decision?.route?.name, 'echo');
  assert.is(event.target, new URL(echo.url).host);
  assert.ok(event.bytes > 0);
});

test.run();
