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
import { exportFile, exportObject, findingLines } from './export-support.js';
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
    { name: 'hosted', match: { path: '/hosted/**' }, upstream: 'a', rewrite: { host: 'api.internal', headers: { set: { host: 'lost.example' } } }, auth: false },
    { name: 'targeted', match: { path: '/targeted/**' }, upstream: 'b', rewrite: { host: { target: true } }, auth: false },
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

    // rewrite.host wins over a header edit of Host; `{ target: true }` sends the target's host.
    assert.is((await (await get('/hosted/x')).json()).headers.host, 'api.internal');
    assert.is((await (await get('/targeted/x')).json()).headers.host, `127.0.0.1:${echo2.port}`);
  } finally {
    await running?.stop();
    await Promise.all([echo.close(), echo2.close()]);
    await rm(dir, { recursive: true, force: true });
  }
});

test('clientIp (X-Forwarded-For walked back through trusted proxies), grpc and sample conditions on HAProxy', async () => {
  const haproxy = ENGINES.find((e) => e.name === 'haproxy')!;
  assertInstalled(haproxy.binary);
  const port = await freePort();
  const result = await exportObject('haproxy', {
    server: { host: '127.0.0.1', port, trustedProxies: ['loopback'] },
    routes: [
      { name: 'ten', match: { path: '/who', clientIp: ['10.0.0.0/8'] }, mock: { json: { route: 'ten' } } },
      {
        name: 'loop',
        match: { path: '/who', clientIp: ['127.0.0.0/8', '::1'] },
        mock: { json: { route: 'loop' } },
      },
      { name: 'grpc', match: { path: '/call', grpc: true }, mock: { json: { route: 'grpc' } } },
      { name: 'plain', match: { path: '/call', grpc: false }, mock: { json: { route: 'plain' } } },
      {
        name: 'beta',
        match: { path: '/beta', sample: { rate: 0.25, key: { header: 'x-user' } } },
        mock: { json: { route: 'beta' } },
      },
      { name: 'byIp', match: { path: '/ip', sample: 1 }, mock: { json: { route: 'byIp' } } },
    ],
  });
  assert.equal(
    findingLines(result).filter((l) => l.startsWith('routes')),
    ['routes[4].match.sample export/approximate', 'routes[5].match.sample export/approximate'],
  );
  const cfg = result.files[0]!.content;
  assert.ok(cfg.includes('  acl r0_ip var(txn.gw_client) -m ip 10.0.0.0/8\n'), cfg);
  assert.ok(cfg.includes('  acl r2_grpc req.fhdr(content-type,1) -m beg -i application/grpc\n'));
  assert.ok(cfg.includes('  use_backend r3 if r3_path !r3_grpc !gw_encoded_slash\n'));
  assert.ok(cfg.includes('  http-request set-var(txn.gw_r4_sample_key) req.fhdr(x-user,1)\n'));
  assert.ok(cfg.includes('  acl r4_sample var(txn.gw_r4_sample_key),crc32 lt 1073741824\n'));
  assert.ok(
    cfg.includes(
      '  http-request set-var(txn.gw_client) req.hdr_ip(x-forwarded-for,-1) if { src -m ip 127.0.0.0/8 ::1 } { req.hdr_ip(x-forwarded-for,-1) -m found }\n',
    ),
  );
  const dir = await mkdtemp(join(tmpdir(), 'gateway-haproxy-client-'));
  let running: Awaited<ReturnType<typeof haproxy.start>> | undefined;
  try {
    await writeFile(join(dir, 'haproxy.cfg'), cfg);
    const check = await haproxy.check(dir);
    assert.ok(check.ok, check.output);
    assert.not.match(check.output, /\[WARNING\]/, check.output);
    running = await haproxy.start(dir);
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}`;
    const route = async (path: string, headers: Record<string, string> = {}) => {
      const answer = await fetch(`${base}${path}`, { headers });
      return answer.status === 200 ? ((await answer.json()) as { route: string }).route : `${answer.status}`;
    };
    assert.is(await route('/who'), 'loop', 'a client on 127.0.0.1 is inside 127.0.0.0/8, not 10.0.0.0/8');
    assert.is(
      await route('/who', { 'x-forwarded-for': '10.1.2.3' }),
      'ten',
      'the hop a trusted proxy vouches for',
    );
    assert.is(
      await route('/who', { 'x-forwarded-for': '10.1.2.3, 127.0.0.5' }),
      'ten',
      'the last untrusted hop',
    );
    assert.is(
      await route('/who', { 'x-forwarded-for': '10.1.2.3, 192.0.2.1' }),
      '404',
      'an untrusted hop ends the walk',
    );
    assert.is(await route('/call', { 'content-type': 'application/grpc+proto' }), 'grpc');
    assert.is(await route('/call', { 'content-type': 'Application/GRPC' }), 'grpc', 'case-insensitive');
    assert.is(await route('/call', { 'content-type': 'application/json' }), 'plain');
    assert.is(await route('/call'), 'plain', 'no content type: not gRPC');
    assert.is(await route('/ip'), 'byIp', 'sample 1 by address takes every caller');
    let inside = 0;
    for (let i = 0; i < 200; i++) if ((await route('/beta', { 'x-user': `user-${i}` })) === 'beta') inside++;
    assert.ok(inside > 25 && inside < 75, `${inside} of 200 inside a 25% sample`);
    assert.is(
      await route('/beta', { 'x-user': 'user-7' }),
      await route('/beta', { 'x-user': 'user-7' }),
      'sticky',
    );
  } finally {
    await running?.stop();
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
