/**
 * `gateway export gateway-api`, the route features past matching and rewriting: redirects
 * (RequestRedirect), response header edits (ResponseHeaderModifier), traffic splits (weighted
 * backendRefs, pinned rules), mirrors (RequestMirror), and the precise findings for rate limits,
 * faults, mocks and byte prefixes. Every object validates, CEL rules included.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExportResult } from '../src/export/types.js';
import { exportObject, findingLines } from './export-support.js';
import { celProblems, objects, rulesOf, validateAll } from './gateway-api-support.js';

const UPSTREAMS = {
  orders: { targets: ['http://orders.internal:8080'], timeouts: { response: '10s' } },
  next: { targets: ['http://next.internal:8081'], timeouts: { response: '2s' } },
  echo: 'http://echo.internal:9000',
};

async function exported(
  routes: unknown[],
  extra: object = {},
): Promise<{ result: ExportResult; content: string }> {
  const result = await exportObject('gateway-api', { upstreams: UPSTREAMS, routes, ...extra });
  const content = result.files[0]!.content;
  validateAll(content);
  return { result, content };
}

const message = (result: ExportResult, path: string) =>
  result.findings.find((f) => f.path === path)?.message ?? '';

test('redirects: scheme, host, port, status and each path kind', async () => {
  const { result, content } = await exported([
    {
      name: 'moved',
      match: { path: '/docs/**' },
      redirect: { scheme: 'https', host: 'gateway.dev', prefix: '/guide', status: 308 },
    },
    { name: 'fixed', match: { path: '/old' }, redirect: { path: '/new', port: 8443, status: 301 } },
    { name: 'rest', match: { path: '/a/**', methods: ['GET', 'HEAD'] }, redirect: { path: '/b/**' } },
    { name: 'keep', match: { path: '/x' }, redirect: { scheme: 'https', stripQuery: true } },
    { name: 'params', match: { path: '/u/:id' }, redirect: { path: '/users/:id' } },
    {
      name: 'regex',
      match: { path: '/r/**' },
      redirect: { regex: { pattern: '^/r/(.*)$', replacement: '/s/$1' } },
    },
    { name: 'bytes', match: { prefix: '/v1' }, redirect: { prefix: '/v2' } },
  ]);
  const redirectOf = (name: string) => rulesOf(content, name).map((r) => r.filters![0]!.requestRedirect);
  assert.equal(redirectOf('moved'), [
    {
      scheme: 'https',
      hostname: 'gateway.dev',
      path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/guide' },
      statusCode: 308,
    },
  ]);
  assert.equal(redirectOf('fixed'), [
    { port: 8443, path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 301 },
  ]);
  // A template that only appends the route's `/**` is a prefix replacement; one rule per method (CEL).
  const rest = rulesOf(content, 'rest');
  assert.equal(
    rest.map((r) => [r.matches.map((m) => m.method), r.filters![0]!.requestRedirect!.path]),
    [
      [['GET'], { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' }],
      [['HEAD'], { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' }],
    ],
  );
  assert.equal(redirectOf('keep'), [{ scheme: 'https', statusCode: 302 }]);
  // A redirect answers itself: no backends, no timeout.
  assert.ok(
    objects(content).every(
      (o) =>
        o.kind !== 'HTTPRoute' || (o.spec.rules as { backendRefs?: unknown }[]).every((r) => !r.backendRefs),
    ),
  );
  assert.equal(
    findingLines(result).filter((l) => l.includes('.redirect')),
    [
      'routes[3].redirect.stripQuery export/approximate',
      'routes[4].redirect.path export/unsupported',
      'routes[5].redirect.regex export/unsupported',
      'routes[6].redirect.prefix export/unsupported',
    ],
  );
  assert.match(
    message(result, 'routes[6].redirect.prefix'),
    /byte prefix "\/v1" is a RegularExpression match/,
  );
  assert.match(
    content,
    /# gateway export: left out — routes\[4\]\.redirect\.path: a path template with parameters/,
  );
});

test('response header edits: set, add and remove, one action per name, defaults on every route', async () => {
  const { result, content } = await exported(
    [
      {
        name: 'own',
        match: { path: '/own/**' },
        upstream: 'echo',
        responseHeaders: {
          set: { 'cache-control': 'no-store', vary: 'origin' },
          add: { vary: 'accept', 'x-trace': 'on', 'x-new': '1' },
          remove: ['server', 'x-new', 'cache-control'],
        },
      },
      { name: 'inherits', match: { path: '/inherits' }, upstream: 'echo' },
    ],
    { defaults: { responseHeaders: { remove: ['x-powered-by'] } } },
  );
  const edits = (name: string) =>
    rulesOf(content, name)[0]!.filters!.find((f) => f.type === 'ResponseHeaderModifier')!
      .responseHeaderModifier;
  // remove → set → add, as gateway applies them: vary is set then appended; x-new removed then added.
  assert.equal(edits('own'), {
    set: [
      { name: 'cache-control', value: 'no-store' },
      { name: 'vary', value: 'origin, accept' },
      { name: 'x-new', value: '1' },
    ],
    add: [{ name: 'x-trace', value: 'on' }],
    remove: ['server'],
  });
  assert.equal(edits('inherits'), { remove: ['x-powered-by'] });
  assert.equal(
    result.findings.filter((f) => f.path.includes('responseHeaders')),
    [],
  );
});

test('traffic splits: weighted backends, header pins ranked first, timeouts per side', async () => {
  const { result, content } = await exported([
    {
      name: 'canary',
      match: { path: '/canary/orders/**', methods: ['GET'], headers: { 'x-env': 'prod' } },
      upstream: [
        { name: 'orders', weight: 90 },
        { name: 'next', weight: 10 },
      ],
      pin: { header: 'x-canary' },
      rewrite: { stripPrefix: '/canary' },
    },
    {
      name: 'cookie',
      match: { path: '/c/**' },
      upstream: [{ name: 'orders' }, { name: 'next' }],
      pin: { cookie: 'gw-side' },
    },
  ]);
  const canary = rulesOf(content, 'canary');
  assert.equal(
    canary.map((r) => [
      r.matches[0]!.headers!.map((h) => `${h.name}=${h.value}`),
      r.backendRefs!.map((b) => `${b.name}:${b.port}${b.weight === undefined ? '' : `@${b.weight}`}`),
      r.timeouts!.request,
    ]),
    [
      [['x-env=prod', 'x-canary=orders'], ['orders:8080'], '10s'],
      [['x-env=prod', 'x-canary=next'], ['next:8081'], '2s'],
      [['x-env=prod'], ['orders:8080@90', 'next:8081@10'], '10s'],
    ],
  );
  // Stripping `/canary` from the `/canary/orders` match replaces that match with `/orders`.
  assert.equal(canary[2]!.filters, [
    {
      type: 'URLRewrite',
      urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/orders' } },
    },
  ]);
  const cookie = rulesOf(content, 'cookie');
  assert.equal(cookie[1]!.matches[0]!.headers, [
    { type: 'RegularExpression', name: 'cookie', value: '(^|;\\s*)gw-side=next(;|$)' },
  ]);
  assert.equal(
    cookie[2]!.backendRefs!.map((b) => b.weight),
    [1, 1],
  );
  assert.equal(
    findingLines(result).filter((l) => l.includes('.split')),
    [
      'routes[0].split export/approximate',
      'routes[1].split export/approximate',
      'routes[1].split.pin export/approximate',
    ],
  );
  assert.match(message(result, 'routes[0].split'), /orders 10s, next 2s/);
  assert.equal(
    objects(content)
      .filter((o) => o.kind === 'Service')
      .map((o) => o.metadata.name),
    ['orders', 'next'],
  );
});

test('mirrors: percent, fraction, the mirror upstream as a Service, and maxBody as a finding', async () => {
  const { result, content } = await exported([
    { name: 'all', match: { path: '/all/**' }, upstream: 'orders', mirror: { upstream: 'next' } },
    {
      name: 'some',
      match: { path: '/some/**' },
      upstream: 'orders',
      mirror: { upstream: 'echo', percent: 25 },
    },
    {
      name: 'few',
      match: { path: '/few/**' },
      upstream: 'orders',
      mirror: { upstream: 'next', percent: 12.5, maxBody: '1kb' },
    },
  ]);
  const mirrorOf = (name: string) =>
    rulesOf(content, name)[0]!.filters!.find((f) => f.type === 'RequestMirror')!.requestMirror;
  assert.equal(mirrorOf('all'), { backendRef: { name: 'next', port: 8081 } });
  assert.equal(mirrorOf('some'), { backendRef: { name: 'echo', port: 9000 }, percent: 25 });
  assert.equal(mirrorOf('few'), {
    backendRef: { name: 'next', port: 8081 },
    fraction: { numerator: 125, denominator: 1000 },
  });
  assert.equal(
    objects(content)
      .filter((o) => o.kind === 'Service')
      .map((o) => o.metadata.name),
    ['orders', 'next', 'echo'],
  );
  assert.match(message(result, 'routes[2].mirror.maxBody'), /at most maxBody \(1024 bytes\)/);
  assert.equal(
    result.findings.filter((f) => f.path.includes('.mirror') && f.severity === 'error'),
    [],
  );
});

test('rate limits, faults and mocks: precise findings; mocks are left out, the others forward unlimited', async () => {
  const { result, content } = await exported([
    {
      name: 'limited',
      match: { path: '/l/**' },
      upstream: 'echo',
      rateLimit: { requests: 10, per: '1s', key: { header: 'x-tenant' } },
    },
    {
      name: 'faulty',
      match: { path: '/f/**' },
      upstream: 'echo',
      fault: { abort: { status: 500, percent: 5 } },
    },
    { name: 'fixed', match: { path: '/m' }, mock: { json: { ok: true } } },
    { name: 'filled', match: { path: '/m/:id' }, mock: { json: { id: '{params.id}' } } },
  ]);
  assert.equal(
    objects(content)
      .filter((o) => o.kind === 'HTTPRoute')
      .map((o) => o.metadata.name),
    ['limited', 'faulty'],
  );
  assert.match(message(result, 'routes[0].rateLimit'), /10 per 1s, burst 10, a bucket per "x-tenant" header/);
  assert.match(message(result, 'routes[0].rateLimit'), /Kong's rate-limiting plugin/);
  assert.match(message(result, 'routes[1].fault'), /abort 500 for 5%.*Istio's VirtualService fault/);
  assert.match(message(result, 'routes[2].mock'), /directResponse .* for this fixed answer/);
  assert.not.match(message(result, 'routes[3].mock'), /directResponse/);
  assert.match(content, /# gateway export: left out — routes\[2\]\.mock: a mock \(status 200\)/);
});

test('clientIp and sample: no HTTPRoute match, so the route is left out (fail closed) with a precise finding', async () => {
  const { result, content } = await exported([
    { name: 'internal', match: { path: '/i/**', clientIp: ['10.0.0.0/8'] }, upstream: 'echo' },
    { name: 'beta', match: { path: '/b/**', sample: 0.1 }, upstream: 'echo' },
    { name: 'open', match: { path: '/o/**' }, upstream: 'echo' },
  ]);
  assert.equal(
    objects(content)
      .filter((o) => o.kind === 'HTTPRoute')
      .map((o) => o.metadata.name),
    ['open'],
  );
  assert.equal(
    findingLines(result).filter((l) => l.startsWith('routes[0]') || l.startsWith('routes[1]')),
    ['routes[0].match.clientIp export/unsupported', 'routes[1].match.sample export/unsupported'],
  );
  assert.match(message(result, 'routes[0].match.clientIp'), /10\.0\.0\.0\/8.*left out.*clientCIDRs/);
  assert.match(message(result, 'routes[1].match.sample'), /10% of callers.*left out.*backendRefs/);
});

test('byte prefixes: a RegularExpression match, reported under match.prefix', async () => {
  const { result, content } = await exported([
    { name: 'bytes', match: { prefix: '/shadow/orders', methods: ['POST'] }, upstream: 'orders' },
  ]);
  assert.equal(rulesOf(content, 'bytes')[0]!.matches, [
    { path: { type: 'RegularExpression', value: '^/shadow/orders.*$' }, method: 'POST' },
  ]);
  assert.equal(
    findingLines(result).filter((l) => l.startsWith('routes[0].match')),
    ['routes[0].match.prefix export/approximate'],
  );
  assert.match(message(result, 'routes[0].match.prefix'), /PathPrefix compares whole path elements/);
});

test('the CEL check is not vacuous: what the JSON schemas let through, it catches', () => {
  const prefix = { type: 'PathPrefix', value: '/a' };
  assert.equal(
    celProblems({
      matches: [
        { path: prefix, method: 'GET' },
        { path: prefix, method: 'POST' },
      ],
      filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch' } } }],
      backendRefs: [{ name: 'a', port: 80 }],
    }).length,
    2,
  );
});

test('rewrite.host: a DNS name joins the URLRewrite filter; a port or the target host is a finding', async () => {
  const { result, content } = await exported([
    {
      name: 'named',
      match: { path: '/api/**' },
      upstream: 'echo',
      rewrite: { stripPrefix: '/api', host: 'api.internal' },
    },
    { name: 'ported', match: { path: '/p/**' }, upstream: 'echo', rewrite: { host: 'api.internal:8443' } },
    { name: 'target', match: { path: '/t/**' }, upstream: 'echo', rewrite: { host: { target: true } } },
  ]);
  const rewrites = (name: string) =>
    rulesOf(content, name).flatMap((r) => (r.filters ?? []).filter((f) => f.type === 'URLRewrite'));
  assert.equal(rewrites('named'), [
    {
      type: 'URLRewrite',
      urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' }, hostname: 'api.internal' },
    },
  ]);
  assert.equal(rewrites('ported'), []);
  assert.equal(rewrites('target'), []);
  assert.match(message(result, 'routes[1].rewrite.host'), /plain DNS name/);
  assert.match(message(result, 'routes[2].rewrite.host'), /client's Host/);
  assert.not.ok(result.findings.some((f) => /not exported to Gateway API yet/.test(f.message)));
});

test.run();
