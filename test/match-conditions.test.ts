// The second round of match conditions, at the pipeline level: byte prefixes, hosts with ports and
// mixed host lists, client address ranges, deterministic samples, gRPC, first-occurrence queries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideOn, failureOf, issuesOf, tableOf } from './routing-support.js';

const upstreams = { app: 'http://127.0.0.1:1' };
const one = (match: Record<string, unknown>) =>
  tableOf({ upstreams, routes: [{ name: 'r', match, upstream: 'app' }] });
const routeOf = async (table: Awaited<ReturnType<typeof one>>, url: string, options = {}) =>
  (await decideOn(table, url, options)).route?.name ?? null;

// Envoy's `prefix` compares bytes: the prefix, then anything.
const prefixCases: [prefix: string, path: string, matches: boolean][] = [
  ['/api', '/api', true],
  ['/api', '/api/x', true],
  ['/api', '/apis', true],
  ['/api', '/api-v2/x', true],
  ['/api', '/ap', false],
  ['/api', '/API', false],
  ['/api/', '/api', false],
  ['/api/', '/api/', true],
  ['/api/v1', '/api/v1beta/x', true],
  ['/api/v1', '/api/v2', false],
  ['/', '/anything', true],
];
for (const [prefix, path, matches] of prefixCases) {
  test(`prefix ${prefix}: ${path} ${matches ? 'matches' : 'does not match'}`, async () => {
    assert.is(await routeOf(await one({ prefix }), path), matches ? 'r' : null);
  });
}

test('prefix: caseInsensitive, the trace shows the prefix, and a miss explains itself', async () => {
  const table = await one({ prefix: '/Api', caseInsensitive: true });
  assert.is(await routeOf(table, '/aPIx'), 'r');
  const miss = await decideOn(await one({ prefix: '/api' }), '/v1');
  assert.equal(failureOf(miss, 'r'), { condition: 'path', expected: 'prefix /api', actual: '/v1' });
  assert.match(miss.problem?.detail ?? '', 'closest: "r" (path: expected prefix /api, got /v1)');
});

test('prefix and path: exactly one', () => {
  assert.equal(
    issuesOf({ upstreams, routes: [{ name: 'r', match: { path: '/a', prefix: '/a' }, upstream: 'app' }] }),
    ['routes[0].match: give "path" (a pattern) or "prefix" (a byte prefix), not both'],
  );
  assert.equal(issuesOf({ upstreams, routes: [{ name: 'r', match: {}, upstream: 'app' }] }), [
    `routes[0].match: missing "path" (e.g. '/users/:id') or "prefix" (e.g. '/api')`,
  ]);
});

// Host entries: a port is compared when given (a request without one has its scheme's), `:*` any.
const hostCases: [hosts: unknown, host: string, scheme: 'http' | 'https', matches: boolean][] = [
  ['api.local:8080', 'api.local:8080', 'http', true],
  ['api.local:8080', 'api.local:9090', 'http', false],
  ['api.local:8080', 'api.local', 'http', false],
  ['api.local:80', 'api.local', 'http', true],
  ['api.local:443', 'api.local', 'https', true],
  ['api.local:443', 'api.local', 'http', false],
  ['api.local:*', 'api.local:1234', 'http', true],
  ['api.local', 'api.local:1234', 'http', true],
  ['*.api.local:8080', 'eu.api.local:8080', 'http', true],
  ['*.api.local:8080', 'eu.api.local:8081', 'http', false],
  [['exact.test', '*.wild.test', /^[a-z]+-bar\.baz\.com$/], 'foo-bar.baz.com', 'http', true],
  [['exact.test', '*.wild.test', /^[a-z]+-bar\.baz\.com$/], 'a.wild.test', 'http', true],
  [['exact.test', '*.wild.test', /^[a-z]+-bar\.baz\.com$/], 'exact.test', 'http', true],
  [['exact.test', '*.wild.test', /^[a-z]+-bar\.baz\.com$/], 'wild.test', 'http', false],
  [['exact.test', { regex: '^x-bar\\.baz\\.com$' }], 'x-bar.baz.com:99', 'http', true],
  ['[::1]:8080', '[::1]:8080', 'http', true],
  ['[::1]:8080', '[::1]:8081', 'http', false],
];
for (const [host, header, scheme, matches] of hostCases) {
  test(`host ${String(host)}: ${scheme}://${header} ${matches ? 'matches' : 'does not match'}`, async () => {
    assert.is(
      await routeOf(await one({ path: '/**', host }), '/', { headers: { host: header }, scheme }),
      matches ? 'r' : null,
    );
  });
}

test('host with a port: the failure shows the port compared', async () => {
  const decision = await decideOn(await one({ path: '/**', host: 'api.local:8080' }), '/', {
    headers: { host: 'api.local:9090' },
  });
  assert.equal(failureOf(decision, 'r'), {
    condition: 'host',
    expected: 'api.local:8080',
    actual: 'api.local:9090',
  });
});

test('clientIp: CIDR ranges and addresses, IPv4 and IPv6', async () => {
  const table = await one({ path: '/**', clientIp: ['10.0.0.0/8', '::1', '2001:db8::/32'] });
  assert.is(await routeOf(table, '/', { remoteAddress: '10.1.2.3' }), 'r');
  assert.is(await routeOf(table, '/', { remoteAddress: '::ffff:10.1.2.3' }), 'r');
  assert.is(await routeOf(table, '/', { remoteAddress: '::1' }), 'r');
  assert.is(await routeOf(table, '/', { remoteAddress: '2001:db8:1::5' }), 'r');
  assert.is(await routeOf(table, '/', { remoteAddress: '11.0.0.1' }), null);
  const miss = await decideOn(table, '/', { remoteAddress: '192.168.1.1' });
  assert.equal(failureOf(miss, 'r'), {
    condition: 'clientIp',
    expected: '10.0.0.0/8 | ::1 | 2001:db8::/32',
    actual: '192.168.1.1',
  });
});

test('clientIp: X-Forwarded-For counts only from a trusted proxy', async () => {
  const config = (trustedProxies: string[]) =>
    tableOf({
      server: { trustedProxies },
      upstreams,
      routes: [{ name: 'r', match: { path: '/**', clientIp: '10.0.0.0/8' }, upstream: 'app' }],
    });
  const forged = { 'x-forwarded-for': '10.9.9.9' };
  assert.is(await routeOf(await config([]), '/', { remoteAddress: '203.0.113.5', headers: forged }), null);
  assert.is(
    await routeOf(await config(['loopback']), '/', { remoteAddress: '127.0.0.1', headers: forged }),
    'r',
  );
});

test('clientIp: a range that is no range is refused at load, at its key', () => {
  assert.equal(
    issuesOf({
      upstreams,
      routes: [{ name: 'r', match: { path: '/', clientIp: ['10.0.0.0/33', 'x'] }, upstream: 'app' }],
    }),
    [
      'routes[0].match.clientIp[0]: "10.0.0.0/33": the prefix length must be 0–32',
      `routes[0].match.clientIp[1]: "x" is not an IP address or CIDR range — e.g. '10.0.0.0/8' or '::1'`,
    ],
  );
});

test('sample: deterministic by key, about the share asked for, the same caller always the same way', async () => {
  const table = await one({ path: '/**', sample: { rate: 0.25, key: { header: 'x-user' } } });
  let inside = 0;
  for (let i = 0; i < 2000; i++) {
    const options = { headers: { 'x-user': `user-${i}` } };
    const first = await routeOf(table, '/', options);
    assert.is(await routeOf(table, '/', options), first, `user-${i} lands the same way twice`);
    if (first === 'r') inside++;
  }
  assert.ok(inside > 2000 * 0.21 && inside < 2000 * 0.29, `${inside} of 2000 inside a 25% sample`);
});

test('sample: widening keeps the callers already inside (unsalted), and misses explain the position', async () => {
  const narrow = await one({ path: '/**', sample: 0.1 });
  const wide = await one({ path: '/**', sample: 0.5 });
  for (let i = 0; i < 300; i++) {
    const remoteAddress = `10.0.${i >> 8}.${i & 255}`;
    if ((await routeOf(narrow, '/', { remoteAddress })) === 'r')
      assert.is(await routeOf(wide, '/', { remoteAddress }), 'r');
  }
  const none = await one({ path: '/**', sample: 0 });
  const miss = await decideOn(none, '/', { remoteAddress: '10.0.0.1' });
  const failed = failureOf(miss, 'r') as { condition: string; expected: string; actual: string };
  assert.is(failed.condition, 'sample');
  assert.is(failed.expected, '0% of callers by ip');
  assert.match(failed.actual, /^ip=10\.0\.0\.1 → \d+(\.\d)?%$/);
});

test('grpc: true takes application/grpc*, false the rest', async () => {
  const grpc = await one({ path: '/**', grpc: true });
  const plain = await one({ path: '/**', grpc: false });
  for (const type of ['application/grpc', 'application/grpc+proto', 'Application/GRPC-web'])
    assert.is(await routeOf(grpc, '/', { headers: { 'content-type': type } }), 'r', type);
  assert.is(await routeOf(grpc, '/', { headers: { 'content-type': 'application/json' } }), null);
  assert.is(await routeOf(plain, '/', { headers: { 'content-type': 'application/json' } }), 'r');
  assert.is(await routeOf(plain, '/', { headers: { 'content-type': 'application/grpc' } }), null);
  assert.equal(failureOf(await decideOn(grpc, '/'), 'r'), {
    condition: 'grpc',
    expected: 'content-type application/grpc*',
    actual: '(no content-type)',
  });
});

test("query occurrence: any by default, 'first' looks at the first only", async () => {
  const any = await one({ path: '/**', query: { tenant: 'acme' } });
  const first = await one({ path: '/**', query: { tenant: { value: 'acme', occurrence: 'first' } } });
  assert.is(await routeOf(any, '/?tenant=evil&tenant=acme'), 'r');
  assert.is(await routeOf(first, '/?tenant=evil&tenant=acme'), null);
  assert.is(await routeOf(first, '/?tenant=acme&tenant=evil'), 'r');
  const miss = await decideOn(first, '/?tenant=evil&tenant=acme');
  assert.equal(failureOf(miss, 'r'), {
    condition: 'query',
    name: 'tenant',
    expected: 'first "acme"',
    actual: 'evil, acme',
  });
  const regex = await one({ path: '/**', query: { v: { value: /^2/, occurrence: 'first' } } });
  assert.is(await routeOf(regex, '/?v=2&v=1'), 'r');
  assert.is(await routeOf(regex, '/?v=1&v=2'), null);
});

test('the route summary names every new condition', async () => {
  const table = await one({
    prefix: '/api',
    host: ['api.local:8080'],
    clientIp: '10.0.0.0/8',
    sample: 0.1,
    grpc: true,
  });
  assert.is(
    table.routes[0]?.match.summary,
    'prefix /api host=api.local:8080 clientIp=10.0.0.0/8 sample=10%/ip grpc',
  );
});

test.run();
