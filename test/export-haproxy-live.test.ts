/**
 * The route features the demo config does not cover, through a real HAProxy: every redirect path
 * kind, response header edits on an answer made by the route, a split's cookie pin, a rate limit's
 * 429, a drawn abort, a looping mock sequence and CORS headers on an answer HAProxy makes — exported, started on a free port in front of
 * two echo fixtures, and asked.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/index.js';
import { ENGINES } from '../scripts/parity/engines.js';
import { exportFile } from './export-support.js';
import { assertInstalled } from './parity-support.js';

const config = (port: number, echo: number, echo2: number) => `export default {
  server: { host: '127.0.0.1', port: ${port}, cors: { origins: ['http://app.test'] } },
  upstreams: { a: 'http://127.0.0.1:${echo}', b: 'http://127.0.0.1:${echo2}' },
  routes: [
    { name: 'keep', match: { path: '/keep/**' }, redirect: { port: 9000, stripQuery: true, status: 301 }, auth: false },
    { name: 'template', match: { path: '/t/:id' }, redirect: { path: '/items/:id' }, auth: false },
    { name: 'bytes', match: { prefix: '/v1' }, redirect: { prefix: '/v2/', scheme: 'https' }, auth: false },
    { name: 'rest', match: { path: '/docs/**' }, redirect: { prefix: '/guide', host: 'docs.example' }, auth: false },
    { name: 'regex', match: { path: '/old/**' }, redirect: { regex: { pattern: '^/old/(\\\\w+)\\\\.html$', replacement: 'new/$1' }, status: 307 }, auth: false },
    {
      name: 'seq', match: { path: '/seq' }, auth: false,
      mock: { sequence: [{ status: 200, body: 'first {query.n}' }, { status: 201, json: { second: '{headers.x-who}' } }], loop: true },
      responseHeaders: { set: { 'x-set': 'yes' }, add: { vary: 'accept' }, remove: ['x-gone'] },
    },
    { name: 'split', match: { path: '/split/**' }, upstream: [{ name: 'a', weight: 0 }, { name: 'b', weight: 1 }], pin: { cookie: 'side' }, auth: false },
    { name: 'limited', match: { path: '/limited/**' }, upstream: 'a', rateLimit: { requests: 2, per: '1h', burst: 2, key: { header: 'x-tenant' } }, auth: false },
    { name: 'broken', match: { path: '/broken/**' }, upstream: 'a', fault: { abort: { status: 418, percent: 100 } }, auth: false },
  ],
};
`;

test('redirects, header edits, a cookie pin, a rate limit, an abort and a mock sequence work on HAProxy', async () => {
  const haproxy = ENGINES.find((e) => e.name === 'haproxy')!;
  assertInstalled(haproxy.binary);
  const [echo, echo2] = [await startEcho(), await startEcho({ instance: 'echo-2' })];
  const dir = await mkdtemp(join(tmpdir(), 'gateway-haproxy-live-'));
  let running: Awaited<ReturnType<typeof haproxy.start>> | undefined;
  try {
    const port = await freePort();
    await writeFile(join(dir, 'gateway.config.ts'), config(port, echo.port, echo2.port));
    const result = await exportFile('haproxy', join(dir, 'gateway.config.ts'));
    assert.equal(
      result.findings.filter((f) => f.severity === 'error').map((f) => f.message),
      [],
    );
    await writeFile(join(dir, 'haproxy.cfg'), result.files[0]!.content);
    const check = await haproxy.check(dir);
    assert.ok(check.ok, check.output);
    running = await haproxy.start(dir);
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}`;
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { headers, redirect: 'manual' });
    const location = async (path: string) => {
      const res = await get(path);
      return `${res.status} ${res.headers.get('location')}`;
    };

    assert.is(await location('/keep/a?x=1'), '301 http://127.0.0.1:9000/keep/a');
    assert.is(await location('/keep/a%20b'), '301 http://127.0.0.1:9000/keep/a%20b', 'encodings stay');
    assert.is(await location('/t/7?x=1'), `302 http://127.0.0.1:${port}/items/7?x=1`);
    assert.is(await location('/v1beta/x'), '302 https://127.0.0.1/v2/beta/x');
    assert.is(await location('/v1/x'), '302 https://127.0.0.1/v2/x');
    assert.is(await location('/docs/a/b'), `302 http://docs.example:${port}/guide/a/b`);
    assert.is(await location('/docs'), `302 http://docs.example:${port}/guide`);
    assert.is(await location('/old/page.html'), `307 http://127.0.0.1:${port}/new/page`);

    // CORS headers ride on the answers HAProxy makes for a route too, as on gateway's.
    const redirected = await get('/t/7', { origin: 'http://app.test' });
    assert.is(redirected.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.is(
      (await get('/t/7', { origin: 'http://evil.test' })).headers.get('access-control-allow-origin'),
      null,
    );

    const first = await get('/seq?n=1', { 'x-who': 'ada' });
    assert.is(first.status, 200);
    assert.is(await first.text(), 'first 1');
    assert.is(first.headers.get('x-set'), 'yes');
    assert.is(first.headers.get('vary'), 'accept');
    const second = await get('/seq', { 'x-who': 'a"b' });
    assert.is(second.status, 201);
    assert.equal(await second.json(), { second: 'a"b' });
    assert.is((await get('/seq?n=3')).status, 200, 'loop: the first answer again');

    const unpinned = await get('/split/x');
    assert.is(unpinned.headers.get('x-fixture-target'), `127.0.0.1:${echo2.port}`);
    assert.match(unpinned.headers.get('set-cookie') ?? '', /^side=b; Path=\/; HttpOnly; SameSite=Lax$/);
    const pinned = await get('/split/x', { cookie: 'side=a' });
    assert.is(pinned.headers.get('x-fixture-target'), `127.0.0.1:${echo.port}`);
    assert.is(pinned.headers.get('set-cookie'), null);

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/limited/x', { 'x-tenant': 'acme' })).status);
    assert.equal(statuses, [200, 200, 429]);
    const refused = await get('/limited/x', { 'x-tenant': 'acme' });
    assert.is(refused.headers.get('ratelimit-policy'), '"limited";q=2;w=3600');
    assert.is(refused.headers.get('retry-after'), '1800');
    assert.match((await refused.json()).detail, /exceeded for header x-tenant=acme/);
    assert.is((await get('/limited/x', { 'x-tenant': 'other' })).status, 200, 'another key, another count');

    const broken = await get('/broken/x');
    assert.is(broken.status, 418);
    assert.is((await broken.json()).injected, true);
  } finally {
    await running?.stop();
    await Promise.all([echo.close(), echo2.close()]);
    await rm(dir, { recursive: true, force: true });
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`HAProxy did not open port ${port}`);
}

test.run();
