/** Every way a request can fail through the proxy answers with its status and an RFC 9457 problem. */
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import {
  closedPort,
  type RawResponse,
  send,
  sendRaw,
  startTestGateway,
  type TestGateway,
} from './proxy-harness.js';

let echo: RunningFixture;
let gw: TestGateway;
let deadPort: number;

test.before(async () => {
  echo = await startEcho();
  deadPort = await closedPort();
  gw = await startTestGateway({
    server: { limits: { bodySize: '1kb' } },
    upstreams: {
      echo: echo.url,
      dead: `http://127.0.0.1:${deadPort}`,
      narrow: { targets: [echo.url], limits: { maxConcurrent: 1, maxPending: 0 } },
      flaky: {
        targets: [`http://127.0.0.1:${deadPort}`, echo.url],
        balancer: 'round-robin',
        retries: { attempts: 1 },
      },
    },
    routes: [
      { name: 'users', match: { path: '/users/:id', methods: ['GET'] }, upstream: 'echo' },
      { name: 'slow', match: { path: '/slow/**' }, upstream: 'echo', timeout: '200ms' },
      { name: 'dead', match: { path: '/dead/**' }, upstream: 'dead' },
      { name: 'narrow', match: { path: '/narrow/**' }, upstream: 'narrow' },
      { name: 'flaky', match: { path: '/flaky/**' }, upstream: 'flaky' },
      { name: 'upload', match: { path: '/upload' }, upstream: 'echo' },
    ],
  });
});
test.after(async () => {
  await gw.close();
  await echo.close();
});

function assertProblem(res: RawResponse, status: number, type: string): Record<string, unknown> {
  assert.is(res.status, status, res.body);
  assert.is(res.headers['content-type'], 'application/problem+json');
  const body = JSON.parse(res.body);
  assert.is(body.status, status);
  assert.is(body.type, `urn:gateway:${type}`);
  assert.type(body.title, 'string');
  assert.type(body.detail, 'string');
  return body;
}

/** Parses a raw HTTP answer (status line, headers, body). */
function parseRaw(raw: string): RawResponse {
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

test('no route: 404 with the closest route as a hint', async () => {
  const body = assertProblem(await send(`${gw.url}/user/1`), 404, 'no-route');
  assert.match(String(body.detail), /no route matched GET \/user\/1 — closest: "users"/);
  assert.is(body.closest, 'users');
});

test('upstream refuses the connection: 502 naming route and upstream', async () => {
  const body = assertProblem(await send(`${gw.url}/dead/x`), 502, 'bad-gateway');
  assert.is(body.route, 'dead');
  assert.is(body.upstream, 'dead');
  assert.match(String(body.detail), /refused the connection/);
});

test('upstream too slow: 504 after the route timeout', async () => {
  const body = assertProblem(await send(`${gw.url}/slow/x?delay=3000`), 504, 'gateway-timeout');
  assert.match(String(body.detail), /did not answer within 200ms/);
  assert.is(body.route, 'slow');
});

test('upstream at its concurrency limit: 503 naming the limit', async () => {
  const first = send(`${gw.url}/narrow/x?delay=500`);
  // Wait until the first request holds the only slot.
  await waitFor(() => gw.gateway.server.current.pools.carried().get('narrow')?.breaker.active === 1);
  const body = assertProblem(await send(`${gw.url}/narrow/y`), 503, 'circuit-open');
  assert.match(String(body.detail), /limit of 1 concurrent request/, String(body.detail));
  assert.is((await first).status, 200);
});

test('a refused target is retried on another one for an idempotent request', async () => {
  for (let i = 0; i < 4; i++) {
    const res = await send(`${gw.url}/flaky/${i}`);
    assert.is(res.status, 200, res.body);
  }
  await new Promise((r) => setImmediate(r));
  assert.ok(gw.finished.some((e) => e.url.startsWith('/flaky/') && e.retries === 1));
});

test('invalid request: an encoded slash is refused with 400 (raw TCP)', async () => {
  const res = parseRaw(
    await sendRaw(gw.port, 'GET /users/a%2Fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
  );
  assertProblem(res, 400, 'invalid-request');
});

test('invalid request: a bad percent-escape is refused with 400 (raw TCP)', async () => {
  const res = parseRaw(
    await sendRaw(gw.port, 'GET /users/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
  );
  assertProblem(res, 400, 'invalid-request');
});

test('ambiguous framing (Content-Length and Transfer-Encoding) is refused with 400', async () => {
  const raw = await sendRaw(
    gw.port,
    'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  );
  assertProblem(parseRaw(raw), 400, 'invalid-request');
});

test('a body over server.limits.bodySize: 413 from its Content-Length', async () => {
  const body = assertProblem(
    await send(`${gw.url}/upload`, { method: 'POST', body: Buffer.alloc(2048) }),
    413,
    'payload-too-large',
  );
  assert.match(String(body.detail), /limit of 1024 bytes/);
});

test('a chunked body over server.limits.bodySize: 413 while it streams', async () => {
  const res = await new Promise<RawResponse>((resolve, reject) => {
    const req = request(`${gw.url}/upload`, { method: 'POST', agent: false }, (r) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: text }));
    });
    req.on('error', reject);
    req.write(Buffer.alloc(800));
    setTimeout(() => req.end(Buffer.alloc(800)), 20);
  });
  assertProblem(res, 413, 'payload-too-large');
});

test('a client that goes away mid-request is logged, and the gateway keeps serving', async () => {
  const before = gw.finished.length;
  await new Promise<void>((resolve) => {
    const req = request(`${gw.url}/slow/x?delay=150`, { agent: false });
    req.on('error', () => resolve());
    req.end();
    // A reset is going away; a FIN after a complete request is only a half-close, which is
    // answered (test/attack-answers.test.ts).
    req.on('socket', (socket) => setTimeout(() => socket.resetAndDestroy(), 50));
  });
  await waitFor(() =>
    gw.finished.slice(before).some((e) => e.url.startsWith('/slow/') && e.error !== undefined),
  );
  const event = gw.finished.slice(before).find((e) => e.url.startsWith('/slow/'))!;
  assert.match(String(event.error), /client closed the connection/);
  assert.is((await send(`${gw.url}/users/1`)).status, 200);
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), 'condition never became true');
}

test.run();
