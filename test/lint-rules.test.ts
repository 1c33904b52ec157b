/** Each lint rule: a config that triggers it, and a near-miss that must not. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from '../src/config/schema/index.js';
import { RULES } from '../src/lint/rules/index.js';
import { findingsOf, withRoutes } from './lint-support.js';

const proto = fileURLToPath(new URL('../fixtures/proto/shop/v1/products.proto', import.meta.url));
const protoDir = fileURLToPath(new URL('../fixtures/proto', import.meta.url));
const wsdl = fileURLToPath(new URL('../fixtures/wsdl/inventory.wsdl', import.meta.url));

const grpcConfig = (method: string): UserConfig => ({
  upstreams: {
    products: {
      targets: ['grpc://127.0.0.1:4401'],
      protocol: 'grpc',
      grpc: { protos: [proto], includeDirs: [protoDir] },
    },
  },
  routes: [{ name: 'p', match: { path: '/v1/products/:id' }, upstream: 'products', grpc: { method } }],
});
const soapConfig = (operation: string): UserConfig => ({
  upstreams: {
    inventory: { targets: ['http://127.0.0.1:4501/inventory'], protocol: 'soap', soap: { wsdl } },
  },
  routes: [{ name: 's', match: { path: '/stock/:sku' }, upstream: 'inventory', soap: { operation } }],
});
const jwt = (secret: string, algorithms: ('HS256' | 'HS512')[] = ['HS256']): UserConfig =>
  withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u', auth: 'j' }], {
    auth: { j: { type: 'jwt', algorithms, secret } },
  });

// rule id → [config that triggers it, expected key path, near-miss config]
const cases: [string, UserConfig, string, UserConfig][] = [
  [
    'route/shadowed',
    withRoutes([
      { name: 'all', match: { path: '/a/**' }, upstream: 'u' },
      { name: 'one', match: { path: '/a/:id' }, upstream: 'u' },
    ]),
    'routes[1].match',
    withRoutes([
      { name: 'all', match: { path: '/a/*' }, upstream: 'u' },
      { name: 'deep', match: { path: '/a/:id/b' }, upstream: 'u' },
    ]),
  ],
  [
    'route/duplicate-name',
    withRoutes([
      { name: 'a', match: { path: '/a' }, upstream: 'u' },
      { name: 'a', match: { path: '/b' }, upstream: 'u' },
    ]),
    'routes[1].name',
    withRoutes([
      { name: 'a', match: { path: '/a' }, upstream: 'u' },
      { name: 'A', match: { path: '/b' }, upstream: 'u' },
    ]),
  ],
  [
    'metrics/shadows-route',
    withRoutes([{ name: 'all', match: { path: '/**' }, upstream: 'u' }], { server: { metrics: true } }),
    'routes[0].match',
    withRoutes([{ name: 'all', match: { path: '/**', methods: ['POST'] }, upstream: 'u' }], {
      server: { metrics: true },
    }),
  ],
  [
    'route/empty-methods',
    withRoutes([{ name: 'a', match: { path: '/a', methods: [] }, upstream: 'u' }]),
    'routes[0].match.methods',
    withRoutes([{ name: 'a', match: { path: '/a', methods: ['GET'] }, upstream: 'u' }]),
  ],
  [
    'upstream/unknown',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'v' }]),
    'routes[0].upstream',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u' }]),
  ],
  [
    'upstream/unused',
    withRoutes([{ name: 'a', match: { path: '/a' }, respond: { status: 204 } }]),
    'upstreams.u',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u' }]),
  ],
  [
    'upstream/duplicate-target',
    {
      upstreams: {
        u: { targets: ['http://127.0.0.1:4001', 'http://127.0.0.1:4001/x'], health: { passive: {} } },
      },
      routes: [{ name: 'a', match: { path: '/a' }, upstream: 'u' }],
    },
    'upstreams.u.targets[1]',
    {
      upstreams: {
        u: { targets: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'], health: { passive: {} } },
      },
      routes: [{ name: 'a', match: { path: '/a' }, upstream: 'u' }],
    },
  ],
  [
    'upstream/invalid-target',
    {
      upstreams: { u: { targets: ['grpc://127.0.0.1:4001'] } },
      routes: [{ name: 'a', match: { path: '/a' }, upstream: 'u' }],
    },
    'upstreams.u.targets[0]',
    {
      upstreams: { u: { targets: ['https://127.0.0.1:4001'] } },
      routes: [{ name: 'a', match: { path: '/a' }, upstream: 'u' }],
    },
  ],
  [
    'auth/unknown-provider',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u', auth: { providers: ['k', 'x'] } }], {
      auth: { k: { type: 'api-key', keys: [{ name: 'c', key: { env: 'K' } }] } },
    }),
    'routes[0].auth.providers[1]',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u', auth: { providers: ['k'] } }], {
      auth: { k: { type: 'api-key', keys: [{ name: 'c', key: { env: 'K' } }] } },
    }),
  ],
  [
    'auth/public-shadows-protected',
    withRoutes(
      [
        { name: 'open', match: { path: '/r/**', methods: ['GET'] }, upstream: 'u' },
        { name: 'closed', match: { path: '/r/**' }, upstream: 'u', auth: 'k' },
      ],
      { auth: { k: { type: 'api-key', keys: [{ name: 'c', key: { env: 'K' } }] } } },
    ),
    'routes[1].auth',
    // The usual exception: a narrower public route before a broad protected one.
    withRoutes(
      [
        { name: 'health', match: { path: '/health' }, respond: 'health', auth: false },
        { name: 'closed', match: { path: '/**' }, upstream: 'u', auth: 'k' },
      ],
      { auth: { k: { type: 'api-key', keys: [{ name: 'c', key: { env: 'K' } }] } } },
    ),
  ],
  [
    'auth/inline-secret',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u', auth: 'k' }], {
      auth: { k: { type: 'api-key', keys: [{ name: 'c', key: 'sk_live_1' }] } },
    }),
    'auth.k.keys[0].key',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u', auth: 'k' }], {
      auth: { k: { type: 'api-key', keys: [{ name: 'c', key: { env: 'K' } }] } },
    }),
  ],
  ['auth/weak-hmac-secret', jwt('too-short'), 'auth.j.secret', jwt('x'.repeat(32))],
  [
    'rewrite/unknown-param',
    withRoutes([{ name: 'a', match: { path: '/a/:id' }, upstream: 'u', rewrite: { path: '/b/:ID' } }]),
    'routes[0].rewrite.path',
    withRoutes([{ name: 'a', match: { path: '/a/:id/**' }, upstream: 'u', rewrite: { path: '/b/:id/**' } }]),
  ],
  [
    'match/unsafe-regex',
    withRoutes([{ name: 'a', match: { path: /^\/a\/(\w+\s?)*$/ }, upstream: 'u' }]),
    'routes[0].match.path',
    withRoutes([{ name: 'a', match: { path: /^\/a\/(\w+)(\/\w+)?$/ }, upstream: 'u' }]),
  ],
  [
    'match/path-parameters',
    withRoutes([{ name: 'a', match: { path: '/a/**', allowPathParameters: true }, upstream: 'u' }]),
    'routes[0].match.allowPathParameters',
    withRoutes([{ name: 'a', match: { path: '/a/**', allowPathParameters: false }, upstream: 'u' }]),
  ],
  [
    'health/missing',
    {
      upstreams: { u: { targets: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'] } },
      routes: [{ name: 'a', match: { path: '/a' }, upstream: 'u' }],
    },
    'upstreams.u',
    {
      upstreams: {
        u: { targets: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'], health: { active: {} } },
      },
      routes: [{ name: 'a', match: { path: '/a' }, upstream: 'u' }],
    },
  ],
  [
    'grpc/unknown-method',
    grpcConfig('shop.v1.ProductService/GetProducts'),
    'routes[0].grpc.method',
    grpcConfig('shop.v1.ProductService/GetProduct'),
  ],
  ['soap/unknown-operation', soapConfig('Reserves'), 'routes[0].soap.operation', soapConfig('Reserve')],
  [
    'redirect/loop',
    withRoutes([{ name: 'go', match: { path: '/old/**' }, redirect: { prefix: '/old/new' } }]),
    'routes[0].redirect',
    withRoutes([{ name: 'go', match: { path: '/old/**' }, redirect: { prefix: '/new' } }]),
  ],
  [
    'split/zero-weights',
    withRoutes([{ name: 's', match: { path: '/s' }, upstream: [{ name: 'u', weight: 0 }] }]),
    'routes[0].upstream',
    withRoutes([{ name: 's', match: { path: '/s' }, upstream: [{ name: 'u', weight: 1 }] }]),
  ],
  [
    'split/pin-untested',
    withRoutes([{ name: 's', match: { path: '/s' }, upstream: [{ name: 'u' }], pin: { header: 'x-side' } }]),
    'routes[0].pin',
    withRoutes([{ name: 's', match: { path: '/s' }, upstream: [{ name: 'u' }], pin: { header: 'x-side' } }], {
      tests: [{ request: { url: '/s', headers: { 'x-side': 'u' } }, expect: { split: { u: 1 } } }],
    }),
  ],
  [
    'mirror/self',
    withRoutes([{ name: 'm', match: { path: '/m' }, upstream: 'u', mirror: { upstream: 'u' } }]),
    'routes[0].mirror.upstream',
    withRoutes([{ name: 'm', match: { path: '/m' }, upstream: 'u', mirror: { upstream: 'v' } }], {
      upstreams: { u: 'http://127.0.0.1:4001', v: 'http://127.0.0.1:4002' },
    }),
  ],
  [
    'fault/client-triggered',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u' }], {
      defaults: { fault: { headers: true } },
    }),
    'defaults.fault.headers',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u', fault: { headers: true } }], {
      defaults: { fault: { delay: { fixed: 10, percent: 1 } } },
    }),
  ],
  [
    'test/unknown-route',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u' }], {
      tests: [{ request: { url: '/a' }, expect: { route: 'b' } }],
    }),
    'tests[0].expect.route',
    withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u' }], {
      tests: [{ request: { url: '/b' }, expect: { route: null } }],
    }),
  ],
];

for (const [ruleId, triggering, path, nearMiss] of cases) {
  test(`${ruleId}: reported`, async () => {
    const found = await findingsOf(ruleId, triggering);
    assert.is(found.length, 1, JSON.stringify(found));
    assert.is(found[0]!.path, path);
    assert.ok(found[0]!.message.includes('—'), `the message says how to fix it: ${found[0]!.message}`);
  });
  test(`${ruleId}: near-miss not reported`, async () => {
    assert.equal(await findingsOf(ruleId, nearMiss), []);
  });
}

test('every rule has a case here', () => {
  assert.equal(RULES.map((r) => r.id).sort(), cases.map((c) => c[0]).sort());
});

test('auth/weak-hmac-secret: HS512 needs 64 bytes; env and missing env', async () => {
  assert.is((await findingsOf('auth/weak-hmac-secret', jwt('x'.repeat(40), ['HS512']))).length, 1);
  const fromEnv = withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'u', auth: 'j' }], {
    auth: { j: { type: 'jwt', algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } } },
  });
  assert.is((await findingsOf('auth/weak-hmac-secret', fromEnv, { JWT_SECRET: 'short' })).length, 1);
  // A secret lint cannot read (variable not set here) is not judged.
  assert.is((await findingsOf('auth/weak-hmac-secret', fromEnv, {})).length, 0);
});

test('match/unsafe-regex: overlapping alternation in a header condition', async () => {
  const found = await findingsOf(
    'match/unsafe-regex',
    withRoutes([{ name: 'a', match: { path: '/a', headers: { 'X-V': /^(a|ab)+$/ } }, upstream: 'u' }]),
  );
  assert.is(found[0]?.path, 'routes[0].match.headers["X-V"]');
});

test('lint.rules: off silences a rule, warn lowers it; load-error rules stay errors', async () => {
  const config = withRoutes([{ name: 'a', match: { path: '/a' }, upstream: 'v' }], {
    upstreams: { u: 'http://127.0.0.1:4001' },
    lint: { rules: { 'upstream/unused': 'off', 'upstream/unknown': 'off' } },
  });
  const { lintFindings } = await import('./lint-support.js');
  const found = await lintFindings(config);
  assert.equal(
    found.map((f) => `${f.ruleId}:${f.severity}`),
    ['upstream/unknown:error'],
  );
  const lowered = await lintFindings({ ...config, lint: { rules: { 'upstream/unused': 'error' } } });
  assert.ok(lowered.some((f) => f.ruleId === 'upstream/unused' && f.severity === 'error'));
});

test('lint.rules: an unknown rule id is a config problem', async () => {
  const { lintConfig } = await import('../src/lint/run.js');
  const result = await lintConfig({
    value: withRoutes([], { lint: { rules: { 'route/shadow': 'off' } } }),
    dir: '.',
    env: {},
  });
  assert.is(result.ok, false);
  if (!result.ok) assert.match(result.issues[0]!.message, /did you mean "route\/shadowed"/);
});

test.run();
