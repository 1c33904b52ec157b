/**
 * The route features of `gateway export caddy` on the real Caddy, beyond the demo: every kind of
 * redirect path (keep, template, byte prefix, rest, regex) with scheme, host, port and stripQuery;
 * response header edits in gateway's order; a cookie-pinned split; a mock with templates; fault
 * aborts; query parameters added with and without a query. The config's own cases are sent with `gateway test --live --target`, so gateway's
 * decision and Caddy's answer are held to the same expectations.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOrders } from '../fixtures/index.js';
import { runTests } from '../src/commands/test.js';
import { ENGINES } from '../scripts/parity/engines.js';
import { exportFile } from './export-support.js';
import { assertInstalled } from './parity-support.js';

const redirects = (port: number) => [
  { name: 'keep', match: { path: '/keep/**' }, redirect: { status: 301 } },
  {
    name: 'template',
    match: { path: '/t/:id/x/:name' },
    redirect: { path: '/new/:name/:id', stripQuery: true },
  },
  {
    name: 'bytes',
    match: { prefix: '/v1' },
    redirect: { prefix: '/v2', scheme: 'https', port: 9443, status: 308 },
  },
  { name: 'rest', match: { path: '/docs/**' }, redirect: { prefix: '/guide/', status: 307 } },
  {
    name: 'regex',
    match: { path: '/re/**' },
    redirect: { regex: { pattern: '^/re/(\\d+)', replacement: '/num/$1' }, host: 'other.test', status: 303 },
  },
  { name: 'port', match: { path: '/p/**' }, redirect: { port, scheme: 'http' } },
];

const cases = [
  ['http://example.test:8443/keep/a%20b?x=1', 301, 'http://example.test:8443/keep/a%20b?x=1'],
  ['http://example.test:80/keep/a', 301, 'http://example.test/keep/a'],
  ['http://example.test/t/7/x/bob?q=1', 302, 'http://example.test/new/bob/7'],
  ['http://example.test/v1beta/x?k=v', 308, 'https://example.test:9443/v2beta/x?k=v'],
  ['http://example.test/docs', 307, 'http://example.test/guide/'],
  ['http://example.test/docs/a/b', 307, 'http://example.test/guide/a/b'],
  ['http://example.test:1234/re/42/tail?z=1', 303, 'http://other.test:1234/num/42/tail?z=1'],
  ['http://example.test:1234/re/abc', 303, 'http://other.test:1234/re/abc'],
  ['http://example.test:1234/p/x', 302, 'http://example.test:8081/p/x'],
] as const;

test('redirects, response headers, a cookie-pinned split, a mock and faults behave as gateway on Caddy', async () => {
  const caddy = ENGINES.find((e) => e.name === 'caddy')!;
  assertInstalled(caddy.binary);
  const [a, b] = await Promise.all([
    startOrders({ instance: 'side-a' }),
    startOrders({ instance: 'side-b' }),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'gateway-caddy-routing-'));
  let running: Awaited<ReturnType<typeof caddy.start>> | undefined;
  try {
    const port = await freePort();
    const config = {
      server: { host: '127.0.0.1', port },
      upstreams: { a: `http://127.0.0.1:${a.port}`, b: `http://127.0.0.1:${b.port}` },
      routes: [
        ...redirects(8081).map((r) => ({ ...r, auth: false })),
        {
          name: 'edits',
          match: { path: '/edits' },
          respond: { status: 200, body: 'ok', headers: { 'x-a': '1', 'x-b': '0' } },
          responseHeaders: { remove: ['x-a'], set: { 'x-b': '2', 'x-c': '{literal}' }, add: { 'x-b': '3' } },
          auth: false,
        },
        {
          name: 'split',
          match: { path: '/orders/**' },
          upstream: [
            { name: 'a', weight: 1 },
            { name: 'b', weight: 1 },
          ],
          pin: { cookie: 'side' },
          auth: false,
        },
        {
          name: 'query',
          match: { path: '/q/**' },
          upstream: 'a',
          rewrite: { stripPrefix: '/q', query: { set: { via: 'gw' } } },
          auth: false,
        },
        {
          name: 'mock',
          match: { path: '/m/:id' },
          mock: {
            json: { id: '{params.id}', q: '{query.q}', say: 'hi "there"' },
            headers: { 'x-id': '{params.id}' },
          },
          auth: false,
        },
        {
          name: 'faults',
          match: { path: '/f/**' },
          respond: { status: 200 },
          fault: { headers: true },
          auth: false,
        },
        {
          name: 'always',
          match: { path: '/always' },
          respond: { status: 200 },
          fault: { abort: { status: 418, percent: 100 } },
          auth: false,
        },
      ],
      tests: [
        // `location` is checked against gateway's decision, `responseHeaders.location` against Caddy's answer.
        ...cases.map(([url, status, location]) => ({
          request: { url },
          expect: { status, location, responseHeaders: { location } },
        })),
        {
          request: { url: '/edits' },
          expect: { status: 200, responseHeaders: { 'x-b': '2, 3', 'x-c': '{literal}' } },
        },
        {
          request: { url: '/orders/1', headers: { cookie: 'side=b' } },
          expect: { route: 'split', upstream: 'b', split: { b: 1 } },
        },
        {
          request: { url: '/m/7?q=x' },
          expect: {
            status: 200,
            body: { id: '7', q: 'x', say: 'hi "there"' },
            responseHeaders: { 'x-id': '7' },
          },
        },
        { request: { url: '/q/orders/1' }, expect: { upstream: 'a', path: '/orders/1?via=gw' } },
        { request: { url: '/q/orders/1?x=1' }, expect: { upstream: 'a', path: '/orders/1?x=1&via=gw' } },
        { request: { url: '/f/x', headers: { 'x-gateway-fault-abort': '429' } }, expect: { status: 429 } },
        { request: { url: '/f/x' }, expect: { status: 200 } },
        { request: { url: '/always' }, expect: { status: 418 } },
      ],
    };
    const file = join(dir, 'gateway.config.json');
    await writeFile(file, JSON.stringify(config));
    const exported = await exportFile('caddy', file);
    assert.equal(
      exported.findings.filter((f) => f.severity === 'error'),
      [],
      'nothing in this config is left out',
    );
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'Caddyfile'), exported.files[0]!.content);
    const check = await caddy.check(out);
    assert.ok(check.ok, check.output);
    running = await caddy.start(out);
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(base);

    // The same cases judge gateway's own decisions, then Caddy's answers.
    for (const target of [undefined, base]) {
      let report = '';
      const write = (s: string) => {
        report += s;
      };
      const tested = await runTests({
        cwd: dir,
        config: file,
        files: [],
        env: {},
        color: false,
        stdout: { write },
        stderr: { write },
        live: target !== undefined,
        ...(target && { target }),
      });
      const results = tested.run?.results ?? [];
      assert.is(results.length, cases.length + 8, report);
      assert.equal(
        results.filter((r) => !r.ok).map((r) => r.case.name),
        [],
        `${target ?? 'gateway'}: ${report}\n${running.output()}`,
      );
    }

    const edited = await fetch(`${base}/edits`);
    assert.is(edited.headers.get('x-a'), null, 'removed');
    assert.is(await edited.text(), 'ok');

    // Without a pin, the side drawn is named in a cookie, and that side answered.
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${base}/orders/1`);
      await res.arrayBuffer();
      const side = /^side=(a|b);/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      const expected = side === 'a' ? a.port : b.port;
      assert.ok(side, `a cookie naming the side: ${res.headers.get('set-cookie')}`);
      assert.ok(res.headers.get('x-fixture-target')?.endsWith(`:${expected}`), `side ${side} answered`);
    }
  } finally {
    await running?.stop();
    await Promise.all([a.close(), b.close()]);
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

async function waitUntilUp(base: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await (await fetch(`${base}/__nothing`)).arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`Caddy did not start on ${base}`);
}

test.run();
