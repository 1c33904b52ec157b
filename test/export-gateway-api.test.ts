/**
 * `gateway export gateway-api`: every object the example config exports validates against the
 * Gateway API schemas (@kubernetes-models/gateway-api), and what HTTPRoute cannot say is a finding.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { errorLines, exportFile, exportObject } from './export-support.js';
import { objects, validateAll } from './gateway-api-support.js';

test('the example config: every Gateway API object validates', async () => {
  const result = await exportFile('gateway-api', 'gateway.config.example.ts');
  const content = result.files[0]!.content;
  const all = objects(content);
  assert.equal(
    all.map((o) => `${o.kind}/${o.metadata.name}`),
    [
      'Gateway/gateway',
      'HTTPRoute/tenant-users',
      'HTTPRoute/users',
      'HTTPRoute/legacy-users',
      'HTTPRoute/user-reports',
      'HTTPRoute/orders-delete',
      'HTTPRoute/orders-write',
      'HTTPRoute/orders',
      'HTTPRoute/files',
      'HTTPRoute/echo',
      'HTTPRoute/admin-user',
      'HTTPRoute/docs-moved',
      'HTTPRoute/orders-canary',
      'HTTPRoute/orders-shadow',
      'HTTPRoute/internal',
      'HTTPRoute/flaky',
      'HTTPRoute/quota',
      'Service/users',
      'Service/users-by-tenant',
      'Service/users-sticky',
      'Service/orders',
      'Service/orders-v2',
      'Service/echo',
    ],
  );
  assert.is(validateAll(content), 17);
});

test('the example config: findings for auth, gateway-made answers, transcoding, rate limits, faults, mocks and a precedence clash', async () => {
  const result = await exportFile('gateway-api', 'gateway.config.example.ts');
  const errors = result.findings.filter((f) => f.severity === 'error').map((f) => f.path);
  assert.equal(errors.sort(), [
    'routes[0].respond',
    'routes[10]',
    'routes[11]',
    'routes[11].auth',
    'routes[13].rewrite.query',
    'routes[14].auth',
    'routes[14].rewrite.path',
    'routes[17].rewrite',
    'routes[18].auth',
    'routes[19].fault',
    'routes[1].respond',
    'routes[20].auth',
    'routes[20].rateLimit',
    'routes[21].mock',
    'routes[22].mock',
    'routes[23].mock',
    'routes[24]',
    'routes[3].match',
    'routes[4].rewrite.regex',
    'routes[6].auth',
    'routes[7].auth',
    'routes[8].auth',
    'routes[9]',
    'server.metrics',
  ]);
  // GEP precedence: a method match outranks a header match on the same prefix; gateway's order is the other way.
  // Rate limits, faults and mocks: precise findings, never the safety net's generic one.
  assert.not.ok(result.findings.some((f) => /not exported to Gateway API yet/.test(f.message)));
  const message = (path: string) => result.findings.find((f) => f.path === path)?.message ?? '';
  assert.match(
    message('routes[20].rateLimit'),
    /60 per 60s, burst 5, a bucket per API key.*BackendTrafficPolicy rateLimit/,
  );
  assert.match(message('routes[19].fault'), /delay 300ms–800ms for 50%, abort 503 for 20%.*faultInjection/);
  assert.match(message('routes[21].mock'), /OpenAPI mock \(petstore\.yaml\)/);
  assert.match(message('routes[23].mock'), /3 answers in turn: 503, 503, 200/);
  const clash = result.findings.find((f) => f.path === 'routes[3].match')!;
  assert.match(clash.message, /ranks this rule before "tenant-users"/);
  assert.match(result.files[0]!.content, /# gateway export: left out — routes\[0\]\.respond/);
});

test('matches, filters, hostnames, timeouts and https backends', async () => {
  const result = await exportObject('gateway-api', {
    upstreams: { api: { targets: ['https://api.internal:8443'] } },
    routes: [
      {
        name: 'v1',
        match: {
          path: '/v1/**',
          methods: ['GET', 'POST'],
          host: ['*.example.com'],
          headers: { 'x-env': 'prod' },
        },
        upstream: 'api',
        rewrite: {
          replacePrefix: { from: '/v1', to: '/api' },
          headers: { set: { 'x-via': 'gw' }, remove: ['x-debug'] },
        },
        timeout: '1500ms',
      },
      {
        name: 'exact',
        match: { path: '/about', query: { lang: { regex: '^(en|fr)$' } } },
        upstream: 'api',
        rewrite: { path: '/static/about' },
      },
    ],
  });
  assert.equal(errorLines(result), []);
  const all = objects(result.files[0]!.content);
  assert.is(validateAll(result.files[0]!.content), 4);
  const v1 = all.find((o) => o.metadata.name === 'v1')!.spec as never as {
    hostnames: string[];
    rules: { matches: { method: string }[]; filters: { type: string }[]; timeouts: { request: string } }[];
  };
  assert.equal(v1.hostnames, ['*.example.com']);
  // ReplacePrefixMatch wants exactly one PathPrefix match per rule (CEL): a rule per method.
  assert.equal(
    v1.rules.map((r) => r.matches.map((m) => m.method)),
    [['GET'], ['POST']],
  );
  assert.equal(
    v1.rules[0]!.filters.map((f) => f.type),
    ['URLRewrite', 'RequestHeaderModifier'],
  );
  assert.is(v1.rules[0]!.timeouts.request, '1s500ms');
  assert.ok(all.some((o) => o.kind === 'BackendTLSPolicy'));
});

test.run();
